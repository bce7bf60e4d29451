/**
 * The consistency routes over HTTP: the refusal cases derived from their declared access
 * (as authorization.test.ts does for every route), then what each kind of caller sees and
 * may do: the office runs and follows up, the focal point reads and explains.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { Agent } from '../helpers/app.js';
import { casesFor, fillPath, HOME, OTHER, type AuthzCase } from '../helpers/authz.js';
import { createTestDb } from '../helpers/db.js';
import { grant, makeUser, signIn, signedInAs } from '../helpers/factories.js';
import { acceptedHistory, createConsistencyApp, kg, makeSubmission, type ConsistencyTestApp } from './helpers.js';

let db: Db;
let t: ConsistencyTestApp;
let reviewer: Agent;
let focal: Agent;
let submission: string;
let otherSubmission: string;
let finding: string;

const patch = (agent: Agent, id: string, body: unknown) => agent.request('PATCH', `/api/v1/consistency-findings/${id}`, body);

beforeAll(async () => {
  db = await createTestDb();
  t = await createConsistencyApp(db);
  reviewer = (await signedInAs(t, [grant('reviewer')])).agent;
  focal = (await signedInAs(t, [grant('focal_point', HOME, ['arq'])])).agent;
  await acceptedHistory(db, HOME, { '2022': { [kg('heroin')]: 10 } });
  submission = await makeSubmission(db, { country: HOME, period: '2023', state: 'submitted', cells: { [kg('heroin')]: 95 } });
  otherSubmission = await makeSubmission(db, { country: OTHER, period: '2023', state: 'submitted', cells: { [kg('heroin')]: 95 } });
  const ran = await reviewer.post(`/api/v1/submissions/${submission}/consistency/run`);
  if (ran.statusCode !== 200) throw new Error(ran.body);
  finding = (ran.json() as { findings: Array<{ id: string }> }).findings[0]!.id;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('declared access', () => {
  it('refuses anonymous, wrong-role and wrong-country callers on each route, and lets the right one through', async () => {
    const routes = t.app.routeTable.filter((r) => r.url.includes('consistency'));
    expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /api/v1/submissions/:submissionId/consistency',
      'PATCH /api/v1/consistency-findings/:findingId',
      'POST /api/v1/submissions/:submissionId/consistency/run',
    ]);
    const cases = routes.flatMap(casesFor);
    expect(cases.filter((c) => c.caller === 'wrong_country')).toHaveLength(3);
    const fixtures = { submissionId: () => submission, findingId: () => finding };
    const failures: string[] = [];
    for (const c of cases) {
      const agent = await callerFor(c);
      const url = await fillPath(c.route.url, fixtures);
      const res = await agent.request(c.route.method as 'GET', url, c.route.method === 'GET' ? undefined : {});
      const refused = res.statusCode === 401 || res.statusCode === 403;
      if (c.expected === 'allowed' ? refused : res.statusCode !== c.expected)
        failures.push(`${c.route.method} ${c.route.url} as ${c.caller}: got ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
  });
});

async function callerFor(c: AuthzCase): Promise<Agent> {
  if (c.caller === 'anonymous') return new Agent(t.app);
  const office = c.grants.some((g) => ['reviewer', 'publisher', 'administrator'].includes(g.role));
  return signIn(t, await makeUser(db, c.grants, { totp: office }));
}

describe('the office', () => {
  it('runs the checks and lists the findings, with the figures', async () => {
    const ran = await reviewer.post(`/api/v1/submissions/${submission}/consistency/run`);
    expect(ran.statusCode).toBe(200);
    expect(ran.json()).toMatchObject({ submission, idsRecords: 0, counts: { found: 1, new: 0, removed: 0, noLongerApplying: 0 } });
    const list = await reviewer.get(`/api/v1/submissions/${submission}/consistency`);
    expect(list.statusCode).toBe(200);
    const [f] = list.json().findings;
    expect(f).toMatchObject({
      id: finding,
      submission,
      check: 'yoy_jump',
      cell: kg('heroin'),
      severity: 'warning',
      state: 'open',
      note: null,
      stillApplies: true,
      changedSinceFollowUp: false,
      figures: { value: 95, previous: 10, previousPeriod: '2022' },
    });
    expect(f.message).toBe('Quantity seized (drug heroin, seizure_unit KG): 95 in 2023 against 10 accepted for 2022 (+85, +850 %).');
    expect(Object.keys(f).sort()).toEqual(
      [
        'id',
        'submission',
        'check',
        'cell',
        'severity',
        'message',
        'figures',
        'state',
        'note',
        'updatedBy',
        'createdAt',
        'updatedAt',
        'stillApplies',
        'changedSinceFollowUp',
      ].sort(),
    );
  });

  it('does not run the checks on a draft', async () => {
    const draft = await makeSubmission(db, { country: HOME, period: '2024', state: 'draft', cells: {} });
    const res = await reviewer.post(`/api/v1/submissions/${draft}/consistency/run`);
    expect(res.statusCode).toBe(409);
  });

  it('validates the follow-up: known states, no stray fields, a note to dismiss, an existing finding', async () => {
    expect((await patch(reviewer, finding, { state: 'closed' })).statusCode).toBe(400);
    expect((await patch(reviewer, finding, { state: 'resolved', by: 'me' })).statusCode).toBe(400);
    const noNote = await patch(reviewer, finding, { state: 'dismissed' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json()).toMatchObject({ code: 'validation_failed', field: '/body/note' });
    expect((await patch(reviewer, '00000000-0000-4000-8000-000000000000', { state: 'resolved' })).statusCode).toBe(404);
  });
});

describe("the country's focal point", () => {
  it("reads its own submission's findings, not another country's, and cannot run the checks", async () => {
    const own = await focal.get(`/api/v1/submissions/${submission}/consistency`);
    expect(own.statusCode).toBe(200);
    expect(own.json().findings).toHaveLength(1);
    expect((await focal.get(`/api/v1/submissions/${otherSubmission}/consistency`)).statusCode).toBe(403);
    expect((await focal.post(`/api/v1/submissions/${submission}/consistency/run`)).statusCode).toBe(403);
  });

  it('explains with a note; resolving and dismissing are refused', async () => {
    expect((await patch(focal, finding, { state: 'explained' })).statusCode).toBe(400);
    expect((await patch(focal, finding, { state: 'resolved', note: 'fine' })).statusCode).toBe(403);
    expect((await patch(focal, finding, { state: 'dismissed', note: 'fine' })).statusCode).toBe(403);
    const explained = await patch(focal, finding, { state: 'explained', note: 'A 60 kg seizure at the port of Cartagena.' });
    expect(explained.statusCode).toBe(200);
    expect(explained.json()).toMatchObject({ state: 'explained', note: 'A 60 kg seizure at the port of Cartagena.' });
    const dismissed = await patch(reviewer, finding, { state: 'dismissed', note: 'Confirmed by the explanation.' });
    expect(dismissed.statusCode).toBe(200);
    const seen = (await focal.get(`/api/v1/submissions/${submission}/consistency`)).json().findings[0];
    expect(seen).toMatchObject({ state: 'dismissed', note: 'Confirmed by the explanation.' });
  });
});

describe('other country roles', () => {
  it('a data provider and a partner analyst of the same country read nothing', async () => {
    const provider = (await signedInAs(t, [grant('provider', HOME, ['arq'])])).agent;
    expect((await provider.get(`/api/v1/submissions/${submission}/consistency`)).statusCode).toBe(403);
    const partner = (await signedInAs(t, [grant('analyst', HOME)])).agent;
    expect((await partner.get(`/api/v1/submissions/${submission}/consistency`)).statusCode).toBe(403);
    expect((await partner.post(`/api/v1/submissions/${submission}/consistency/run`)).statusCode).toBe(403);
    expect((await patch(partner, finding, { state: 'resolved' })).statusCode).toBe(403);
  });
});
