/**
 * Named locks a process holds on a PostgreSQL server for as long as it lives: session advisory
 * locks, all on one connection of the process's pool, taken out of the pool while any is held.
 * The server releases them itself when the process (or that connection) dies, which is what
 * other processes ask about with `pg_try_advisory_lock` on a name (see `lockKey`).
 */
import type pg from 'pg';

/** The SQL expression of a lock's 64-bit key from its name (a parameter). */
export const lockKey = (param: string) => `hashtextextended(${param}, 0)`;

export interface SessionLocks {
  /** Takes the named lock if no other session holds it; false when one does (or this process already does). */
  tryTake(name: string): Promise<boolean>;
  release(name: string): Promise<void>;
  /** Before the pool ends: gives back every lock still held, and closes their connection. */
  close(): Promise<void>;
}

/** For closing a database: its locks' connection is out of the pool, which would wait for it. */
export async function closeSessionLocks(pool: pg.Pool): Promise<void> {
  await perPool.get(pool)?.close();
  perPool.delete(pool);
}

const perPool = new WeakMap<pg.Pool, SessionLocks>();

export function sessionLocks(pool: pg.Pool): SessionLocks {
  let locks = perPool.get(pool);
  if (!locks) perPool.set(pool, (locks = createSessionLocks(pool)));
  return locks;
}

function createSessionLocks(pool: pg.Pool): SessionLocks {
  let client: pg.PoolClient | null = null;
  const held = new Set<string>();
  // One operation at a time: the connection is taken and given back around them.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const next = queue.then(op, op);
    queue = next.catch(() => undefined);
    return next;
  };
  // A lost connection has lost its locks with it: forget them, and the connection.
  const onError = (err: Error) => {
    const c = client;
    if (!c) return;
    held.clear();
    disown(c).release(err);
  };
  /** Ends our watch on a connection going back to the pool, which lends it to others. */
  const disown = (c: pg.PoolClient) => {
    c.off('error', onError);
    client = null;
    return c;
  };
  const giveBack = () => {
    if (client && held.size === 0) disown(client).release();
  };
  const connect = async () => {
    const c = await pool.connect();
    c.on('error', onError);
    return c;
  };
  const fail = (err: unknown): never => {
    // A connection whose query failed is not given back to the pool as healthy.
    if (client && held.size === 0) disown(client).release(err as Error);
    throw err;
  };
  return {
    tryTake: (name) =>
      serial(async () => {
        if (held.has(name)) return false;
        client ??= await connect();
        const { rows } = await client.query<{ got: boolean }>(`SELECT pg_try_advisory_lock(${lockKey('$1')}) AS got`, [name]).catch(fail);
        if (rows[0]!.got) held.add(name);
        else giveBack();
        return rows[0]!.got;
      }),
    release: (name) =>
      serial(async () => {
        if (!held.delete(name) || !client) return;
        await client.query(`SELECT pg_advisory_unlock(${lockKey('$1')})`, [name]).catch(fail);
        giveBack();
      }),
    close: () =>
      serial(async () => {
        held.clear();
        const c = client;
        if (!c) return;
        // Given back at once (the server would drop them only once it notices the closed
        // connection), then the connection is closed rather than pooled.
        await c.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
        if (client === c) disown(c).release(true); // unless it was lost meanwhile (onError)
      }),
  };
}
