/** The only SQL of code lists and definitions (both versioned and never changed once stored). */
import type { Kysely } from 'kysely';
import type { CodeList, Definition } from '@observatory/core';
import type { Database } from '../db/schema.js';

export async function latestCodeLists(db: Kysely<Database>): Promise<CodeList[]> {
  const rows = await db
    .selectFrom('code_lists as c')
    .select(['c.body'])
    .where(({ eb, selectFrom }) =>
      eb(
        'c.version',
        '=',
        selectFrom('code_lists as c2')
          .select((e) => e.fn.max('c2.version').as('v'))
          .whereRef('c2.id', '=', 'c.id'),
      ),
    )
    .execute();
  return rows.map((r) => r.body as CodeList);
}

export async function codeListVersions(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('code_lists')
    .select(['id'])
    .select((e) => e.fn.max('version').as('version'))
    .groupBy('id')
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.version)]));
}

export async function insertCodeList(db: Kysely<Database>, list: CodeList, by: string): Promise<void> {
  await db
    .insertInto('code_lists')
    .values({ id: list.id, version: list.version, body: JSON.stringify(list), created_by: by })
    .execute();
}

export function findDefinition(db: Kysely<Database>, id: string, version?: number) {
  let q = db.selectFrom('definitions').selectAll().where('id', '=', id);
  q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
  return q.executeTakeFirst();
}

export function listLatestDefinitions(db: Kysely<Database>) {
  return db
    .selectFrom('definitions as d')
    .selectAll()
    .where(({ eb, selectFrom }) =>
      eb(
        'd.version',
        '=',
        selectFrom('definitions as d2')
          .select((e) => e.fn.max('d2.version').as('v'))
          .whereRef('d2.id', '=', 'd.id'),
      ),
    )
    .orderBy('d.id')
    .execute();
}

export async function definitionVersions(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('definitions')
    .select(['id'])
    .select((e) => e.fn.max('version').as('version'))
    .groupBy('id')
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.version)]));
}

export async function insertDefinition(db: Kysely<Database>, def: Definition, by: string): Promise<void> {
  await db
    .insertInto('definitions')
    .values({ id: def.id, version: def.version, collection: def.collection, body: JSON.stringify(def), created_by: by })
    .execute();
}
