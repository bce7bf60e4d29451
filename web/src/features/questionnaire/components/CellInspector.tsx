/**
 * The focused cell in full: what it is (item, categories, unit, help), its value with the
 * explicit "not known" / "not applicable", flags and comment, its checks, its queries
 * (reply, raise, close), last year's value, a conflict to resolve, and its history.
 * F2 in the grid jumps here; Escape goes back to the cell.
 */
import { useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CellFlags } from '@observatory/core';
import { submissionsApi } from '../../../api/endpoints.js';
import { ErrorMessage } from '../../../ui/ErrorMessage.js';
import { useLoad } from '../../../ui/useLoad.js';
import { useCellQueries, useCellResults, useCellState, useGrid } from '../context.js';
import { ResultList } from './ChecksPanel.js';
import { CellHistoryDialog } from './CellHistoryDialog.js';
import { QueryThread } from './QueryThread.js';
import { RaiseQuery, canRaise } from './RaiseQuery.js';
import { RankingEditor } from './RankingEditor.js';

export type InspectorTarget = 'value' | 'comment' | 'query';

export function CellInspector({ focusRequest }: { focusRequest: { target: InspectorTarget | undefined; n: number } | null }) {
  const { t } = useTranslation();
  const g = useGrid();
  const key = useSyncExternalStore(g.store.subscribe, g.store.focused);
  const root = useRef<HTMLElement>(null);

  // F2 in the grid (or a check's "add a comment") asks for a control of the inspector.
  useEffect(() => {
    const el = root.current;
    if (!focusRequest || !el) return;
    const wanted = focusRequest.target
      ? (el.querySelector(`[data-inspector-target="${focusRequest.target}"]`) as HTMLElement | null)
      : null;
    const first = el.querySelector('button, input, select, textarea') as HTMLElement | null;
    (wanted ?? first ?? (el.querySelector('h2') as HTMLElement | null))?.focus();
    el.scrollIntoView({ block: 'nearest' });
  }, [focusRequest]);

  const backToCell = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape' || !key || e.defaultPrevented || (e.target as HTMLElement).closest('dialog')) return;
    const cell = document.querySelector(`[data-cell="${CSS.escape(key)}"]`) as HTMLElement | null;
    if (cell) {
      e.preventDefault();
      cell.focus();
    }
  };

  return (
    <section ref={root} className="side-card inspector" aria-labelledby="inspector-title" onKeyDown={backToCell}>
      <h2 id="inspector-title" tabIndex={-1} className="visually-hidden">
        {t('grid.inspector.title')}
      </h2>
      {key ? <CellDetails key={key} cellKey={key} /> : <p className="muted">{t('grid.inspector.empty')}</p>}
    </section>
  );
}

