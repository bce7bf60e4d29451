/**
 * What other states share with this state: the aggregates (every shared record counted,
 * restricted ones included; cells of fewer than five events suppressed) and, when the
 * user asks, the records one by one (never restricted ones, never withheld fields), page
 * by page. Displaying records is a view the owner states see in their list.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SHARED_SMALL_COUNT, type SharedAggregates, type StateSharingStatus } from '@observatory/core';
import { sharingApi, type SharedFilter } from '../../api/endpoints.js';
import { useFormat } from '../../i18n/format.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { SelectField } from '../../ui/SelectField.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';
import { hasValue, useRecordValue } from '../records/values.js';
import type { Labels } from './model.js';

const PAGE = 25;
/** Figures the IDS presenter derives from quantity and unit (withheld with them). */
const DERIVED = ['mass_kg', 'kg_equivalent', 'kg_basis'];
/** Measures with a name in the interface (server/src/sharing/aggregates.ts). */
const MEASURES = new Set(['incidents', 'migrants', 'smugglers', 'deaths', 'cases', 'kg_equivalent', 'reports']);
/** Collections whose note the interface words itself; others show the server's English note. */
const NOTES = new Set(['vrs', 'ids', 'nps']);

interface Props {
  country: string;
  collection: string;
  status: StateSharingStatus;
  labels: Labels;
}

export function SharedData({ country, collection, status, labels }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const ids = { filter: useId(), filterError: useId() };
  const [filter, setFilter] = useState<SharedFilter>({});
  const [filterError, setFilterError] = useState<string | null>(null);
  const owners = [...status.grants].sort((a, b) => unitName(a.owner).localeCompare(unitName(b.owner), fmt.lang));
  const granted = owners.length > 0;

  const aggregates = useLoad(
    () => (granted ? sharingApi.aggregates(country, collection, filter) : Promise.resolve(null)),
    [country, collection, filter, granted],
  );

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const year = (name: string) => {
      const v = String(data.get(name) ?? '').trim();
      return v ? Number(v) : undefined;
    };
    const next: SharedFilter = { owner: String(data.get('owner') ?? '') || undefined, from: year('from'), to: year('to') };
    if (next.from !== undefined && next.to !== undefined && next.from > next.to) {
      setFilterError(t('sharing.data.yearOrder'));
      return;
    }
    setFilterError(null);
    setFilter(next);
  }

  if (!granted)
    return (
      <section className="card">
        <p>{status.settings.participates ? t('sharing.grants.none') : t('sharing.grants.notParticipating')}</p>
      </section>
    );

  const note = NOTES.has(collection) ? t(`sharing.note.${collection}`, { n: SHARED_SMALL_COUNT }) : aggregates.data?.note;

  return (
    <>
      <div className="alert alert-info sharing-note">
        {note && <p>{note}</p>}
        <p>{t('sharing.data.restrictedOnlyAggregates')}</p>
      </div>

      <form className="toolbar" onSubmit={apply} aria-label={t('sharing.data.filters')} noValidate>
        <SelectField label={t('sharing.data.owner')} name="owner" defaultValue={filter.owner ?? ''}>
          <option value="">{t('sharing.data.allOwners')}</option>
          {owners.map((g) => (
            <option key={g.owner} value={g.owner}>
              {unitName(g.owner)}
            </option>
          ))}
        </SelectField>
        <label>
          {t('sharing.data.from')}
          <input
            name="from"
            type="number"
            min={1900}
            max={2100}
            inputMode="numeric"
            className="input-year"
            defaultValue={filter.from}
            aria-describedby={filterError ? ids.filterError : undefined}
          />
        </label>
        <label>
          {t('sharing.data.to')}
          <input
            name="to"
            type="number"
            min={1900}
            max={2100}
            inputMode="numeric"
            className="input-year"
            defaultValue={filter.to}
            aria-describedby={filterError ? ids.filterError : undefined}
          />
        </label>
        <button type="submit">{t('sharing.data.apply')}</button>
        {filterError && (
          <p className="field-error" id={ids.filterError} role="alert">
            {filterError}
          </p>
        )}
      </form>

      <AggregatesSection
        aggregates={aggregates.data ?? null}
        loading={aggregates.loading}
        error={aggregates.error}
        labels={labels}
        country={country}
      />
      <RecordsSection country={country} collection={collection} status={status} labels={labels} filter={filter} />
    </>
  );
}

