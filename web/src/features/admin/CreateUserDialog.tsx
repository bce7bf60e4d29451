/** Create an account with its role grants and a first password (generated or typed) to pass on. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH, type RoleGrantBody, type UserView } from '@observatory/core';
import { usersApi } from '../../api/endpoints.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { GrantsEditor, grantProblem } from './GrantsEditor.js';

/** 20 characters from an alphabet without look-alikes (0/O, 1/l/I). */
function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export function CreateUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (u: UserView) => void }) {
  const { t } = useTranslation();
  const [grants, setGrants] = useState<RoleGrantBody[]>([{ role: 'provider', country: null, collections: [] }]);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const invalid = grants.length === 0 || grants.some((g) => grantProblem(g) !== null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setError(null);
    setBusy(true);
    try {
      onCreated(
        await usersApi.create({
          email: String(data.get('email')).trim(),
          displayName: String(data.get('displayName')).trim(),
          password,
          roles: grants,
        }),
      );
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog open wide title={t('users.create')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="form-row">
          <label>
            {t('users.name')}
            <input name="displayName" required maxLength={200} autoComplete="off" />
          </label>
          <label>
            {t('auth.email')}
            <input name="email" type="email" required maxLength={254} autoComplete="off" dir="ltr" />
          </label>
        </div>
        <div className="form-row">
          <label>
            {t('users.password')}
            <input
              name="password"
              type="text"
              dir="ltr"
              required
              minLength={PASSWORD_MIN_LENGTH}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
              aria-describedby="new-password-hint"
            />
            <span id="new-password-hint" className="hint">
              {t('users.passwordHint', { min: PASSWORD_MIN_LENGTH })}
            </span>
          </label>
          <button type="button" onClick={() => setPassword(generatePassword())}>
            {t('users.generate')}
          </button>
        </div>
        <GrantsEditor grants={grants} onChange={setGrants} idPrefix="new-user" />
        {error !== null && <ErrorMessage error={error} />}
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={invalid || busy}>
            {t('users.createSubmit')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
