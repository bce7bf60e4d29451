/**
 * A transaction that can also bulk-load a COPY text file, on either engine. The PostgreSQL
 * server loads through COPY FROM STDIN (pg-copy-streams) on the transaction's own client.
 * PGlite, where COPY FROM STDIN is not available, loads through COPY FROM '/dev/blob' in
 * chunks cut at line ends, gathered in one reused buffer (blob-staging.ts); it runs in the
 * one session the transaction holds, so it commits or rolls back with it.
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
import { BlobStaging } from './blob-staging.js';

export type CopyFile = (table: string, columns: string[], file: string) => Promise<void>;

/** A COPY in progress: text in COPY format is written to it as it is produced. */
export interface CopyStream {
  /** Whole lines of COPY text, or (the file path) bytes cut anywhere. */
  write(text: string | Uint8Array): Promise<void>;
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

/** Bytes of COPY text per load into PGlite. */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Reserved for the staging buffer: a load's bytes and the write that crosses CHUNK_BYTES. */
const STAGING_BYTES = 2 * CHUNK_BYTES;
/** A COPY text file is read in pieces this size (cut anywhere; the staging keeps lines whole). */
const FILE_READ_BYTES = 1024 * 1024;
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
      const stream = (table: string, columns: string[]): CopyStream => {
        const staging = new BlobStaging(STAGING_BYTES);
        const query = async (blob: Blob) => void (await pglite.query(copySql(table, columns, `'/dev/blob'`), [], { blob }));
        let begun = false;
        return {
          async write(text) {
            // The transaction has begun on the session before the blob COPY joins it.
            if (!begun) await sql`SELECT 1`.execute(tx.trx);
            begun = true;
            if (!staging.add(text)) {
              await staging.load(query);
              // Only whole lines come larger than the staging buffer (a row of megabytes).
              if (!staging.add(text)) {
                if (staging.size > 0) throw new Error('a line of COPY text longer than the staging buffer');
                await query(new Blob([text]));
              }
            }
            if (staging.size >= CHUNK_BYTES) await staging.load(query);
          },
          end: async () => void (await staging.load(query, true)),
          room: CHUNK_BYTES,
          onMainThread: true,
        };
      };
      const copy: CopyFile = async (table, columns, file) => {
        const target = stream(table, columns);
        for await (const chunk of createReadStream(file, { highWaterMark: FILE_READ_BYTES }) as AsyncIterable<Buffer>)
          await target.write(chunk);
        await target.end();
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