/** A dimension's code as a reader knows it: a country's name, a code list's label, "withheld" for a summed-away field. */
function useDimensionValue(labels: Labels) {
  const { t } = useTranslation();
  const unitName = useUnitName();
  return (dimension: string, code: string) => {
    if (code === '_T') return t('sharing.data.withheldTotal');
    if (code === '_Z') return t('sharing.data.notStated');
    const field = labels.dimensionField(dimension);
    if (field?.type === 'country' || field?.type === 'countries') return unitName(code);
    return labels.codeName(field?.codeList, code);
  };
}

function AggregatesSection({
  aggregates,
  loading,
  error,
  labels,
  country,
}: {
  aggregates: SharedAggregates | null;
  loading: boolean;
  error: unknown;
  labels: Labels;
  country: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const dimensionValue = useDimensionValue(labels);
  const headingId = useId();
  const legendId = useId();
  const captionId = useId();
  const dimensionLabel = (d: string) => {
    const f = labels.dimensionField(d);
    return f ? labels.fieldLabel(f.id) : d;
  };
  const measureLabel = (m: string) => (MEASURES.has(m) ? t(`sharing.measure.${m}`) : m);
  const countMeasure = aggregates?.measures[0] ?? '';
  const suppressed = t('sharing.data.suppressedCell', { n: SHARED_SMALL_COUNT, what: measureLabel(countMeasure) });
  const anySuppressed = aggregates?.cells.some((c) => c.display !== null) ?? false;

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('sharing.data.aggregatesTitle')}</h2>
      {error !== null && <ErrorMessage error={error} />}
      {loading && !aggregates ? (
        <Loading />
      ) : (
        aggregates &&
        (aggregates.cells.length === 0 ? (
          <p>{t('sharing.data.noAggregates')}</p>
        ) : (
          <>
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={captionId}>
              <table className="data sharing-table" aria-describedby={anySuppressed ? legendId : undefined}>
                <caption id={captionId} className="table-caption">
                  {t('sharing.data.aggregatesCaption', { country: unitName(country), count: aggregates.cells.length })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sharing.data.owner')}</th>
                    <th scope="col" className="num">
                      {t('common.period')}
                    </th>
                    {aggregates.dimensions.map((d) => (
                      <th key={d} scope="col">
                        {dimensionLabel(d)}
                      </th>
                    ))}
                    {aggregates.measures.map((m) => (
                      <th key={m} scope="col" className="num">
                        {measureLabel(m)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {aggregates.cells.map((c, i) => (
                    <tr key={i} className={c.display ? 'row-suppressed' : undefined}>
                      <th scope="row">{unitName(c.owner)}</th>
                      <td className="num">{c.year}</td>
                      {aggregates.dimensions.map((d) => (
                        <td key={d}>{dimensionValue(d, c.dims[d] ?? '_Z')}</td>
                      ))}
                      {aggregates.measures.map((m, j) => {
                        const v = c.values[m];
                        if (v !== null && v !== undefined)
                          return (
                            <td key={m} className="num">
                              {fmt.number(Math.round(v * 1000) / 1000)}
                            </td>
                          );
                        return (
                          <td key={m} className="num suppressed" title={suppressed}>
                            <span aria-hidden="true" dir="ltr">
                              {j === 0 && c.display ? c.display : '·'}
                            </span>
                            <span className="visually-hidden">{suppressed}</span>
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {anySuppressed && (
              <p id={legendId} className="hint table-legend">
                {t('sharing.data.suppressedLegend', {
                  display: `\u2066<${SHARED_SMALL_COUNT}\u2069`,
                  n: SHARED_SMALL_COUNT,
                  what: measureLabel(countMeasure),
                })}
              </p>
            )}
          </>
        ))
      )}
    </section>
  );
}

function RecordsSection({ country, collection, status, labels, filter }: Props & { filter: SharedFilter }) {
  const { t } = useTranslation();
  const unitName = useUnitName();
  const headingId = useId();
  const recordsCaptionId = useId();
  const sep = t('common.separator');
  const [on, setOn] = useState(false);
  // The cursor of each page shown so far: [undefined] is the first page.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [filterSeen, setFilterSeen] = useState(filter);
  if (filterSeen !== filter) {
    setFilterSeen(filter);
    setCursors([undefined]);
  }
  const page = cursors.length - 1;
  const records = useLoad(
    // Tagged with its page: while the next page loads, the table keeps no rows of the previous one under the new caption.
    () =>
      on
        ? sharingApi.records(country, collection, { ...filter, after: cursors[page], limit: PAGE }).then((r) => ({ ...r, page }))
        : Promise.resolve(null),
    [on, country, collection, filter, cursors],
  );
  const rows = records.data?.page === page ? records.data.records : [];

  const fieldIds = new Set(labels.fields.map((f) => f.id));
  const columns = [
    ...labels.fields.map((f) => f.id).filter((id) => rows.some((r) => hasValue(r[id]))),
    ...DERIVED.filter((id) => !fieldIds.has(id) && rows.some((r) => hasValue(r[id]))),
  ];
  const withheld = status.grants
    .filter((g) => g.withheldFields.length > 0 && (!filter.owner || g.owner === filter.owner))
    .map((g) => t('sharing.data.withheldBy', { fields: g.withheldFields.map(labels.fieldLabel).join(sep), owner: unitName(g.owner) }));

  const header = (id: string) => (fieldIds.has(id) ? labels.fieldLabel(id) : t(`sharing.data.derived.${id}`));
  const cell = useRecordValue(labels);

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('sharing.data.recordsTitle')}</h2>
      <p>{t('sharing.data.recordsIntro')}</p>
      <p className="alert alert-warning">{t('sharing.data.recordsAudited')}</p>
      {withheld.length > 0 && (
        <p>
          {t('sharing.data.withheldIntro')} {withheld.join('; ')}
        </p>
      )}
      {!on ? (
        <button type="button" className="button-primary" onClick={() => setOn(true)}>
          {t('sharing.data.showRecords')}
        </button>
      ) : (
        <>
          {records.error !== null && <ErrorMessage error={records.error} />}
          {records.loading && !records.data ? (
            <Loading />
          ) : rows.length === 0 ? (
            <p>{page === 0 ? t('sharing.data.noRecords') : t('sharing.data.noMoreRecords')}</p>
          ) : (
            <>
              <p className="muted" role="status">
                {t('sharing.data.pageStatus', { page: page + 1, count: rows.length })} {t('sharing.data.emptyColumns')}
              </p>
              <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={recordsCaptionId}>
                <table className="data sharing-table records-table">
                  <caption id={recordsCaptionId} className="visually-hidden">
                    {t('sharing.data.recordsCaption', { country: unitName(country), page: page + 1 })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('sharing.data.owner')}</th>
                      {columns.map((id) => (
                        <th key={id} scope="col">
                          {header(id)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={`${String(r['owner'])}:${String(r['id'])}`}>
                        <th scope="row">{unitName(String(r['owner']))}</th>
                        {columns.map((id) => (
                          <td key={id} dir={labels.field(id)?.type === 'text' ? 'auto' : undefined}>
                            {cell(id, r[id])}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <div className="button-row pager">
            <button type="button" disabled={page === 0 || records.loading} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('sharing.data.previous')}
            </button>
            <button
              type="button"
              disabled={!records.data?.next || records.loading}
              onClick={() => {
                const next = records.data?.next;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              {t('sharing.data.next')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
