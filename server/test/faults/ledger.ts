/**
 * Every change the workload attempted and which ones the server acknowledged (2xx), in
 * one sequence. At a cut (the kill, or the moment a backup began) the database must hold,
 * for each changed object, the last state acknowledged before the cut, or a state that
 * was attempted after it (a request in flight may or may not have committed).
 */
export type Kind = 'cell' | 'submission' | 'batch' | 'release';
export type Target = string | number;

interface Attempt {
  target: Target;
  startSeq: number;
  ackSeq: number | null;
  /** Not a request: the state a check found stored (see settle). */
  settled?: true;
}

export interface Entry {
  kind: Kind;
  id: string;
  attempts: Attempt[];
  /** Accepted rows of a batch, as the server reported them before the commit. */
  rows?: number;
  /** Figures written by a release's publish, as its answer reported them. */
  observations?: number;
}

export interface Expectation {
  /** The last acknowledged state before the cut, and the sequence number of its acknowledgement. */
  acked: Target;
  ackSeq: number;
  /** What may be stored: the acknowledged state or anything attempted after it. */
  allowed: Target[];
}

export class Ledger {
  private seq = 0;
  /** Changes acknowledged over the whole run. */
  acks = 0;
  readonly entries = new Map<string, Entry>();

  /** The current position in the sequence: a cut. */
  mark(): number {
    return this.seq;
  }

  entry(kind: Kind, id: string): Entry {
    const key = `${kind}:${id}`;
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { kind, id, attempts: [] }));
    return e;
  }

  /** Attempts one request that changes these objects; they count as acknowledged once `send` resolves. */
  async change<T>(targets: Array<[Kind, string, Target]>, send: () => Promise<T>): Promise<T> {
    const startSeq = ++this.seq;
    const attempts = targets.map(([kind, id, target]) => {
      const a: Attempt = { target, startSeq, ackSeq: null };
      this.entry(kind, id).attempts.push(a);
      return a;
    });
    const result = await send();
    const ackSeq = ++this.seq;
    for (const a of attempts) a.ackSeq = ackSeq;
    this.acks += attempts.length;
    return result;
  }

  /** An object the server created and named in its (2xx) answer. */
  created(kind: Kind, id: string, target: Target): Entry {
    const seq = ++this.seq;
    const e = this.entry(kind, id);
    e.attempts.push({ target, startSeq: seq, ackSeq: seq });
    this.acks++;
    return e;
  }

  expectation(e: Entry, cut: number): Expectation | null {
    let last = -1;
    e.attempts.forEach((a, i) => {
      if (a.ackSeq !== null && a.ackSeq <= cut) last = i;
    });
    if (last < 0) return null;
    const acked = e.attempts[last]!;
    return { acked: acked.target, ackSeq: acked.ackSeq!, allowed: e.attempts.slice(last).map((a) => a.target) };
  }

  /** Sequence numbers at which a request of this kind and target started (a publish, say). */
  starts(kind: Kind, target: Target, cut: number): number[] {
    const out: number[] = [];
    for (const e of this.entries.values())
      if (e.kind === kind)
        for (const a of e.attempts) if (!a.settled && a.target === target && a.ackSeq !== null && a.ackSeq <= cut) out.push(a.startSeq);
    return out;
  }

  /**
   * How many requests were open at some moment between two marks: started before the
   * second and not acknowledged before the first. On PGlite the one connection serialises
   * everything, so a write waiting behind the backup may have started just before it.
   */
  openBetween(from: number, to: number): number {
    const open = new Set<number>();
    for (const e of this.entries.values())
      for (const a of e.attempts) if (!a.settled && a.startSeq <= to && (a.ackSeq === null || a.ackSeq > from)) open.add(a.startSeq);
    return open.size;
  }

  /** After a check: what is stored is now known, and is what later checks start from. */
  settle(e: Entry, stored: Target): void {
    const seq = ++this.seq;
    e.attempts = [{ target: stored, startSeq: seq, ackSeq: seq, settled: true }];
  }
}
