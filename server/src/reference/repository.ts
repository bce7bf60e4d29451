/** The only SQL of reference data. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ReferenceData } from './load.js';

const LEVEL_ORDER = { world: 0, region: 1, subregion: 2, intermediate: 3 } as const;
const CHUNK = 200;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

export async function upsertReferenceData(db: Kysely<Database>, data: ReferenceData): Promise<void> {
  const areas = [...data.areas].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  for (const rows of chunks(areas)) {
    await db
      .insertInto('m49_areas')
      .values(rows.map((a) => ({ ...a, names: JSON.stringify(a.names) })))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          level: eb.ref('excluded.level'),
          parent_code: eb.ref('excluded.parent_code'),
          names: eb.ref('excluded.names'),
        })),
      )
      .execute();
  }
  // Parents first: ISO units come before the office's units in `data.units`.
  for (const rows of chunks(data.units)) {
    await db
      .insertInto('reporting_units')
      .values(rows.map((u) => ({ ...u, names: JSON.stringify(u.names) })))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          iso2: eb.ref('excluded.iso2'),
          m49: eb.ref('excluded.m49'),
          parent_code: eb.ref('excluded.parent_code'),
          region_m49: eb.ref('excluded.region_m49'),
          subregion_m49: eb.ref('excluded.subregion_m49'),
          intermediate_m49: eb.ref('excluded.intermediate_m49'),
          names: eb.ref('excluded.names'),
          valid_from: eb.ref('excluded.valid_from'),
          valid_to: eb.ref('excluded.valid_to'),
          ldc: eb.ref('excluded.ldc'),
          lldc: eb.ref('excluded.lldc'),
          sids: eb.ref('excluded.sids'),
        })),
      )
      .execute();
  }
  // ICCS parents are prefixes of their children, so shorter codes go first.
  const iccs = [...data.iccs].sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  for (const rows of chunks(iccs)) {
    await db
      .insertInto('iccs_codes')
      .values(rows.map((c) => ({ ...c, names: JSON.stringify(c.names) })))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          level: eb.ref('excluded.level'),
          parent_code: eb.ref('excluded.parent_code'),
          section_code: eb.ref('excluded.section_code'),
          names: eb.ref('excluded.names'),
          description_en: eb.ref('excluded.description_en'),
        })),
      )
      .execute();
  }
}

export function listReportingUnits(db: Kysely<Database>) {
  return db.selectFrom('reporting_units').selectAll().orderBy('code').execute();
}

export function findReportingUnit(db: Kysely<Database>, code: string) {
  return db.selectFrom('reporting_units').selectAll().where('code', '=', code).executeTakeFirst();
}

export function listM49Areas(db: Kysely<Database>) {
  return db.selectFrom('m49_areas').selectAll().orderBy('code').execute();
}

export function listIccsCodes(db: Kysely<Database>) {
  return db.selectFrom('iccs_codes').selectAll().orderBy('code').execute();
}

/** Population is replaced whole: the file is the only source. */
export async function replacePopulation(db: Kysely<Database>, rows: ReferenceData['population']): Promise<void> {
  await db.deleteFrom('population').execute();
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto('population')
      .values(rows.slice(i, i + 2000))
      .execute();
}
