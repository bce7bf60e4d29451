/**
 * The public data explorer: no sign-in. Browse the dataflows the reader's tier can read,
 * filter by any dimension and years, see a table (paged) or a chart, download the selection
 * as CSV, XLSX, the office's long layout or SDMX-CSV, and copy a link that reproduces the
 * view. Signed-in readers see what their tier adds (authorities, office).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { PublishedData, PublishedDataflows } from '@observatory/core';
import { request, url } from '../../api/client.js';
import { useFormat } from '../../i18n/format.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { Page } from '../../ui/Page.js';
import { SelectField } from '../../ui/SelectField.js';
import { useLoad } from '../../ui/useLoad.js';
import { applyView, codesOf, oneUnit, periodsOf, readView, sdmxFilters, seriesOf, writeView, type ExplorerView } from './model.js';
import { TrendChart } from './TrendChart.js';
import './explorer.css';

const PAGE_SIZE = 50;
const MAX_SERIES = 12;

export default function ExplorerPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const view = readView(params);
  const update = (change: Partial<ExplorerView>) =>
    setParams(writeView({ ...view, page: 0, ...change }), { replace: change.flow === undefined });

  const flows = useLoad(
    (signal) => request<PublishedDataflows>('GET', '/published/dataflows', { query: { lang: fmt.lang }, signal }),
    [fmt.lang],
  );
  const flowId = view.flow ?? flows.data?.dataflows[0]?.id ?? null;
  const flow = flows.data?.dataflows.find((f) => f.id === flowId) ?? null;
  const data = useLoad(
    (signal) =>
      flowId ? request<PublishedData>('GET', `/published/data/${flowId}`, { query: { lang: fmt.lang }, signal }) : Promise.resolve(null),
    [flowId, fmt.lang],
  );

  // Until the chosen dataset's answer arrives, the previous one's rows are not shown under its name.
  const current = data.data && data.data.dataflow === flowId ? data.data : null;
  const loading = data.loading || (flowId !== null && current === null && data.error === null);
  const all = current?.observations ?? [];
  const dimensions = current?.dimensions ?? [];
  const codes = useMemo(() => codesOf(all, dimensions), [all, dimensions]);
  const periods = useMemo(() => periodsOf(all), [all]);
  const rows = useMemo(() => applyView(all, view), [all, params.toString()]);

  const charted = useMemo(() => oneUnit(rows), [rows]);
  const chart = useMemo(() => seriesOf(charted.rows, dimensions, MAX_SERIES), [charted, dimensions]);
  const shownPeriods = useMemo(() => periodsOf(charted.rows), [charted]);
  const sources = useMemo(() => [...new Set(rows.map((o) => o.attributes['SOURCE']).filter((s): s is string => !!s))], [rows]);
  const dimName = (id: string) => flow?.dimensions.find((d) => d.id === id)?.name ?? id;
  const [copied, setCopied] = useState(false);

  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(view.page, pages - 1);
  const pageRows = rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  // A dimension with one code in the whole selection is said once above the table, not in every row.
  const fixed = dimensions.filter((d) => rows.length > 0 && rows.every((o) => o.key[d] === rows[0]!.key[d]));
  const columns = dimensions.filter((d) => !fixed.includes(d));
  const filters = sdmxFilters(view);
  const download = (format: string) => (flowId ? url(`/published/data/${flowId}/download`, { format, lang: fmt.lang, ...filters }) : '#');
  const sdmx = flowId
    ? `/sdmx/3.0/data/dataflow/OBS/${flowId}/1.0?${new URLSearchParams({ format: 'csvfilewithlabels', ...filters })}`
    : '#';
  const value = (o: (typeof rows)[number]) => (o.value === null ? (o.display ?? '…') : fmt.number(o.value));

  const copyLink = async () => {
    await navigator.clipboard?.writeText(window.location.href).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 2500);
  };

  return (
    <Page title={t('explorer.title')} subtitle={flows.data ? t(`explorer.tier.${flows.data.tier}`) : undefined} wide>
      {flows.error !== null && <ErrorMessage error={flows.error} />}
      {flows.loading && !flows.data ? (
        <Loading />
      ) : flows.data && flows.data.dataflows.length === 0 ? (
        <p>{t('explorer.nothingPublished')}</p>
      ) : (
        <div className="explorer">
          <form className="explorer-filters" aria-label={t('explorer.filters')} onSubmit={(e) => e.preventDefault()}>
            <SelectField
              label={t('explorer.dataflow')}
              value={flowId ?? ''}
              onChange={(e) => update({ flow: e.target.value, filters: {}, from: null, to: null })}
            >
              {(flows.data?.dataflows ?? []).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </SelectField>
            {dimensions.map((d) => {
              const list = codes.get(d) ?? [];
              if (list.length < 2) return null;
              const selected = view.filters[d] ?? [];
              return (
                <SelectField
                  key={d}
                  label={
                    <>
                      {dimName(d)}{' '}
                      <span className="muted">
                        {selected.length ? t('explorer.selected', { count: selected.length }) : t('explorer.all')}
                      </span>
                    </>
                  }
                  multiple
                  size={Math.min(6, list.length)}
                  value={selected}
                  onChange={(e) => update({ filters: { ...view.filters, [d]: [...e.target.selectedOptions].map((o) => o.value) } })}
                >
                  {list.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.label}
                    </option>
                  ))}
                </SelectField>
              );
            })}
            <div className="explorer-years">
              <SelectField label={t('explorer.from')} value={view.from ?? ''} onChange={(e) => update({ from: e.target.value || null })}>
                <option value="">{t('explorer.first')}</option>
                {periods.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </SelectField>
              <SelectField label={t('explorer.to')} value={view.to ?? ''} onChange={(e) => update({ to: e.target.value || null })}>
                <option value="">{t('explorer.last')}</option>
                {periods.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </SelectField>
            </div>
            {Object.values(view.filters).some((c) => c.length > 0) || view.from || view.to ? (
              <button type="button" className="button" onClick={() => update({ filters: {}, from: null, to: null })}>
                {t('explorer.clear')}
              </button>
            ) : null}
          </form>

          <section className="explorer-result" aria-labelledby="explorer-result-heading">
            <h2 id="explorer-result-heading" className="visually-hidden">
              {t('explorer.result')}
            </h2>
            <div className="toolbar">
              <div role="tablist" aria-label={t('explorer.views')} className="tabs">
                {(['table', 'chart'] as const).map((k) => (
                  <button
                    key={k}
                    type="button"
                    role="tab"
                    aria-selected={view.view === k}
                    className={view.view === k ? 'tab tab-active' : 'tab'}
                    onClick={() => update({ view: k })}
                  >
                    {t(`explorer.view.${k}`)}
                  </button>
                ))}
              </div>
              <p role="status" className="muted">
                {loading ? t('explorer.loading') : t('explorer.count', { count: rows.length, total: all.length })}
              </p>
              <div className="explorer-downloads" aria-label={t('explorer.download')} role="group">
                <a className="button" href={download('csv')} download>
                  CSV
                </a>
                <a className="button" href={download('xlsx')} download>
                  XLSX
                </a>
                <a className="button" href={download('long')} download title={t('explorer.longHelp')}>
                  {t('explorer.long')}
                </a>
                <a className="button" href={sdmx} download>
                  SDMX-CSV
                </a>
                <button type="button" className="button" onClick={() => void copyLink()}>
                  {copied ? t('explorer.copied') : t('explorer.copyLink')}
                </button>
              </div>
            </div>
            {data.error !== null && <ErrorMessage error={data.error} />}
            {loading && !current ? (
              <Loading />
            ) : view.view === 'chart' ? (
              <>
                {charted.dropped && <p className="alert alert-info">{t('explorer.oneMeasure', { measure: charted.shown ?? '' })}</p>}
                {chart.truncated && <p className="alert alert-info">{t('explorer.tooManySeries', { count: MAX_SERIES })}</p>}
                <TrendChart
                  series={chart.series}
                  periods={shownPeriods}
                  format={fmt.number}
                  description={t('explorer.chartDescription', {
                    flow: flow?.name ?? '',
                    series: chart.series.map((s) => s.label).join('; '),
                    from: shownPeriods[0] ?? '',
                    to: shownPeriods.at(-1) ?? '',
                  })}
                />
              </>
            ) : (
              <>
                {fixed.length > 0 && (
                  <p className="explorer-fixed">
                    {fixed.map((d) => (
                      <span key={d}>
                        <span className="muted">{dimName(d)}:</span> {rows[0]!.labels[d] ?? rows[0]!.key[d]}
                      </span>
                    ))}
                  </p>
                )}
                <div className="table-wrap">
                  <table className="data">
                    <caption className="visually-hidden">{flow?.name}</caption>
                    <thead>
                      <tr>
                        {columns.map((d) => (
                          <th key={d} scope="col">
                            {dimName(d)}
                          </th>
                        ))}
                        <th scope="col">{t('explorer.period')}</th>
                        <th scope="col" className="num">
                          {t('explorer.value')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {pageRows.map((o) => (
                        <tr key={`${dimensions.map((d) => o.key[d]).join('.')}@${o.period}`}>
                          {columns.map((d) => (
                            <td key={d}>{o.labels[d] ?? o.key[d]}</td>
                          ))}
                          <td>{o.period}</td>
                          <td className="num" title={o.value === null ? t('explorer.suppressed') : undefined}>
                            {value(o)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {pages > 1 && (
                  <nav className="pager" aria-label={t('explorer.pages')}>
                    <button type="button" className="button" disabled={page === 0} onClick={() => update({ page: page - 1 })}>
                      {t('explorer.previous')}
                    </button>
                    <span>{t('explorer.page', { page: page + 1, pages })}</span>
                    <button type="button" className="button" disabled={page >= pages - 1} onClick={() => update({ page: page + 1 })}>
                      {t('explorer.next')}
                    </button>
                  </nav>
                )}
              </>
            )}
            <p className="muted explorer-source">
              {t('explorer.source', { sources: sources.join('; ') || '—' })}{' '}
              {flow && flow.withheld.length > 0 && t('explorer.withheld', { dimensions: flow.withheld.map(dimName).join(', ') })}
            </p>
          </section>
        </div>
      )}
    </Page>
  );
}
