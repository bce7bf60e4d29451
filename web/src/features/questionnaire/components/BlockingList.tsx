/**
 * Why the submission was refused: every error and unexplained warning, each linked to
 * its cell, in the user's language where the browser's validation knows the result.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem, SubmissionAction } from '@observatory/core';
import { announce } from '../../../ui/announce.js';
import { useGrid, useStoreVersion } from '../context.js';
import { ResultItem } from './ChecksPanel.js';

export interface Blocking {
  action: SubmissionAction;
  problems: FieldProblem[];
}

export function BlockingList({ blocking, onClose }: { blocking: Blocking; onClose: () => void }) {
  const { t } = useTranslation();
  const g = useGrid();
  const heading = useRef<HTMLHeadingElement>(null);
  const count = blocking.problems.length;

  useEffect(() => {
    heading.current?.focus();
    announce(t('grid.blocking.title', { count }));
  }, [blocking, count, t]);

  useStoreVersion(g.store);
  // Each problem as the browser's validation sees it now: resolved ones disappear from the list.
  const results = new Map(g.store.allResults().map((r) => [r.id, r]));
  // A problem the browser cannot judge (year-on-year without last year's values) stays until the next submit.
  const judged = (ruleId: string) => {
    const kind = g.compiled.definition.rules.find((r) => r.id === ruleId)?.kind;
    return kind !== 'outlier' && !(kind === 'yoy_change' && !g.store.previous);
  };
  const remaining = blocking.problems.filter((p) => {
    const r = results.get(`${p.code}@${p.field}`);
    return r ? !r.resolved : !judged(p.code);
  });
  return (
    <section className="side-card blocking" aria-labelledby="blocking-title">
      <div className="side-card-head">
        <h2 id="blocking-title" ref={heading} tabIndex={-1}>
          {t('grid.blocking.title', { count })}
        </h2>
        <button type="button" className="button-icon" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </div>
      <p>{t('grid.blocking.intro')}</p>
      {remaining.length === 0 ? (
        <p className="alert alert-success">{t('grid.blocking.allResolved')}</p>
      ) : (
        <ul className="result-list">
          {remaining.map((p, i) => {
            const local = results.get(`${p.code}@${p.field}`);
            if (local) return <ResultItem key={local.id} result={local} />;
            // Not (or no longer) found by the browser's validation: the server's words.
            return (
              <li key={i} className="result result-error">
                <span className="result-text">{p.message}</span>
                {g.compiled.cellByKey.has(p.field) && (
                  <button type="button" className="button-link" onClick={() => g.goToCell(p.field)}>
                    {g.labels.cell(p.field)}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
