/**
 * Demonstration data for `observatory serve --demo` on an empty database, so that a
 * newcomer signing in as any demo account finds work and figures, not empty pages:
 * synthetic seizures for countries of every region and smuggling incidents for the demo
 * countries (from the seeded generators, through the real import: checked, stored, rolled
 * up), GLOTIP answers accepted for earlier years (so trends and year-on-year comparisons
 * have a history), and a published release for the public explorer.
 *
 * Everything here is generated and says so (file names, comments, the release title):
 * real individual records are not public, and nothing here pretends to be real.
 *
 * A start stopped part-way leaves the data marked pending (seed.ts); the next start goes
 * through the same steps and skips what is already stored (each file is committed with its
 * content hash, each questionnaire found by country and year), so nothing is doubled. The
 * release, last, is made in the transaction that marks the data done.
 */
import { createHash, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { CellInput } from '@observatory/core';
import type { AppServices } from '../http/services.js';
import * as batches from '../records/batches.js';
import { committedWithHash, findBatch } from '../records/repository.js';
import { IDS_CSV_HEADER, incidentCsvLine, incidents, prng, seizureCsvLine, seizures, VRS_CSV_HEADER } from '../records/generator.js';
import { listReportingUnits } from '../reference/repository.js';
import { createRelease, publishRelease } from '../releases/commands.js';
import { cliActor, type Actor } from '../shared/actor.js';
import { transact } from '../shared/context.js';
import { createSubmission, saveValues, transition } from '../submissions/commands.js';
import { findUserByEmail, grantsOf } from '../users/repository.js';
import { findSubmissionFor } from '../submissions/repository.js';
import { writeSetting } from '../settings/repository.js';
import { DEMO_COUNTRIES } from './accounts.js';
import { DEMO_DATA_SETTING } from './seed.js';

/** Seizing countries across regions: the demo countries and the usual large reporters. */
const IDS_COUNTRIES = [
  ...DEMO_COUNTRIES,
  ...['BOL', 'ECU', 'BRA', 'MEX', 'USA', 'CAN', 'ESP', 'BEL', 'DEU', 'FRA', 'GBR', 'ITA', 'TUR', 'IRN', 'PAK', 'AFG'],
  ...['MMR', 'LAO', 'CHN', 'VNM', 'MYS', 'AUS', 'ZAF', 'GHA', 'KEN', 'MAR'],
];
const IDS_ROWS = 800;
const VRS_ROWS = 300;
const YEARS: [number, number] = [2015, 2024];
const GLOTIP_YEARS = [2020, 2021, 2022, 2023];
const NOTE = 'Demonstration figure (synthetic)';

export interface DemoDataSummary {
  seizures: number;
  incidents: number;
  submissions: number;
  release: number;
}

export async function seedDemoData(services: AppServices): Promise<DemoDataSummary> {
  // The operator who started the server with --demo imports and publishes, as at the command line.
  const actor = cliActor('demo-data');
  const units = new Map((await listReportingUnits(services.kysely)).map((u) => [u.code, u]));
  let seizureRows = 0;
  let incidentRows = 0;
  for (const [i, code] of IDS_COUNTRIES.entries()) {
    const u = units.get(code);
    if (!u) continue;
    const gen = seizures([{ code, region: u.region_m49, subregion: u.subregion_m49, intermediate: u.intermediate_m49 }], 1000 + i, YEARS);
    const lines = [IDS_CSV_HEADER.join(',')];
    for (let r = 0; r < IDS_ROWS; r++) lines.push(seizureCsvLine(gen.next().value!));
    seizureRows += await importFile(services, actor, 'ids', code, lines);
  }
  for (const [i, code] of DEMO_COUNTRIES.entries()) {
    const gen = incidents(code, 2000 + i, YEARS);
    const lines = [VRS_CSV_HEADER.join(',')];
    for (let r = 0; r < VRS_ROWS; r++) lines.push(incidentCsvLine(gen.next().value!));
    incidentRows += await importFile(services, actor, 'vrs', code, lines);
  }
  let submissions = 0;
  const reviewer = await demoActor(services, 'reviewer@example.org');
  for (const [i, code] of DEMO_COUNTRIES.entries()) {
    const focal = await demoActor(services, `focal.${code.toLowerCase()}@example.org`);
    const rand = prng(3000 + i);
    let victims = 40 + Math.round(rand() * 400);
    for (const year of GLOTIP_YEARS) {
      victims = Math.max(5, Math.round(victims * (0.85 + rand() * 0.4)));
      await acceptedGlotip(services, { focal, reviewer }, code, String(year), victims, rand);
      submissions += 1;
    }
  }
  // Areas are read before the transaction: the embedded database has one connection.
  const deps = { registry: services.registry, areas: await services.areas.get() };
  const release = await transact(services, actor, null, async (tx) => {
    const r = await createRelease(tx, deps, {
      title: {
        en: 'Demonstration release (synthetic data)',
        fr: 'Diffusion de démonstration (données synthétiques)',
        es: 'Publicación de demostración (datos sintéticos)',
        ar: 'إصدار تجريبي (بيانات اصطناعية)',
        zh: '演示发布（合成数据）',
        ru: 'Демонстрационный выпуск (синтетические данные)',
      },
      note: {
        en: 'Generated for the demonstration: these figures describe no real country.',
        fr: 'Générés pour la démonstration : ces chiffres ne décrivent aucun pays réel.',
        es: 'Generados para la demostración: estas cifras no describen ningún país real.',
        ar: 'أُنشئت لأغراض العرض: لا تصف هذه الأرقام أي بلد حقيقي.',
        zh: '为演示而生成：这些数字不描述任何真实国家。',
        ru: 'Созданы для демонстрации: эти цифры не описывают ни одну реальную страну.',
      },
      dataflows: ['IDS_SEIZURES', 'IDS_FLOWS', 'VRS_SMUGGLING', 'GLOTIP'],
      tiers: ['public'],
      embargoAt: new Date(tx.clock.now().getTime() - 60_000).toISOString(),
    });
    await publishRelease(tx, deps, r.id);
    await writeSetting(tx.trx, DEMO_DATA_SETTING, 'done');
    return r.number;
  });
  return { seizures: seizureRows, incidents: incidentRows, submissions, release };
}

/** One generated file through the same import as an upload: staged, checked, stored. */
async function importFile(services: AppServices, actor: Actor, collection: string, country: string, lines: string[]): Promise<number> {
  const content = `${lines.join('\n')}\n`;
  const sha = createHash('sha256').update(content).digest('hex');
  // Stored by an earlier start that stopped part-way: counted, not imported again.
  const stored = await committedWithHash(services.kysely, country, collection, sha);
  if (stored) return (await findBatch(services.kysely, stored.id))!.rows_accepted;
  const batchId = randomUUID();
  const path = batches.batchFiles(await batches.ensureBatchDir(services, batchId)).source;
  await writeFile(path, content);
  await batches.registerBatch(services, actor, null, {
    batchId,
    collection,
    country,
    fileName: `synthetic-${collection}-${country.toLowerCase()}.csv`,
    size: Buffer.byteLength(content),
    sha,
    options: {},
  });
  const r = await batches.importBatch(services, actor, null, batchId, { acceptPartial: true });
  if (!r.stored) throw new Error(`demo data: ${collection} ${country} not stored: ${r.reason}`);
  return r.batch.rows_accepted;
}

/**
 * A GLOTIP questionnaire answered, submitted and accepted: victims by sex and age (totals
 * that add up) and persons suspected, prosecuted and convicted. Every figure carries a
 * comment saying it is synthetic, which also explains any year-on-year warning.
 */
async function acceptedGlotip(
  services: AppServices,
  who: { focal: Actor; reviewer: Actor },
  country: string,
  period: string,
  victims: number,
  rand: () => number,
) {
  const split = (total: number, share: number) => {
    const a = Math.round(total * share);
    return [a, total - a] as const;
  };
  const [female, male] = split(victims, 0.55 + rand() * 0.2);
  const [children, adults] = split(victims, 0.2 + rand() * 0.2);
  const [femaleChildren, maleChildren] = split(children, 0.6);
  const suspected = Math.round(victims * (0.4 + rand() * 0.3));
  const prosecuted = Math.round(suspected * (0.5 + rand() * 0.3));
  const convicted = Math.round(prosecuted * (0.4 + rand() * 0.3));
  const v = (sex: string, age: string, n: number) => [`victims|exploitation=T|sex=${sex}|age=${age}`, n] as const;
  const figures = [
    v('T', 'T', victims),
    v('F', 'T', female),
    v('M', 'T', male),
    v('T', 'Y0T17', children),
    v('T', 'Y_GE18', adults),
    v('F', 'Y0T17', femaleChildren),
    v('M', 'Y0T17', maleChildren),
    v('F', 'Y_GE18', female - femaleChildren),
    v('M', 'Y_GE18', male - maleChildren),
    ...persons('suspected', suspected),
    ...persons('prosecuted', prosecuted),
    ...persons('convicted', convicted),
  ];
  const cells: CellInput[] = figures.map(([cell, n]) => ({ cell, value: { kind: 'number', value: n }, comment: NOTE, baseRevision: 0 }));
  // An earlier start that stopped part-way may have submitted it, or accepted it too.
  const earlier = await findSubmissionFor(services.kysely, 'glotip', country, period);
  if (earlier?.state === 'accepted') return;
  const id =
    earlier?.state === 'submitted'
      ? earlier.id
      : await transact(services, who.focal, null, async (tx) => {
          const s = await createSubmission(tx, services.registry, { definition: 'glotip', country, period });
          await saveValues(tx, services.registry, s.id, cells, null);
          await transition(tx, services.registry, s.id, 'submit', null);
          return s.id;
        });
  await transact(services, who.reviewer, null, (tx) => transition(tx, services.registry, id, 'accept', null));
}

/** A demo account acting as itself (the demo accounts are seeded just before). */
async function demoActor(services: AppServices, email: string): Promise<Actor> {
  const user = await findUserByEmail(services.kysely, email);
  if (!user) throw new Error(`demo data: no demo account ${email}`);
  const roles = (await grantsOf(services.kysely, [user.id])).get(user.id) ?? [];
  return { kind: 'user', userId: user.id, label: email, roles, via: 'system', tokenScopes: null };
}

function persons(stage: string, total: number) {
  const women = Math.round(total * 0.3);
  return [
    [`persons_${stage}|sex=T`, total],
    [`persons_${stage}|sex=F`, women],
    [`persons_${stage}|sex=M`, total - women],
  ] as const;
}
