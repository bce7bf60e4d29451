/** The only SQL of history imports. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RowFate } from './plan.js';

export const findImportByHash = (db: Kysely<Database>, sha: string) =>
  db.selectFrom('history_imports').selectAll().where('file_sha256', '=', sha).orderBy('imported_at', 'desc').executeTakeFirst();

export function insertImport(
  db: Kysely<Database>,
  i: {
    fileName: string;
    sha: string;
    layout: string;
    mapping: string;
    read: number;
    stored: number;
    rejected: number;
    duplicate: number;
    at: Date;
    by: string;
  },
) {
  return db
    .insertInto('history_imports')
    .values({
      file_name: i.fileName,
      file_sha256: i.sha,
      layout: i.layout,
      mapping: i.mapping,
      rows_read: i.read,
      values_stored: i.stored,
      rows_rejected: i.rejected,
      rows_duplicate: i.duplicate,
      imported_at: i.at,
      imported_by: i.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function insertRows(
  db: Kysely<Database>,
  importId: string,
  fates: RowFate[],
  submissionOf: (f: RowFate) => string | null,
): Promise<void> {
  for (let i = 0; i < fates.length; i += 2000) {
    await db
      .insertInto('history_rows')
      .values(
        fates.slice(i, i + 2000).map((f) => ({
          import_id: importId,
          line: f.line,
          status: f.status,
          submission_id: submissionOf(f),
          cell_key: f.target?.cell ?? null,
          field: f.field,
          reason: f.reason,
          raw: JSON.stringify(f.raw),
        })),
      )
      .execute();
  }
}

export function historySubmissions(db: Kysely<Database>, keys: Array<{ definition: string; country: string; period: string }>) {
  const definitions = [...new Set(keys.map((k) => k.definition))];
  if (definitions.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('submissions')
    .select(['id', 'definition_id', 'country', 'period', 'origin', 'state'])
    .where('definition_id', 'in', definitions)
    .where('country', 'in', [...new Set(keys.map((k) => k.country))])
    .where('period', 'in', [...new Set(keys.map((k) => k.period))])
    .execute();
}

export async function currentOf(db: Kysely<Database>, submissionIds: string[]) {
  const out = [];
  for (let i = 0; i < submissionIds.length; i += 2000) {
    out.push(
      ...(await db
        .selectFrom('cells')
        .select(['submission_id', 'cell_key', 'revision', 'value', 'comment', 'source'])
        .where('submission_id', 'in', submissionIds.slice(i, i + 2000))
        .execute()),
    );
  }
  return out;
}
