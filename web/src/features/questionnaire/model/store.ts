/**
 * The grid's state outside React: every cell's value, flags, comment and revision, the
 * validation results, the queries and the focused cell. Components subscribe to one cell
 * (useSyncExternalStore), so a keystroke re-renders that cell only, and validation
 * notifies only the cells whose results changed. Validation runs the core engine on the
 * whole submission, debounced, as the user types.
 */
import {
  parseCellKey,
  validate,
  type Cell,
  type CellFlags,
  type CellMap,
  type CellValue,
  type CellView,
  type CompiledDefinition,
  type QueryView,
  type ValidationResult,
} from '@observatory/core';
import type { ParseError } from './valueText.js';

export interface CellState {
  value: CellValue | null;
  flags: CellFlags;
  comment: string | null;
  /** What the input shows while it holds text that does not parse; null when `value` is what it shows. */
  text: string | null;
  parseError: ParseError | null;
  /** The revision this browser last saw on the server (0: never saved). */
  revision: number;
  /** Changed here and not yet confirmed by the server. */
  dirty: boolean;
  /** Bumped on every local change, so a save knows whether the cell changed while it was in flight. */
  editSeq: number;
  /** The server refused the save: someone else changed the cell since it was loaded. */
  conflict: string | null;
  /** The server refused this value for another reason (its message). */
  rejected: string | null;
}

export const EMPTY_CELL: CellState = Object.freeze({
  value: null,
  flags: {},
  comment: null,
  text: null,
  parseError: null,
  revision: 0,
  dirty: false,
  editSeq: 0,
  conflict: null,
  rejected: null,
}) as CellState;

const NO_RESULTS: readonly ValidationResult[] = Object.freeze([]);
const NO_QUERIES: readonly QueryView[] = Object.freeze([]);

type Listener = () => void;

export interface StoreOptions {
  compiled: CompiledDefinition;
  cells: readonly CellView[];
  /** Last year's values of the same country, for year-on-year checks and comparison. */
  previous: ReadonlyMap<string, Cell> | null;
  acknowledged: ReadonlySet<string>;
  /** Results only the server can compute (outliers against the country's history). */
  serverOnly: readonly ValidationResult[];
  queries: readonly QueryView[];
  /** Whether this user may change a cell now. */
  editable: (key: string) => boolean;
}

const signature = (rs: readonly ValidationResult[]) => rs.map((r) => `${r.id}:${r.resolved ? 1 : 0}:${r.message}`).join('\n');

export class GridStore {
  readonly compiled: CompiledDefinition;
  readonly previous: ReadonlyMap<string, Cell> | null;
  editable: (key: string) => boolean;

  private cells = new Map<string, CellState>();
  private resultsByCell = new Map<string, readonly ValidationResult[]>();
  private results: readonly ValidationResult[] = NO_RESULTS;
  private serverOnly: readonly ValidationResult[];
  private acknowledged: Set<string>;
  private queries: readonly QueryView[];
  private queriesByCell = new Map<string, readonly QueryView[]>();
  private queriesByItem = new Map<string, readonly QueryView[]>();
  private generalQueries: readonly QueryView[] = NO_QUERIES;
  private cellListeners = new Map<string, Set<Listener>>();
  private listeners = new Set<Listener>();
  private dirtyListeners = new Set<Listener>();
  private validationTimer: ReturnType<typeof setTimeout> | null = null;
  private focusedKey: string | null = null;
  /** Bumped on every change the summary views show (results, queries, focus, dirtiness). */
  private version = 0;

  constructor(opts: StoreOptions) {
    this.compiled = opts.compiled;
    this.previous = opts.previous;
    this.editable = opts.editable;
    this.acknowledged = new Set(opts.acknowledged);
    this.serverOnly = opts.serverOnly;
    this.queries = opts.queries;
    this.indexQueries();
    this.loadCells(opts.cells);
    this.runValidation();
  }

  // ---- subscriptions -------------------------------------------------------------------

  subscribeCell = (key: string, listener: Listener): (() => void) => {
    let set = this.cellListeners.get(key);
    if (!set) this.cellListeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };

  /** Summary views (checks list, save status, inspector) listen to every change. */
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The autosaver listens to local edits. */
  onDirty(listener: Listener): () => void {
    this.dirtyListeners.add(listener);
    return () => this.dirtyListeners.delete(listener);
  }

