/**
 * Spreadsheet movement between cells, computed on the DOM: the cell in the same column of
 * the next or previous row (skipping cells the definition does not ask), continuing into
 * the next or previous table of the section; left and right within the row, mirrored in
 * right-to-left layouts.
 */
export type Move = 'up' | 'down' | 'next' | 'prev';

const controlIn = (cell: Element | null | undefined): HTMLElement | null =>
  (cell?.querySelector('input[data-cell], select[data-cell]') as HTMLElement | null) ?? null;

function inRow(row: HTMLTableRowElement, column: number): HTMLElement | null {
  const exact = controlIn(row.cells[column]);
  if (exact) return exact;
  // Tables of a section differ in width: take the nearest asked cell of the row.
  for (let d = 1; d < row.cells.length; d += 1) {
    const found = controlIn(row.cells[column - d]) ?? controlIn(row.cells[column + d]);
    if (found) return found;
  }
  return null;
}

function bodyRows(table: HTMLTableElement): HTMLTableRowElement[] {
  return Array.from(table.tBodies).flatMap((b) => Array.from(b.rows));
}

export function neighbour(from: HTMLElement, move: Move, container: HTMLElement): HTMLElement | null {
  const td = from.closest('td');
  const tr = td?.parentElement as HTMLTableRowElement | null;
  const table = td?.closest('table') as HTMLTableElement | null;
  if (!td || !tr || !table) return null;

  if (move === 'next' || move === 'prev') {
    let sibling = move === 'next' ? td.nextElementSibling : td.previousElementSibling;
    while (sibling) {
      const c = controlIn(sibling);
      if (c) return c;
      sibling = move === 'next' ? sibling.nextElementSibling : sibling.previousElementSibling;
    }
    return null;
  }

  const column = td.cellIndex;
  const rows = bodyRows(table);
  const at = rows.indexOf(tr);
  const step = move === 'down' ? 1 : -1;
  for (let i = at + step; i >= 0 && i < rows.length; i += step) {
    const c = controlIn(rows[i]!.cells[column]);
    if (c) return c;
  }
  const tables = Array.from(container.querySelectorAll('table.item-table')) as HTMLTableElement[];
  for (let ti = tables.indexOf(table) + step; ti >= 0 && ti < tables.length; ti += step) {
    const r = bodyRows(tables[ti]!);
    const ordered = move === 'down' ? r : [...r].reverse();
    for (const row of ordered) {
      const c = inRow(row, column);
      if (c) return c;
    }
  }
  return null;
}

/** Whether left/right should leave the cell: always unless the user is editing text mid-way. */
export function atEdge(el: HTMLElement, move: 'next' | 'prev', editing: boolean, rtl: boolean): boolean {
  if (!(el instanceof HTMLInputElement) || !editing || el.readOnly) return true;
  const { selectionStart, selectionEnd, value } = el;
  if (selectionStart === null || selectionEnd === null || selectionStart !== selectionEnd) return false;
  // In right-to-left text the logical start is on the right.
  const towardsEnd = rtl ? move === 'prev' : move === 'next';
  return towardsEnd ? selectionEnd === value.length : selectionStart === 0;
}
