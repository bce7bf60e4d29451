/** Invite a data provider: the invitation link is shown once, to copy and send to them. */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { teamApi } from '../../api/endpoints.js';
import type { Invitation } from '../../api/types.js';
import { collectionsIn } from '../../app/roles.js';
import { useMe } from '../../app/session.js';
import { useFormat } from '../../i18n/format.js';
import { announce } from '../../ui/announce.js';
import { CopyField } from '../../ui/CopyField.js';
import { shortName } from '../../ui/definitions.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';

export function InviteForm({ country, onInvited }: { country: string; onInvited: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const headingId = useId();
  const collections = collectionsIn(me, country, 'focal_point');
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const chosen = data.getAll('collections').map(String);
    setError(null);
    if (chosen.length === 0) return setError(new Error(t('team.invite.pickCollection')));
    setBusy(true);
    try {
      const inv = await teamApi.invite(country, {
        email: String(data.get('email')).trim(),
        displayName: String(data.get('displayName')).trim(),
        collections: chosen,
      });
      setInvitation(inv);
      form.reset();
      announce(t('team.invite.done', { email: inv.email }));
      onInvited();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('team.invite.title')}</h2>
      <p className="muted">{t('team.invite.intro')}</p>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="form-row">
          <label>
            {t('team.invite.name')}
            <input name="displayName" required maxLength={200} autoComplete="off" />
          </label>
          <label>
            {t('auth.email')}
            <input name="email" type="email" required maxLength={254} autoComplete="off" dir="ltr" />
          </label>
        </div>
        <fieldset>
          <legend>{t('team.invite.collections')}</legend>
          <div className="fieldset-options">
            {collections.map((c) => (
              <label key={c} className="checkbox">
                <input type="checkbox" name="collections" value={c} />
                {shortName(c)}
              </label>
            ))}
          </div>
        </fieldset>
        {error !== null && <ErrorMessage error={error} />}
        <button type="submit" className="button-primary" disabled={busy}>
          {t('team.invite.submit')}
        </button>
      </form>
      {invitation && (
        <div className="alert alert-success invitation" role="status">
          <p className="alert-summary">{t('team.invite.created', { email: invitation.email })}</p>
          <CopyField label={t('team.invite.link')} value={`${window.location.origin}/invite/${invitation.token}`} />
          <p className="alert-detail">{t('team.invite.expires', { date: fmt.dateTime(invitation.expiresAt) })}</p>
        </div>
      )}
    </section>
  );
}
