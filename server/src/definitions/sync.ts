/**
 * Brings shipped code lists and definitions into the database: a version not stored yet is
 * added (audited); stored versions are never touched. A shipped document that changed
 * without a version bump is refused loudly, because submitted data refer to versions.
 */
import type { Kysely } from 'kysely';
import { allFields, compileDefinition, type CodeList, type Definition, type RecordDefinition } from '@observatory/core';
import type { Database } from '../db/schema.js';
import { appendAuditEvent } from '../audit/repository.js';
import { systemActor } from '../shared/actor.js';
import type { Clock } from '../shared/clock.js';
import { transact } from '../shared/context.js';
import { readSetting, writeSetting } from '../settings/repository.js';
import { COUNTRY_LIST } from './registry.js';
import { insertCodeList, insertDefinition } from './repository.js';
import { listReportingUnits } from '../reference/repository.js';

import { canonicalDigest as digest } from '../shared/canonical-json.js';

export async function syncShippedDefinitions(
  kysely: Kysely<Database>,
  clock: Clock,
  shipped: { codeLists: readonly CodeList[]; definitions: readonly Definition[]; recordDefinitions?: readonly RecordDefinition[] },
): Promise<{ added: string[] }> {
  const fingerprint = digest([shipped.codeLists, shipped.definitions, shipped.recordDefinitions ?? []]);
  if ((await readSetting(kysely, 'shipped_definitions_fingerprint')) === fingerprint) return { added: [] };
  const added: string[] = [];
  await transact({ kysely, clock }, systemActor('definitions-sync'), null, async (tx) => {
    const storedLists = await tx.trx.selectFrom('code_lists').select(['id', 'version', 'body']).execute();
    const listKey = new Map(storedLists.map((r) => [`${r.id}@${r.version}`, digest(r.body)]));
    for (const list of shipped.codeLists) {
      const key = `${list.id}@${list.version}`;
      const stored = listKey.get(key);
      if (stored === digest(list)) continue;
      if (stored) throw new Error(`shipped code list ${key} differs from the stored one: give it a new version`);
      await insertCodeList(tx.trx, list, 'shipped');
      added.push(`code list ${key}`);
      await appendAuditEvent(tx, {
        action: 'code_list.added',
        objectType: 'code_list',
        objectId: key,
        after: { codes: list.codes.length },
      });
    }
    const lists = new Map(shipped.codeLists.map((l) => [l.id, l]));
    const units = await listReportingUnits(tx.trx);
    lists.set(COUNTRY_LIST, {
      id: COUNTRY_LIST,
      version: 1,
      names: { en: 'Country' },
      codes: units.map((u) => ({ code: u.code, names: { en: u.code } })),
    });
    const storedDefs = await tx.trx.selectFrom('definitions').select(['id', 'version', 'body']).execute();
    const defKey = new Map(storedDefs.map((r) => [`${r.id}@${r.version}`, digest(r.body)]));
    for (const def of shipped.definitions) {
      const key = `${def.id}@${def.version}`;
      const stored = defKey.get(key);
      if (stored === digest(def)) continue;
      if (stored) throw new Error(`shipped definition ${key} differs from the stored one: give it a new version`);
      const compiled = compileDefinition(def, lists); // refuses broken definitions before they are stored
      await insertDefinition(tx.trx, def, 'shipped');
      added.push(`definition ${key}`);
      await appendAuditEvent(tx, {
        action: 'definition.added',
        objectType: 'definition',
        objectId: key,
        after: { cells: compiled.cardinality.total, items: def.items.length },
      });
    }
    for (const def of shipped.recordDefinitions ?? []) {
      const key = `${def.id}@${def.version}`;
      const stored = defKey.get(key);
      if (stored === digest(def)) continue;
      if (stored) throw new Error(`shipped record definition ${key} differs from the stored one: give it a new version`);
      const missing = allFields(def).flatMap((f) => (f.codeList && !lists.has(f.codeList) ? [`${f.id}: ${f.codeList}`] : []));
      if (missing.length) throw new Error(`record definition ${key} uses unknown code lists (${missing.join(', ')})`);
      await insertDefinition(tx.trx, def as unknown as Definition, 'shipped');
      added.push(`record definition ${key}`);
      await appendAuditEvent(tx, {
        action: 'definition.added',
        objectType: 'definition',
        objectId: key,
        after: { kind: 'records', fields: def.fields.length },
      });
    }
    await writeSetting(tx.trx, 'shipped_definitions_fingerprint', fingerprint);
  });
  return { added };
}
