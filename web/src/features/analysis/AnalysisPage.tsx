/**
 * The analyst's pages over live (accepted, not yet published) data: seizure trends for a
 * country, an M49 region or an office grouping, with coverage beside every regional figure;
 * and ranked flows (origin or departure to destination) for seizures, smuggling and
 * trafficking; a pivot table over case records with CSV and XLSX downloads. Every view states
 * its source and coverage; every chart has its table.
 * The choices live in the URL.
 */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../i18n/format.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { Page } from '../../ui/Page.js';
import { SelectField } from '../../ui/SelectField.js';
import { useUnitName, useUnits } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';
import { BarChart } from '../explorer/BarChart.js';
import { TrendChart } from '../explorer/TrendChart.js';
import type { Series } from '../explorer/model.js';
import { analysisApi } from './api.js';
import { CoverageTable } from './CoverageTable.js';
import { IndicatorTrend } from './IndicatorTrend.js';
import { PivotTable, pivotChoice } from './PivotTable.js';
import { FlowMap } from './FlowMap.js';
import { WorldMap } from './WorldMap.js';
import { toCsv, saveCsv } from './csv.js';
import '../explorer/explorer.css';

/** Flows drawn on the map (the table lists up to 100). */
const MAP_FLOWS = 25;
const YEARS = Array.from({ length: 25 }, (_, i) => String(new Date().getFullYear() - i));

export default function AnalysisPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const get = (k: string, d: string) => params.get(k) ?? d;
  const set = (change: Record<string, string>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(change))
          if (v) next.set(k, v);
          else next.delete(k);
        return next;
      },
      { replace: true },
    );
  const tabParam = get('tab', 'trend');
  const tab = (['flows', 'map', 'indicator', 'pivot'] as const).find((k) => k === tabParam) ?? 'trend';
  const area = get('area', '001');
  const from = get('from', '');
  const to = get('to', '');
  const measure = get('measure', 'kg') === 'cases' ? 'cases' : 'kg';

  const areas = useLoad((signal) => analysisApi.areas(signal), []);
  const areaOptions = useMemo(
    () =>
      (areas.data?.areas ?? [])
        .map((a) => ({ code: a.code, label: `${fmt.name(a.names, a.code)}${a.kind === 'unit' ? '' : ` (${a.members})`}`, kind: a.kind }))
        .sort((a, b) => (a.kind === b.kind ? a.label.localeCompare(b.label, fmt.lang) : a.kind === 'unit' ? 1 : -1)),
    [areas.data, fmt],
  );

  const filters = (
    <>
      <SelectField label={t('analysis.area')} value={area} onChange={(e) => set({ area: e.target.value })}>
        {areaOptions.map((a) => (
          <option key={a.code} value={a.code}>
            {a.label}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('analysis.from')} value={from} onChange={(e) => set({ from: e.target.value })}>
        <option value="">{t('analysis.anyYear')}</option>
        {YEARS.map((y) => (
          <option key={y}>{y}</option>
        ))}
      </SelectField>
      <SelectField label={t('analysis.to')} value={to} onChange={(e) => set({ to: e.target.value })}>
        <option value="">{t('analysis.anyYear')}</option>
        {YEARS.map((y) => (
          <option key={y}>{y}</option>
        ))}
      </SelectField>
    </>
  );

  return (
    <Page title={t('analysis.title')} subtitle={t('analysis.subtitle')} wide>
      <div role="tablist" aria-label={t('analysis.views')} className="tabs explorer-tabs">
        {(['trend', 'map', 'flows', 'indicator', 'pivot'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? 'tab tab-active' : 'tab'}
            onClick={() => set({ tab: k })}
          >
            {t(`analysis.tab.${k}`)}
          </button>
        ))}
      </div>
      {areas.error !== null && <ErrorMessage error={areas.error} />}
      {tab === 'trend' ? (
        <Trend
          area={area}
          from={from}
          to={to}
          measure={measure}
          chart={get('chart', 'line') === 'bar' ? 'bar' : 'line'}
          filters={filters}
          onChange={(c) => set(c)}
        />
      ) : tab === 'indicator' ? (
        <IndicatorTrend
          area={area}
          from={from}
          to={to}
          definition={get('definition', '')}
          item={get('item', '')}
          rate={get('rate', '') === '1'}
          filters={filters}
          onChange={(c) => set(c)}
        />
      ) : tab === 'pivot' ? (
        <PivotTable choice={pivotChoice(get, { area, from, to })} filters={filters} onChange={(c) => set(c)} />
      ) : tab === 'map' ? (
        <SeizureMap
          area={area}
          areaOptions={areaOptions}
          year={get('year', String(new Date().getFullYear() - 1))}
          measure={measure}
          onChange={(c) => set(c)}
        />
      ) : (
        <FlowTable
          area={area}
          from={from}
          to={to}
          source={get('source', 'ids')}
          route={get('route', 'origin')}
          filters={filters}
          onChange={(c) => set(c)}
        />
      )}
    </Page>
  );
}

