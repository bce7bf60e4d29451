/**
 * The real `observatory serve` as a child process (the compiled command line), and the
 * database it serves opened directly once it is dead, as an operator would after a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openReadyDatabase } from '../../src/bootstrap.js';
import { storageTarget } from '../../src/config.js';
import type { Db } from '../../src/db/connect.js';
import { systemClock } from '../../src/shared/clock.js';

const BIN = fileURLToPath(new URL('../../bin/observatory.js', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))))
    throw new Error('this test runs the compiled command line: run `npm run build` first (npm test does)');
}

export interface ChildServer {
  url: string;
  /** SIGKILL: no handler runs, nothing is flushed or closed. Resolves once the process is gone. */
  kill(): Promise<void>;
}

/** Starts `serve --demo` (accounts only) on a free port of the loopback and waits until it listens. */
export function startChild(dbArgs: string[]): Promise<ChildServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, ...dbArgs, 'serve', '--host', '127.0.0.1', '--port', '0', '--demo', '--no-demo-data'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Observatory is running at (http:\/\/\S+)\n/.exec(out);
      if (m) {
        out = ''; // keep draining the pipe, but not the text
        resolve({
          url: m[1]!,
          kill: async () => {
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`the server stopped before listening (${code ?? signal}):\n${err}${out}`)));
  });
}

/** Opens the database of these CLI arguments in this process (the server must be gone: PGlite is one process's). */
export async function withDirectDatabase<T>(dbArgs: string[], fn: (db: Db) => Promise<T>): Promise<T> {
  const [flag, value] = dbArgs as [string, string];
  const db = await openReadyDatabase(storageTarget(flag === '--data-dir' ? { dataDir: value } : { databaseUrl: value }, {}), systemClock);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * Starts `serve --demo` with demonstration data and SIGKILLs it as soon as its log matches
 * `when`; rejects if it stops or listens first (then the moment was never reached).
 */
export function killDemoServeWhen(dbArgs: string[], when: RegExp): Promise<void> {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...dbArgs, 'serve', '--host', '127.0.0.1', '--port', '0', '--demo'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info' },
  });
  let log = '';
  let killed = false;
  return new Promise((resolve, reject) => {
    const watch = (d: Buffer) => {
      log += d.toString();
      if (!killed && when.test(log)) {
        killed = true;
        child.kill('SIGKILL');
      } else if (!killed && /Observatory is running at/.test(log)) {
        child.kill('SIGKILL');
        reject(new Error(`the server was listening before its log matched ${when}`));
      }
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      killed && signal === 'SIGKILL' ? resolve() : reject(new Error(`the server stopped by itself (${code ?? signal}):\n${log}`)),
    );
  });
}
