/** The country's focal points and data providers, with their collections; pending invitations marked. */
import { useTranslation } from 'react-i18next';
import type { CountryUser } from '../../api/types.js';
import { shortName } from '../../ui/definitions.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import type { Loaded } from '../../ui/useLoad.js';

export function TeamList({ team }: { team: Loaded<CountryUser[]> }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="team-list">
      <h2 id="team-list">{t('team.members.title')}</h2>
      {team.error !== null && <ErrorMessage error={team.error} />}
      {team.loading && !team.data && <Loading />}
      {team.data && (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('team.members.name')}</th>
                <th scope="col">{t('auth.email')}</th>
                <th scope="col">{t('team.members.roles')}</th>
                <th scope="col">{t('team.members.collections')}</th>
                <th scope="col">{t('team.members.status')}</th>
              </tr>
            </thead>
            <tbody>
              {team.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.displayName}</th>
                  <td dir="ltr">{u.email}</td>
                  <td>{u.roles.map((r) => t(`roles.${r}`)).join(', ')}</td>
                  <td>{u.collections.map(shortName).join(', ')}</td>
                  <td>
                    {u.invited ? <span className="badge badge-state-queried">{t('team.members.invited')}</span> : t('team.members.active')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
