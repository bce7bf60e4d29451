/**
 * Brings the reference tables in line with the shipped files, in one audited transaction,
 * and only when the files changed (their fingerprint is kept in settings). Codes that
 * disappear from the files are kept: data may refer to them.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { appendAuditEvent } from '../audit/repository.js';
import { systemActor } from '../shared/actor.js';
import type { Clock } from '../shared/clock.js';
import { transact } from '../shared/context.js';
import { loadReferenceData, REFERENCE_FILES } from './load.js';
import { referenceFile } from './files.js';
import { readSetting, writeSetting } from '../settings/repository.js';
import { replacePopulation, upsertReferenceData } from './repository.js';

/** Bump when load.ts changes how files become rows. */
const LOADER_VERSION = 3;

async function fingerprint(): Promise<string> {
  const hash = createHash('sha256').update(`loader:${LOADER_VERSION}`);
  for (const name of REFERENCE_FILES) hash.update(name).update(await readFile(referenceFile(name)));
  return hash.digest('hex');
}

export async function syncReferenceData(kysely: Kysely<Database>, clock: Clock): Promise<{ changed: boolean }> {
  const fp = await fingerprint();
  if ((await readSetting(kysely, 'reference_fingerprint')) === fp) return { changed: false };
  const data = await loadReferenceData();
  await transact({ kysely, clock }, systemActor('reference-sync'), null, async (tx) => {
    await upsertReferenceData(tx.trx, data);
    await replacePopulation(tx.trx, data.population);
    await writeSetting(tx.trx, 'reference_fingerprint', fp);
    await appendAuditEvent(tx, {
      action: 'reference.synced',
      objectType: 'reference_data',
      objectId: fp.slice(0, 16),
      after: {
        areas: data.areas.length,
        units: data.units.length,
        iccs: data.iccs.length,
        population: data.population.length,
        files: REFERENCE_FILES,
      },
    });
  });
  return { changed: true };
}
