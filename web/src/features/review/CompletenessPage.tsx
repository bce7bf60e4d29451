/**
 * Completeness of a collection for a period: how many countries are at each state, and
 * which are missing or overdue. Choice of questionnaire and year is in the URL.
 */
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { reviewApi } from '../../api/endpoints.js';
import { hasRole } from '../../app/roles.js';
import { useMe } from '../../app/session.js';
import type { CompletenessRow } from '../../api/types.js';
import { useFormat } from '../../i18n/format.js';
import { shortName, useDefinitions, useDefinitionTitle } from '../../ui/definitions.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { SelectField } from '../../ui/SelectField.js';
import { Page } from '../../ui/Page.js';
import { Deadline, StateBadge } from '../../ui/StateBadge.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';

const STATES = ['not_started', 'draft', 'submitted', 'queried', 'returned', 'accepted', 'published'] as const;
const MISSING = new Set(['not_started', 'draft', 'returned']);

export default function CompletenessPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const definitions = useDefinitions();
  // Analysts and publishers see the counts; opening a submission is for reviewers and administrators.
  const canOpen = hasRole(useMe(), 'reviewer', 'administrator');
  const title = useDefinitionTitle();
  const [params, setParams] = useSearchParams();
  const lastYear = String(new Date().getFullYear() - 1);
  const definition = params.get('definition') ?? definitions?.[0]?.id ?? '';
  const period = params.get('period') ?? lastYear;
  const show = params.get('show') ?? 'all';
  const report = useLoad(() => (definition ? reviewApi.completeness(definition, period) : Promise.resolve(null)), [definition, period]);
  const set = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const years = Array.from({ length: 12 }, (_, i) => String(new Date().getFullYear() - i));

  const rows = (report.data?.countries ?? [])
    .filter((r: CompletenessRow) => show === 'all' || (show === 'missing' ? MISSING.has(r.state) : r.overdue))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || unitName(a.country).localeCompare(unitName(b.country), fmt.lang));

  return (
    <Page title={t('completeness.title')} subtitle={definition && `${title(definitions, definition)} · ${period}`}>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label={t('completeness.filters')}>
        <SelectField label={t('queue.definition')} value={definition} onChange={(e) => set('definition', e.target.value)}>
          {(definitions ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {shortName(d.id)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('common.period')} value={period} onChange={(e) => set('period', e.target.value)}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('completeness.show')} value={show} onChange={(e) => set('show', e.target.value)}>
          <option value="all">{t('completeness.showAll')}</option>
          <option value="missing">{t('completeness.showMissing')}</option>
          <option value="overdue">{t('completeness.showOverdue')}</option>
        </SelectField>
      </form>
      {report.error !== null && <ErrorMessage error={report.error} />}
      {report.loading && !report.data ? (
        <Loading />
      ) : (
        report.data && (
          <>
            <p>{report.data.deadline ? t('completeness.deadline', { date: fmt.date(report.data.deadline) }) : t('common.noDeadline')}</p>
            <ul className="cards list-plain" aria-label={t('completeness.counts')}>
              {STATES.map((s) => (
                <li key={s} className="card">
                  <div className="stat">{fmt.number(report.data!.counts[s] ?? 0)}</div>
                  <StateBadge state={s} />
                </li>
              ))}
              <li className="card">
                <div className="stat overdue">{fmt.number(report.data.counts['overdue'] ?? 0)}</div>
                <span className="badge badge-overdue">{t('common.overdue')}</span>
              </li>
            </ul>
            <p role="status" className="muted">
              {t('completeness.count', { count: rows.length })}
            </p>
            <div className="table-wrap">
              <table className="data">
                <caption className="visually-hidden">{t('completeness.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('queue.country')}</th>
                    <th scope="col">{t('common.state')}</th>
                    <th scope="col">{t('common.deadline')}</th>
                    <th scope="col">{t('common.submittedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.country} className={r.overdue ? 'row-overdue' : undefined}>
                      <th scope="row">
                        {r.submission && canOpen ? (
                          <Link to={`/submissions/${r.submission}`}>{unitName(r.country)}</Link>
                        ) : (
                          unitName(r.country)
                        )}
                      </th>
                      <td>
                        <StateBadge state={r.state} />
                      </td>
                      <td>
                        <Deadline date={r.deadline} overdue={r.overdue} format={fmt.date} />
                      </td>
                      <td>{r.submittedAt ? fmt.dateTime(r.submittedAt) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )
      )}
    </Page>
  );
}
