/** Shared plumbing of CLI commands: open the database, run as the operator, report errors. */
import type { Command } from 'commander';
import { openReadyDatabase } from '../bootstrap.js';
import { storageTarget, type StorageOptions } from '../config.js';
import type { Db } from '../db/connect.js';
import { cliActor } from '../shared/actor.js';
import { systemClock } from '../shared/clock.js';
import { transact, type Tx } from '../shared/context.js';
import { AppError } from '../shared/errors.js';

export async function withDatabase<T>(cmd: Command, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openReadyDatabase(storageTarget(cmd.optsWithGlobals<StorageOptions>()), systemClock);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export const asOperator = <T>(db: Db, label: string, fn: (tx: Tx) => Promise<T>) =>
  transact({ kysely: db.kysely, clock: systemClock }, cliActor(label), null, fn);

export function reportError(err: unknown): number {
  if (err instanceof AppError) {
    process.stderr.write(`error: ${err.message}${err.field ? ` (${err.field})` : ''}\n`);
    for (const e of err.errors ?? []) process.stderr.write(`  ${e.field}: ${e.message}\n`);
    return err.status === 404 ? 4 : 1;
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export const print = (line = ''): void => {
  process.stdout.write(line + '\n');
};
