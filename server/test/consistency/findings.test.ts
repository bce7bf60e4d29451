/**
 * Running the checks on a real database: inputs from cells, accepted observations and IDS
 * rollups (one set imported from a file, grams and kilograms mixed), findings stored and
 * audited, re-runs that keep follow-up, and who may follow a finding up how.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { runConsistencyChecks, updateFinding } from '../../src/consistency/commands.js';
import { listFindings } from '../../src/consistency/repository.js';
import { listAuditEvents } from '../../src/audit/repository.js';
import type { AppServices } from '../../src/http/services.js';
import { AppError } from '../../src/shared/errors.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createTestDb } from '../helpers/db.js';
import { grant } from '../helpers/factories.js';
import { IDS_HEADER, recordServices } from '../helpers/records.js';
import { importRecords } from '../helpers/analysis.js';
import { acceptedHistory, actor, as, cases, idsRollup, kg, makeSubmission, setCells } from './helpers.js';

let db: Db;
let services: AppServices;
const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));

const reviewer = actor('reviewer@office.example', [grant('reviewer')]);
const officeAnalyst = actor('analyst@office.example', [grant('analyst')]);
const partnerAnalyst = actor('analyst@partner.example', [{ role: 'analyst', country: 'ECU', collections: [] }]);
const focalFor = (country: string) => actor(`focal@${country.toLowerCase()}.example`, [grant('focal_point', country, ['arq'])]);
const providerFor = (country: string) => actor(`provider@${country.toLowerCase()}.example`, [grant('provider', country, ['arq'])]);

const run = (who = reviewer, id: string, trigger?: 'submit') => as(db, clock, who, (tx) => runConsistencyChecks(tx, id, { trigger }));
const follow = (who: ReturnType<typeof actor>, id: string, state: 'open' | 'explained' | 'resolved' | 'dismissed', note?: string | null) =>
  as(db, clock, who, (tx) => updateFinding(tx, id, { state, note }));

async function refusal(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof AppError)) throw new Error(`expected a refusal, got ${String(e)}`);
  return { status: e.status, message: e.message };
}

beforeAll(async () => {
  db = await createTestDb();
  services = await recordServices(db, clock);
});
afterAll(async () => {
  await db?.close();
});

describe('a run on an ARQ submission', () => {
  let submission: string;

  beforeAll(async () => {
    // Colombia's IDS file for 2023: heroin weighed in grams and kilograms, three cocaine seizures, one in 2022.
    const lines = [
      '2023-02-11,Bogotá,AIRPORT,heroin,1500,g,AIR,AFG,,ESP,H1',
      '2023-06-30,Cali,SEAPORT,heroin,3,kg,VESSEL,AFG,,USA,H1',
      '2023-03-04,Cartagena,SEAPORT,cocaine_hcl,40,kg,VESSEL,COL,,NLD,H1',
      '2023-08-19,Buenaventura,SEAPORT,cocaine_hcl,25.5,kg,VESSEL,COL,,USA,H1',
      '2023-11-02,Medellín,AIRPORT,cocaine_hcl,850,g,AIR,COL,,ESP,H1',
      '2022-12-30,Bogotá,AIRPORT,cocaine_hcl,500,kg,AIR,COL,,ESP,H1',
    ];
    await importRecords(services, 'ids', 'COL', `${IDS_HEADER}\n${lines.join('\n')}\n`);
    await acceptedHistory(db, 'COL', {
      '2017': { [kg('cannabis_herb')]: 310, [kg('heroin')]: 4 },
      '2018': { [kg('cannabis_herb')]: 280, [kg('heroin')]: 5 },
      '2019': { [kg('cannabis_herb')]: 295, [kg('heroin')]: 4.2 },
      '2020': { [kg('cannabis_herb')]: 330 },
      '2021': { [kg('cannabis_herb')]: 305 },
      '2022': { [kg('cannabis_herb')]: 290, [cases('cocaine_hcl')]: 3 },
    });
    submission = await makeSubmission(db, {
      country: 'COL',
      period: '2023',
      state: 'submitted',
      cells: {
        [kg('heroin')]: 4.5, // = 1.5 kg + 3 kg: agrees only if the 1,500 g became 1.5 kg
        [kg('cocaine_hcl')]: 120, // IDS: 66.35 kg
        [cases('cocaine_hcl')]: 3, // IDS: 3 records in 2023 (the 2022 one does not count)
        [kg('cannabis_herb')]: 2400, // IDS: none; 290 the year before; history around 300
      },
    });
  });

  it('finds the IDS gap, the jump and the outlier, and nothing where the figures agree', async () => {
    const result = await run(reviewer, submission);
    expect(result.idsRecords).toBe(5);
    const found = result.findings.map((f) => `${f.check} ${f.cell} ${f.severity}`).sort();
    expect(found).toEqual([
      `history_outlier ${kg('cannabis_herb')} info`,
      `ids_vs_arq ${kg('cannabis_herb')} info`,
      `ids_vs_arq ${kg('cocaine_hcl')} info`,
      `yoy_jump ${kg('cannabis_herb')} warning`,
    ]);
    const cocaine = result.findings.find((f) => f.check === 'ids_vs_arq' && f.cell === kg('cocaine_hcl'))!;
    expect(cocaine.message).toBe(
      'Cocaine hydrochloride seized in 2023: the ARQ reports 120 kg; the 3 individual seizure (IDS) records of this drug add up to 66.35 kg, 53.65 kg (45 %) less (the IDS may cover only part of the seizures).',
    );
    expect(cocaine.figures).toMatchObject({ arq: 120, ids: 66.35, idsRecordsOfDrug: 3, idsRecordsOfYear: 5 });
    const jump = result.findings.find((f) => f.check === 'yoy_jump')!;
    expect(jump.message).toContain('2,400 in 2023 against 290 accepted for 2022');
    expect(result.counts).toEqual({ found: 4, new: 4, removed: 0, noLongerApplying: 0 });
    expect(result.findings.every((f) => f.state === 'open' && f.stillApplies && !f.changedSinceFollowUp)).toBe(true);

    const audit = await listAuditEvents(db.kysely, { limit: 5, action: 'consistency.run', objectId: submission });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_label: 'reviewer@office.example', country: 'COL', object_type: 'submission' });
    expect(audit[0]!.after).toMatchObject({ trigger: 'manual', found: 4, new: 4, idsRecords: 5 });
  });

  it('is idempotent: a second run changes nothing', async () => {
    const before = await listFindings(db.kysely, submission);
    const result = await run(reviewer, submission);
    expect(result.counts).toEqual({ found: 4, new: 0, removed: 0, noLongerApplying: 0 });
    const after = await listFindings(db.kysely, submission);
    expect(after.map((f) => [f.id, f.message, f.updated_at.toISOString()])).toEqual(
      before.map((f) => [f.id, f.message, f.updated_at.toISOString()]),
    );
  });
});

describe('re-runs', () => {
  it('keep the state and note of findings that still apply, drop open ones that no longer do, mark followed-up ones', async () => {
    const id = await makeSubmission(db, { country: 'PER', period: '2023', state: 'submitted', cells: {} });
    await acceptedHistory(db, 'PER', { '2022': { [kg('heroin')]: 100, [kg('cocaine_hcl')]: 200, [kg('crack')]: 50 } });
    await setCells(db, id, { [kg('heroin')]: 400, [kg('cocaine_hcl')]: 900, [kg('crack')]: 10 }, 1);
    const first = await run(reviewer, id);
    const byCell = new Map(first.findings.map((f) => [f.cell, f]));
    expect([...byCell.keys()].sort()).toEqual([kg('cocaine_hcl'), kg('crack'), kg('heroin')]);

    const explained = await follow(focalFor('PER'), byCell.get(kg('heroin'))!.id, 'explained', 'A single 280 kg seizure at Callao in May.');
    expect(explained).toMatchObject({
      state: 'explained',
      note: 'A single 280 kg seizure at Callao in May.',
      updatedBy: 'focal@per.example',
    });
    await follow(reviewer, byCell.get(kg('crack'))!.id, 'dismissed', 'Known reclassification of crack as cocaine base.');

    // The country corrects every figure back into line: nothing applies any more.
    clock.advance(60_000);
    await setCells(db, id, { [kg('heroin')]: 110, [kg('cocaine_hcl')]: 210, [kg('crack')]: 48 }, 2);
    const second = await run(reviewer, id);
    expect(second.counts).toEqual({ found: 0, new: 0, removed: 1, noLongerApplying: 2 });
    expect(second.findings.map((f) => [f.cell, f.state, f.stillApplies]).sort()).toEqual([
      [kg('crack'), 'dismissed', false],
      [kg('heroin'), 'explained', false],
    ]);
    expect(second.findings.find((f) => f.cell === kg('heroin'))!.note).toBe('A single 280 kg seizure at Callao in May.');

    // Heroin jumps again, by more: the explanation stays, flagged as about other figures.
    clock.advance(60_000);
    await setCells(db, id, { [kg('heroin')]: 650 }, 3);
    const third = await run(reviewer, id);
    const heroin = third.findings.find((f) => f.cell === kg('heroin'))!;
    expect(heroin).toMatchObject({ id: byCell.get(kg('heroin'))!.id, state: 'explained', stillApplies: true, changedSinceFollowUp: true });
    expect(heroin.message).toContain('650 in 2023 against 100 accepted for 2022');
    expect(heroin.figures).toMatchObject({ value: 650, previous: 100 });
    expect(third.counts).toEqual({ found: 1, new: 0, removed: 0, noLongerApplying: 1 });

    // Explaining the new figures clears the mark.
    const again = await follow(focalFor('PER'), heroin.id, 'explained', 'Two large seizures at Callao.');
    expect(again.changedSinceFollowUp).toBe(false);
  });

  it('compares IDS records only where the country has some for that year, and says how many it found', async () => {
    const id = await makeSubmission(db, { country: 'ECU', period: '2023', state: 'submitted', cells: { [kg('heroin')]: 250 } });
    const none = await run(reviewer, id);
    expect(none.idsRecords).toBe(0);
    expect(none.findings).toEqual([]);
    await idsRollup(db, 'ECU', 2023, [
      { drug: 'heroin', cases: 30, quantity: 200, month: 3 },
      { drug: 'heroin', cases: 8, quantity: 112.5, month: 9, transport: 'SEA' },
      { drug: 'heroin', unitClass: 'count', cases: 2, quantity: 400, month: 9 },
    ]);
    const some = await run(reviewer, id);
    expect(some.idsRecords).toBe(40);
    expect(some.findings).toHaveLength(1);
    expect(some.findings[0]).toMatchObject({ check: 'ids_vs_arq', severity: 'warning', state: 'open' });
    expect(some.findings[0]!.message).toContain(
      'the ARQ reports 250 kg, but the 38 individual seizure (IDS) records of this drug add up to 312.5 kg',
    );
    expect(some.findings[0]!.figures).toMatchObject({ idsRecordsOfDrug: 38, idsRecordsOfYear: 40 });
  });

  it('skip the IDS comparison for other collections, but still look for jumps', async () => {
    const victims = 'homicide_victims|sex=T|age=TOTAL';
    await idsRollup(db, 'BOL', 2023, [{ drug: 'cocaine_hcl', cases: 12, quantity: 900 }]);
    await makeSubmission(db, { definition: 'cts', country: 'BOL', period: '2022', state: 'accepted', cells: { [victims]: 412 } });
    const id = await makeSubmission(db, {
      definition: 'cts',
      country: 'BOL',
      period: '2023',
      state: 'submitted',
      cells: { [victims]: 1030 },
    });
    const result = await run(reviewer, id);
    expect(result.idsRecords).toBeNull();
    expect(result.findings.map((f) => f.check)).toEqual(['yoy_jump']);
    expect(result.findings[0]!.message).toBe(
      'Victims of intentional homicide (sex T, age TOTAL): 1,030 in 2023 against 412 accepted for 2022 (+618, +150 %).',
    );
  });
});

describe('who runs and follows up', () => {
  let id: string;
  let finding: string;

  beforeAll(async () => {
    await acceptedHistory(db, 'CHL', { '2022': { [kg('heroin')]: 10 } });
    id = await makeSubmission(db, { country: 'CHL', period: '2023', state: 'submitted', cells: { [kg('heroin')]: 95 } });
    finding = (await run(officeAnalyst, id)).findings[0]!.id;
  });

  it('office users run the checks; the country and partner analysts do not, and drafts wait for submission', async () => {
    expect((await refusal(run(focalFor('CHL'), id))).status).toBe(403);
    expect((await refusal(run(partnerAnalyst, id))).status).toBe(403);
    const draft = await makeSubmission(db, { country: 'CHL', period: '2024', state: 'draft', cells: { [kg('heroin')]: 95 } });
    expect(await refusal(run(reviewer, draft))).toMatchObject({ status: 409 });
    expect((await refusal(run(reviewer, '00000000-0000-4000-8000-000000000000'))).status).toBe(404);
  });

  it('the submission workflow runs them for the focal point who submits', async () => {
    const draft = await makeSubmission(db, { country: 'CHL', period: '2025', state: 'draft', cells: {} });
    const result = await run(focalFor('CHL'), draft, 'submit');
    expect(result.counts.found).toBe(0);
    const audit = await listAuditEvents(db.kysely, { limit: 1, action: 'consistency.run', objectId: draft });
    expect(audit[0]!.after).toMatchObject({ trigger: 'submit' });
  });

  it('the focal point explains, with a note, and only explains', async () => {
    const focal = focalFor('CHL');
    expect(await refusal(follow(focal, finding, 'explained'))).toMatchObject({ status: 400 });
    expect(await refusal(follow(focal, finding, 'explained', '   '))).toMatchObject({ status: 400 });
    for (const state of ['resolved', 'dismissed', 'open'] as const)
      expect(await refusal(follow(focal, finding, state, 'we think this is fine'))).toMatchObject({ status: 403 });
    expect((await refusal(follow(focalFor('ARG'), finding, 'explained', 'not ours'))).status).toBe(403);
    expect((await refusal(follow(providerFor('CHL'), finding, 'explained', 'a provider'))).status).toBe(403);
    expect((await refusal(follow(partnerAnalyst, finding, 'resolved'))).status).toBe(403);
    const done = await follow(focal, finding, 'explained', '  New border post at Arica since March.  ');
    expect(done).toMatchObject({ state: 'explained', note: 'New border post at Arica since March.' });
  });

  it('the office resolves, dismisses (with a note) and reopens; the focal point cannot undo the office', async () => {
    expect(await refusal(follow(reviewer, finding, 'dismissed'))).toMatchObject({ status: 400 });
    const resolved = await follow(reviewer, finding, 'resolved');
    expect(resolved).toMatchObject({
      state: 'resolved',
      note: 'New border post at Arica since March.',
      updatedBy: 'reviewer@office.example',
    });
    expect(await refusal(follow(focalFor('CHL'), finding, 'explained', 'more context'))).toMatchObject({ status: 403 });
    const reopened = await follow(reviewer, finding, 'open', null);
    expect(reopened).toMatchObject({ state: 'open', note: null });
    const dismissed = await follow(officeAnalyst, finding, 'dismissed', 'Figure confirmed with the national police.');
    expect(dismissed.state).toBe('dismissed');
    expect((await refusal(follow(reviewer, '00000000-0000-4000-8000-000000000000', 'resolved'))).status).toBe(404);

    const audit = await listAuditEvents(db.kysely, { limit: 10, action: 'consistency.finding_updated', objectId: finding });
    expect(audit.map((a) => [a.actor_label, (a.after as { state: string }).state])).toEqual([
      ['analyst@office.example', 'dismissed'],
      ['reviewer@office.example', 'open'],
      ['reviewer@office.example', 'resolved'],
      ['focal@chl.example', 'explained'],
    ]);
    expect(audit[2]!.before).toEqual({ state: 'explained', note: 'New border post at Arica since March.' });
  });
});
