/**
 * Published answers change only when a release is published or withdrawn, or when an
 * embargo time passes. Answers are kept in memory, per tier, language and format, until
 * then (and at most a minute, so that a release published by another process shows soon).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';

interface Entry {
  body: string;
  contentType: string;
  status: number;
  until: number;
  epoch: number;
}

const MAX_ENTRIES = 2000;
const MAX_AGE_MS = 60_000;

export class PublishedCache {
  private entries = new Map<string, Entry>();
  private epoch = 0;
  private nextEmbargo: Promise<number> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** A release was published or withdrawn: every answer may have changed. */
  invalidate(): void {
    this.epoch++;
    this.entries.clear();
    this.nextEmbargo = null;
  }

  private async embargoAfter(now: number): Promise<number> {
    this.nextEmbargo ??= this.db
      .selectFrom('releases')
      .select((eb) => eb.fn.min('embargo_at').as('at'))
      .where('state', '=', 'scheduled')
      .where('embargo_at', '>', new Date(now))
      .executeTakeFirst()
      .then((r) => (r?.at ? new Date(r.at as Date).getTime() : Number.POSITIVE_INFINITY));
    const at = await this.nextEmbargo;
    if (at <= now) {
      // That embargo has passed: everything cached before it is stale.
      this.invalidate();
      return this.embargoAfter(now);
    }
    return at;
  }

  async get(key: string): Promise<Entry | null> {
    const e = this.entries.get(key);
    if (!e) return null;
    const now = this.clock.now().getTime();
    if (e.epoch !== this.epoch || now >= e.until || now >= (await this.embargoAfter(now))) {
      this.entries.delete(key);
      return null;
    }
    // Most recently used last: the oldest go first when the map is full.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  async set(key: string, value: { body: string; contentType: string; status: number }): Promise<void> {
    const now = this.clock.now().getTime();
    const until = Math.min(now + MAX_AGE_MS, await this.embargoAfter(now));
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { ...value, until, epoch: this.epoch });
  }
}
