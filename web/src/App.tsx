/**
 * The application shell: sign-in (with the TOTP step) and the signed-in frame. The pages
 * of each user's work are added by the web application issue.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { SessionResponse } from '@observatory/core';
import { api, ApiError } from './api.js';

export function App() {
  const [session, setSession] = useState<SessionResponse | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    api
      .session()
      .then(setSession)
      .catch(() => setSession(null))
      .finally(() => setLoading(false));
  }, []);

  if (loading) return <main className="shell" aria-busy="true" />;
  return (
    <main className="shell">
      <header>
        <h1>Observatory</h1>
        <p className="tagline">Drug and crime statistics, from collection to dissemination</p>
      </header>
      {session?.state === 'signed_in' ? (
        <SignedIn session={session} onSignOut={() => setSession(null)} />
      ) : (
        <SignIn pending={session} onSession={setSession} />
      )}
    </main>
  );
}

function SignIn({ pending, onSession }: { pending: SessionResponse | null; onSession: (s: SessionResponse) => void }) {
  const [error, setError] = useState<string | null>(null);
  const needCode = pending?.state === 'second_factor_required';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    try {
      onSession(
        needCode
          ? await api.totp(String(form.get('code')))
          : await api.login({ email: String(form.get('email')), password: String(form.get('password')) }),
      );
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The server could not be reached.');
    }
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
      <h2 id="signin-title">{needCode ? 'Enter your authenticator code' : 'Sign in'}</h2>
      {needCode ? (
        <label>
          Six-digit code
          <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required autoFocus />
        </label>
      ) : (
        <>
          <label>
            E-mail
            <input name="email" type="email" autoComplete="username" required autoFocus />
          </label>
          <label>
            Password
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit">{needCode ? 'Verify' : 'Sign in'}</button>
    </form>
  );
}

function SignedIn({ session, onSignOut }: { session: SessionResponse; onSignOut: () => void }) {
  const roles = session.user.roles.map((r) => (r.country ? `${r.role} (${r.country})` : r.role)).join(', ');
  return (
    <section className="card" aria-labelledby="welcome">
      <h2 id="welcome">Welcome, {session.user.displayName}</h2>
      <p>
        Signed in as {session.user.email}; roles: {roles}.
      </p>
      <button type="button" onClick={() => void api.logout().then(onSignOut)}>
        Sign out
      </button>
    </section>
  );
}
