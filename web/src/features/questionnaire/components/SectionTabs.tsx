/**
 * Sections as tabs (WAI-ARIA tabs: arrow keys move between tabs, Tab enters the panel),
 * each with its count of errors and unresolved warnings.
 */
import { useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Section } from '@observatory/core';
import { useGrid, useStoreVersion } from '../context.js';
import { itemOfKey } from '../model/store.js';

export function SectionTabs({ sections, current, onSelect }: { sections: Section[]; current: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const g = useGrid();
  const version = useStoreVersion(g.store);
  const list = useRef<HTMLDivElement>(null);

  const counts = useMemo(() => {
    void version;
    const out = new Map<string, { errors: number; warnings: number }>();
    for (const r of g.store.allResults()) {
      const section = g.compiled.itemById.get(itemOfKey(r.cell))?.section;
      if (!section) continue;
      const c = out.get(section) ?? { errors: 0, warnings: 0 };
      if (r.severity === 'error') c.errors += 1;
      else if (r.severity === 'warning' && !r.resolved) c.warnings += 1;
      out.set(section, c);
    }
    return out;
  }, [g.store, g.compiled, version]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const i = sections.findIndex((s) => s.id === current);
    const rtl = document.documentElement.dir === 'rtl';
    let next = -1;
    if (e.key === (rtl ? 'ArrowLeft' : 'ArrowRight')) next = (i + 1) % sections.length;
    else if (e.key === (rtl ? 'ArrowRight' : 'ArrowLeft')) next = (i - 1 + sections.length) % sections.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = sections.length - 1;
    if (next < 0) return;
    e.preventDefault();
    onSelect(sections[next]!.id);
    requestAnimationFrame(() => (list.current?.querySelector(`#tab-${CSS.escape(sections[next]!.id)}`) as HTMLElement | null)?.focus());
  }

  return (
    <div ref={list} role="tablist" aria-label={t('grid.sections')} className="section-tabs" onKeyDown={onKeyDown}>
      {sections.map((s, i) => {
        const c = counts.get(s.id);
        const selected = s.id === current;
        const editable = g.submission.editableSections.includes(s.id);
        return (
          <button
            key={s.id}
            id={`tab-${s.id}`}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={`panel-${s.id}`}
            tabIndex={selected ? 0 : -1}
            className="section-tab"
            onClick={() => onSelect(s.id)}
          >
            <span className="section-tab-number">{i + 1}</span>
            <span>{g.fmt.name(s.label, s.id)}</span>
            {c && c.errors > 0 && <span className="badge badge-error">{t('grid.tabErrors', { count: c.errors })}</span>}
            {c && c.warnings > 0 && <span className="badge badge-warning">{t('grid.tabWarnings', { count: c.warnings })}</span>}
            {g.submission.canEdit && !editable && <span className="badge badge-readonly">{t('grid.notYours')}</span>}
          </button>
        );
      })}
    </div>
  );
}
