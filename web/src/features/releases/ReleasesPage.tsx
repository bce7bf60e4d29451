/**
 * The Office's releases, newest first: state, embargo (in the reader's time zone and UTC),
 * tiers, dataflows and rows written. A publisher drafts a new release here and goes on to
 * its page to preview and publish it; the rest of the Office reads.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { hasOfficeRole } from '../../app/roles.js';
import { useMe } from '../../app/session.js';
import { useFormat } from '../../i18n/format.js';
import { announce } from '../../ui/announce.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { Page } from '../../ui/Page.js';
import { useLoad } from '../../ui/useLoad.js';
import { releasesApi } from './api.js';
import { EmbargoTime, ReleaseStateBadge, useTierNames } from './parts.js';
import { ReleaseForm } from './ReleaseForm.js';
import './releases.css';

export default function ReleasesPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const navigate = useNavigate();
  const tierNames = useTierNames();
  const canWrite = hasOfficeRole(me, 'publisher');
  const [creating, setCreating] = useState(false);
  const releases = useLoad((signal) => releasesApi.list(signal), []);
  const flows = useLoad((signal) => releasesApi.dataflows(fmt.lang, signal), [fmt.lang]);
  const flowName = (id: string) => flows.data?.find((f) => f.id === id)?.name ?? id;

  return (
    <Page
      title={t('releases.title')}
      subtitle={t('releases.intro')}
      actions={
        canWrite && !creating ? (
          <button type="button" className="button-primary" onClick={() => setCreating(true)}>
            {t('releases.new')}
          </button>
        ) : undefined
      }
    >
      {!canWrite && <p className="alert alert-info">{t('releases.readOnly')}</p>}
      {creating && (
        <section className="card" aria-labelledby="release-create">
          <h2 id="release-create">{t('releases.create')}</h2>
          {flows.error !== null && <ErrorMessage error={flows.error} />}
          {flows.data ? (
            <ReleaseForm
              dataflows={flows.data}
              submitLabel={t('releases.createSubmit')}
              onCancel={() => setCreating(false)}
              onSubmit={async (body) => {
                const made = await releasesApi.create(body);
                announce(t('releases.created', { number: made.number }));
                void navigate(`/releases/${made.id}`);
              }}
            />
          ) : (
            flows.loading && <Loading />
          )}
        </section>
      )}
      <section aria-labelledby="release-list">
        <h2 id="release-list" className="visually-hidden">
          {t('releases.list')}
        </h2>
        {releases.error !== null && <ErrorMessage error={releases.error} />}
        {releases.loading && !releases.data && <Loading />}
        {releases.data && releases.data.length === 0 && <p className="muted">{t('releases.none')}</p>}
        {releases.data && releases.data.length > 0 && (
          <div className="table-wrap">
            <table className="data release-list">
              <caption className="visually-hidden">{t('releases.list')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('releases.number')}
                  </th>
                  <th scope="col">{t('releases.titleColumn')}</th>
                  <th scope="col">{t('releases.stateColumn')}</th>
                  <th scope="col">{t('releases.embargo')}</th>
                  <th scope="col">{t('releases.tiers')}</th>
                  <th scope="col">{t('releases.dataflows')}</th>
                  <th scope="col" className="num">
                    {t('releases.observations')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {releases.data.map((r) => (
                  <tr key={r.id}>
                    <td className="num">{r.number}</td>
                    <th scope="row">
                      <Link to={`/releases/${r.id}`}>{fmt.name(r.title)}</Link>
                    </th>
                    <td>
                      <ReleaseStateBadge state={r.state} />
                    </td>
                    <td>
                      <EmbargoTime iso={r.embargoAt} />
                    </td>
                    <td>{tierNames(r.tiers)}</td>
                    <td>
                      {r.dataflows.map((id, i) => (
                        <span key={id}>
                          {i > 0 && t('common.separator')}
                          <abbr title={flowName(id)}>{id}</abbr>
                        </span>
                      ))}
                    </td>
                    <td className="num">
                      {r.state === 'draft' || r.state === 'withdrawn' ? (
                        <span className="muted" title={t('releases.notWritten')}>
                          –
                        </span>
                      ) : (
                        fmt.number(r.observations)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="hint">{t('releases.observationsHint')}</p>
      </section>
    </Page>
  );
}
