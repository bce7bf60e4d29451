/**
 * COPY inside a transaction, on the suite's engine: text streamed in writes of any size
 * (PGlite gathers it in one reused staging buffer and loads it in pieces cut at line ends),
 * a COPY text file read in pieces cut anywhere, and a rollback that leaves nothing.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { transactWithCopy } from '../../src/db/copy-transaction.js';
import { BlobStaging } from '../../src/db/blob-staging.js';
import { systemActor } from '../../src/shared/actor.js';
import { systemClock } from '../../src/shared/clock.js';
import { createTestDb } from '../helpers/db.js';
import type {} from '../helpers/provided.js';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
  await sql`CREATE TABLE copy_probe (id integer PRIMARY KEY, note text NOT NULL)`.execute(db.kysely);
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  await sql`TRUNCATE copy_probe`.execute(db.kysely);
});

const inTransaction = <T>(fn: Parameters<typeof transactWithCopy<T>>[4]) =>
  transactWithCopy(db, systemClock, systemActor('copy test'), null, fn);

/** A row's note: non-ASCII text (two- and three-byte UTF-8, a four-byte emoji) of varying length. */
const noteOf = (id: number) => `Zürich–東京 🚢 ${'x'.repeat(id % 97)} ${id}`;
const linesOf = (from: number, to: number) => {
  let text = '';
  for (let id = from; id < to; id++) text += `${id}\t${noteOf(id)}\n`;
  return text;
};
const digest = (notes: string[]) => createHash('sha256').update(notes.join('\n')).digest('hex');

async function stored(): Promise<{ count: number; digest: string }> {
  const rows = await sql<{ note: string }>`SELECT note FROM copy_probe ORDER BY id`.execute(db.kysely);
  return { count: rows.rows.length, digest: digest(rows.rows.map((r) => r.note)) };
}

describe('COPY in a transaction', () => {
  it('stores every row streamed in writes of a few lines to megabytes, through several loads', async () => {
    const total = 160_000; // about 9.5 MB of COPY text: more than one load into PGlite
    await inTransaction(async (_tx, _file, copier) => {
      const target = copier.stream('copy_probe', ['id', 'note']);
      let id = 0;
      for (const size of [1, 7, 1000, 60_000, 3, 50_000]) {
        await target.write(linesOf(id, id + size));
        id += size;
      }
      while (id < total) {
        const size = Math.min(2_000, total - id);
        await target.write(linesOf(id, id + size));
        id += size;
      }
      await target.end();
    });
    const expected = digest(Array.from({ length: total }, (_, id) => noteOf(id)));
    expect(await stored()).toEqual({ count: total, digest: expected });
  });

  it('stores a row longer than the staging buffer, between ordinary ones', async () => {
    const long = `é${'y'.repeat(6_000_000)}`; // 6,000,001 characters: may need up to 18 MB of UTF-8
    await inTransaction(async (_tx, _file, copier) => {
      const target = copier.stream('copy_probe', ['id', 'note']);
      await target.write('1\tbefore\n');
      await target.write(`2\t${long}\n`);
      await target.write('3\tafter\n');
      await target.end();
    });
    const rows = await sql<{ id: number; length: number; first: string }>`
      SELECT id, length(note) AS length, left(note, 1) AS first FROM copy_probe ORDER BY id`.execute(db.kysely);
    expect(rows.rows).toEqual([
      { id: 1, length: 6, first: 'b' },
      { id: 2, length: long.length, first: 'é' },
      { id: 3, length: 5, first: 'a' },
    ]);
  });

  it('loads a COPY text file read in pieces that cut lines and characters', async () => {
    const total = 180_000; // about 10.8 MB: a load ends inside a line, which waits for the next
    const file = join(await mkdtemp(join(inject('scratchDir'), 'copy-')), 'rows.copy');
    await writeFile(file, linesOf(0, total));
    await inTransaction(async (_tx, copy) => copy('copy_probe', ['id', 'note'], file));
    expect(await stored()).toEqual({ count: total, digest: digest(Array.from({ length: total }, (_, id) => noteOf(id))) });
  });

  it('leaves nothing when the transaction fails after loads', async () => {
    await expect(
      inTransaction(async (_tx, _file, copier) => {
        const target = copier.stream('copy_probe', ['id', 'note']);
        await target.write(linesOf(0, 150_000));
        await target.end();
        throw new Error('stop after the COPY');
      }),
    ).rejects.toThrow('stop after the COPY');
    expect((await stored()).count).toBe(0);
  });
});

describe('BlobStaging', () => {
  it('loads whole lines, keeps an unended one for the next load, and reuses its buffer', async () => {
    const staging = new BlobStaging(64);
    const loads: string[] = [];
    const load = async (blob: Blob) => void loads.push(new TextDecoder().decode(await blob.arrayBuffer()));
    expect(staging.add(new TextEncoder().encode('1\tab\n2\tcé'))).toBe(true);
    expect(await staging.load(load)).toBe(5);
    expect(staging.size).toBe(5); // "2\tcé", waiting for its end
    expect(staging.add('\n3\tz\n')).toBe(true);
    expect(await staging.load(load)).toBe(10);
    expect(await staging.load(load, true)).toBe(0);
    expect(loads).toEqual(['1\tab\n', '2\tcé\n3\tz\n']);
  });

  it('refuses text that might not fit, with nothing added', () => {
    const staging = new BlobStaging(30);
    expect(staging.add('a'.repeat(10))).toBe(true); // may have taken 30 bytes: takes 10
    expect(staging.add('b'.repeat(7))).toBe(false); // may take 21
    expect(staging.size).toBe(10);
    expect(staging.add(new Uint8Array(20))).toBe(true);
    expect(staging.add(new Uint8Array(1))).toBe(false);
    expect(staging.size).toBe(30);
  });
});
