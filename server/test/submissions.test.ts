/** A country's answer from draft to accepted: sections, conflicts, validation gate, queries, reopen. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { createTestApp, type Agent, type TestApp } from './helpers/app.js';
import { num, openSubmission, seedTestDefinition, TEST_DEFINITION } from './helpers/collections.js';
import { createTestDb } from './helpers/db.js';
import { grant, signedInAs, type TestUser } from './helpers/factories.js';

let db: Db;
let t: TestApp;
let focal: Agent;
let provider: Agent;
let providerUser: TestUser;
let reviewer: Agent;
let submission: string;

const glotip = (role: 'provider' | 'focal_point', country: string) => grant(role, country, ['glotip']);

beforeAll(async () => {
  db = await createTestDb();
  await seedTestDefinition(db);
  t = await createTestApp(db);
  focal = (await signedInAs(t, [glotip('focal_point', 'COL')])).agent;
  const p = await signedInAs(t, [glotip('provider', 'COL')]);
  provider = p.agent;
  providerUser = p.user;
  reviewer = (await signedInAs(t, [grant('reviewer')])).agent;
  submission = await openSubmission(focal, 'COL');
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const save = (agent: Agent, cells: Array<{ cell: string; value: unknown; baseRevision: number; comment?: string }>, validate = false) =>
  agent.put(`/api/v1/submissions/${submission}/values${validate ? '?validate=true' : ''}`, { cells });
const state = async () => (await focal.get(`/api/v1/submissions/${submission}`)).json().state as string;

describe('opening a submission', () => {
  it('is done by the focal point, once per country, definition and period', async () => {
    const view = (await focal.get(`/api/v1/submissions/${submission}`)).json();
    expect(view).toMatchObject({
      state: 'draft',
      country: 'COL',
      period: '2023',
      definition: TEST_DEFINITION.id,
      actions: ['submit'],
      canEdit: true,
    });
    expect((await focal.post('/api/v1/countries/COL/submissions', { definition: TEST_DEFINITION.id, period: '2023' })).statusCode).toBe(
      409,
    );
    expect((await provider.post('/api/v1/countries/COL/submissions', { definition: TEST_DEFINITION.id, period: '2022' })).statusCode).toBe(
      403,
    );
    expect((await focal.post('/api/v1/countries/PER/submissions', { definition: TEST_DEFINITION.id, period: '2022' })).statusCode).toBe(
      403,
    );
    const future = await focal.post('/api/v1/countries/COL/submissions', { definition: TEST_DEFINITION.id, period: '2999' });
    expect(future.statusCode).toBe(400);
    expect(future.json().field).toBe('/body/period');
  });
});

describe('sections and editing', () => {
  it('lets a provider edit only the sections assigned to them', async () => {
    const denied = await save(provider, [{ cell: 'victims|sex=T|age=T', value: num(10), baseRevision: 0 }]);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().errors[0]).toMatchObject({ field: '/body/cells/0/cell', code: 'section_not_assigned' });

    const assign = await focal.put('/api/v1/countries/COL/assignments', {
      definition: TEST_DEFINITION.id,
      section: 'victims',
      users: [providerUser.id],
    });
    expect(assign.statusCode).toBe(200);
    expect((await provider.get(`/api/v1/submissions/${submission}`)).json().editableSections).toEqual(['victims']);
    const ok = await save(provider, [{ cell: 'victims|sex=T|age=T', value: num(10), baseRevision: 0 }]);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().saved).toEqual([{ cell: 'victims|sex=T|age=T', revision: 1 }]);
    expect((await save(provider, [{ cell: 'prosecuted|sex=T', value: num(1), baseRevision: 0 }])).statusCode).toBe(403);
  });

  it('refuses unknown cells and values of the wrong kind, naming the field', async () => {
    const res = await save(focal, [
      { cell: 'victims|sex=Q|age=T', value: num(1), baseRevision: 0 },
      { cell: 'legislation', value: num(1), baseRevision: 0 },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`)).toEqual([
      '/body/cells/0/cell unknown_cell',
      '/body/cells/1/value wrong_type',
    ]);
  });

  it('refuses a concurrent edit of the same cell with a conflict naming the cell and its newer value', async () => {
    const cell = 'victims|sex=F|age=T';
    expect((await save(provider, [{ cell, value: num(6), baseRevision: 0 }])).statusCode).toBe(200);
    const second = await save(focal, [{ cell, value: num(7), baseRevision: 0 }]);
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'conflict', field: '/body/cells/0' });
    expect(second.json().message).toContain(cell);
    expect(second.json().message).toContain('now 6');
    // Nothing of a refused save is written, even its other cells.
    const mixed = await save(focal, [
      { cell: 'victims|sex=M|age=T', value: num(4), baseRevision: 0 },
      { cell, value: num(7), baseRevision: 0 },
    ]);
    expect(mixed.statusCode).toBe(409);
    const values = (await focal.get(`/api/v1/submissions/${submission}/values`)).json().cells.map((c: { cell: string }) => c.cell);
    expect(values).not.toContain('victims|sex=M|age=T');
    expect((await save(focal, [{ cell, value: num(7), baseRevision: 1 }])).statusCode).toBe(200);
  });

  it('keeps every revision of a cell: who, when, what, why', async () => {
    const history = (
      await focal.get(`/api/v1/submissions/${submission}/cells/${encodeURIComponent('victims|sex=F|age=T')}/history`)
    ).json();
    expect(history.revisions.map((r: { revision: number; value: { value: number } }) => [r.revision, r.value.value])).toEqual([
      [1, 6],
      [2, 7],
    ]);
    expect(history.revisions[0].by).toBe(providerUser.email);
  });
});

describe('submitting', () => {
  it('is refused while errors remain, listing each by item, category and rule', async () => {
    await save(focal, [
      { cell: 'victims|sex=M|age=T', value: num(4), baseRevision: 0 },
      { cell: 'victims|sex=U|age=T', value: num(0), baseRevision: 0 },
    ]);
    const res = await focal.post(`/api/v1/submissions/${submission}/transitions`, { action: 'submit' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('submission_blocked');
    const problems = res.json().errors as Array<{ field: string; code: string; message: string }>;
    expect(problems.map((p) => p.code)).toEqual(expect.arrayContaining(['sex_total', 'required:legislation']));
    expect(problems.find((p) => p.code === 'sex_total')!.message).toMatch(/victims \(sex=T, age=T\)/);
    expect(await state()).toBe('draft');
  });

  it('is refused while a warning lacks a comment, and goes through once explained', async () => {
    const cur = (await focal.get(`/api/v1/submissions/${submission}/values`)).json().cells as Array<{ cell: string; revision: number }>;
    const rev = (cell: string) => cur.find((c) => c.cell === cell)?.revision ?? 0;
    const fix = await save(
      focal,
      [
        { cell: 'victims|sex=M|age=T', value: num(3), baseRevision: rev('victims|sex=M|age=T') },
        { cell: 'victims|sex=U|age=T', value: num(0), baseRevision: rev('victims|sex=U|age=T') },
        { cell: 'legislation', value: { kind: 'boolean', value: true }, baseRevision: 0 },
        { cell: 'prosecuted|sex=T', value: num(2), baseRevision: 0 },
        { cell: 'convicted|sex=T', value: num(5), baseRevision: 0 },
      ],
      true,
    );
    expect(fix.statusCode).toBe(200);
    expect(fix.json().validation).toMatchObject({ errors: 0, unresolvedWarnings: 1 });
    const blocked = await focal.post(`/api/v1/submissions/${submission}/transitions`, { action: 'submit' });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().errors[0]).toMatchObject({ code: 'convicted_le_prosecuted' });
    expect(blocked.json().errors[0].message).toMatch(/comment or acknowledge/);

    const warning = fix.json().validation.results.find((r: { ruleId: string }) => r.ruleId === 'convicted_le_prosecuted');
    expect(
      (
        await focal.post(`/api/v1/submissions/${submission}/acknowledgements`, {
          resultId: warning.id,
          note: 'convictions include cases from earlier years',
        })
      ).statusCode,
    ).toBe(200);
    const ok = await focal.post(`/api/v1/submissions/${submission}/transitions`, { action: 'submit' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'submitted', canEdit: false });
    expect((await save(provider, [{ cell: 'victims|sex=T|age=T', value: num(11), baseRevision: 1 }])).statusCode).toBe(403);
  });
});

describe('review', () => {
  let queryId: string;

  it('a reviewer queries a cell; the submission is queried', async () => {
    const res = await reviewer.post(`/api/v1/submissions/${submission}/queries`, {
      cell: 'victims|sex=T|age=T',
      message: 'Ten victims seems low against 2022; please confirm.',
    });
    expect(res.statusCode).toBe(201);
    queryId = res.json().id;
    expect(res.json()).toMatchObject({ state: 'open', item: 'victims', cell: 'victims|sex=T|age=T' });
    expect(await state()).toBe('queried');
    expect((await provider.post(`/api/v1/submissions/${submission}/queries`, { message: 'x' })).statusCode).toBe(403);
  });

  it('the country answers and corrects; the reviewer cannot accept while the query is open', async () => {
    const answer = await focal.post(`/api/v1/queries/${queryId}/messages`, {
      message: 'Corrected: 12 victims, two cases were registered late.',
    });
    expect(answer.json().state).toBe('answered');
    const cells = (await focal.get(`/api/v1/submissions/${submission}/values`)).json().cells as Array<{ cell: string; revision: number }>;
    const base = (cell: string) => cells.find((c) => c.cell === cell)!.revision;
    const fix = await focal.put(`/api/v1/submissions/${submission}/values`, {
      reason: 'answer to query',
      cells: [
        { cell: 'victims|sex=T|age=T', value: num(12), baseRevision: base('victims|sex=T|age=T') },
        { cell: 'victims|sex=M|age=T', value: num(5), baseRevision: base('victims|sex=M|age=T') },
      ],
    });
    expect(fix.statusCode).toBe(200);
    expect((await focal.post(`/api/v1/submissions/${submission}/transitions`, { action: 'resubmit' })).json().state).toBe('submitted');
    const early = await reviewer.post(`/api/v1/submissions/${submission}/transitions`, { action: 'accept' });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toMatch(/open/);
    expect((await reviewer.post(`/api/v1/queries/${queryId}/close`, { message: 'Thank you.' })).json().state).toBe('closed');
    const accepted = await reviewer.post(`/api/v1/submissions/${submission}/transitions`, { action: 'accept' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().state).toBe('accepted');
  });

  it('locks an accepted submission; only a reviewer reopens it, with a reason', async () => {
    expect(
      (
        await focal.put(`/api/v1/submissions/${submission}/values`, {
          cells: [{ cell: 'prosecuted|sex=T', value: num(3), baseRevision: 1 }],
        })
      ).statusCode,
    ).toBe(403);
    expect((await focal.post(`/api/v1/submissions/${submission}/transitions`, { action: 'reopen', reason: 'x' })).statusCode).toBe(403);
    expect((await reviewer.post(`/api/v1/submissions/${submission}/transitions`, { action: 'reopen' })).statusCode).toBe(400);
    const reopened = await reviewer.post(`/api/v1/submissions/${submission}/transitions`, {
      action: 'reopen',
      reason: 'new court data arrived',
    });
    expect(reopened.json().state).toBe('submitted');
    const transitions = (await reviewer.get(`/api/v1/submissions/${submission}/transitions`))
      .json()
      .transitions.map((x: { action: string }) => x.action);
    expect(transitions).toEqual(['create', 'submit', 'query', 'resubmit', 'accept', 'reopen']);
    const audit = await db.kysely.selectFrom('audit_events').select('action').where('object_id', '=', submission).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'submission.created',
        'submission.values_saved',
        'submission.submit',
        'submission.accept',
        'submission.reopen',
      ]),
    );
  });
});

describe('completeness', () => {
  it('lists every expected country with its state, and the overdue ones after the deadline', async () => {
    const other = (await signedInAs(t, [glotip('focal_point', 'PER')])).agent;
    await openSubmission(other, 'PER');
    const res = await reviewer.get(`/api/v1/completeness?definition=${TEST_DEFINITION.id}&period=2023`);
    expect(res.statusCode).toBe(200);
    const rows = res.json().countries as Array<{ country: string; state: string; overdue: boolean }>;
    expect(rows.find((r) => r.country === 'COL')!.state).toBe('submitted');
    expect(rows.find((r) => r.country === 'PER')!.state).toBe('draft');
    expect(rows.find((r) => r.country === 'NGA')!.state).toBe('not_started');
    expect(res.json().counts.not_started).toBeGreaterThan(150);
    expect((await focal.get(`/api/v1/completeness?definition=${TEST_DEFINITION.id}&period=2023`)).statusCode).toBe(403);
  });
});

describe('listing', () => {
  it('pages through submissions with an offset, each country seeing only its own', async () => {
    const first = (await reviewer.get('/api/v1/submissions?limit=1')).json();
    expect(first.submissions).toHaveLength(1);
    expect(first.next).toBe(1);
    const second = (await reviewer.get(`/api/v1/submissions?limit=1&offset=${first.next}`)).json();
    expect(second.submissions[0].id).not.toBe(first.submissions[0].id);
    const all = (await reviewer.get('/api/v1/submissions?limit=1000')).json();
    expect(all.next).toBeNull();
    expect(all.submissions.map((x: { country: string }) => x.country).sort()).toEqual(['COL', 'PER']);
    expect((await focal.get('/api/v1/submissions')).json().submissions.map((x: { country: string }) => x.country)).toEqual(['COL']);
  });

  it('lists definitions with their kind', async () => {
    const defs = (await reviewer.get('/api/v1/definitions')).json().definitions as Array<{ id: string; kind: string }>;
    expect(defs.find((d) => d.id === TEST_DEFINITION.id)!.kind).toBe('questionnaire');
    expect(new Set(defs.map((d) => d.kind))).toEqual(new Set(['questionnaire', 'records']));
  });
});

describe("a country's team", () => {
  it('the focal point invites a provider, who chooses a password and signs in', async () => {
    const inv = await focal.post('/api/v1/countries/COL/invitations', {
      email: 'new.provider@example.org',
      displayName: 'Police statistics unit',
      collections: ['glotip'],
    });
    expect(inv.statusCode).toBe(201);
    const { token } = inv.json() as { token: string };
    expect(
      (await focal.post('/api/v1/countries/COL/invitations', { email: 'x@example.org', displayName: 'X', collections: ['ids'] }))
        .statusCode,
    ).toBe(403);
    const team = (await focal.get('/api/v1/countries/COL/users')).json().users as Array<{ email: string; invited: boolean }>;
    expect(team.find((u) => u.email === 'new.provider@example.org')?.invited).toBe(true);
    const { Agent } = await import('./helpers/app.js');
    const anon = new Agent(t.app);
    expect((await anon.post('/api/v1/auth/invitations/accept', { token, password: 'short' })).statusCode).toBe(400);
    expect((await anon.post('/api/v1/auth/invitations/accept', { token, password: 'a long chosen password' })).statusCode).toBe(200);
    expect((await anon.post('/api/v1/auth/invitations/accept', { token, password: 'a long chosen password' })).statusCode).toBe(401);
    const login = await anon.post('/api/v1/auth/login', { email: 'new.provider@example.org', password: 'a long chosen password' });
    expect(login.json().user.roles).toEqual([{ role: 'provider', country: 'COL', collections: ['glotip'] }]);
  });
});
