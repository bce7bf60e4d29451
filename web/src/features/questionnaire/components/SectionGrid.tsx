/**
 * The current section of the questionnaire: its items as tables, and the keyboard
 * behaviour of a spreadsheet over all of them (arrows, Enter / Shift+Enter, Tab, Escape
 * to undo the cell's edit, F2 for the cell's details). Only this section is rendered.
 */
import { startTransition, useEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { CellFlags, CellValue, Section } from '@observatory/core';
import { useGrid } from '../context.js';
import { atEdge, neighbour, type Move } from '../model/keyboard.js';
import { itemsOfSection, layoutItem } from '../model/layout.js';
import { ItemTable } from './ItemTable.js';

/**
 * Cells rendered at once when a section opens; the rest follows in a transition, so the
 * first tables show (and take input) while the long ones finish (ARQ seizures: 1,028 cells).
 */
const FIRST_CELLS = 250;

interface Snapshot {
  key: string;
  value: CellValue | null;
  flags: CellFlags;
  comment: string | null;
}

export function SectionGrid({ section, focusRequest }: { section: Section; focusRequest: { key: string; n: number } | null }) {
  const g = useGrid();
  const container = useRef<HTMLDivElement>(null);
  const snapshot = useRef<Snapshot | null>(null);
  const editing = useRef(false);
  const layouts = useMemo(
    () => itemsOfSection(g.compiled, section.id).map((item) => layoutItem(g.compiled, item)),
    [g.compiled, section.id],
  );
  const help = section.help ? g.fmt.name(section.help) : null;
  const [complete, setComplete] = useState(false);
  useEffect(() => startTransition(() => setComplete(true)), []);

  // The budget of the first render, spread over the items in order.
  const budgets = useMemo(() => {
    let left = FIRST_CELLS;
    return layouts.map((l) => {
      const size = (l.rows?.codes.length ?? 1) * (l.columns?.codes.length ?? 1) * l.groups.length;
      const mine = left;
      left = Math.max(0, left - size);
      return mine;
    });
  }, [layouts]);

  useEffect(() => {
    if (!focusRequest) return;
    // The cell may be in the part of the section still rendering: look again for a moment.
    let frames = 0;
    let handle = 0;
    const find = () => {
      const el = container.current?.querySelector(`[data-cell="${CSS.escape(focusRequest.key)}"]`) as HTMLElement | null;
      if (el) {
        el.focus();
        el.scrollIntoView({ block: 'center', inline: 'nearest' });
      } else if (frames++ < 60) handle = requestAnimationFrame(find);
    };
    find();
    return () => cancelAnimationFrame(handle);
  }, [focusRequest, section.id]);

  function onFocus(e: FocusEvent<HTMLDivElement>) {
    const key = (e.target as HTMLElement).dataset.cell;
    if (!key) return;
    const c = g.store.cell(key);
    snapshot.current = { key, value: c.value, flags: c.flags, comment: c.comment };
    editing.current = false;
    if (e.target instanceof HTMLInputElement) e.target.select();
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const el = e.target as HTMLElement;
    const key = el.dataset.cell;
    if (!key || !container.current || e.altKey || e.metaKey || e.ctrlKey) return;
    const rtl = document.documentElement.dir === 'rtl';
    const item = g.compiled.cellByKey.get(key)?.item;
    let move: Move | null = null;
    switch (e.key) {
      case 'ArrowDown':
        move = 'down';
        break;
      case 'ArrowUp':
        move = 'up';
        break;
      case 'ArrowRight':
      case 'ArrowLeft': {
        const logical = (e.key === 'ArrowRight') !== rtl ? 'next' : 'prev';
        if (atEdge(el, logical, editing.current, rtl)) move = logical;
        break;
      }
      case 'Enter':
        if (item?.type === 'ranking' && g.store.editable(key)) {
          e.preventDefault();
          g.openInspector('value');
          return;
        }
        move = e.shiftKey ? 'up' : 'down';
        break;
      case 'Escape': {
        const snap = snapshot.current;
        const c = g.store.cell(key);
        if (snap && snap.key === key && (c.text !== null || c.value !== snap.value)) {
          e.preventDefault();
          if (c.value !== snap.value) g.store.edit(key, { value: snap.value, flags: snap.flags, comment: snap.comment });
          g.store.revertText(key);
          editing.current = false;
          requestAnimationFrame(() => (el as HTMLInputElement).select?.());
        }
        return;
      }
      case 'F2':
        e.preventDefault();
        g.openInspector();
        return;
      default:
        return;
    }
    if (!move) return;
    const target = neighbour(el, move, container.current);
    e.preventDefault();
    if (target) {
      target.focus();
      target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  return (
    <div
      ref={container}
      className="section-grid"
      onFocus={onFocus}
      onKeyDown={onKeyDown}
      onInput={() => {
        editing.current = true;
      }}
    >
      {help && <p className="section-help">{help}</p>}
      {layouts.map((layout, i) =>
        complete || budgets[i]! > 0 ? <ItemTable key={layout.item.id} layout={layout} maxCells={complete ? null : budgets[i]!} /> : null,
      )}
    </div>
  );
}
