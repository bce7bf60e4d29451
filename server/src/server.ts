/**
 * Runs the platform: database ready, HTTP listening, and a graceful stop that lets
 * requests in flight finish before the database closes.
 */
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { openReadyDatabase } from './bootstrap.js';
import type { DatabaseTarget } from './db/connect.js';
import { uploadDirFor } from './config.js';
import { defaultAuthSettings } from './auth/settings.js';
import { buildApp } from './http/app.js';
import type { App } from './http/app-types.js';
import { seedDemoData, type DemoDataSummary } from './demo/data.js';
import { demoDataPending, seedDemo } from './demo/seed.js';
import { systemClock, type Clock } from './shared/clock.js';
import { deleteExpiredSessions } from './auth/sessions-repository.js';
import { createServices } from './services.js';
import { sweepUploads, uploadRetentionDays } from './records/housekeeping.js';

export const WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface ServerOptions {
  target: DatabaseTarget;
  host: string;
  port: number;
  demo: boolean;
  /** With demo: also seed demonstration data (synthetic records, answers, a release) into an empty database. */
  demoData?: boolean;
  logger: Logger;
  clock?: Clock;
  webRoot?: string | null;
  trustProxy?: boolean;
  /** Days a checked or failed upload waits for its commit (default: OBSERVATORY_UPLOAD_RETENTION_DAYS, or 7). */
  uploadRetentionDays?: number;
}

export interface RunningServer {
  url: string;
  app: App;
  seeded: boolean;
  demoData: DemoDataSummary | null;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const clock = opts.clock ?? systemClock;
  const retentionDays = opts.uploadRetentionDays ?? uploadRetentionDays();
  const db = await openReadyDatabase(opts.target, clock);
  opts.logger.info({ database: db.description }, 'database ready');
  const seeded = opts.demo ? (await seedDemo(db.kysely, clock, { data: Boolean(opts.demoData) })).seeded : false;
  const services = createServices(
    db,
    clock,
    { ...defaultAuthSettings, demoMode: opts.demo },
    { uploadDir: uploadDirFor(opts.target), logger: opts.logger },
  );
  // Only into the database the demo accounts were seeded into (never over real work): the
  // accounts' transaction marked the data pending, and a first start stopped part-way left
  // them so; this start completes them.
  let demoData: DemoDataSummary | null = null;
  try {
    if (opts.demo && opts.demoData && (await demoDataPending(db.kysely))) demoData = await seedDemoData(services);
  } catch (err) {
    await db.close();
    throw err;
  }
  if (demoData) opts.logger.info(demoData, 'demonstration data seeded');
  const app = await buildApp({
    services,
    logger: opts.logger,
    webRoot: opts.webRoot === undefined ? WEB_ROOT : opts.webRoot,
    trustProxy: opts.trustProxy ?? false,
  });
  // A sweep that fails is logged and tried again at the next; it never stops the server.
  const sweepFiles = () =>
    sweepUploads(services, { retentionDays, orphans: db.engine === 'pglite' }).then(
      (r) => {
        if (r.interrupted || r.expired || r.partialFiles || r.orphans) opts.logger.info(r, 'upload folder swept');
      },
      (err: unknown) => opts.logger.warn({ err }, 'upload sweep failed'),
    );
  await sweepFiles();
  const sweep = setInterval(() => {
    deleteExpiredSessions(db.kysely, clock.now()).catch((err: unknown) => opts.logger.warn({ err }, 'session sweep failed'));
    void sweepFiles();
  }, 15 * 60_000);
  sweep.unref();
  try {
    await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    clearInterval(sweep);
    await app.close();
    await db.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`,
    app,
    seeded,
    demoData,
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweep);
        await app.close();
        await db.close();
      })()),
  };
}
