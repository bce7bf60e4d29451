/**
 * The validation results: errors, then warnings still to explain, then the rest; for
 * this section or all. Each links to its cell; a warning can be acknowledged (or needs
 * a comment, when its rule says so).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationResult } from '@observatory/core';
import { submissionsApi } from '../../../api/endpoints.js';
import { announce } from '../../../ui/announce.js';
import { ErrorMessage } from '../../../ui/ErrorMessage.js';
import { useGrid, useStoreVersion } from '../context.js';
import { itemOfKey } from '../model/store.js';

const LIMIT = 40;

export function ChecksPanel({ section }: { section: string }) {
  const { t } = useTranslation();
  const g = useGrid();
  const version = useStoreVersion(g.store);
  const [scope, setScope] = useState<'section' | 'all'>('section');
  const [showAll, setShowAll] = useState(false);
  const results = g.store.allResults();

  const groups = useMemo(() => {
    void version;
    const order = new Map(g.compiled.definition.items.map((item, i) => [item.id, i]));
    const inScope = results.filter((r) => scope === 'all' || g.compiled.itemById.get(itemOfKey(r.cell))?.section === section);
    const byOrder = (a: ValidationResult, b: ValidationResult) => (order.get(a.item) ?? 0) - (order.get(b.item) ?? 0);
    return {
      errors: inScope.filter((r) => r.severity === 'error').sort(byOrder),
      warnings: inScope.filter((r) => r.severity === 'warning' && !r.resolved).sort(byOrder),
      others: inScope.filter((r) => r.severity === 'info' || (r.severity === 'warning' && r.resolved)).sort(byOrder),
    };
  }, [results, scope, section, g.compiled, version]);

  const total = groups.errors.length + groups.warnings.length;
  return (
    <section className="side-card" aria-labelledby="checks-title">
      <div className="side-card-head">
        <h2 id="checks-title" className="visually-hidden">
          {t('grid.checks.title')}
        </h2>
        <span className="checks-summary">
          <span className="badge badge-error">{t('grid.tabErrors', { count: groups.errors.length })}</span>
          <span className="badge badge-warning">{t('grid.tabWarnings', { count: groups.warnings.length })}</span>
        </span>
      </div>
      <fieldset className="scope">
        <legend className="visually-hidden">{t('grid.checks.scope')}</legend>
        <label className="inline">
          <input type="radio" name="checks-scope" checked={scope === 'section'} onChange={() => setScope('section')} />
          {t('grid.checks.thisSection')}
        </label>
        <label className="inline">
          <input type="radio" name="checks-scope" checked={scope === 'all'} onChange={() => setScope('all')} />
          {t('grid.checks.allSections')}
        </label>
      </fieldset>
      {total === 0 && groups.others.length === 0 && <p className="muted">{t('grid.checks.none')}</p>}
      <ResultList results={[...groups.errors, ...groups.warnings]} limit={showAll ? Infinity : LIMIT} />
      {groups.errors.length + groups.warnings.length > LIMIT && !showAll && (
        <button type="button" className="button-link" onClick={() => setShowAll(true)}>
          {t('grid.checks.showAll', { count: total })}
        </button>
      )}
      {groups.others.length > 0 && (
        <details>
          <summary>{t('grid.checks.others', { count: groups.others.length })}</summary>
          <ResultList results={groups.others} limit={showAll ? Infinity : LIMIT} />
        </details>
      )}
    </section>
  );
}

export function ResultList({
  results,
  limit = Infinity,
  hideCell,
}: {
  results: readonly ValidationResult[];
  limit?: number;
  hideCell?: boolean;
}) {
  return (
    <ul className="result-list">
      {results.slice(0, limit).map((r) => (
        <ResultItem key={r.id} result={r} hideCell={hideCell} />
      ))}
    </ul>
  );
}

/** One check: severity, message, a link to its cell, and how to resolve a warning. */
export function ResultItem({ result: r, hideCell, fallback }: { result: ValidationResult; hideCell?: boolean; fallback?: string }) {
  const { t } = useTranslation();
  const g = useGrid();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function acknowledge() {
    setError(null);
    setBusy(true);
    try {
      // The server acknowledges what it has stored: save pending values first.
      await g.saver?.flush();
      await submissionsApi.acknowledge(g.submission.id, r.id);
      g.store.acknowledge(r.id);
      announce(t('grid.checks.acknowledged'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`result result-${r.severity}${r.resolved ? ' result-resolved' : ''}`}>
      <span className="result-severity">{t(`grid.severity.${r.severity}`)}</span>
      <span className="result-text">{fallback ?? g.resultText(r)}</span>
      {!hideCell && (
        <button type="button" className="button-link" onClick={() => g.goToCell(r.cell)}>
          {g.labels.cell(r.cell)}
        </button>
      )}
      {r.severity === 'warning' && !r.resolved && g.submission.canEdit && (
        <span className="result-actions">
          {r.needsComment ? (
            <button
              type="button"
              onClick={() => {
                g.goToCell(r.cell);
                requestAnimationFrame(() => g.openInspector('comment'));
              }}
            >
              {t('grid.checks.addComment')}
            </button>
          ) : (
            <>
              <button
                type="button"
                onClick={() => {
                  g.goToCell(r.cell);
                  requestAnimationFrame(() => g.openInspector('comment'));
                }}
              >
                {t('grid.checks.addComment')}
              </button>
              <button type="button" disabled={busy} onClick={() => void acknowledge()}>
                {t('grid.checks.acknowledge')}
              </button>
            </>
          )}
        </span>
      )}
      {r.resolved && <span className="hint">{t('grid.checks.resolved')}</span>}
      {error !== null && <ErrorMessage error={error} />}
    </li>
  );
}
