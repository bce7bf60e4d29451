/**
 * What every part of the grid shares: the store and autosaver, the compiled definition,
 * labels and value formatting in the interface language, and the submission's facts.
 * Cells read their own state from the store, not from here, so typing does not re-render
 * the grid.
 */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { TFunction } from 'i18next';
import type { CompiledDefinition, FindingView, QueryView, SubmissionView, ValidationResult } from '@observatory/core';
import type { Formatters } from '../../i18n/format.js';
import type { Autosaver, SaveStatus } from './model/autosave.js';
import type { FindingsStore } from './model/findings.js';
import type { Labeler } from './model/labels.js';
import type { CellState, GridStore } from './model/store.js';
import type { ValueFormatter, ValueTextOptions } from './model/valueText.js';

export interface GridContextValue {
  submission: SubmissionView;
  compiled: CompiledDefinition;
  store: GridStore;
  findings: FindingsStore;
  saver: Autosaver | null;
  labels: Labeler;
  values: ValueFormatter;
  textOptions: ValueTextOptions;
  resultText: (r: ValidationResult) => string;
  fmt: Formatters;
  /** The translation function, shared: a thousand cells each subscribing to i18next would slow rendering. */
  t: TFunction;
  /** Show last year's value in each cell. */
  compare: boolean;
  previousPeriod: string | null;
  /** This user may raise and close queries (reviewer). */
  reviewer: boolean;
  /** Office-wide grants: runs the consistency checks, resolves, dismisses and reopens findings. */
  office: boolean;
  /** The country's focal point: explains findings. */
  focalPoint: boolean;
  /** Focus a cell anywhere in the questionnaire (switching section if needed). */
  goToCell: (key: string) => void;
  /** Open the inspector's controls for the focused cell (F2, Enter on a ranking cell). */
  openInspector: (focusTarget?: 'value' | 'comment' | 'query') => void;
  /** Fetch the submission again (its state and open queries change when queries are raised or answered). */
  refreshSubmission: () => void;
  /** Show the selected cell's details without moving focus (a click on a cell). */
  showInspector: () => void;
}

export const GridContext = createContext<GridContextValue | null>(null);

export function useGrid(): GridContextValue {
  const v = useContext(GridContext);
  if (!v) throw new Error('useGrid outside the grid');
  return v;
}

export function useCellState(store: GridStore, key: string): CellState {
  const subscribe = useCallback((cb: () => void) => store.subscribeCell(key, cb), [store, key]);
  return useSyncExternalStore(subscribe, () => store.cell(key));
}

export function useCellResults(store: GridStore, key: string): readonly ValidationResult[] {
  const subscribe = useCallback((cb: () => void) => store.subscribeCell(key, cb), [store, key]);
  return useSyncExternalStore(subscribe, () => store.resultsOf(key));
}

export function useCellQueries(store: GridStore, key: string): readonly QueryView[] {
  const subscribe = useCallback((cb: () => void) => store.subscribeCell(key, cb), [store, key]);
  return useSyncExternalStore(subscribe, () => store.queriesOf(key));
}

export function useCellFindings(findings: FindingsStore, key: string): readonly FindingView[] {
  const subscribe = useCallback((cb: () => void) => findings.subscribeCell(key, cb), [findings, key]);
  return useSyncExternalStore(subscribe, () => findings.activeOf(key));
}

export function useFindingsVersion(findings: FindingsStore): number {
  return useSyncExternalStore(findings.subscribe, findings.getVersion);
}

/** Re-renders on any store change (summary views: checks, queries, inspector). */
export function useStoreVersion(store: GridStore): number {
  return useSyncExternalStore(store.subscribe, store.getVersion);
}

const SAVED: SaveStatus = { state: 'saved', pending: 0, conflicts: 0, invalid: 0, savedAt: null, error: null };
const noop = () => () => undefined;

export function useSaveStatus(saver: Autosaver | null): SaveStatus {
  return useSyncExternalStore(saver?.subscribe ?? noop, saver?.getStatus ?? (() => SAVED));
}

export type Severity = 'error' | 'warning' | 'info';

/** The most serious open result of a cell: errors, then unresolved warnings, then the rest. */
export function worstOf(results: readonly ValidationResult[]): Severity | null {
  if (results.some((r) => r.severity === 'error')) return 'error';
  if (results.some((r) => r.severity === 'warning' && !r.resolved)) return 'warning';
  if (results.some((r) => r.severity === 'info' || r.severity === 'warning')) return 'info';
  return null;
}
