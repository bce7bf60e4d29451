/**
 * The session: who is signed in and at which sign-in step. A 401 on any signed-in request
 * marks the session expired; the shell then asks to sign in again over the current page,
 * so a half-filled questionnaire stays on screen and its autosave resumes afterwards.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SessionResponse } from '@observatory/core';
import { onUnauthenticated } from '../api/client.js';
import { authApi } from '../api/endpoints.js';

interface SessionValue {
  /** The session in any state (signed in, or waiting for a second factor or enrolment); null when signed out. */
  session: SessionResponse | null;
  /** True when a signed-in session ended under the user's feet. */
  expired: boolean;
  setSession(session: SessionResponse | null): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ initial, children }: { initial: SessionResponse | null; children: ReactNode }) {
  const [session, setSessionState] = useState<SessionResponse | null>(initial);
  const [expired, setExpired] = useState(false);

  useEffect(() => onUnauthenticated(() => setExpired(true)), []);

  const setSession = useCallback((s: SessionResponse | null) => {
    setSessionState(s);
    if (s?.state === 'signed_in') setExpired(false);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setExpired(false);
      setSessionState(null);
    }
  }, []);

  const value = useMemo(() => ({ session, expired, setSession, signOut }), [session, expired, setSession, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in user; only for pages rendered inside the signed-in shell. */
export function useMe() {
  const { session } = useSession();
  if (!session) throw new Error('useMe without a session');
  return session.user;
}
