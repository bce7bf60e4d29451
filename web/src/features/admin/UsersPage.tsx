/**
 * User accounts for administrators: list and search, create with role grants, change
 * roles, disable or enable, lift a lockout, reset the second factor.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requiresSecondFactor, type RoleGrantBody, type UserView } from '@observatory/core';
import { usersApi } from '../../api/endpoints.js';
import { useMe } from '../../app/session.js';
import { useFormat } from '../../i18n/format.js';
import { announce } from '../../ui/announce.js';
import { shortName } from '../../ui/definitions.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { Page } from '../../ui/Page.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';
import { CreateUserDialog } from './CreateUserDialog.js';
import { GrantsEditor, grantProblem } from './GrantsEditor.js';
import './admin.css';

type Action = 'disable' | 'enable' | 'unlock' | 'reset-second-factor';

export default function UsersPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const unitName = useUnitName();
  const users = useLoad(() => usersApi.list(), []);
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserView | null>(null);
  const [confirm, setConfirm] = useState<{ user: UserView; action: Action } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const now = Date.now();

  const grantText = (g: RoleGrantBody) =>
    [t(`roles.${g.role}`), g.country ? unitName(g.country) : null, g.collections.length ? g.collections.map(shortName).join(', ') : null]
      .filter(Boolean)
      .join(' · ');
  const q = search.trim().toLocaleLowerCase();
  const rows = (users.data ?? []).filter(
    (u) => !q || `${u.displayName} ${u.email} ${u.roles.map(grantText).join(' ')}`.toLocaleLowerCase().includes(q),
  );
  const replace = (u: UserView) => users.setData((list) => list?.map((x) => (x.id === u.id ? u : x)));

  async function run(user: UserView, action: Action) {
    setError(null);
    try {
      replace(await usersApi.action(user.id, action));
      announce(t(`users.done.${action}`, { name: user.displayName }));
      setConfirm(null);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Page
      title={t('users.title')}
      actions={
        <button type="button" className="button-primary" onClick={() => setCreating(true)}>
          {t('users.create')}
        </button>
      }
    >
      <div className="toolbar">
        <label>
          {t('users.search')}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>
      {error !== null && !confirm && <ErrorMessage error={error} />}
      {users.error !== null && <ErrorMessage error={users.error} />}
      {users.loading && !users.data && <Loading />}
      {users.data && (
        <>
          <p role="status" className="muted">
            {t('users.count', { count: rows.length })}
          </p>
          <div className="table-wrap">
            <table className="data">
              <caption className="visually-hidden">{t('users.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.name')}</th>
                  <th scope="col">{t('users.roles')}</th>
                  <th scope="col">{t('users.secondFactor')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col">{t('users.createdAt')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((u) => {
                  const locked = u.lockedUntil && new Date(u.lockedUntil).getTime() > now;
                  return (
                    <tr key={u.id}>
                      <th scope="row">
                        {u.displayName}
                        <div className="hint" dir="ltr">
                          {u.email}
                        </div>
                      </th>
                      <td>
                        <ul className="list-plain">
                          {u.roles.map((g, i) => (
                            <li key={i}>{grantText(g)}</li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        {u.secondFactorEnrolled
                          ? t('users.enrolled')
                          : requiresSecondFactor(u.roles)
                            ? t('users.notEnrolled')
                            : t('users.notRequired')}
                      </td>
                      <td>
                        {u.disabled ? (
                          <span className="badge badge-state-returned">{t('users.disabled')}</span>
                        ) : locked ? (
                          <span className="badge badge-state-queried">
                            {t('users.lockedUntil', { time: fmt.dateTime(u.lockedUntil!) })}
                          </span>
                        ) : (
                          t('users.active')
                        )}
                      </td>
                      <td className="nowrap">{fmt.date(u.createdAt)}</td>
                      <td>
                        <div className="row-actions">
                          <button type="button" onClick={() => setEditing(u)}>
                            {t('users.editRoles')}
                          </button>
                          {u.disabled ? (
                            <button type="button" onClick={() => void run(u, 'enable')}>
                              {t('users.actions.enable')}
                            </button>
                          ) : (
                            u.id !== me.id && (
                              <button type="button" onClick={() => setConfirm({ user: u, action: 'disable' })}>
                                {t('users.actions.disable')}
                              </button>
                            )
                          )}
                          {locked && (
                            <button type="button" onClick={() => void run(u, 'unlock')}>
                              {t('users.actions.unlock')}
                            </button>
                          )}
                          {u.secondFactorEnrolled && (
                            <button type="button" onClick={() => setConfirm({ user: u, action: 'reset-second-factor' })}>
                              {t('users.actions.reset-second-factor')}
                            </button>
                          )}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {creating && (
        <CreateUserDialog
          onClose={() => setCreating(false)}
          onCreated={(u) => {
            users.setData((list) => [...(list ?? []), u]);
            setCreating(false);
            announce(t('users.created', { name: u.displayName }));
          }}
        />
      )}
      {editing && (
        <RolesDialog
          user={editing}
          onClose={() => setEditing(null)}
          onSaved={(u) => {
            replace(u);
            setEditing(null);
          }}
        />
      )}
      <Dialog open={confirm !== null} title={confirm ? t(`users.confirm.${confirm.action}Title`) : ''} onClose={() => setConfirm(null)}>
        {confirm && (
          <>
            <p>{t(`users.confirm.${confirm.action}`, { name: confirm.user.displayName })}</p>
            {error !== null && <ErrorMessage error={error} />}
            <div className="button-row">
              <button type="button" className="button-danger" onClick={() => void run(confirm.user, confirm.action)}>
                {t(`users.actions.${confirm.action}`)}
              </button>
              <button type="button" onClick={() => setConfirm(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </>
        )}
      </Dialog>
    </Page>
  );
}

function RolesDialog({ user, onClose, onSaved }: { user: UserView; onClose: () => void; onSaved: (u: UserView) => void }) {
  const { t } = useTranslation();
  const [grants, setGrants] = useState<RoleGrantBody[]>(user.roles);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const invalid = grants.some((g) => grantProblem(g) !== null);

  async function save() {
    setError(null);
    setBusy(true);
    try {
      onSaved(await usersApi.setRoles(user.id, grants));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open wide title={t('users.rolesTitle', { name: user.displayName })} onClose={onClose}>
      <GrantsEditor grants={grants} onChange={setGrants} idPrefix={`roles-${user.id}`} />
      {error !== null && <ErrorMessage error={error} />}
      <div className="button-row">
        <button type="button" className="button-primary" disabled={invalid || busy} onClick={() => void save()}>
          {t('common.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
