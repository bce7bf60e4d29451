/**
 * A query budget per client on the published data: answers from the cache are free, but
 * each answer computed from the database costs the milliseconds it took. A client's
 * budget refills at a steady rate up to a ceiling (a token bucket of database time), so a
 * crawler walking every key of every dataflow slows to the refill rate instead of keeping
 * the database busy while countries are entering data. The request rate limit (see
 * `publicRateLimit`) bounds the cheap requests; this bounds the expensive ones.
 */
import { TooManyRequests } from '../shared/errors.js';
import type { Clock } from '../shared/clock.js';

export interface BudgetSettings {
  /** Milliseconds of database work a client may spend at once (the bucket). */
  burstMs: number;
  /** Milliseconds of database work a client regains per second. */
  refillMsPerSecond: number;
}

/** 20 s at once, then 100 ms a second: a tenth of one core per client, sustained. */
export const defaultBudget: BudgetSettings = { burstMs: 20_000, refillMsPerSecond: 100 };

interface Account {
  balance: number;
  at: number;
}

const MAX_CLIENTS = 10_000;

export class QueryBudget {
  private accounts = new Map<string, Account>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: BudgetSettings = defaultBudget,
  ) {}

  private account(client: string, now: number): Account {
    const a = this.accounts.get(client);
    if (!a) return { balance: this.settings.burstMs, at: now };
    const refilled = a.balance + ((now - a.at) / 1000) * this.settings.refillMsPerSecond;
    return { balance: Math.min(this.settings.burstMs, refilled), at: now };
  }

  /** Seconds until the client may query again, or 0 when it may now. */
  waitFor(client: string): number {
    const a = this.account(client, this.clock.now().getTime());
    return a.balance > 0 ? 0 : Math.ceil((1 - a.balance) / this.settings.refillMsPerSecond);
  }

  /** Runs `work` if the client has budget left, and charges it the time `work` took. */
  async spend<T>(client: string, work: () => Promise<T>): Promise<T> {
    const wait = this.waitFor(client);
    if (wait > 0)
      throw new TooManyRequests(
        wait,
        `query budget used up: this client computed too many uncached answers; try again in ${wait} s (cached answers are still served)`,
      );
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.charge(client, Math.max(1, performance.now() - started));
    }
  }

  private charge(client: string, ms: number): void {
    const now = this.clock.now().getTime();
    const a = this.account(client, now);
    a.balance -= ms;
    this.accounts.delete(client);
    this.accounts.set(client, a);
    // The least recently charged goes first; past this many clients at once, the request
    // rate limit and the server's own capacity are what hold.
    if (this.accounts.size > MAX_CLIENTS) this.accounts.delete(this.accounts.keys().next().value!);
  }
}
