/**
 * One questionnaire item over the years (accepted answers; totals of its breakdowns) for a
 * country or the sum over an area's reporting countries, optionally per 100,000 people
 * (computed here from the shipped population table, not a rate the country reported).
 */
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { loadDefinitionVersion } from '../../api/cache.js';
import { useFormat } from '../../i18n/format.js';
import { shortName, useDefinitions } from '../../ui/definitions.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { SelectField } from '../../ui/SelectField.js';
import { useLoad } from '../../ui/useLoad.js';
import { TrendChart } from '../explorer/TrendChart.js';
import { analysisApi } from './api.js';
import { CoverageTable } from './CoverageTable.js';

const NUMERIC = new Set(['number', 'integer', 'percentage']);

export function IndicatorTrend(props: {
  area: string;
  from: string;
  to: string;
  definition: string;
  item: string;
  rate: boolean;
  filters: ReactNode;
  onChange(c: Record<string, string>): void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const definitions = useDefinitions();
  const definitionId = props.definition || definitions?.[0]?.id || '';
  const summary = definitions?.find((d) => d.id === definitionId);
  const bundle = useLoad(
    () => (summary ? loadDefinitionVersion(summary.id, summary.version) : Promise.resolve(null)),
    [summary?.id, summary?.version],
  );
  const items = useMemo(() => (bundle.data?.definition.items ?? []).filter((i) => NUMERIC.has(i.type)), [bundle.data]);
  const itemId = items.some((i) => i.id === props.item) ? props.item : (items[0]?.id ?? '');
  const series = useLoad(
    (signal) =>
      definitionId && itemId
        ? analysisApi.indicator(
            {
              definition: definitionId,
              item: itemId,
              area: props.area,
              ...(props.from ? { from: props.from } : {}),
              ...(props.to ? { to: props.to } : {}),
              ...(props.rate ? { rate: 'per100k' as const } : {}),
            },
            signal,
          )
        : Promise.resolve(null),
    [definitionId, itemId, props.area, props.from, props.to, props.rate],
  );
  const item = items.find((i) => i.id === itemId);
  const itemLabel = item ? fmt.name(item.label, item.id) : '';
  const areaName = series.data ? fmt.name(series.data.area.names, series.data.area.code) : '';
  const value = (p: { value: number; ratePer100k?: number | null }) => (props.rate ? (p.ratePer100k ?? null) : p.value);
  const points = series.data?.points ?? [];
  const chart = useMemo(
    () => [{ label: itemLabel, points: new Map(points.map((p) => [p.period, value(p)])) }],
    [points, itemLabel, props.rate],
  );

  return (
    <section aria-label={t('analysis.tab.indicator')}>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label={t('analysis.filters')}>
        {props.filters}
        <SelectField
          label={t('analysis.questionnaire')}
          value={definitionId}
          onChange={(e) => props.onChange({ definition: e.target.value, item: '' })}
        >
          {(definitions ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {shortName(d.id)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('analysis.item')} value={itemId} onChange={(e) => props.onChange({ item: e.target.value })}>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {fmt.name(i.label, i.id)}
            </option>
          ))}
        </SelectField>
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={props.rate} onChange={(e) => props.onChange({ rate: e.target.checked ? '1' : '' })} />{' '}
            {t('analysis.per100k')}
          </label>
        </div>
      </form>
      {(bundle.error ?? series.error) !== null && <ErrorMessage error={bundle.error ?? series.error} />}
      {series.loading && !series.data ? (
        <Loading />
      ) : points.length === 0 ? (
        <p>{t('analysis.noData')}</p>
      ) : (
        series.data && (
          <>
            <h2>{t('analysis.indicatorHeading', { item: itemLabel, area: areaName })}</h2>
            <p className="muted">
              {t(series.data.kind === 'reported' ? 'analysis.kindReported' : 'analysis.kindSum')} {props.rate && t('analysis.rateNote')}
            </p>
            <TrendChart
              series={chart}
              periods={points.map((p) => p.period)}
              format={fmt.number}
              description={t('analysis.indicatorDescription', { item: itemLabel, area: areaName })}
            />
            <div className="table-wrap">
              <table className="data">
                <caption>{t('analysis.indicatorHeading', { item: itemLabel, area: areaName })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('analysis.period')}</th>
                    <th scope="col" className="num">
                      {props.rate ? t('analysis.per100k') : t('analysis.value')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {points.map((p) => {
                    const v = value(p);
                    return (
                      <tr key={p.period}>
                        <th scope="row">{p.period}</th>
                        <td className="num">{v === null ? '—' : fmt.number(Math.round(v * 100) / 100)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <CoverageTable coverage={series.data.coverage} />
            <p className="muted">{t('analysis.sourceQuestionnaire', { questionnaire: shortName(definitionId) })}</p>
          </>
        )
      )}
    </section>
  );
}
