/**
 * A transaction that can also bulk-load a COPY text file, on either engine. The PostgreSQL
 * server loads through COPY FROM STDIN (pg-copy-streams) on the transaction's own client.
 * PGlite, where COPY FROM STDIN is not available, loads through COPY FROM '/dev/blob' in
 * chunks cut at line ends (memory stays bounded); it runs in the one session the
 * transaction holds, so it commits or rolls back with it.
 */
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { finished, pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect, sql, type PostgresPool } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Actor } from '../shared/actor.js';
import type { Clock } from '../shared/clock.js';
import { transact, type Tx } from '../shared/context.js';
import type { Db } from './connect.js';
import type { Database } from './schema.js';

export type CopyFile = (table: string, columns: string[], file: string) => Promise<void>;

/** A COPY in progress: text in COPY format is written to it as it is produced. */
export interface CopyStream {
  write(text: string): Promise<void>;
  end(): Promise<void>;
  /**
   * Characters of text worth having on their way while it loads: PGlite loads on the main
   * thread and holds it for a whole blob, during which producers should go on working
   * (1,000,000 rows into PGlite: checked and loaded in 26.9 s with 600 KB on the way, 20.7-21.7 s
   * with 8 MB); the server's COPY keeps up, and more text waiting would only take memory.
   */
  readonly room: number;
  /** True when the load runs on this thread (PGlite), which then has a core's work of its own. */
  readonly onMainThread: boolean;
}

export interface Copier {
  /** Loads a whole COPY text file. */
  file: CopyFile;
  /** Opens a COPY into which rows are streamed while they are produced. */
  stream(table: string, columns: string[]): CopyStream;
}

const CHUNK_BYTES = 8 * 1024 * 1024;
const copySql = (table: string, columns: string[], source: string) =>
  `COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM ${source}`;

export async function transactWithCopy<T>(
  db: Db,
  clock: Clock,
  actor: Actor,
  requestId: string | null,
  fn: (tx: Tx, copy: CopyFile, copier: Copier) => Promise<T>,
): Promise<T> {
  if (db.engine === 'pglite') {
    const pglite = db.pglite!;
    return transact({ kysely: db.kysely, clock }, actor, requestId, async (tx) => {
      const copy: CopyFile = async (table, columns, file) => {
        await sql`SELECT 1`.execute(tx.trx); // the transaction has begun on the session before the blob COPY joins it
        let carry = Buffer.alloc(0);
        const load = async (buf: Buffer) => {
          if (buf.length) await pglite.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob([buf]) });
        };
        for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
          const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
          const cut = buf.lastIndexOf(0x0a) + 1;
          await load(buf.subarray(0, cut));
          carry = Buffer.from(buf.subarray(cut));
        }
        await load(carry);
      };
      const stream = (table: string, columns: string[]): CopyStream => {
        let pending: string[] = [];
        let size = 0;
        const load = async () => {
          if (size === 0) return;
          const blob = new Blob(pending);
          pending = [];
          size = 0;
          await pglite.query(copySql(table, columns, `'/dev/blob'`), [], { blob });
        };
        return {
          async write(text) {
            if (size === 0) await sql`SELECT 1`.execute(tx.trx);
            pending.push(text);
            size += text.length;
            if (size >= CHUNK_BYTES) await load();
          },
          end: load,
          room: CHUNK_BYTES,
          onMainThread: true,
        };
      };
      return fn(tx, copy, { file: copy, stream });
    });
  }

  // PostgreSQL server: one client for the whole transaction, shared by Kysely and COPY.
  const client = await db.pool.connect();
  const single: PostgresPool = {
    connect: async () => ({ query: client.query.bind(client) as never, release: () => undefined }),
    end: async () => undefined,
  };
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: single }) });
  // A COPY left open would hold the client: on failure each is aborted (CopyFail) before ROLLBACK.
  const open = new Set<ReturnType<typeof copyFrom>>();
  try {
    await client.query('BEGIN');
    const copy: CopyFile = async (table, columns, file) => {
      await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), client.query(copyFrom(copySql(table, columns, 'STDIN'))));
    };
    const stream = (table: string, columns: string[]): CopyStream => {
      const target = client.query(copyFrom(copySql(table, columns, 'STDIN')));
      open.add(target);
      target.once('finish', () => open.delete(target));
      const failed = new Promise<never>((_, reject) => target.once('error', reject));
      failed.catch(() => undefined);
      return {
        async write(text) {
          if (!target.write(text)) await Promise.race([once(target, 'drain'), failed]);
        },
        async end() {
          target.end();
          await Promise.race([finished(target), failed]);
        },
        room: 1024 * 1024,
        onMainThread: false,
      };
    };
    const result = await fn({ actor, trx: kysely, clock, requestId }, copy, { file: copy, stream });
    await client.query('COMMIT');
    return result;
  } catch (err) {
    for (const target of open) {
      const closed = new Promise((r) => target.once('close', r).once('error', r));
      target.destroy(new Error('the import stopped'));
      await closed;
    }
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
    await kysely.destroy();
  }
}
