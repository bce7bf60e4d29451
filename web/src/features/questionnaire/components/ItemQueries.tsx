/** Queries the reviewer raised on a whole item, shown above its table. */
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useGrid } from '../context.js';
import { QueryThread } from './QueryThread.js';

export function ItemQueries({ itemId }: { itemId: string }) {
  const { t } = useTranslation();
  const g = useGrid();
  const queries = useSyncExternalStore(g.store.subscribe, () => g.store.itemQueriesOf(itemId));
  if (queries.length === 0) return null;
  return (
    <div className="item-queries">
      {queries.map((q) => (
        <QueryThread key={q.id} query={q} heading={t('queries.onItem')} />
      ))}
    </div>
  );
}
