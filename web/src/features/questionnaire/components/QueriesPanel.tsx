/** Every query on the submission, open ones first, each linked to its cell or item. */
import { useTranslation } from 'react-i18next';
import type { QueryView } from '@observatory/core';
import { useGrid, useStoreVersion } from '../context.js';
import { QueryThread } from './QueryThread.js';
import { canRaise, RaiseQuery } from './RaiseQuery.js';

const RANK: Record<QueryView['state'], number> = { open: 0, answered: 1, closed: 2 };

export function QueriesPanel() {
  const { t } = useTranslation();
  const g = useGrid();
  useStoreVersion(g.store);
  const queries = [...g.store.allQueries()].sort((a, b) => RANK[a.state] - RANK[b.state] || a.createdAt.localeCompare(b.createdAt));
  const open = queries.filter((q) => q.state !== 'closed').length;

  const target = (q: QueryView) =>
    q.cell ? (
      <button type="button" className="button-link" onClick={() => g.goToCell(q.cell!)}>
        {g.labels.cell(q.cell)}
      </button>
    ) : q.item ? (
      <span>{g.labels.item(q.item)}</span>
    ) : (
      <span>{t('queries.onSubmission')}</span>
    );

  return (
    <section className="side-card" aria-labelledby="queries-title">
      <div className="side-card-head">
        <h2 id="queries-title" className="visually-hidden">
          {t('queries.title')}
        </h2>
        <span className="badge badge-count">{t('queries.openCount', { count: open })}</span>
      </div>
      {queries.length === 0 && <p className="muted">{t('queries.none')}</p>}
      {queries.map((q) => (
        <QueryThread key={q.id} query={q} heading={target(q)} />
      ))}
      {g.reviewer && canRaise(g.submission.state) && (
        <details>
          <summary>{t('queries.raiseGeneral')}</summary>
          <RaiseQuery />
        </details>
      )}
    </section>
  );
}
