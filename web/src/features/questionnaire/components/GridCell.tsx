/**
 * One questionnaire cell. It subscribes to its own state, results, queries and findings
 * in the stores, so typing here re-renders nothing else. Markers (error, warning, query,
 * consistency finding, unsaved, conflict) are shown by shape and colour and spelled out for screen readers
 * through aria-describedby.
 */
import { memo, useId } from 'react';
import type { CellValue } from '@observatory/core';
import { useCellFindings, useCellQueries, useCellResults, useCellState, useGrid, worstOf } from '../context.js';
import { findingText } from '../model/findingText.js';
import { isNumericItem, parseCellText } from '../model/valueText.js';
import { PreviousValue } from './PreviousValue.js';

export const GridCell = memo(function GridCell({ cellKey, label }: { cellKey: string; label: string }) {
  const g = useGrid();
  const { t } = g;
  const state = useCellState(g.store, cellKey);
  const results = useCellResults(g.store, cellKey);
  const queries = useCellQueries(g.store, cellKey);
  const findings = useCellFindings(g.findings, cellKey);
  const descId = useId();
  const item = g.compiled.cellByKey.get(cellKey)!.item;
  const editable = g.store.editable(cellKey);
  const severity = state.parseError ? 'error' : worstOf(results);
  const openQueries = queries.filter((q) => q.state !== 'closed').length;

  const notes: string[] = [];
  if (state.parseError) notes.push(t(`grid.parse.${state.parseError}`));
  for (const r of results) notes.push(`${t(`grid.severity.${r.severity}`)}: ${g.resultText(r)}`);
  if (openQueries) notes.push(t('grid.cellQueries', { count: openQueries }));
  for (const f of findings) notes.push(`${t('grid.findings.marker')}: ${findingText(f, g.submission.period, g.fmt, t)}`);
  if (state.conflict) notes.push(t('grid.conflictShort'));
  if (state.rejected) notes.push(state.rejected);
  if (item.readonly) notes.push(t('grid.readonlyItem'));

  const classes = ['cell'];
  if (!editable) classes.push('cell-readonly');
  if (severity) classes.push(`cell-${severity}`);
  if (openQueries) classes.push('cell-query');
  if (findings.length) classes.push('cell-finding');
  if (state.dirty) classes.push('cell-dirty');
  if (state.conflict) classes.push('cell-conflict');
  if (state.value?.kind === 'not_known' || state.value?.kind === 'not_applicable') classes.push('cell-special');

  const common = {
    'data-cell': cellKey,
    'aria-label': label,
    'aria-describedby': notes.length ? descId : undefined,
    'aria-invalid': severity === 'error' ? true : undefined,
    onFocus: () => g.store.setFocused(cellKey),
  } as const;

  let control;
  if (item.type === 'boolean' || item.type === 'code') {
    const choice = (v: CellValue | null) => (v?.kind === 'boolean' ? String(v.value) : v?.kind === 'code' ? v.value : v ? v.kind : '');
    const options =
      item.type === 'boolean'
        ? [
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ]
        : (g.compiled.codeLists.get(item.codeList ?? '')?.codes ?? []).map((c) => ({
            value: c.code,
            label: g.labels.listCode(item.codeList!, c.code),
          }));
    control = (
      <select
        {...common}
        onClick={g.showInspector}
        disabled={!editable}
        value={choice(state.value)}
        onChange={(e) => {
          const v = e.target.value;
          const value: CellValue | null =
            v === ''
              ? null
              : v === 'not_known' || v === 'not_applicable'
                ? { kind: v }
                : item.type === 'boolean'
                  ? { kind: 'boolean', value: v === 'true' }
                  : { kind: 'code', value: v };
          g.store.edit(cellKey, { value });
        }}
      >
        <option value="" />
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        <option value="not_known">{t('grid.notKnown')}</option>
        <option value="not_applicable">{t('grid.notApplicable')}</option>
      </select>
    );
  } else {
    const ranking = item.type === 'ranking';
    control = (
      <input
        {...common}
        className={ranking ? 'cell-ranking' : undefined}
        value={
          state.text ?? (ranking || !editable ? g.values.display(state.value, item.codeList) : g.values.input(state.value, item.codeList))
        }
        readOnly={!editable || ranking}
        aria-readonly={!editable || undefined}
        aria-haspopup={ranking && editable ? 'dialog' : undefined}
        inputMode={isNumericItem(item) ? 'decimal' : undefined}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          const text = e.target.value;
          g.store.setText(cellKey, text, parseCellText(text, item, g.textOptions));
        }}
        onBlur={() => {
          // A valid entry is shown formatted once the user leaves the cell.
          const c = g.store.cell(cellKey);
          if (c.text !== null && !c.parseError) g.store.revertText(cellKey);
        }}
        onClick={ranking && editable ? () => g.openInspector('value') : g.showInspector}
      />
    );
  }

  return (
    <td className={classes.join(' ')}>
      {control}
      {openQueries > 0 && <span className="cell-marker cell-marker-query" aria-hidden="true" />}
      {findings.length > 0 && <span className="cell-marker cell-marker-finding" aria-hidden="true" />}
      {g.compare && <PreviousValue cellKey={cellKey} current={state.value} />}
      {notes.length > 0 && (
        <span id={descId} className="visually-hidden">
          {notes.join('. ')}
        </span>
      )}
    </td>
  );
});
