/**
 * Which engine the suite runs on: a PostgreSQL server when DATABASE_URL is set, else the
 * embedded PGlite. CI runs the whole suite once per engine.
 */
export const serverUrl = process.env['DATABASE_URL'] ?? null;
export const engineName = serverUrl ? 'postgres' : 'pglite';

/** A URL for another database on the same server. */
export function databaseUrl(name: string): string {
  const u = new URL(serverUrl!);
  u.pathname = `/${name}`;
  return u.toString();
}
