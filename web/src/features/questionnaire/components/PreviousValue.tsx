/** Last year's value under a cell, with the change, for year-on-year comparison. */
import type { CellValue } from '@observatory/core';
import { useGrid } from '../context.js';

export function PreviousValue({ cellKey, current }: { cellKey: string; current: CellValue | null }) {
  const g = useGrid();
  const { t } = g;
  const prev = g.store.previous?.get(cellKey)?.value ?? null;
  const codeList = g.compiled.cellByKey.get(cellKey)?.item.codeList;
  // Nothing last year: no line, so the grid stays calm.
  if (!prev) return null;
  let change: string | null = null;
  let large = false;
  if (prev.kind === 'number' && current?.kind === 'number' && prev.value !== 0) {
    const ratio = (current.value - prev.value) / Math.abs(prev.value);
    change = g.fmt.percent(ratio);
    large = Math.abs(ratio) >= 0.5;
  }
  return (
    <span className={large ? 'cell-prev cell-prev-large' : 'cell-prev'}>
      {t('grid.prevValue', { period: g.previousPeriod ?? '', value: g.values.display(prev, codeList) })}
      {change && ` (${change})`}
    </span>
  );
}
