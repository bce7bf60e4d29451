/** Closing a database: once close() resolves, nothing of it is left open, on the server or in the process. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { createTestDb } from '../helpers/db.js';
import { databaseUrl, serverUrl } from '../helpers/engines.js';

describe('closing a database', () => {
  it('resolves once every connection it opened has gone', async () => {
    const db = await createTestDb();
    try {
      if (!serverUrl) {
        await sql`SELECT 1`.execute(db.kysely);
        await db.close();
        expect(db.pglite!.closed).toBe(true);
        return;
      }
      // A second process's view of the same database, opened and closed while this one watches.
      const name = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(db.kysely)).rows[0]!.name;
      const sessions = async () =>
        Number(
          (await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = ${name}`.execute(db.kysely)).rows[0]!.n,
        );
      const before = await sessions();
      const other = await openDatabase({ kind: 'postgres', url: databaseUrl(name), poolSize: 4 });
      // Several at once: the pool opens a connection for each.
      await Promise.all(Array.from({ length: 4 }, () => sql`SELECT pg_sleep(0.05)`.execute(other.kysely)));
      expect(await sessions()).toBe(before + 4);
      await other.close();
      expect(await sessions()).toBe(before);
    } finally {
      if (serverUrl) await db.close();
    }
  });
});