function CellDetails({ cellKey }: { cellKey: string }) {
  const { t } = useTranslation();
  const g = useGrid();
  const state = useCellState(g.store, cellKey);
  const results = useCellResults(g.store, cellKey);
  const queries = useCellQueries(g.store, cellKey);
  const [history, setHistory] = useState(false);
  const [resolveError, setResolveError] = useState<unknown>(null);
  const compiledCell = g.compiled.cellByKey.get(cellKey)!;
  const item = compiledCell.item;
  const editable = g.store.editable(cellKey);
  const help = item.help ? g.fmt.name(item.help) : null;
  const unit = item.unit ? t(`units.${item.unit}`, { defaultValue: item.unit }) : null;
  const categories = g.labels.categories(cellKey);
  const hasValue = state.value !== null;
  const previous = g.store.previous?.get(cellKey)?.value ?? null;

  const setFlag = (flag: keyof CellFlags, on: boolean) => g.store.edit(cellKey, { flags: { ...state.flags, [flag]: on || undefined } });

  /** The server's current state of the cell, from its last revision. */
  async function serverState() {
    const h = await submissionsApi.history(g.submission.id, cellKey);
    const last = [...h.revisions].sort((a, b) => b.revision - a.revision)[0];
    return last
      ? { value: last.value, flags: last.flags, comment: last.comment, revision: last.revision }
      : { value: null, flags: {}, comment: null, revision: 0 };
  }

  async function resolve(keepMine: boolean) {
    setResolveError(null);
    try {
      const server = await serverState();
      if (keepMine) g.store.keepMine(cellKey, server.revision);
      else g.store.takeServer(cellKey, server);
    } catch (err) {
      setResolveError(err);
    }
  }

  return (
    <div className="inspector-body">
      <p className="inspector-item">
        <strong>{g.labels.item(item.id)}</strong>
        {categories && <span className="inspector-categories">{categories}</span>}
        {unit && <span className="muted">{t('grid.inspector.unit', { unit })}</span>}
      </p>
      {help && (
        <details className="inspector-help">
          <summary>{t('grid.inspector.about')}</summary>
          <p className="item-help">{help}</p>
        </details>
      )}

      {state.conflict && (
        <div className="alert alert-error" role="alert">
          <p className="alert-summary">{t('grid.conflict.title')}</p>
          <ConflictDetail cellKey={cellKey} fallback={state.conflict} />
          <div className="button-row">
            <button type="button" onClick={() => void resolve(false)}>
              {t('grid.conflict.useTheirs')}
            </button>
            <button type="button" onClick={() => void resolve(true)}>
              {t('grid.conflict.keepMine')}
            </button>
          </div>
          {resolveError !== null && <ErrorMessage error={resolveError} />}
        </div>
      )}
      {state.rejected && (
        <p className="alert alert-error" role="alert">
          {t('grid.rejected', { message: state.rejected })}
        </p>
      )}
      {state.parseError && <p className="alert alert-error">{t(`grid.parse.${state.parseError}`)}</p>}

      <dl className="inspector-facts">
        <dt>{t('grid.inspector.value')}</dt>
        <dd>{hasValue ? g.values.display(state.value, item.codeList) : <span className="muted">{t('grid.blank')}</span>}</dd>
        {g.previousPeriod && (
          <>
            <dt>{t('grid.inspector.previous', { period: g.previousPeriod })}</dt>
            <dd>{previous ? g.values.display(previous, item.codeList) : <span className="muted">{t('grid.blank')}</span>}</dd>
          </>
        )}
        <dt>{t('grid.inspector.status')}</dt>
        <dd>
          {!editable
            ? item.readonly
              ? t('grid.readonlyItem')
              : t('grid.inspector.readOnly')
            : state.dirty
              ? t('grid.inspector.unsaved')
              : state.revision > 0
                ? t('grid.inspector.savedRevision', { revision: state.revision })
                : t('grid.inspector.neverSaved')}
        </dd>
      </dl>

      {editable && item.type === 'ranking' && <RankingEditor cellKey={cellKey} item={item} />}
      {editable && (
        <div className="button-row" role="group" aria-label={t('grid.inspector.special')}>
          <button
            type="button"
            data-inspector-target={item.type === 'ranking' ? undefined : 'value'}
            aria-pressed={state.value?.kind === 'not_known'}
            onClick={() => g.store.edit(cellKey, { value: { kind: 'not_known' } })}
          >
            {t('grid.notKnown')}
          </button>
          <button
            type="button"
            aria-pressed={state.value?.kind === 'not_applicable'}
            onClick={() => g.store.edit(cellKey, { value: { kind: 'not_applicable' } })}
          >
            {t('grid.notApplicable')}
          </button>
          <button type="button" disabled={!hasValue} onClick={() => g.store.edit(cellKey, { value: null, flags: {}, comment: null })}>
            {t('grid.inspector.clear')}
          </button>
        </div>
      )}

      <fieldset className="flags" disabled={!editable || !hasValue}>
        <legend>{t('grid.flags.title')}</legend>
        {(['estimated', 'provisional', 'breakInSeries'] as const).map((f) => (
          <label key={f} className="checkbox">
            <input type="checkbox" checked={Boolean(state.flags[f])} onChange={(e) => setFlag(f, e.target.checked)} />
            {t(`grid.flags.${f}`)}
          </label>
        ))}
      </fieldset>

      <label className="comment">
        {t('grid.inspector.comment')}
        <textarea
          rows={2}
          maxLength={4000}
          value={state.comment ?? ''}
          readOnly={!editable}
          disabled={editable && !hasValue}
          data-inspector-target="comment"
          onChange={(e) => g.store.edit(cellKey, { comment: e.target.value === '' ? null : e.target.value })}
        />
        {editable && !hasValue && <span className="hint">{t('grid.inspector.commentNeedsValue')}</span>}
      </label>

      {results.length > 0 && (
        <div>
          <h3>{t('grid.inspector.checks')}</h3>
          <ResultList results={results} hideCell />
        </div>
      )}

      <div>
        <h3>{t('grid.inspector.queries')}</h3>
        {queries.length === 0 && <p className="muted">{t('queries.noneOnCell')}</p>}
        {queries.map((q) => (
          <QueryThread key={q.id} query={q} />
        ))}
        {g.reviewer && canRaise(g.submission.state) && <RaiseQuery cell={cellKey} item={item.id} />}
      </div>

      <button type="button" className="button-link" onClick={() => setHistory(true)}>
        {t('grid.inspector.history')}
      </button>
      {history && <CellHistoryDialog cellKey={cellKey} onClose={() => setHistory(false)} />}
    </div>
  );
}

/** Who changed the cell, to what and when: the last revision on the server. */
function ConflictDetail({ cellKey, fallback }: { cellKey: string; fallback: string }) {
  const { t } = useTranslation();
  const g = useGrid();
  const history = useLoad(() => submissionsApi.history(g.submission.id, cellKey), [cellKey, fallback]);
  const last = history.data ? [...history.data.revisions].sort((a, b) => b.revision - a.revision)[0] : undefined;
  if (!last) return history.error !== null ? <p className="alert-detail">{fallback}</p> : null;
  const codeList = g.compiled.cellByKey.get(cellKey)?.item.codeList;
  return (
    <p className="alert-detail">
      {t('grid.conflict.detail', {
        by: last.by,
        value: last.value ? g.values.display(last.value, codeList) : t('grid.blank'),
        time: g.fmt.dateTime(last.at),
      })}
    </p>
  );
}
