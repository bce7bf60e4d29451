import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { openDatabase } from '../src/db/connect.js';
import { writeBackup } from '../src/backup/dump.js';
import { restoreBackup } from '../src/backup/restore.js';
import { backupTables, tableDigest } from '../src/backup/catalog.js';
import { verifyAuditChain } from '../src/audit/verify.js';
import { cliActor } from '../src/shared/actor.js';
import { transact } from '../src/shared/context.js';
import { ManualClock } from '../src/shared/clock.js';
import { createUser } from '../src/users/commands.js';
import { createToken } from '../src/tokens/commands.js';
import { createTestDb } from './helpers/db.js';
import { serverUrl } from './helpers/engines.js';
import { grant, unique } from './helpers/factories.js';

const clock = new ManualClock();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'observatory-backup-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function populate(db: Db) {
  for (let i = 0; i < 5; i++) {
    await transact({ kysely: db.kysely, clock }, cliActor('test'), null, async (tx) => {
      const u = await createUser(tx, {
        email: `${unique('b')}@example.org`,
        displayName: `Ünïcode — ${i} 名字 اسم`,
        password: 'a long enough password',
        roles: [grant('focal_point', 'NGA', ['arq', 'glotip'])],
      });
      await createToken(tx, u.id, { name: `t${i}`, scopes: ['read'], expiresInDays: 3 });
    });
  }
}

async function snapshot(db: Db) {
  const out: Record<string, { rows: number; digest: string }> = {};
  for (const t of await backupTables(db.kysely)) out[t.name] = await tableDigest(db.kysely, t.name);
  return out;
}

describe('backup and restore', () => {
  it('restores into an empty database with identical rows in every table', async () => {
    const source = await createTestDb();
    await populate(source);
    const file = join(dir, 'a.backup.gz');
    const summary = await writeBackup(source.kysely, file, source.engine);
    const expected = await snapshot(source);
    await source.close();
    expect(summary.tables).toEqual(expected);
    expect(expected['users']!.rows).toBe(5);

    const target = await createTestDb();
    await restoreBackup(target.kysely, file);
    expect(await snapshot(target)).toEqual(expected);
    expect((await verifyAuditChain(target.kysely)).ok).toBe(true);
    await target.close();
  });

  // Needs both engines, so it exists in the PostgreSQL pass of the suite (CI runs both passes).
  if (serverUrl)
    it('restores across engines: a PGlite backup into PostgreSQL', async () => {
      const embedded = await openDatabase({ kind: 'pglite-memory' });
      const { prepareDatabase } = await import('../src/bootstrap.js');
      await prepareDatabase(embedded.kysely, clock);
      await populate(embedded);
      const file = join(dir, 'cross.backup.gz');
      await writeBackup(embedded.kysely, file, embedded.engine);
      const expected = await snapshot(embedded);
      await embedded.close();
      const server = await createTestDb();
      await restoreBackup(server.kysely, file);
      expect(await snapshot(server)).toEqual(expected);
      await server.close();
    });

  it('refuses a file that is not a backup, and a truncated backup, leaving the database as it was', async () => {
    const db = await createTestDb();
    await populate(db);
    const before = await snapshot(db);
    const junk = join(dir, 'junk.gz');
    const { gzipSync } = await import('node:zlib');
    await writeFile(junk, gzipSync('{"hello":"world"}\n'));
    await expect(restoreBackup(db.kysely, junk)).rejects.toThrow(/not an Observatory backup/);

    const full = join(dir, 'full.gz');
    await writeBackup(db.kysely, full, db.engine);
    const { gunzipSync } = await import('node:zlib');
    const { readFile } = await import('node:fs/promises');
    const lines = gunzipSync(await readFile(full))
      .toString('utf8')
      .trimEnd()
      .split('\n');
    const cut = join(dir, 'cut.gz');
    await writeFile(cut, gzipSync(lines.slice(0, -1).join('\n') + '\n'));
    await expect(restoreBackup(db.kysely, cut)).rejects.toThrow(/truncated/);
    expect(await snapshot(db)).toEqual(before);
    await db.close();
  });
});
