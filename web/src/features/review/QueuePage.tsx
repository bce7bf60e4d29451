/**
 * The reviewer's queue: every submission with its state, dates and open queries, filtered
 * by state, questionnaire, period and country, oldest waiting first. Filters live in the
 * URL so a filtered queue can be bookmarked or shared.
 */
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { SubmissionState, SubmissionView } from '@observatory/core';
import { submissionsApi } from '../../api/endpoints.js';
import { useFormat } from '../../i18n/format.js';
import { shortName, useDefinitions } from '../../ui/definitions.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { SelectField } from '../../ui/SelectField.js';
import { Page } from '../../ui/Page.js';
import { Deadline, StateBadge } from '../../ui/StateBadge.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';

const STATE_ORDER: SubmissionState[] = ['submitted', 'queried', 'returned', 'draft', 'accepted', 'published'];
const VIEWS = {
  review: ['submitted'],
  waiting: ['queried', 'returned'],
  open: ['draft'],
  done: ['accepted', 'published'],
  all: STATE_ORDER,
} as const;
type View = keyof typeof VIEWS;

export default function QueuePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const definitions = useDefinitions();
  const [params, setParams] = useSearchParams();
  const list = useLoad(() => submissionsApi.list(), []);

  const view = (params.get('view') ?? 'review') as View;
  const definition = params.get('definition') ?? '';
  const period = params.get('period') ?? '';
  const country = (params.get('country') ?? '').trim().toLocaleLowerCase();
  const set = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const all = (list.data ?? []).filter((s) => s.origin !== 'history');
  const periods = [...new Set(all.map((s) => s.period))].sort().reverse();
  const states: readonly SubmissionState[] = VIEWS[view] ?? VIEWS.review;
  const rows = all
    .filter(
      (s) =>
        states.includes(s.state) &&
        (!definition || s.definition === definition) &&
        (!period || s.period === period) &&
        (!country || s.country.toLowerCase().includes(country) || unitName(s.country).toLocaleLowerCase().includes(country)),
    )
    .sort(byUrgency);

  return (
    <Page title={t('queue.title')}>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label={t('queue.filters')}>
        <SelectField label={t('queue.view')} value={view} onChange={(e) => set('view', e.target.value)}>
          {(Object.keys(VIEWS) as View[]).map((v) => (
            <option key={v} value={v}>
              {t(`queue.views.${v}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('queue.definition')} value={definition} onChange={(e) => set('definition', e.target.value)}>
          <option value="">{t('common.all')}</option>
          {(definitions ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {shortName(d.id)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('common.period')} value={period} onChange={(e) => set('period', e.target.value)}>
          <option value="">{t('common.all')}</option>
          {periods.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </SelectField>
        <label>
          {t('queue.country')}
          <input type="search" defaultValue={params.get('country') ?? ''} onChange={(e) => set('country', e.target.value)} />
        </label>
      </form>
      {list.error !== null && <ErrorMessage error={list.error} />}
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <>
          <p role="status" className="muted">
            {t('queue.count', { count: rows.length })}
          </p>
          {rows.length > 0 && (
            <div className="table-wrap">
              <table className="data">
                <caption className="visually-hidden">{t('queue.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('queue.country')}</th>
                    <th scope="col">{t('queue.definition')}</th>
                    <th scope="col">{t('common.period')}</th>
                    <th scope="col">{t('common.state')}</th>
                    <th scope="col">{t('common.submittedAt')}</th>
                    <th scope="col">{t('common.deadline')}</th>
                    <th scope="col" className="num">
                      {t('common.openQueries')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((s) => (
                    <tr key={s.id} className={s.overdue ? 'row-overdue' : undefined}>
                      <th scope="row">
                        <Link to={`/submissions/${s.id}`}>{unitName(s.country)}</Link>
                      </th>
                      <td>{shortName(s.definition)}</td>
                      <td>{s.period}</td>
                      <td>
                        <StateBadge state={s.state} />
                      </td>
                      <td>{s.submittedAt ? fmt.dateTime(s.submittedAt) : '—'}</td>
                      <td>
                        <Deadline date={s.deadline} overdue={s.overdue} format={fmt.date} />
                      </td>
                      <td className="num">{fmt.number(s.openQueries)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Page>
  );
}

/** Waiting longest first: by state (to review first), then submission date, then deadline. */
function byUrgency(a: SubmissionView, b: SubmissionView): number {
  return (
    STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) ||
    (a.submittedAt ?? '9999').localeCompare(b.submittedAt ?? '9999') ||
    (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999')
  );
}
