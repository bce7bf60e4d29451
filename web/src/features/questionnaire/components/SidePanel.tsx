/**
 * The side panel: the blocking list when a submission was refused, then the tabs — the
 * selected cell, the checks, the queries, and the consistency findings for those who may
 * read them — each one click (or F2 for the cell) away. Editors start on the cell;
 * readers (reviewers) on the checks.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useFindingsVersion, useGrid, useStoreVersion } from '../context.js';
import { BlockingList, type Blocking } from './BlockingList.js';
import { CellInspector, type InspectorTarget } from './CellInspector.js';
import { ChecksPanel } from './ChecksPanel.js';
import { FindingsPanel } from './FindingsPanel.js';
import { isActive } from '../model/findings.js';
import { QueriesPanel } from './QueriesPanel.js';

type Tab = 'cell' | 'checks' | 'queries' | 'findings';
export type SidePanelHandle = RefObject<{ open: (target?: InspectorTarget) => void; show: () => void } | null>;

export function SidePanel({
  handle,
  section,
  blocking,
  onCloseBlocking,
}: {
  handle: SidePanelHandle;
  section: string;
  blocking: Blocking | null;
  onCloseBlocking: () => void;
}) {
  const { t } = useTranslation();
  const g = useGrid();
  useStoreVersion(g.store);
  useFindingsVersion(g.findings);
  const TABS: Tab[] = g.findings.readable ? ['cell', 'checks', 'queries', 'findings'] : ['cell', 'checks', 'queries'];
  const [tab, setTab] = useState<Tab>(g.submission.canEdit ? 'cell' : 'checks');
  const [focusRequest, setFocusRequest] = useState<{ target: InspectorTarget | undefined; n: number } | null>(null);
  const tabs = useRef<HTMLDivElement>(null);

  useEffect(() => {
    handle.current = {
      open: (target) => {
        setTab('cell');
        setFocusRequest((r) => ({ target, n: (r?.n ?? 0) + 1 }));
      },
      show: () => setTab('cell'),
    };
    return () => {
      handle.current = null;
    };
  }, [handle]);

  const results = g.store.allResults();
  const problems = results.filter((r) => r.severity === 'error' || (r.severity === 'warning' && !r.resolved)).length;
  const openQueries = g.store.allQueries().filter((q) => q.state !== 'closed').length;
  const label: Record<Tab, string> = {
    cell: t('grid.side.cell'),
    checks: t('grid.side.checks', { count: problems }),
    queries: t('grid.side.queries', { count: openQueries }),
    findings: t('grid.side.findings', { count: g.findings.all().filter(isActive).length }),
  };

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const i = TABS.indexOf(tab);
    const rtl = document.documentElement.dir === 'rtl';
    const step = e.key === (rtl ? 'ArrowLeft' : 'ArrowRight') ? 1 : e.key === (rtl ? 'ArrowRight' : 'ArrowLeft') ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = TABS[(i + step + TABS.length) % TABS.length]!;
    setTab(next);
    requestAnimationFrame(() => (tabs.current?.querySelector(`#side-tab-${next}`) as HTMLElement | null)?.focus());
  }

  return (
    <aside className="workspace-side" aria-label={t('grid.sidePanel')}>
      {blocking && <BlockingList blocking={blocking} onClose={onCloseBlocking} />}
      <div ref={tabs} role="tablist" aria-label={t('grid.sidePanel')} className="side-tabs" onKeyDown={onKeyDown}>
        {TABS.map((id) => (
          <button
            key={id}
            id={`side-tab-${id}`}
            type="button"
            role="tab"
            aria-selected={tab === id}
            aria-controls={`side-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            className="side-tab"
            onClick={() => setTab(id)}
          >
            {label[id]}
          </button>
        ))}
      </div>
      <div id={`side-panel-${tab}`} role="tabpanel" aria-labelledby={`side-tab-${tab}`} className="side-panel">
        {tab === 'cell' && <CellInspector focusRequest={focusRequest} />}
        {tab === 'checks' && <ChecksPanel section={section} />}
        {tab === 'queries' && <QueriesPanel />}
        {tab === 'findings' && <FindingsPanel />}
      </div>
    </aside>
  );
}
