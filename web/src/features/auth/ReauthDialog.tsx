/**
 * The session ended while a page was open: sign in again (same account) without leaving
 * the page, so unsaved questionnaire values are kept and saved afterwards.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionResponse } from '@observatory/core';
import { useSession } from '../../app/session.js';
import { Dialog } from '../../ui/Dialog.js';
import { SignInSteps } from './SignInForms.js';

export function ReauthDialog() {
  const { t } = useTranslation();
  const { session, expired, setSession, signOut } = useSession();
  const [pending, setPending] = useState<SessionResponse | null>(null);
  if (!expired || !session) return null;

  const onSession = (s: SessionResponse) => {
    if (s.state === 'signed_in') {
      setPending(null);
      setSession(s);
    } else setPending(s);
  };

  return (
    <Dialog open title={t('auth.expiredTitle')} onClose={() => void signOut()}>
      <p>{t('auth.expiredIntro')}</p>
      <SignInSteps session={pending} onSession={onSession} fixedEmail={session.user.email} />
    </Dialog>
  );
}
