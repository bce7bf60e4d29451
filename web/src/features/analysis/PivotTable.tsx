/**
 * The analyst's pivot table over case records (seizures, smuggling incidents, NPS reports):
 * one dimension down, one across, a measure in the cells, totals of rows, columns and all.
 * Codes are labelled here, in the interface language, from the reference data and the
 * collection's code lists; the server sends codes. Filters (PivotFilters.tsx) keep the
 * rows of chosen codes. Source and coverage stand above the table; CSV and XLSX come from
 * the server (English labels, with the same statements and filters).
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PIVOT_SOURCES, type PivotSource } from '@observatory/core';
import { loadRecordDefinition } from '../../api/cache.js';
import { useFormat } from '../../i18n/format.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { SelectField } from '../../ui/SelectField.js';
import { useUnitName, useUnits } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';
import { analysisApi, type PivotChoice } from './api.js';
import { CoverageTable } from './CoverageTable.js';
import { PivotFilters } from './PivotFilters.js';
import { formatFilter, parseFilter } from './pivot-filter.js';
import './pivot.css';

type Measure = NonNullable<PivotChoice['measure']>;

/** The URL's choices made valid for the source: unknown values fall back to the source's first ones. */
export function pivotChoice(get: (k: string, d: string) => string, base: { area: string; from: string; to: string }): PivotChoice {
  const raw = get('source', 'ids');
  const source: PivotSource = raw === 'vrs' || raw === 'nps' ? raw : 'ids';
  const spec = PIVOT_SOURCES[source];
  const ids = spec.dimensions.map((d) => d.id);
  const rows = ids.includes(get('rows', '')) ? get('rows', '') : 'country';
  const columnsAsked = get('columns', '');
  const columns =
    ids.includes(columnsAsked) && columnsAsked !== rows ? columnsAsked : (ids.find((d) => d !== rows && d !== 'country') ?? 'year');
  const measures: readonly string[] = spec.measures;
  const measure = (measures.includes(get('measure', '')) ? get('measure', '') : spec.measures[0]) as Measure;
  const filter = formatFilter(parseFilter(get('filter', ''), source));
  return {
    source,
    rows,
    columns,
    measure,
    ...(filter ? { filter } : {}),
    area: base.area,
    ...(base.from ? { from: base.from } : {}),
    ...(base.to ? { to: base.to } : {}),
  };
}

/** Names of dimensions, codes and measures in the interface language. */
function useLabels(source: PivotSource) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const units = useUnits();
  const bundle = useLoad(() => loadRecordDefinition(source), [source]);
  return useMemo(() => {
    const dims = new Map(PIVOT_SOURCES[source].dimensions.map((d) => [d.id, d]));
    const lists = new Map((bundle.data?.codeLists ?? []).map((l) => [l.id, new Map(l.codes.map((c) => [c.code, c.names]))]));
    // Records hold the codes at the ends of a hierarchy (cannabis_herb, not its sub-group of the same name).
    const leaves = new Map(
      (bundle.data?.codeLists ?? []).map((l) => {
        const parents = new Set(l.codes.map((c) => c.parent));
        return [l.id, l.codes.filter((c) => !parents.has(c.code)).map((c) => c.code)];
      }),
    );
    const month = new Intl.DateTimeFormat(fmt.lang, { month: 'long', timeZone: 'UTC' });
    return {
      dimension(id: string) {
        const d = dims.get(id);
        if (!d?.field) return t(`analysis.pivot.dimension.${id}`);
        return fmt.name(bundle.data?.definition.fields.find((f) => f.id === d.field)?.label, id);
      },
      code(dimension: string, code: string) {
        const d = dims.get(dimension);
        if (code === '') return t('analysis.pivot.notStated');
        if (d?.kind === 'country') return unitName(code);
        if (d?.kind === 'month') return month.format(new Date(Date.UTC(2000, Number(code) - 1, 1)));
        if (d?.kind === 'unit_class') return t(`analysis.pivot.unitClass.${code}`);
        if (d?.kind === 'code') return fmt.name(lists.get(d.codeList!)?.get(code), code);
        return code;
      },
      /** The codes a dimension can take: its code list's leaves, the countries by name, the months, the unit classes. */
      codes(dimension: string): string[] {
        const d = dims.get(dimension);
        if (d?.kind === 'code') return leaves.get(d.codeList!) ?? [];
        if (d?.kind === 'month') return Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
        if (d?.kind === 'unit_class') return ['mass', 'volume', 'count'];
        if (d?.kind === 'country')
          return [...(units?.values() ?? [])]
            .filter((u) => u.kind === 'country')
            .map((u) => [u.code, fmt.name(u.names, u.code)] as const)
            .sort((a, b) => a[1].localeCompare(b[1], fmt.lang))
            .map(([c]) => c);
        return [];
      },
    };
  }, [source, bundle.data, fmt, t, unitName, units]);
}

