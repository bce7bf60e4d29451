/**
 * A reviewer's next steps: submissions waiting for review (oldest first), those waiting
 * for the country, and links to the queue and the completeness dashboard.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { submissionsApi } from '../../api/endpoints.js';
import { useFormat } from '../../i18n/format.js';
import { shortName } from '../../ui/definitions.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { Deadline, StateBadge } from '../../ui/StateBadge.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';

export function ReviewerWork() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const list = useLoad(() => submissionsApi.list(), []);
  const all = (list.data ?? []).filter((s) => s.origin !== 'history');
  const toReview = all.filter((s) => s.state === 'submitted').sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
  const waiting = all.filter((s) => s.state === 'queried');
  const returned = all.filter((s) => s.state === 'returned');

  return (
    <section aria-labelledby="review-work">
      <h2 id="review-work">{t('home.review.title')}</h2>
      {list.error !== null && <ErrorMessage error={list.error} />}
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <>
          <div className="cards">
            <div className="card">
              <div className="stat">{fmt.number(toReview.length)}</div>
              <div>{t('home.review.toReview')}</div>
            </div>
            <div className="card">
              <div className="stat">{fmt.number(waiting.length)}</div>
              <div>{t('home.review.waiting')}</div>
            </div>
            <div className="card">
              <div className="stat">{fmt.number(returned.length)}</div>
              <div>{t('home.review.returned')}</div>
            </div>
          </div>
          <div className="card">
            <div className="section-heading">
              <h3>{t('home.review.next')}</h3>
              <span>
                <Link to="/review">{t('home.review.queue')}</Link> · <Link to="/completeness">{t('nav.completeness')}</Link>
              </span>
            </div>
            {toReview.length === 0 ? (
              <p className="muted">{t('home.review.none')}</p>
            ) : (
              <ul className="todo-list">
                {toReview.slice(0, 10).map((s) => (
                  <li key={s.id}>
                    <strong>{unitName(s.country)}</strong>
                    <span>
                      {shortName(s.definition)} {s.period}
                    </span>
                    <StateBadge state={s.state} />
                    {s.submittedAt && <span className="muted">{t('home.review.submittedOn', { date: fmt.dateTime(s.submittedAt) })}</span>}
                    <Deadline date={s.deadline} overdue={s.overdue} format={fmt.date} />
                    <Link to={`/submissions/${s.id}`}>
                      {t('home.review.open', { name: `${unitName(s.country)} ${shortName(s.definition)} ${s.period}` })}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
    </section>
  );
}
