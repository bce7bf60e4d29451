/**
 * One item of the questionnaire as tables: label, unit and help, then a table per group
 * of its extra dimensions, rows and columns labelled with <th scope> so screen readers
 * announce the categories of each cell. Sparse items (a country list) show only the rows
 * in use and a control to add one.
 */
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useGrid } from '../context.js';
import type { AxisCode, ItemLayout, TableGroup } from '../model/layout.js';
import { GridCell } from './GridCell.js';
import { ItemQueries } from './ItemQueries.js';

/**
 * `maxCells` limits the first render (the rest follows in a transition, see SectionGrid);
 * null renders everything.
 */
export const ItemTable = memo(function ItemTable({ layout, maxCells }: { layout: ItemLayout; maxCells: number | null }) {
  const { t } = useTranslation();
  const g = useGrid();
  const { item, rows, columns, groups } = layout;
  const label = g.labels.item(item.id);
  const help = item.help ? g.fmt.name(item.help) : null;
  const headingId = `item-${item.id}`;
  const unit = item.unit ? t(`units.${item.unit}`, { defaultValue: item.unit }) : null;

  // Sparse rows: those holding anything when the section opened, plus the ones added since.
  const [added, setAdded] = useState<string[]>([]);
  const initialRows = useMemo(() => {
    if (!layout.sparse || !rows) return null;
    const used = new Set<string>();
    for (const r of rows.codes)
      for (const group of groups)
        for (const c of columns?.codes ?? [null]) {
          const key = layout.keyAt(r.code, c?.code ?? null, group);
          if (key && (g.store.cell(key).value || g.store.resultsOf(key).length || g.store.queriesOf(key).length)) used.add(r.code);
        }
    return used;
  }, [layout, rows, columns, groups, g.store]);

  const visibleRows: AxisCode[] | null = rows
    ? layout.sparse
      ? rows.codes
          .filter((c) => initialRows?.has(c.code) || added.includes(c.code))
          .sort((a, b) => g.labels.code(rows.dimension.id, a.code).localeCompare(g.labels.code(rows.dimension.id, b.code), g.fmt.lang))
      : rows.codes
    : null;

  const groupCaption = (group: TableGroup) =>
    layout.groupAxes
      .map((a) => `${g.labels.dimension(a.dimension.id)}: ${g.labels.code(a.dimension.id, group.at[a.dimension.id]!)}`)
      .join(' · ');

  const cellLabel = (row: string | null, column: string | null, group: TableGroup) => {
    const parts: string[] = [];
    if (rows && row) parts.push(g.labels.code(rows.dimension.id, row));
    if (columns && column) parts.push(g.labels.code(columns.dimension.id, column));
    for (const a of layout.groupAxes) parts.push(g.labels.code(a.dimension.id, group.at[a.dimension.id]!));
    return parts.length ? `${label} — ${parts.join(g.labels.separator)}` : label;
  };

  return (
    <section className="item" aria-labelledby={headingId}>
      <div className="item-head">
        <h3 id={headingId}>
          {label}
          {unit && <span className="item-unit"> ({unit})</span>}
        </h3>
        {item.readonly && <span className="badge badge-readonly">{t('grid.filledByOffice')}</span>}
      </div>
      {help && <p className="item-help">{help}</p>}
      <ItemQueries itemId={item.id} />
      {shownGroups(groups, visibleRows, columns?.codes.length ?? 1, maxCells).map(({ group, rows: rowsShown }, gi) => (
        <div className="table-wrap" key={gi}>
          <table className="item-table">
            {layout.groupAxes.length > 0 && <caption>{groupCaption(group)}</caption>}
            <thead>
              <tr>
                <th scope="col" className="corner">
                  {rows ? g.labels.dimension(rows.dimension.id) : <span className="visually-hidden">{label}</span>}
                </th>
                {columns ? (
                  columns.codes.map((c) => (
                    <th scope="col" key={c.code} className={c.total ? 'total' : undefined}>
                      {g.labels.code(columns.dimension.id, c.code)}
                    </th>
                  ))
                ) : (
                  <th scope="col">{t('grid.value')}</th>
                )}
              </tr>
            </thead>
            <tbody>
              {rowsShown.map((r) => (
                <tr key={r?.code ?? '_'} className={r?.total || r?.group ? 'total' : undefined}>
                  <th scope="row" className={`row-head depth-${Math.min(r?.depth ?? 0, 4)}`}>
                    {r ? g.labels.code(rows!.dimension.id, r.code) : label}
                  </th>
                  {(columns?.codes ?? [null]).map((c) => {
                    const key = layout.keyAt(r?.code ?? null, c?.code ?? null, group);
                    return key ? (
                      <GridCell key={key} cellKey={key} label={cellLabel(r?.code ?? null, c?.code ?? null, group)} />
                    ) : (
                      <td key={c?.code ?? '_'} className="not-asked">
                        <span aria-hidden="true">—</span>
                        <span className="visually-hidden">{t('grid.notAsked')}</span>
                      </td>
                    );
                  })}
                </tr>
              ))}
              {visibleRows && visibleRows.length === 0 && (
                <tr>
                  <td colSpan={(columns?.codes.length ?? 1) + 1} className="muted">
                    {t('grid.sparseEmpty')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      ))}
      {layout.sparse && rows && g.store.editable(layout.keyAt(rows.codes[0]!.code, columns?.codes[0]?.code ?? null, groups[0]!) ?? '') && (
        <AddRow
          layout={layout}
          visible={new Set(visibleRows?.map((r) => r.code))}
          onAdd={(code) => {
            setAdded((a) => [...a, code]);
            requestAnimationFrame(() => {
              const key = layout.keyAt(code, columns?.codes[0]?.code ?? null, groups[0]!);
              if (key) (document.querySelector(`[data-cell="${CSS.escape(key)}"]`) as HTMLElement | null)?.focus();
            });
          }}
        />
      )}
    </section>
  );
});

/** The groups and rows to render within a budget of cells (all of them when there is none). */
function shownGroups(groups: TableGroup[], rows: AxisCode[] | null, columns: number, maxCells: number | null) {
  const all: Array<AxisCode | null> = rows ?? [null];
  if (maxCells === null) return groups.map((group) => ({ group, rows: all }));
  const out: Array<{ group: TableGroup; rows: Array<AxisCode | null> }> = [];
  let left = maxCells;
  for (const group of groups) {
    const n = Math.min(all.length, Math.max(0, Math.floor(left / columns)));
    if (n === 0) break;
    out.push({ group, rows: all.slice(0, n) });
    left -= n * columns;
  }
  return out;
}

function AddRow({ layout, visible, onAdd }: { layout: ItemLayout; visible: Set<string>; onAdd: (code: string) => void }) {
  const { t } = useTranslation();
  const g = useGrid();
  const rows = layout.rows!;
  const [choice, setChoice] = useState('');
  const options = rows.codes
    .filter((c) => !visible.has(c.code))
    .map((c) => ({ code: c.code, name: g.labels.code(rows.dimension.id, c.code) }))
    .sort((a, b) => a.name.localeCompare(b.name, g.fmt.lang));
  const id = `add-${layout.item.id}`;
  return (
    <div className="add-row">
      <label htmlFor={id}>{t('grid.addRow', { dimension: g.labels.dimension(rows.dimension.id) })}</label>
      <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">{t('grid.addRowPick')}</option>
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={!choice}
        onClick={() => {
          onAdd(choice);
          setChoice('');
        }}
      >
        {t('grid.addRowButton')}
      </button>
    </div>
  );
}