export function PivotTable(props: { choice: PivotChoice; filters: React.ReactNode; onChange(c: Record<string, string>): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const { choice } = props;
  const source = choice.source;
  const label = useLabels(source);
  const pivot = useLoad((signal) => analysisApi.pivot(choice, signal), [JSON.stringify(choice)]);
  const p = pivot.data;
  const dimensions = PIVOT_SOURCES[source].dimensions;
  const number = (v: number | null) => (v === null ? '' : fmt.number(Math.round(v * 10) / 10));
  const list = new Intl.ListFormat(fmt.lang, { type: 'conjunction' });
  const dimensionSelect = (which: 'rows' | 'columns', other: string) => (
    <SelectField label={t(`analysis.pivot.${which}`)} value={choice[which]} onChange={(e) => props.onChange({ [which]: e.target.value })}>
      {dimensions.map((d) => (
        <option key={d.id} value={d.id} disabled={d.id === other}>
          {label.dimension(d.id)}
        </option>
      ))}
    </SelectField>
  );
  return (
    <section aria-label={t('analysis.tab.pivot')}>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label={t('analysis.filters')}>
        <SelectField
          label={t('analysis.source')}
          value={source}
          // Another source has other dimensions: its filters would not apply.
          onChange={(e) => props.onChange({ source: e.target.value, filter: '' })}
        >
          {Object.keys(PIVOT_SOURCES).map((s) => (
            <option key={s} value={s}>
              {t(`analysis.sourceName.${s}`)}
            </option>
          ))}
        </SelectField>
        {dimensionSelect('rows', choice.columns)}
        {dimensionSelect('columns', choice.rows)}
        <SelectField label={t('analysis.measure')} value={choice.measure} onChange={(e) => props.onChange({ measure: e.target.value })}>
          {PIVOT_SOURCES[source].measures.map((m) => (
            <option key={m} value={m}>
              {t(`analysis.pivot.measure.${m}`)}
            </option>
          ))}
        </SelectField>
        {props.filters}
      </form>
      <PivotFilters
        source={source}
        pairs={parseFilter(choice.filter ?? '', source)}
        dimensionName={label.dimension}
        codeName={label.code}
        codes={label.codes}
        onChange={(filter) => props.onChange({ filter })}
      />
      {pivot.error !== null && <ErrorMessage error={pivot.error} />}
      {pivot.loading && !p ? (
        <Loading />
      ) : (
        p &&
        pivot.error === null && (
          <>
            <p className="muted">
              {t(`analysis.pivot.source.${p.source}`)} {t(p.kind === 'reported' ? 'analysis.kindReported' : 'analysis.kindSum')}
            </p>
            <p>
              {t('analysis.pivot.coverage', {
                reporting: p.coverage.reporting,
                expected: p.coverage.expected,
                area: fmt.name(p.area.names, p.area.code),
                units: list.format(p.coverage.units.map(unitName)),
              })}
            </p>
            <div className="pivot-downloads">
              <a className="button" href={analysisApi.pivotHref(choice, 'csv')} download>
                {t('analysis.downloadCsv')}
              </a>
              <a className="button" href={analysisApi.pivotHref(choice, 'xlsx')} download>
                {t('analysis.downloadXlsx')}
              </a>
            </div>
            {p.rowKeys.length === 0 ? (
              <p>{t('analysis.noData')}</p>
            ) : (
              <div className="table-wrap pivot-wrap">
                <table className="data pivot">
                  <caption>
                    {t('analysis.pivot.caption', {
                      // From the answer, not the choice: while a new answer loads, the caption still names the figures shown.
                      measure: t(`analysis.pivot.measure.${p.measure}`),
                      rows: label.dimension(p.rows),
                      columns: label.dimension(p.columns),
                      area: fmt.name(p.area.names, p.area.code),
                      from: String(p.from),
                      to: String(p.to),
                    })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">
                        {label.dimension(p.rows)} / {label.dimension(p.columns)}
                      </th>
                      {p.columnKeys.map((k) => (
                        <th key={k} scope="col" className="num">
                          {label.code(p.columns, k)}
                        </th>
                      ))}
                      <th scope="col" className="num">
                        {t('analysis.pivot.total')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.rowKeys.map((k, i) => (
                      <tr key={k}>
                        <th scope="row">{label.code(p.rows, k)}</th>
                        {p.cells[i]!.map((v, j) => (
                          <td key={p.columnKeys[j]} className="num">
                            {number(v)}
                          </td>
                        ))}
                        <td className="num pivot-total">{number(p.rowTotals[i]!)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('analysis.pivot.total')}</th>
                      {p.columnTotals.map((v, j) => (
                        <td key={p.columnKeys[j]} className="num pivot-total">
                          {number(v)}
                        </td>
                      ))}
                      <td className="num pivot-total">{number(p.total)}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            )}
            <CoverageTable coverage={p.coverage.byPeriod} />
          </>
        )
      )}
    </section>
  );
}
