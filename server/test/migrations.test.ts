import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest, MIGRATIONS } from '../src/db/migrate.js';
import { databaseUrl, serverUrl } from './helpers/engines.js';
import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { createTestDb } from './helpers/db.js';

async function emptyDatabase() {
  if (!serverUrl) return { db: await openDatabase({ kind: 'pglite-memory' }), drop: async () => undefined };
  const name = `obs_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    db: await openDatabase({ kind: 'postgres', url: databaseUrl(name), poolSize: 2 }),
    drop: async () => {
      const a = new pg.Client({ connectionString: serverUrl! });
      await a.connect();
      await a.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

describe('migrations', () => {
  it('apply to an empty database, and re-running them is a no-op', async () => {
    const { db, drop } = await emptyDatabase();
    try {
      const first = await migrateToLatest(db.kysely);
      expect(first.map((r) => r.migrationName)).toEqual(Object.keys(MIGRATIONS).sort());
      expect(first.every((r) => r.status === 'Success')).toBe(true);
      const tables = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`.execute(db.kysely);
      expect(tables.rows[0]!.n).toBeGreaterThanOrEqual(10);
      expect(await migrateToLatest(db.kysely)).toEqual([]);
    } finally {
      await db.close();
      await drop();
    }
  });

  it('normalise numeric types identically on both engines', async () => {
    const db = await createTestDb();
    try {
      const r = await sql<{ i8: number; num: number; d: string; arr: number[] }>`
        SELECT 9007199254740991::int8 AS i8, 12.5::numeric AS num, '2024-02-29'::date AS d, ARRAY[1, 2]::int8[] AS arr`.execute(db.kysely);
      expect(r.rows[0]).toEqual({ i8: 9007199254740991, num: 12.5, d: '2024-02-29', arr: [1, 2] });
      await expect(sql`SELECT 9007199254740993::int8 AS x`.execute(db.kysely)).rejects.toThrow(/safe integer/);
    } finally {
      await db.close();
    }
  });
});
