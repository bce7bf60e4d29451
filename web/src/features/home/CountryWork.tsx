/**
 * A country's work for a focal point or data provider: what to do next, the
 * questionnaires by collection and period (state, deadline, open queries), and, for the
 * focal point, opening a new questionnaire.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SubmissionView } from '@observatory/core';
import { submissionsApi } from '../../api/endpoints.js';
import { collectionsIn, hasRole } from '../../app/roles.js';
import { useMe } from '../../app/session.js';
import { useFormat } from '../../i18n/format.js';
import { shortName, useDefinitions, useDefinitionTitle } from '../../ui/definitions.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { Deadline, StateBadge } from '../../ui/StateBadge.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';
import { StartSubmission } from './StartSubmission.js';
import { todosOf } from './todo.js';

export function CountryWork({ country }: { country: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const unitName = useUnitName();
  const definitions = useDefinitions();
  const list = useLoad(() => submissionsApi.list({ country }), [country]);
  const focal = hasRole(me, 'focal_point') && collectionsIn(me, country, 'focal_point').length > 0;
  const mine = collectionsIn(me, country, 'focal_point', 'provider');
  const startable = (definitions ?? []).filter((d) => collectionsIn(me, country, 'focal_point').includes(d.collection));

  const byDefinition = new Map<string, SubmissionView[]>();
  for (const s of list.data ?? []) byDefinition.set(s.definition, [...(byDefinition.get(s.definition) ?? []), s]);

  return (
    <section aria-labelledby={`country-${country}`} className="home-country">
      <h2 id={`country-${country}`}>{t('home.country.title', { country: unitName(country) })}</h2>
      {list.error !== null && <ErrorMessage error={list.error} />}
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        list.data && (
          <>
            <NextSteps submissions={list.data} />
            {(definitions ?? [])
              .filter((d) => mine.includes(d.collection))
              .map((d) => (
                <SubmissionTable key={d.id} definitionId={d.id} submissions={byDefinition.get(d.id) ?? []} definitions={definitions} />
              ))}
            {focal && startable.length > 0 && (
              <StartSubmission country={country} definitions={startable} existing={list.data} onCreated={list.reload} />
            )}
          </>
        )
      )}
    </section>
  );
}

function NextSteps({ submissions }: { submissions: SubmissionView[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const todos = todosOf(submissions);
  const name = (s: SubmissionView) => t('home.submissionName', { name: shortName(s.definition), period: s.period });
  return (
    <div className="card">
      <h3>{t('home.next.title')}</h3>
      {todos.length === 0 ? (
        <p className="muted">{t('home.next.none')}</p>
      ) : (
        <ul className="todo-list">
          {todos.map(({ kind, submission: s, urgent }) => (
            <li key={`${kind}-${s.id}`} className={urgent ? 'todo-urgent' : ''}>
              <span>
                {t(`home.next.${kind}`, {
                  name: name(s),
                  count: s.openQueries,
                  deadline: s.deadline ? fmt.date(s.deadline) : '—',
                })}
              </span>
              <Link to={`/submissions/${s.id}`}>{t('home.open', { name: name(s) })}</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function SubmissionTable({
  definitionId,
  submissions,
  definitions,
}: {
  definitionId: string;
  submissions: SubmissionView[];
  definitions: ReturnType<typeof useDefinitions>;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const title = useDefinitionTitle();
  const headingId = `def-${definitionId}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {shortName(definitionId)} <span className="muted">— {title(definitions, definitionId)}</span>
      </h3>
      {submissions.length === 0 ? (
        <p className="muted">{t('home.noSubmissions')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{t('home.tableCaption', { name: shortName(definitionId) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.period')}</th>
                <th scope="col">{t('common.state')}</th>
                <th scope="col">{t('common.deadline')}</th>
                <th scope="col">{t('common.submittedAt')}</th>
                <th scope="col">{t('common.openQueries')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...submissions]
                .sort((a, b) => b.period.localeCompare(a.period))
                .map((s) => (
                  <tr key={s.id} className={s.overdue ? 'row-overdue' : undefined}>
                    <th scope="row">{s.period}</th>
                    <td>
                      <StateBadge state={s.state} />
                    </td>
                    <td>
                      <Deadline date={s.deadline} overdue={s.overdue} format={fmt.date} />
                    </td>
                    <td>{s.submittedAt ? fmt.dateTime(s.submittedAt) : '—'}</td>
                    <td className="num">
                      {s.openQueries > 0 ? <span className="badge badge-count">{fmt.number(s.openQueries)}</span> : fmt.number(0)}
                    </td>
                    <td>
                      <Link to={`/submissions/${s.id}`}>
                        {s.canEdit
                          ? t('home.fill', { name: `${shortName(s.definition)} ${s.period}` })
                          : t('home.view', { name: `${shortName(s.definition)} ${s.period}` })}
                      </Link>
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
