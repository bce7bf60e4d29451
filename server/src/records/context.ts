/** What validating a record needs from the database: the definition, its code lists, the reporting units. */
import type { Kysely } from 'kysely';
import { COUNTRY_ALIASES, CountryResolver, type RecordContext, type RecordDefinition, type UnitEntry } from '@observatory/core';
import type { Database } from '../db/schema.js';
import type { DefinitionRegistry } from '../definitions/registry.js';
import { listReportingUnits } from '../reference/repository.js';
import type { Clock } from '../shared/clock.js';

export async function recordContext(
  db: Kysely<Database>,
  registry: DefinitionRegistry,
  collection: string,
  clock: Clock,
): Promise<{ definition: RecordDefinition; units: UnitEntry[]; context: Omit<RecordContext, 'decimal' | 'dateOrder' | 'definition'> }> {
  const definition = await registry.recordDefinition(collection, db);
  const units: UnitEntry[] = (await listReportingUnits(db)).map((u) => ({
    code: u.code,
    iso2: u.iso2,
    m49: u.m49,
    names: u.names as { en: string },
    aliases: COUNTRY_ALIASES[u.code] ?? [],
  }));
  return {
    definition,
    units,
    context: {
      codeLists: await registry.codeLists(db),
      countries: new CountryResolver(units),
      today: clock.now().toISOString().slice(0, 10),
    },
  };
}
