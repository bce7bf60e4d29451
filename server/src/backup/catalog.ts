/**
 * What a backup covers: every base table of the public schema except the migrator's own,
 * in an order where referenced tables come first, with their insertable columns.
 */
import { sql, type QueryExecutorProvider } from 'kysely';

export interface TableInfo {
  name: string;
  columns: string[];
}

const EXCLUDED = new Set(['kysely_migration', 'kysely_migration_lock']);

export async function backupTables(db: QueryExecutorProvider): Promise<TableInfo[]> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  const names = tables.rows.map((r) => r.table_name).filter((n) => !EXCLUDED.has(n));

  const deps = await sql<{ child: string; parent: string }>`
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND n.nspname = 'public'`.execute(db);
  const parents = new Map<string, Set<string>>(names.map((n) => [n, new Set()]));
  for (const d of deps.rows) if (d.child !== d.parent) parents.get(d.child)?.add(d.parent);

  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter((n) => !placed.has(n) && [...(parents.get(n) ?? [])].every((p) => placed.has(p) || !parents.has(p)));
    if (ready.length === 0) throw new Error('foreign keys between tables form a cycle; a backup order cannot be found');
    for (const n of ready) {
      ordered.push(n);
      placed.add(n);
    }
  }

  const cols = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND is_generated = 'NEVER'
    ORDER BY table_name, ordinal_position`.execute(db);
  const byTable = new Map<string, string[]>();
  for (const c of cols.rows) (byTable.get(c.table_name) ?? byTable.set(c.table_name, []).get(c.table_name)!).push(c.column_name);
  return ordered.map((name) => ({ name, columns: byTable.get(name) ?? [] }));
}

/** A digest of a table's content that is the same on PGlite and PostgreSQL for the same rows. */
export async function tableDigest(db: QueryExecutorProvider, table: string): Promise<{ rows: number; digest: string }> {
  const r = await sql<{ rows: number; digest: string | null }>`
    SELECT count(*)::int8 AS rows,
           md5(coalesce(string_agg(j, E'\n' ORDER BY j), '')) AS digest
    FROM (SELECT row_to_json(t)::text AS j FROM ${sql.table(table)} t) s`.execute(db);
  const row = r.rows[0]!;
  return { rows: Number(row.rows), digest: row.digest ?? '' };
}
