/**
 * Consistency findings of the submission (computed by the server when it is submitted, or
 * when the office runs the checks): which cells they are on, for the grid's markers, and
 * their follow-up. Kept apart from the grid store: they change only through their own
 * actions, never as the user types.
 */
import type { FindingView } from '@observatory/core';

type Listener = () => void;
const NONE: readonly FindingView[] = Object.freeze([]);

/** A finding still asking for attention: open or explained, and found by the last run. */
export const isActive = (f: FindingView) => (f.state === 'open' || f.state === 'explained') && f.stillApplies;

export class FindingsStore {
  private list: readonly FindingView[];
  private byCell = new Map<string, readonly FindingView[]>();
  private cellListeners = new Map<string, Set<Listener>>();
  private listeners = new Set<Listener>();
  private version = 0;
  readonly readable: boolean;

  /** `null`: this user may not read findings (a data provider); the page shows none. */
  constructor(findings: readonly FindingView[] | null) {
    this.readable = findings !== null;
    this.list = findings ?? NONE;
    this.index();
  }

  all = (): readonly FindingView[] => this.list;
  activeOf = (cell: string): readonly FindingView[] => this.byCell.get(cell) ?? NONE;
  getVersion = () => this.version;

  subscribe = (l: Listener) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  subscribeCell = (cell: string, l: Listener) => {
    let set = this.cellListeners.get(cell);
    if (!set) this.cellListeners.set(cell, (set = new Set()));
    set.add(l);
    return () => set.delete(l);
  };

  /** After a run of the checks: the whole list again. */
  replace(findings: readonly FindingView[]) {
    this.list = findings;
    this.changed();
  }

  /** After a follow-up: the finding as the server now has it. */
  upsert(f: FindingView) {
    this.list = this.list.some((x) => x.id === f.id) ? this.list.map((x) => (x.id === f.id ? f : x)) : [...this.list, f];
    this.changed();
  }

  private changed() {
    const before = this.byCell;
    this.index();
    this.version++;
    for (const cell of new Set([...before.keys(), ...this.byCell.keys()]))
      if (before.get(cell) !== this.byCell.get(cell)) this.cellListeners.get(cell)?.forEach((l) => l());
    this.listeners.forEach((l) => l());
  }

  private index() {
    const next = new Map<string, FindingView[]>();
    for (const f of this.list) if (isActive(f)) next.set(f.cell, [...(next.get(f.cell) ?? []), f]);
    // Unchanged cells keep their array, so that only cells whose findings changed re-render.
    const same = (a: readonly FindingView[] | undefined, b: readonly FindingView[]) =>
      a !== undefined && a.length === b.length && a.every((f, i) => f.id === b[i]!.id && f.state === b[i]!.state);
    const out = new Map<string, readonly FindingView[]>();
    for (const [cell, list] of next) {
      const old = this.byCell.get(cell);
      out.set(cell, same(old, list) ? old! : list);
    }
    this.byCell = out;
  }
}