function Trend(props: {
  area: string;
  from: string;
  to: string;
  measure: 'kg' | 'cases';
  chart: 'line' | 'bar';
  filters: React.ReactNode;
  onChange(c: Record<string, string>): void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const trend = useLoad(
    (signal) =>
      analysisApi.trend(
        { area: props.area, measure: props.measure, ...(props.from ? { from: props.from } : {}), ...(props.to ? { to: props.to } : {}) },
        signal,
      ),
    [props.area, props.measure, props.from, props.to],
  );
  const periods = useMemo(
    () => [...new Set((trend.data?.series ?? []).flatMap((s) => s.points.map((p) => p.period)))].sort(),
    [trend.data],
  );
  const series: Series[] = useMemo(
    () =>
      (trend.data?.series ?? []).map((s) => ({
        label: fmt.name(s.names, s.drug),
        points: new Map(s.points.map((p) => [p.period, p.value])),
      })),
    [trend.data, fmt],
  );
  const areaName = trend.data ? fmt.name(trend.data.area.names, trend.data.area.code) : '';
  const csv = () =>
    saveCsv(
      `seizures-${props.area}-${props.measure}.csv`,
      toCsv([[t('analysis.drug'), ...periods], ...series.map((s) => [s.label, ...periods.map((p) => s.points.get(p) ?? '')])]),
    );
  return (
    <section aria-label={t('analysis.tab.trend')}>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label={t('analysis.filters')}>
        {props.filters}
        <SelectField label={t('analysis.measure')} value={props.measure} onChange={(e) => props.onChange({ measure: e.target.value })}>
          <option value="kg">{t('analysis.measureKg')}</option>
          <option value="cases">{t('analysis.measureCases')}</option>
        </SelectField>
        <SelectField
          label={t('analysis.chart')}
          value={props.chart}
          onChange={(e) => props.onChange({ chart: e.target.value === 'bar' ? 'bar' : '' })}
        >
          <option value="line">{t('analysis.chartLine')}</option>
          <option value="bar">{t('analysis.chartBar')}</option>
        </SelectField>
        <button type="button" className="button" onClick={csv} disabled={series.length === 0}>
          {t('analysis.downloadCsv')}
        </button>
      </form>
      {trend.error !== null && <ErrorMessage error={trend.error} />}
      {trend.loading && !trend.data ? (
        <Loading />
      ) : trend.data && series.length === 0 ? (
        <p>{t('analysis.noData')}</p>
      ) : (
        trend.data && (
          <>
            <h2>{t('analysis.trendHeading', { area: areaName })}</h2>
            <p className="muted">
              {t(trend.data.kind === 'reported' ? 'analysis.kindReported' : 'analysis.kindSum')} {trend.data.note}
            </p>
            {(() => {
              const chart = {
                series,
                periods,
                format: fmt.number,
                description: t('analysis.chartDescription', { area: areaName, series: series.map((s) => s.label).join('; ') }),
              };
              return props.chart === 'bar' ? <BarChart {...chart} /> : <TrendChart {...chart} />;
            })()}
            <div className="table-wrap">
              <table className="data">
                <caption>{t('analysis.trendTable', { area: areaName })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('analysis.drug')}</th>
                    {periods.map((p) => (
                      <th key={p} scope="col" className="num">
                        {p}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {series.map((s) => (
                    <tr key={s.label}>
                      <th scope="row">{s.label}</th>
                      {periods.map((p) => {
                        const v = s.points.get(p);
                        return (
                          <td key={p} className="num">
                            {v === undefined || v === null ? '' : fmt.number(Math.round(v * 10) / 10)}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <CoverageTable coverage={trend.data.coverage} />
            <p className="muted">{t('analysis.sourceIds')}</p>
          </>
        )
      )}
    </section>
  );
}

function FlowTable(props: {
  area: string;
  from: string;
  to: string;
  source: string;
  route: string;
  filters: React.ReactNode;
  onChange(c: Record<string, string>): void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const source = (['ids', 'vrs', 'glotip'].includes(props.source) ? props.source : 'ids') as 'ids' | 'vrs' | 'glotip';
  const route = props.route === 'departure' ? 'departure' : 'origin';
  const flows = useLoad(
    (signal) =>
      analysisApi.flows(
        { source, route, area: props.area, limit: 100, ...(props.from ? { from: props.from } : {}), ...(props.to ? { to: props.to } : {}) },
        signal,
      ),
    [source, route, props.area, props.from, props.to],
  );
  const rows = flows.data?.flows ?? [];
  const unitName = useUnitName();
  const units = useUnits();
  const m49Of = useCallback((code: string) => units?.get(code)?.m49?.padStart(3, '0') ?? null, [units]);
  const mapped = useMemo(() => rows.slice(0, MAP_FLOWS), [rows]);
  const place = (code: string) => (code ? unitName(code) : t('analysis.unknownPlace'));
  const measure = flows.data ? t(`analysis.flowMeasure.${flows.data.measure}`) : '';
  const csv = () =>
    saveCsv(
      `flows-${source}-${props.area}.csv`,
      toCsv([
        [t('analysis.flowFrom'), t('analysis.flowTo'), measure, t('analysis.cases'), t('analysis.scope')],
        ...rows.map((f) => [place(f.from), place(f.to), f.value, f.cases, t(`analysis.scopeName.${f.scope}`)]),
      ]),
    );
  return (
    <section aria-label={t('analysis.tab.flows')}>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label={t('analysis.filters')}>
        {props.filters}
        <SelectField label={t('analysis.source')} value={source} onChange={(e) => props.onChange({ source: e.target.value })}>
          <option value="ids">{t('analysis.sourceName.ids')}</option>
          <option value="vrs">{t('analysis.sourceName.vrs')}</option>
          <option value="glotip">{t('analysis.sourceName.glotip')}</option>
        </SelectField>
        {source === 'ids' && (
          <SelectField label={t('analysis.route')} value={route} onChange={(e) => props.onChange({ route: e.target.value })}>
            <option value="origin">{t('analysis.routeOrigin')}</option>
            <option value="departure">{t('analysis.routeDeparture')}</option>
          </SelectField>
        )}
        <button type="button" className="button" onClick={csv} disabled={rows.length === 0}>
          {t('analysis.downloadCsv')}
        </button>
      </form>
      {flows.error !== null && <ErrorMessage error={flows.error} />}
      {flows.loading && !flows.data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p>{t('analysis.noData')}</p>
      ) : (
        <>
          <FlowMap
            flows={mapped}
            m49Of={m49Of}
            name={place}
            format={fmt.number}
            description={t('analysis.flowMapDescription', {
              count: mapped.length,
              source: t(`analysis.sourceName.${source}`),
              measure,
            })}
          />
          <div className="table-wrap">
            <table className="data">
              <caption>{t('analysis.flowsTable', { source: t(`analysis.sourceName.${source}`) })}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('analysis.flowFrom')}</th>
                  <th scope="col">{t('analysis.flowTo')}</th>
                  <th scope="col" className="num">
                    {measure}
                  </th>
                  <th scope="col" className="num">
                    {t('analysis.cases')}
                  </th>
                  <th scope="col">{t('analysis.scope')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((f, i) => (
                  <tr key={`${f.from}>${f.to}`}>
                    <td>{i + 1}</td>
                    <th scope="row">{place(f.from)}</th>
                    <td>{place(f.to)}</td>
                    <td className="num">{fmt.number(Math.round(f.value * 10) / 10)}</td>
                    <td className="num">{fmt.number(f.cases)}</td>
                    <td>{t(`analysis.scopeName.${f.scope}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CoverageTable coverage={flows.data!.coverage} />
        </>
      )}
    </section>
  );
}

function SeizureMap(props: {
  area: string;
  areaOptions: ReadonlyArray<{ code: string; label: string; kind: string }>;
  year: string;
  measure: 'kg' | 'cases';
  onChange(c: Record<string, string>): void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const units = useUnits();
  const unitName = useUnitName();
  const data = useLoad(
    (signal) => analysisApi.map({ source: 'ids', year: Number(props.year), measure: props.measure }, signal),
    [props.year, props.measure],
  );
  // The map speaks M49 numeric codes (Natural Earth ids); the API, reporting units.
  const byM49 = useMemo(() => {
    const out = new Map<string, number>();
    for (const v of data.data?.values ?? []) {
      const m49 = units?.get(v.unit)?.m49;
      if (m49) out.set(m49.padStart(3, '0'), (out.get(m49.padStart(3, '0')) ?? 0) + v.value);
    }
    return out;
  }, [data.data, units]);
  const focus = useMemo(() => {
    if (!units || props.area === '001') return null;
    // A country is shown among its neighbours: the map zooms to its (intermediate) region.
    const unit = units.get(props.area);
    const area = unit ? (unit.intermediateRegion ?? unit.subregion ?? props.area) : props.area;
    const members = [...units.values()].filter(
      (u) => u.code === props.area || u.region === area || u.subregion === area || u.intermediateRegion === area,
    );
    const codes = new Set(members.flatMap((u) => (u.m49 ? [u.m49.padStart(3, '0')] : [])));
    return codes.size ? codes : null;
  }, [units, props.area]);
  const m49Name = (m49: string, fallback: string) => {
    const u = units && [...units.values()].find((x) => x.m49?.padStart(3, '0') === m49);
    return u ? unitName(u.code) : fallback;
  };
  const ranked = [...(data.data?.values ?? [])].sort((a, b) => b.value - a.value);
  const measureName = props.measure === 'kg' ? t('analysis.measureKg') : t('analysis.measureCases');
  return (
    <section aria-label={t('analysis.tab.map')}>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label={t('analysis.filters')}>
        <SelectField label={t('analysis.region')} value={props.area} onChange={(e) => props.onChange({ area: e.target.value })}>
          {props.areaOptions
            .filter((a) => a.kind === 'm49' || a.kind === 'unit')
            .map((a) => (
              <option key={a.code} value={a.code}>
                {a.label}
              </option>
            ))}
        </SelectField>
        <SelectField label={t('analysis.year')} value={props.year} onChange={(e) => props.onChange({ year: e.target.value })}>
          {YEARS.map((y) => (
            <option key={y}>{y}</option>
          ))}
        </SelectField>
        <SelectField label={t('analysis.measure')} value={props.measure} onChange={(e) => props.onChange({ measure: e.target.value })}>
          <option value="kg">{t('analysis.measureKg')}</option>
          <option value="cases">{t('analysis.measureCases')}</option>
        </SelectField>
      </form>
      {data.error !== null && <ErrorMessage error={data.error} />}
      {data.loading && !data.data ? (
        <Loading />
      ) : (
        <>
          <WorldMap
            values={byM49}
            focus={focus}
            name={m49Name}
            format={fmt.number}
            description={t('analysis.mapDescription', { measure: measureName, year: props.year, count: ranked.length })}
          />
          {ranked.length === 0 ? (
            <p>{t('analysis.noData')}</p>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <caption>{t('analysis.mapTable', { measure: measureName, year: props.year })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('analysis.country')}</th>
                    <th scope="col" className="num">
                      {measureName}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {ranked.map((v) => (
                    <tr key={v.unit}>
                      <th scope="row">{unitName(v.unit)}</th>
                      <td className="num">{fmt.number(Math.round(v.value * 10) / 10)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="muted">
            {t('analysis.sourceIds')} {t('analysis.boundaries')}
          </p>
        </>
      )}
    </section>
  );
}
