/** The running server: listens, seeds demo accounts, and shuts down cleanly, releasing the data folder. */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageTarget, uploadDirFor } from '../src/config.js';
import { startServer } from '../src/server.js';
import { createLogger } from '../src/shared/logger.js';
import { DEMO_PASSWORD } from '../src/demo/accounts.js';
import { createCliDatabase } from './helpers/db.js';

let target: { args: string[]; cleanup(): Promise<void> };
beforeAll(async () => {
  target = await createCliDatabase();
});
afterAll(async () => target?.cleanup());

/** The server on this run's database, without the web app. */
const start = (demo: boolean) =>
  startServer({ target: storage(), host: '127.0.0.1', port: 0, demo, logger: createLogger({ level: 'silent' }), webRoot: null });

const storage = () =>
  target.args[0] === '--data-dir' ? storageTarget({ dataDir: target.args[1] }) : storageTarget({ databaseUrl: target.args[1] });

describe('observatory serve', () => {
  it('answers /healthz, seeds demo accounts once, and releases the database on close', async () => {
    const server = await start(true);
    expect(server.seeded).toBe(true);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'focal.col@example.org', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/obs_session=.*HttpOnly/);
    if (target.args[0] === '--data-dir') expect(existsSync(join(target.args[1]!, 'observatory.pid'))).toBe(true);
    await server.close();
    if (target.args[0] === '--data-dir') expect(existsSync(join(target.args[1]!, 'observatory.pid'))).toBe(false);

    // Restarted without --demo: the data survived, nothing is seeded again, and demo accounts are refused.
    const again = await start(false);
    expect(again.seeded).toBe(false);
    const refused = await fetch(`${again.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'focal.col@example.org', password: DEMO_PASSWORD }),
    });
    expect(refused.status).toBe(403);
    await again.close();
  });

  it('sweeps the upload folder as it starts: a folder no batch knows goes only from the embedded database’s own', async () => {
    const uploads = uploadDirFor(storage());
    const orphan = join(uploads, randomUUID());
    await mkdir(orphan, { recursive: true });
    await writeFile(join(orphan, 'source'), 'Date,Drug\n');
    const old = new Date(Date.now() - 2 * 3_600_000);
    await utimes(join(orphan, 'source'), old, old);
    await utimes(orphan, old, old);
    const server = await start(false);
    await server.close();
    // A PostgreSQL server's default upload folder is shared by every database of the machine.
    expect(existsSync(orphan)).toBe(target.args[0] !== '--data-dir');
    await rm(orphan, { recursive: true, force: true });
  });

  it('refuses to open an embedded data folder that another process holds', async () => {
    if (target.args[0] !== '--data-dir') return; // a PostgreSQL server arbitrates between processes itself
    const first = await start(false);
    try {
      const { acquireDataDirLock } = await import('../src/db/data-dir-lock.js');
      // Our own pid holds it; a different live pid is what another process would be.
      const { writeFile } = await import('node:fs/promises');
      await first.close();
      await writeFile(join(target.args[1]!, 'observatory.pid'), String(process.ppid));
      await expect(acquireDataDirLock(target.args[1]!)).rejects.toThrow(/in use by process/);
      await writeFile(join(target.args[1]!, 'observatory.pid'), '999999999');
      const lock = await acquireDataDirLock(target.args[1]!); // stale: taken over
      await lock.release();
    } finally {
      await first.close();
    }
  });
});
