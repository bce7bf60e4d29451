/** A ranked answer (e.g. main countries of origin): one choice per rank, from the item's code list. */
import { useTranslation } from 'react-i18next';
import type { Item } from '@observatory/core';
import { useCellState, useGrid } from '../context.js';

export function RankingEditor({ cellKey, item }: { cellKey: string; item: Item }) {
  const { t } = useTranslation();
  const g = useGrid();
  const state = useCellState(g.store, cellKey);
  const ranks = item.ranks ?? 5;
  const current = state.value?.kind === 'ranking' ? state.value.value : [];
  const list = item.codeList ?? '';
  const options = (g.compiled.codeLists.get(list)?.codes ?? [])
    .map((c) => ({ code: c.code, name: g.labels.listCode(list, c.code) }))
    .sort((a, b) => a.name.localeCompare(b.name, g.fmt.lang));

  const set = (rank: number, code: string) => {
    const next = Array.from({ length: ranks }, (_, i) => (i === rank ? code : (current[i] ?? '')));
    // Ranks close up: an emptied rank lets the next ones move up.
    const codes = next.filter(Boolean);
    g.store.edit(cellKey, { value: codes.length ? { kind: 'ranking', value: codes } : null });
  };

  return (
    <fieldset className="ranking">
      <legend>{t('grid.inspector.ranking', { count: ranks })}</legend>
      <ol>
        {Array.from({ length: ranks }, (_, i) => (
          <li key={i}>
            <select
              aria-label={t('grid.inspector.rank', { rank: i + 1 })}
              value={current[i] ?? ''}
              disabled={i > current.length}
              data-inspector-target={i === 0 ? 'value' : undefined}
              onChange={(e) => set(i, e.target.value)}
            >
              <option value="">{t('grid.inspector.rankNone')}</option>
              {options
                .filter((o) => o.code === current[i] || !current.includes(o.code))
                .map((o) => (
                  <option key={o.code} value={o.code}>
                    {o.name}
                  </option>
                ))}
            </select>
          </li>
        ))}
      </ol>
    </fieldset>
  );
}
