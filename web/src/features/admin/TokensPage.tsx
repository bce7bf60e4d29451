/**
 * The user's own API tokens for machine clients: create one with scopes and an expiry
 * (the secret is shown once, only a hash is kept), see when each was last used, revoke.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TOKEN_SCOPES, type CreatedToken, type TokenScope, type TokenView } from '@observatory/core';
import { tokensApi } from '../../api/endpoints.js';
import { useFormat } from '../../i18n/format.js';
import { announce } from '../../ui/announce.js';
import { CopyField } from '../../ui/CopyField.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { SelectField } from '../../ui/SelectField.js';
import { Page } from '../../ui/Page.js';
import { useLoad } from '../../ui/useLoad.js';
import './admin.css';

const EXPIRY_DAYS = [7, 30, 90, 180, 366];

export default function TokensPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tokens = useLoad(() => tokensApi.list(), []);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<TokenView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const now = Date.now();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const scopes = data.getAll('scopes').map(String) as TokenScope[];
    setError(null);
    if (scopes.length === 0) return setError(new Error(t('tokens.pickScope')));
    setBusy(true);
    try {
      const made = await tokensApi.create({ name: String(data.get('name')).trim(), scopes, expiresInDays: Number(data.get('days')) });
      setCreated(made);
      tokens.setData((list) => [made.token, ...(list ?? [])]);
      form.reset();
      announce(t('tokens.createdAnnounce'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: TokenView) {
    setError(null);
    try {
      const revoked = await tokensApi.revoke(token.id);
      tokens.setData((list) => list?.map((x) => (x.id === revoked.id ? revoked : x)));
      setRevoking(null);
      announce(t('tokens.revokedAnnounce', { name: token.name }));
    } catch (err) {
      setError(err);
    }
  }

  const state = (tk: TokenView) =>
    tk.revokedAt ? t('tokens.revoked') : new Date(tk.expiresAt).getTime() < now ? t('tokens.expired') : t('tokens.active');

  return (
    <Page title={t('tokens.title')}>
      <p className="muted">{t('tokens.intro')}</p>
      <section className="card" aria-labelledby="token-create">
        <h2 id="token-create">{t('tokens.create')}</h2>
        <form className="form" onSubmit={(e) => void create(e)}>
          <div className="form-row">
            <label>
              {t('tokens.name')}
              <input name="name" required maxLength={100} autoComplete="off" />
            </label>
            <SelectField label={t('tokens.expiresIn')} name="days" defaultValue="90">
              {EXPIRY_DAYS.map((d) => (
                <option key={d} value={d}>
                  {t('tokens.days', { count: d })}
                </option>
              ))}
            </SelectField>
          </div>
          <fieldset>
            <legend>{t('tokens.scopes')}</legend>
            <div className="fieldset-options">
              {TOKEN_SCOPES.map((s) => (
                <label key={s} className="checkbox">
                  <input type="checkbox" name="scopes" value={s} defaultChecked={s === 'read'} />
                  {t(`tokens.scope.${s}`)}
                </label>
              ))}
            </div>
          </fieldset>
          {error !== null && !revoking && <ErrorMessage error={error} />}
          <button type="submit" className="button-primary" disabled={busy}>
            {t('tokens.createSubmit')}
          </button>
        </form>
        {created && (
          <div className="alert alert-success secret" role="status">
            <p className="alert-summary">{t('tokens.secretOnce')}</p>
            <CopyField label={t('tokens.secret', { name: created.token.name })} value={created.secret} />
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="token-list">
        <h2 id="token-list">{t('tokens.list')}</h2>
        {tokens.error !== null && <ErrorMessage error={tokens.error} />}
        {tokens.loading && !tokens.data && <Loading />}
        {tokens.data && tokens.data.length === 0 && <p className="muted">{t('tokens.none')}</p>}
        {tokens.data && tokens.data.length > 0 && (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('tokens.name')}</th>
                  <th scope="col">{t('tokens.scopes')}</th>
                  <th scope="col">{t('tokens.createdAt')}</th>
                  <th scope="col">{t('tokens.expiresAt')}</th>
                  <th scope="col">{t('tokens.lastUsed')}</th>
                  <th scope="col">{t('tokens.state')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((tk) => (
                  <tr key={tk.id}>
                    <th scope="row">{tk.name}</th>
                    <td>{tk.scopes.map((s) => t(`tokens.scope.${s}`)).join(', ')}</td>
                    <td>{fmt.dateTime(tk.createdAt)}</td>
                    <td>{fmt.dateTime(tk.expiresAt)}</td>
                    <td>{tk.lastUsedAt ? fmt.dateTime(tk.lastUsedAt) : t('tokens.never')}</td>
                    <td>{state(tk)}</td>
                    <td>
                      {!tk.revokedAt && (
                        <button type="button" onClick={() => setRevoking(tk)}>
                          {t('tokens.revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <Dialog open={revoking !== null} title={t('tokens.revokeTitle')} onClose={() => setRevoking(null)}>
        {revoking && (
          <>
            <p>{t('tokens.revokeConfirm', { name: revoking.name })}</p>
            {error !== null && <ErrorMessage error={error} />}
            <div className="button-row">
              <button type="button" className="button-danger" onClick={() => void revoke(revoking)}>
                {t('tokens.revoke')}
              </button>
              <button type="button" onClick={() => setRevoking(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </>
        )}
      </Dialog>
    </Page>
  );
}
