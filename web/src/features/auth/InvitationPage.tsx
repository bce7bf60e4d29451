/** An invited data provider opens /invite/<token> and chooses a password; then signs in. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PASSWORD_MIN_LENGTH } from '@observatory/core';
import { authApi } from '../../api/endpoints.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';

export default function InvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = `${t('invite.title')} · ${t('app.name')}`;
  }, [t]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password'));
    setError(null);
    setMismatch(password !== String(form.get('confirm')));
    if (password !== String(form.get('confirm'))) return;
    setBusy(true);
    try {
      await authApi.acceptInvitation(token, password);
      setDone(true);
      // The token is spent: keep it out of the address bar and history.
      window.history.replaceState(null, '', '/invite/accepted');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="signin">
      <section className="card signin-card" aria-labelledby="invite-title">
        <h1 id="invite-title">{t('invite.title')}</h1>
        {done ? (
          <div role="status">
            <p>{t('invite.done')}</p>
            <Link className="button button-primary" to="/">
              {t('invite.signIn')}
            </Link>
          </div>
        ) : (
          <form className="form" onSubmit={(e) => void submit(e)}>
            <p>{t('invite.intro', { min: PASSWORD_MIN_LENGTH })}</p>
            <label>
              {t('invite.password')}
              <input
                name="password"
                type="password"
                autoComplete="new-password"
                minLength={PASSWORD_MIN_LENGTH}
                required
                autoFocus
                aria-describedby="password-hint"
              />
              <span id="password-hint" className="hint">
                {t('invite.passwordHint', { min: PASSWORD_MIN_LENGTH })}
              </span>
            </label>
            <label>
              {t('invite.confirm')}
              <input name="confirm" type="password" autoComplete="new-password" minLength={PASSWORD_MIN_LENGTH} required />
            </label>
            {mismatch && (
              <p role="alert" className="alert alert-error">
                {t('invite.mismatch')}
              </p>
            )}
            {error !== null && <ErrorMessage error={error} />}
            <button type="submit" className="button-primary" disabled={busy}>
              {t('invite.submit')}
            </button>
          </form>
        )}
      </section>
    </div>
  );
}
