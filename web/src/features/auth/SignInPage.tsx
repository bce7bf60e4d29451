/** Sign-in for any URL while signed out: after it, the page asked for appears (deep links survive). */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.js';
import { SignInSteps } from './SignInForms.js';

export function SignInPage() {
  const { t } = useTranslation();
  const { session, setSession } = useSession();

  useEffect(() => {
    document.title = `${t('auth.title')} · ${t('app.name')}`;
  }, [t]);

  return (
    <div className="signin">
      <section className="card signin-card" aria-labelledby="signin-title">
        <h1 id="signin-title">{t('auth.title')}</h1>
        <p className="muted">{t('app.tagline')}</p>
        <SignInSteps session={session} onSession={setSession} />
      </section>
    </div>
  );
}
