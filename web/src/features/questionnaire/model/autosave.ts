/**
 * Autosave: local changes are batched and sent a moment after the user stops typing, in
 * one PUT with each cell's base revision. The server saves all or none; a cell someone
 * else changed meanwhile comes back as a 409 naming it, and is set aside as a conflict
 * for the user to resolve while the rest is saved again at once. A lost connection is
 * retried with growing pauses, and when the browser says it is back online.
 */
import type { CellInput, FieldProblem } from '@observatory/core';
import { ApiError } from '../../../api/client.js';
import { submissionsApi } from '../../../api/endpoints.js';
import type { GridStore } from './store.js';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'offline' | 'error' | 'invalid';

export interface SaveStatus {
  state: SaveState;
  /** Cells waiting to be sent. */
  pending: number;
  conflicts: number;
  /** Cells holding text that is not a value (not sent until corrected). */
  invalid: number;
  /** When the last save went through. */
  savedAt: Date | null;
  /** The error that stopped saving (forbidden, session ended, server error). */
  error: ApiError | null;
}

const DEBOUNCE_MS = 1000;
const MAX_BATCH = 5000;

/** `/body/cells/3/value` → 3 */
const indexOf = (field: string | undefined) => {
  const m = /^\/body\/cells\/(\d+)/.exec(field ?? '');
  return m ? Number(m[1]) : null;
};

export class Autosaver {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private retryDelay = 2000;
  private savedAt: Date | null = null;
  private error: ApiError | null = null;
  private offline = false;
  private stopped = false;
  private listeners = new Set<() => void>();
  private status: SaveStatus;
  private readonly unsubscribe: () => void;
  private readonly unsubscribeStore: () => void;
  private readonly onOnline = () => this.flushSoon(0);

  constructor(
    private readonly store: GridStore,
    private readonly submissionId: string,
    private readonly hooks: { onForbidden?: (err: ApiError) => void } = {},
  ) {
    this.status = this.compute();
    this.unsubscribe = store.onDirty(() => {
      this.error = null;
      this.flushSoon(DEBOUNCE_MS);
    });
    // Resolving a conflict or a rejected value changes what is pending without a new edit.
    this.unsubscribeStore = store.subscribe(() => this.publish());
    window.addEventListener('online', this.onOnline);
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = (): SaveStatus => this.status;

  private compute(): SaveStatus {
    const dirty = this.store.dirtyKeys();
    const conflicts = this.store.conflictKeys().length;
    let invalid = 0;
    for (const k of dirty) {
      const c = this.store.cell(k);
      if (c.parseError || c.rejected) invalid += 1;
    }
    const pending = dirty.length;
    const state: SaveState = conflicts
      ? 'conflict'
      : this.inFlight
        ? 'saving'
        : this.offline
          ? 'offline'
          : this.error
            ? 'error'
            : pending > invalid
              ? 'unsaved'
              : invalid
                ? 'invalid'
                : 'saved';
    return { state, pending, conflicts, invalid, savedAt: this.savedAt, error: this.error };
  }

  private publish() {
    const next = this.compute();
    const s = this.status;
    if (
      s.state === next.state &&
      s.pending === next.pending &&
      s.conflicts === next.conflicts &&
      s.invalid === next.invalid &&
      s.savedAt === next.savedAt &&
      s.error === next.error
    )
      return;
    this.status = next;
    for (const l of this.listeners) l();
  }

  private flushSoon(delay: number) {
    this.publish();
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  private savable = (key: string) => {
    const c = this.store.cell(key);
    return c.dirty && !c.parseError && !c.conflict && !c.rejected;
  };

  /** Sends every savable change now; resolves when nothing savable is left or saving failed. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.inFlight) await this.inFlight;
    const keys = this.store.dirtyKeys().filter(this.savable);
    if (keys.length === 0 || this.stopped) return this.publish();
    const batch = keys.slice(0, MAX_BATCH);
    const sent = batch.map((k) => ({ key: k, seq: this.store.cell(k).editSeq }));
    const inputs: CellInput[] = batch.map((k) => {
      const c = this.store.cell(k);
      return { cell: k, value: c.value, flags: c.flags, comment: c.comment, baseRevision: c.revision };
    });
    let again = false;
    this.inFlight = (async () => {
      try {
        const result = await submissionsApi.save(this.submissionId, inputs);
        const revisions = new Map(result.saved.map((s) => [s.cell, s.revision]));
        for (const { key, seq } of sent) this.store.confirmSaved(key, revisions.get(key) ?? this.store.cell(key).revision, seq);
        this.savedAt = new Date();
        this.error = null;
        this.offline = false;
        this.retryDelay = 2000;
        again = this.store.dirtyKeys().some(this.savable);
      } catch (err) {
        again = this.handleFailure(err, batch);
      }
    })();
    this.publish();
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
      this.store.setSaveNotify();
      this.publish();
    }
    if (again) this.flushSoon(0);
  }

  /** Returns whether to try the rest again at once. */
  private handleFailure(err: unknown, batch: string[]): boolean {
    if (!(err instanceof ApiError)) throw err;
    const cellsOf = (problems: FieldProblem[] | undefined) =>
      (problems ?? []).flatMap((p) => {
        const i = indexOf(p.field);
        return i !== null && batch[i] ? [{ key: batch[i], message: p.message }] : [];
      });
    if (err.status === 409) {
      const conflicts = cellsOf(err.body.errors ?? [{ field: err.body.field ?? '', code: 'conflict', message: err.body.message }]);
      for (const c of conflicts) this.store.markConflict(c.key, c.message);
      return conflicts.length > 0;
    }
    if (err.status === 400 && err.code === 'validation_failed') {
      const rejected = cellsOf(err.body.errors);
      for (const c of rejected) this.store.markRejected(c.key, c.message);
      if (rejected.length > 0) return true;
    }
    if (err.status === 0 || err.status >= 500 || err.status === 401) {
      // Unreachable server, server trouble or an expired session: keep the changes, try again later.
      this.offline = err.status === 0;
      this.error = err.status === 0 ? null : err;
      const delay = this.retryDelay;
      this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
      setTimeout(() => this.flushSoon(0), delay);
      return false;
    }
    // Forbidden (the submission moved on, a section was unassigned) or another refusal: stop and say so.
    this.error = err;
    if (err.status === 403) this.hooks.onForbidden?.(err);
    return false;
  }

  /** Whether anything would be lost if the page closed now. */
  hasUnsaved(): boolean {
    return this.inFlight !== null || this.store.dirtyKeys().length > 0;
  }

  dispose() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe();
    this.unsubscribeStore();
    window.removeEventListener('online', this.onOnline);
    this.listeners.clear();
  }
}
