/**
 * The steps of signing in: password, then (for office roles) a TOTP code, or enrolment of
 * an authenticator when the account has none yet. Each step's answer is a new session
 * state, which picks the next step.
 */
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionResponse, TotpEnrolment } from '@observatory/core';
import { isApiError } from '../../api/client.js';
import { authApi } from '../../api/endpoints.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { useFormat } from '../../i18n/format.js';

const QrCode = lazy(() => import('./QrCode.js'));

export function SignInSteps({
  session,
  onSession,
  fixedEmail,
}: {
  session: SessionResponse | null;
  onSession: (s: SessionResponse) => void;
  fixedEmail?: string;
}) {
  if (session?.state === 'second_factor_required') return <CodeStep onSession={onSession} />;
  if (session?.state === 'enrolment_required') return <EnrolStep onSession={onSession} />;
  return <PasswordStep onSession={onSession} {...(fixedEmail ? { fixedEmail } : {})} />;
}

/** "Locked until 2026-…" from the server's message, shown in the user's own time format. */
function lockedUntil(err: unknown): string | null {
  if (!isApiError(err, 'account_locked')) return null;
  return /\d{4}-\d{2}-\d{2}T[\d:.]+Z/.exec(err.body.message)?.[0] ?? null;
}

function StepError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const until = lockedUntil(error);
  if (until)
    return (
      <p role="alert" className="alert alert-error">
        {t('auth.lockedUntil', { time: fmt.dateTime(until) })}
      </p>
    );
  return <ErrorMessage error={error} />;
}

function PasswordStep({ onSession, fixedEmail }: { onSession: (s: SessionResponse) => void; fixedEmail?: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    setBusy(true);
    try {
      onSession(await authApi.login({ email: fixedEmail ?? String(form.get('email')), password: String(form.get('password')) }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-describedby={error ? 'signin-error' : undefined}>
      <label>
        {t('auth.email')}
        {fixedEmail ? (
          <input name="email" type="email" value={fixedEmail} readOnly autoComplete="username" dir="ltr" />
        ) : (
          <input name="email" type="email" autoComplete="username" required autoFocus dir="ltr" />
        )}
      </label>
      <label>
        {t('auth.password')}
        <input name="password" type="password" autoComplete="current-password" required autoFocus={Boolean(fixedEmail)} />
      </label>
      <div id="signin-error">{error !== null && <StepError error={error} />}</div>
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? t('auth.signingIn') : t('auth.signIn')}
      </button>
    </form>
  );
}

function CodeInput() {
  const { t } = useTranslation();
  return (
    <label>
      {t('auth.code')}
      <input
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required
        autoFocus
        dir="ltr"
        aria-describedby="code-hint"
      />
      <span id="code-hint" className="hint">
        {t('auth.codeHint')}
      </span>
    </label>
  );
}

function CodeStep({ onSession }: { onSession: (s: SessionResponse) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setError(null);
    setBusy(true);
    try {
      onSession(await authApi.totp(String(new FormData(form).get('code')).trim()));
    } catch (err) {
      setError(err);
      setBusy(false);
      (form.elements.namedItem('code') as HTMLInputElement | null)?.select();
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <h2>{t('auth.codeTitle')}</h2>
      <p>{t('auth.codeIntro')}</p>
      <CodeInput />
      {error !== null && <StepError error={error} />}
      <button type="submit" className="button-primary" disabled={busy}>
        {t('auth.verify')}
      </button>
    </form>
  );
}

function EnrolStep({ onSession }: { onSession: (s: SessionResponse) => void }) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // Each call makes a new secret: only the latest answer may be shown (a stale one would not verify).
    let live = true;
    authApi.startEnrolment().then(
      (e) => live && setEnrolment(e),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      onSession(await authApi.confirmEnrolment(String(new FormData(event.currentTarget).get('code')).trim()));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const grouped = enrolment?.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <h2>{t('auth.enrolTitle')}</h2>
      <p>{t('auth.enrolIntro')}</p>
      {enrolment && (
        <>
          <Suspense fallback={null}>
            <QrCode value={enrolment.uri} label={t('auth.qrLabel')} />
          </Suspense>
          <p className="hint">{t('auth.enrolManual')}</p>
          <dl className="enrol-secret">
            <dt>{t('auth.secret')}</dt>
            <dd dir="ltr">
              <code>{grouped}</code>
            </dd>
            <dt>{t('auth.uri')}</dt>
            <dd dir="ltr">
              <code className="break">{enrolment.uri}</code>
            </dd>
          </dl>
          <CodeInput />
          <button type="submit" className="button-primary" disabled={busy}>
            {t('auth.enrolConfirm')}
          </button>
        </>
      )}
      {error !== null && <StepError error={error} />}
    </form>
  );
}