  getVersion = (): number => this.version;

  private notifyCell(key: string) {
    for (const l of this.cellListeners.get(key) ?? []) l();
  }

  private notify() {
    this.version += 1;
    for (const l of this.listeners) l();
  }

  // ---- reading ---------------------------------------------------------------------------

  cell = (key: string): CellState => this.cells.get(key) ?? EMPTY_CELL;
  resultsOf = (key: string): readonly ValidationResult[] => this.resultsByCell.get(key) ?? NO_RESULTS;
  queriesOf = (key: string): readonly QueryView[] => this.queriesByCell.get(key) ?? NO_QUERIES;
  /** Queries on a whole item (not on one of its cells). */
  itemQueriesOf = (itemId: string): readonly QueryView[] => this.queriesByItem.get(itemId) ?? NO_QUERIES;
  /** Queries on the submission as a whole. */
  submissionQueries = (): readonly QueryView[] => this.generalQueries;
  allResults = (): readonly ValidationResult[] => this.results;
  allQueries = (): readonly QueryView[] => this.queries;
  focused = (): string | null => this.focusedKey;
  isAcknowledged = (resultId: string): boolean => this.acknowledged.has(resultId);

  dirtyKeys(): string[] {
    const out: string[] = [];
    for (const [k, c] of this.cells) if (c.dirty) out.push(k);
    return out;
  }

  conflictKeys(): string[] {
    const out: string[] = [];
    for (const [k, c] of this.cells) if (c.conflict) out.push(k);
    return out;
  }

  /** The answered cells, as the validation engine reads them. */
  cellMap(): CellMap {
    const map = new Map<string, Cell>();
    for (const [k, c] of this.cells) if (c.value) map.set(k, { value: c.value, flags: c.flags, comment: c.comment });
    return map;
  }

  // ---- local edits -----------------------------------------------------------------------

  private put(key: string, next: CellState) {
    this.cells.set(key, next);
    this.notifyCell(key);
  }

  /** Text typed into a cell: parsed already by the caller; an unparseable text is kept, not saved. */
  setText(key: string, text: string, parsed: { ok: true; value: CellValue | null } | { ok: false; error: ParseError }) {
    const cur = this.cell(key);
    // The typed text stays as typed while the cell has focus; the grid formats it on blur.
    if (parsed.ok) this.edit(key, { value: parsed.value }, text);
    else this.put(key, { ...cur, text, parseError: parsed.error, editSeq: cur.editSeq + 1 });
  }

  /** A change to a cell's value, flags or comment by this user. */
  edit(key: string, patch: Partial<Pick<CellState, 'value' | 'flags' | 'comment'>>, text: string | null = null) {
    const cur = this.cell(key);
    this.put(key, { ...cur, ...patch, text, parseError: null, dirty: true, rejected: null, editSeq: cur.editSeq + 1 });
    this.scheduleValidation();
    for (const l of this.dirtyListeners) l();
    this.notify();
  }

  /** Show the cell's value formatted again instead of the typed text (on blur). */
  revertText(key: string) {
    const cur = this.cell(key);
    if (cur.text !== null) this.put(key, { ...cur, text: null, parseError: null });
  }

  setFocused(key: string | null) {
    if (this.focusedKey === key) return;
    this.focusedKey = key;
    this.notify();
  }

  // ---- server answers --------------------------------------------------------------------

  private loadCells(views: readonly CellView[]) {
    for (const v of views)
      this.cells.set(v.cell, { ...EMPTY_CELL, value: v.value, flags: v.flags ?? {}, comment: v.comment, revision: v.revision });
  }

  /** A save went through: the cell is at `revision` now; clean unless edited again meanwhile. */
  confirmSaved(key: string, revision: number, editSeqSent: number) {
    const cur = this.cell(key);
    this.put(key, { ...cur, revision, dirty: cur.editSeq === editSeqSent ? false : cur.dirty, conflict: null });
  }

  markConflict(key: string, message: string) {
    this.put(key, { ...this.cell(key), conflict: message });
    this.notify();
  }

  markRejected(key: string, message: string) {
    this.put(key, { ...this.cell(key), rejected: message });
    this.notify();
  }

