/**
 * What a release gives each of its audiences, from the data as they stand: one tab per
 * tier that reads it, with that tier's suppression (values shown as their display, e.g.
 * '<5') and withholding (detail summed to totals) applied by the server, as publishing
 * will write them. Counts per tier on the tabs show at a glance where audiences differ.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Observation, ReleaseView, Tier } from '@observatory/core';
import { useFormat } from '../../i18n/format.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { SelectField } from '../../ui/SelectField.js';
import { useLoad } from '../../ui/useLoad.js';
import { flowLabels, releasesApi } from './api.js';
import { readerTiers, sortObservations, summarise } from './model.js';
import '../explorer/explorer.css';

const PAGE_SIZE = 50;

export function Preview({ release, flowName }: { release: ReleaseView; flowName: (id: string) => string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tiers = readerTiers(release.tiers);
  const [flow, setFlow] = useState(release.dataflows[0] ?? '');
  const [chosenTier, setTier] = useState<Tier>(tiers[0] ?? 'office');
  const tier = tiers.includes(chosenTier) ? chosenTier : (tiers[0] ?? 'office');
  const [page, setPage] = useState(0);
  const flowInRelease = release.dataflows.includes(flow) ? flow : (release.dataflows[0] ?? '');

  const previews = useLoad(
    async (signal) => {
      const lists = await Promise.all(tiers.map((x) => releasesApi.preview(release.id, flowInRelease, x, signal)));
      return { flow: flowInRelease, byTier: new Map(tiers.map((x, i) => [x, sortObservations(lists[i]!)])) };
    },
    [release.id, flowInRelease, release.tiers.join()],
  );
  const labels = useLoad(
    async (signal) => ({ flow: flowInRelease, dims: await flowLabels(flowInRelease, fmt.lang, signal) }),
    [flowInRelease, fmt.lang],
  );
  // What an earlier choice of dataset loaded is not shown under the new one.
  const byTier = previews.data?.flow === flowInRelease ? previews.data.byTier : null;
  const dims = labels.data?.flow === flowInRelease ? labels.data.dims : null;
  const ready = byTier !== null && dims !== null;
  const rows = (ready && byTier.get(tier)) || [];
  const summary = useMemo(
    () =>
      summarise(
        rows,
        (dims ?? []).map((d) => d.id),
      ),
    [rows, dims],
  );
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const shownPage = Math.min(page, pages - 1);
  const pageRows = rows.slice(shownPage * PAGE_SIZE, (shownPage + 1) * PAGE_SIZE);
  const dimName = (id: string) => dims?.find((d) => d.id === id)?.name ?? id;
  const value = (o: Observation) => (o.value === null ? (o.display ?? '–') : fmt.number(o.value));

  return (
    <section className="card release-preview" aria-labelledby="release-preview">
      <h2 id="release-preview">{t('releases.preview.title')}</h2>
      <p className="muted">{release.state === 'draft' ? t('releases.preview.introDraft') : t('releases.preview.introAfter')}</p>
      <div className="release-preview-controls">
        {release.dataflows.length > 1 && (
          <SelectField
            label={t('releases.preview.dataflow')}
            value={flowInRelease}
            onChange={(e) => {
              setFlow(e.target.value);
              setPage(0);
            }}
          >
            {release.dataflows.map((id) => (
              <option key={id} value={id}>
                {flowName(id)} ({id})
              </option>
            ))}
          </SelectField>
        )}
        <div role="tablist" aria-label={t('releases.preview.tiers')} className="tabs">
          {tiers.map((x) => {
            const count = byTier?.get(x)?.length;
            return (
              <button
                key={x}
                type="button"
                role="tab"
                id={`preview-tab-${x}`}
                aria-selected={tier === x}
                aria-controls="preview-panel"
                className={tier === x ? 'tab tab-active' : 'tab'}
                onClick={() => {
                  setTier(x);
                  setPage(0);
                }}
              >
                {count === undefined ? t(`releases.tier.${x}`) : t('releases.preview.tab', { tier: t(`releases.tier.${x}`), count })}
              </button>
            );
          })}
        </div>
      </div>
      <div role="tabpanel" id="preview-panel" aria-labelledby={`preview-tab-${tier}`}>
        {previews.error !== null && <ErrorMessage error={previews.error} />}
        {labels.error !== null && <ErrorMessage error={labels.error} />}
        {!ready ? (
          previews.error === null && labels.error === null && <Loading label={t('releases.preview.loading')} />
        ) : (
          <>
            <p className="preview-summary" aria-live="polite">
              <span>{t('releases.preview.asSeenBy', { tier })}</span>
              <strong>{t('releases.preview.observations', { count: summary.observations })}</strong>
              <span>{t('releases.preview.suppressed', { count: summary.suppressed })}</span>
            </p>
            {summary.totalsOnly.length > 0 && (
              <p className="alert alert-info">
                {t('releases.preview.totalsOnly', { dimensions: summary.totalsOnly.map(dimName).join(t('common.separator')) })}
              </p>
            )}
            {rows.length === 0 ? (
              <p className="alert alert-warning">{t('releases.preview.nothing', { tier: t(`releases.tier.${tier}`) })}</p>
            ) : (
              <>
                <div className="table-wrap">
                  <table className="data">
                    <caption className="visually-hidden">
                      {t('releases.preview.caption', { flow: flowName(flowInRelease), tier: t(`releases.tier.${tier}`) })}
                    </caption>
                    <thead>
                      <tr>
                        {dims.map((d) => (
                          <th key={d.id} scope="col">
                            {d.name}
                          </th>
                        ))}
                        <th scope="col">{t('releases.preview.period')}</th>
                        <th scope="col" className="num">
                          {t('releases.preview.value')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {pageRows.map((o) => (
                        <tr key={`${o.key.join('.')}@${o.period}`}>
                          {dims.map((d, i) => {
                            const code = o.key[i] ?? '';
                            return (
                              <td key={d.id} title={code} className={code === '_T' ? 'total-code' : undefined}>
                                {d.codes.get(code) ?? code}
                              </td>
                            );
                          })}
                          <td>{o.period}</td>
                          <td
                            className={o.value === null ? 'num suppressed' : 'num'}
                            title={o.value === null ? t('releases.preview.suppressedHelp') : undefined}
                          >
                            {value(o)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {pages > 1 && (
                  <nav className="pager" aria-label={t('releases.preview.pages')}>
                    <button type="button" disabled={shownPage === 0} onClick={() => setPage(shownPage - 1)}>
                      {t('releases.preview.previous')}
                    </button>
                    <span>{t('releases.preview.page', { page: shownPage + 1, pages })}</span>
                    <button type="button" disabled={shownPage >= pages - 1} onClick={() => setPage(shownPage + 1)}>
                      {t('releases.preview.next')}
                    </button>
                  </nav>
                )}
              </>
            )}
          </>
        )}
      </div>
    </section>
  );
}