  /** Take the server's current state of a cell, dropping the local change (conflict: "use theirs"). */
  takeServer(key: string, server: { value: CellValue | null; flags: CellFlags; comment: string | null; revision: number }) {
    const cur = this.cell(key);
    this.put(key, { ...EMPTY_CELL, ...server, editSeq: cur.editSeq + 1 });
    this.scheduleValidation();
    this.notify();
  }

  /** Keep the local change over the server's (conflict: "keep mine"): it saves on top of `revision`. */
  keepMine(key: string, revision: number) {
    const cur = this.cell(key);
    this.put(key, { ...cur, revision, conflict: null, dirty: true, editSeq: cur.editSeq + 1 });
    for (const l of this.dirtyListeners) l();
    this.notify();
  }

  /** Replace every cell with the server's (after a workbook upload). Local edits must be saved first. */
  replaceAll(views: readonly CellView[]) {
    const keys = new Set([...this.cells.keys(), ...views.map((v) => v.cell)]);
    this.cells.clear();
    this.loadCells(views);
    for (const k of keys) this.notifyCell(k);
    this.runValidation();
  }

  setSaveNotify() {
    this.notify();
  }

  acknowledge(resultId: string) {
    this.acknowledged.add(resultId);
    this.runValidation();
  }

  setServerOnly(results: readonly ValidationResult[]) {
    this.serverOnly = results;
    this.runValidation();
  }

  setQueries(queries: readonly QueryView[]) {
    const before = this.queriesByCell;
    this.queries = queries;
    this.indexQueries();
    for (const k of new Set([...before.keys(), ...this.queriesByCell.keys()])) this.notifyCell(k);
    this.notify();
  }

  upsertQuery(query: QueryView) {
    const i = this.queries.findIndex((q) => q.id === query.id);
    this.setQueries(i < 0 ? [...this.queries, query] : this.queries.map((q) => (q.id === query.id ? query : q)));
  }

  private indexQueries() {
    const byCell = new Map<string, QueryView[]>();
    const byItem = new Map<string, QueryView[]>();
    const general: QueryView[] = [];
    for (const q of this.queries) {
      if (q.cell) byCell.set(q.cell, [...(byCell.get(q.cell) ?? []), q]);
      else if (q.item) byItem.set(q.item, [...(byItem.get(q.item) ?? []), q]);
      else general.push(q);
    }
    this.queriesByCell = byCell;
    this.queriesByItem = byItem;
    this.generalQueries = general;
  }

  // ---- validation ------------------------------------------------------------------------

  private scheduleValidation() {
    if (this.validationTimer) clearTimeout(this.validationTimer);
    this.validationTimer = setTimeout(() => {
      this.validationTimer = null;
      this.runValidation();
    }, 120);
  }

  /** Runs now (tests, before submitting) instead of after the typing pause. */
  validateNow() {
    if (this.validationTimer) clearTimeout(this.validationTimer);
    this.validationTimer = null;
    this.runValidation();
  }

  private runValidation() {
    const cells = this.cellMap();
    const local = validate(this.compiled, cells, {
      ...(this.previous ? { previous: this.previous } : {}),
      acknowledged: this.acknowledged,
    });
    // History-based checks come from the server, for cells whose value has not changed since.
    const serverOnly = this.serverOnly.filter((r) => !this.cell(r.cell).dirty);
    const results = [...local, ...serverOnly];
    const byCell = new Map<string, ValidationResult[]>();
    for (const r of results) byCell.set(r.cell, [...(byCell.get(r.cell) ?? []), r]);
    const before = this.resultsByCell;
    this.resultsByCell = byCell;
    this.results = results;
    for (const k of new Set([...before.keys(), ...byCell.keys()]))
      if (signature(before.get(k) ?? NO_RESULTS) !== signature(byCell.get(k) ?? NO_RESULTS)) this.notifyCell(k);
    this.notify();
  }

  dispose() {
    if (this.validationTimer) clearTimeout(this.validationTimer);
    this.listeners.clear();
    this.cellListeners.clear();
    this.dirtyListeners.clear();
  }
}

/** The item a cell key belongs to. */
export const itemOfKey = (key: string) => parseCellKey(key).item;
