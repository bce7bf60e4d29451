/**
 * Every API route refuses anonymous callers, callers with a wrong role, callers of
 * another country, and tokens where a browser session is required — derived from the
 * routes' own declarations, so new routes are covered without editing this file (beyond
 * a fixture for a new kind of path parameter).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { Agent, createTestApp, type TestApp } from './helpers/app.js';
import { casesFor, fillPath, HOME, type AuthzCase, type FixtureMap } from './helpers/authz.js';
import { createTestDb } from './helpers/db.js';
import { grant, makeUser, signIn, signedInAs } from './helpers/factories.js';
import { createToken } from '../src/tokens/commands.js';
import { transact } from '../src/shared/context.js';
import { cliActor } from '../src/shared/actor.js';
import { openSubmission, seedTestDefinition, TEST_DEFINITION } from './helpers/collections.js';
import { IDS_HEADER } from './helpers/records.js';
import { runningJob } from '../src/records/jobs.js';
import { sql } from 'kysely';

let db: Db;
let t: TestApp;
let fixtures: FixtureMap;

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
  const target = await makeUser(db, [grant('provider', HOME)]);
  const token = await transact({ kysely: db.kysely, clock: t.clock }, cliActor('test'), null, (tx) =>
    createToken(tx, target.id, { name: 'fixture', scopes: ['read'], expiresInDays: 5 }),
  );
  // A submission of HOME with a query on it: the resources the wrong-country cases aim at.
  await seedTestDefinition(db);
  const focal = (await signedInAs(t, [grant('focal_point', HOME, ['glotip', 'ids'])])).agent;
  const submission = await openSubmission(focal, HOME);
  await focal.put('/api/v1/countries/' + HOME + '/assignments', { definition: TEST_DEFINITION.id, section: 'victims', users: [] });
  await focal.put(`/api/v1/submissions/${submission}/values`, {
    cells: [{ cell: 'legislation', value: { kind: 'boolean', value: true }, baseRevision: 0 }],
  });
  const submitted = await focal.post(`/api/v1/submissions/${submission}/transitions`, { action: 'submit' });
  if (submitted.statusCode !== 200) throw new Error(submitted.body);
  const reviewer = (await signedInAs(t, [grant('reviewer')])).agent;
  const query = (await reviewer.post(`/api/v1/submissions/${submission}/queries`, { message: 'fixture query' })).json().id as string;
  // An uploaded (not committed) batch of HOME seizure records.
  const uploaded = await t.app.inject({
    method: 'POST',
    url: `/api/v1/countries/${HOME}/records/ids/batches?fileName=fixture.csv`,
    payload: IDS_HEADER + '\n2024-01-03,Bogotá,AIRPORT,cocaine_hcl,2,kg,AIR,PER,,ESP,H1\n',
    headers: { 'content-type': 'text/csv', cookie: `obs_session=${focal.cookie}`, 'x-csrf-token': focal.csrf! },
  });
  if (uploaded.statusCode !== 202) throw new Error(uploaded.body);
  const batch = uploaded.json().id as string;
  await runningJob(batch)?.done;
  // A consistency finding on HOME's submission (the test definition gives the checks nothing to
  // find); explained, so that a run of the checks keeps it.
  const finding = await sql<{ id: string }>`
    INSERT INTO consistency_findings (submission_id, check_id, cell_key, severity, message, state, note, created_at, updated_at)
    VALUES (${submission}, 'yoy_jump', 'legislation', 'warning', 'fixture finding', 'explained', 'fixture', now(), now())
    RETURNING id`.execute(db.kysely);
  fixtures = {
    userId: () => target.id,
    tokenId: () => token.token.id,
    country: ({ country }) => country,
    submissionId: () => submission,
    queryId: () => query,
    cellKey: () => 'legislation',
    definitionId: () => TEST_DEFINITION.id,
    version: () => '1',
    codeListId: () => 'sex',
    collection: () => 'ids',
    releaseId: () => '00000000-0000-4000-8000-000000000000',
    agency: () => 'OBS',
    id: () => 'TEST_Q',
    batchId: () => batch,
    // No such record: the refusals come before the lookup, and the right caller gets a 404.
    recordId: () => '999999',
    findingId: () => finding.rows[0]!.id,
  };
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

async function callerFor(c: AuthzCase): Promise<Agent> {
  if (c.caller === 'anonymous') return new Agent(t.app);
  if (c.caller === 'token_on_session_route') {
    const { user } = await signedInAs(t, c.grants);
    const token = await transact({ kysely: db.kysely, clock: t.clock }, cliActor('test'), null, (tx) =>
      createToken(tx, user.id, { name: 'authz', scopes: ['read', 'write'], expiresInDays: 1 }),
    );
    const agent = new Agent(t.app);
    agent.bearer = token.secret;
    return agent;
  }
  const office = c.grants.some((g) => ['reviewer', 'publisher', 'administrator'].includes(g.role));
  // Refused callers change nothing, so one signed-in agent serves every refused case with the
  // same grants (a user each would spend most of the run hashing passwords); the right
  // caller, whose call goes through, always gets a fresh account.
  if (c.expected === 'allowed') return signIn(t, await makeUser(db, c.grants, { totp: office }));
  const key = JSON.stringify(c.grants);
  let agent = refusedAgents.get(key);
  if (!agent) refusedAgents.set(key, (agent = signIn(t, await makeUser(db, c.grants, { totp: office }))));
  return agent;
}
const refusedAgents = new Map<string, Promise<Agent>>();

describe('route authorization', () => {
  it('covers every registered API route', () => {
    const routes = t.app.routeTable;
    expect(routes.length).toBeGreaterThan(15);
    const publicRoutes = routes.filter((r) => r.access.kind === 'public');
    // Public on purpose, each with its reason: printed so that a reviewer sees the list.
    console.info(publicRoutes.map((r) => `public ${r.method} ${r.url}: ${(r.access as { reason: string }).reason}`).join('\n'));
    const intended = ['/healthz', '/api/v1/auth/login', '/api/v1/openapi.json', '/api/v1/auth/invitations/accept'];
    // Published data are public by route; what each caller sees follows its tier (tested in dissemination/).
    for (const r of publicRoutes)
      expect(
        intended.includes(r.url) || ['/api/v1/reference/', '/api/v1/published/', '/sdmx/3.0/'].some((p) => r.url.startsWith(p)),
        r.url,
      ).toBe(true);
  });

  it('refuses anonymous, wrong-role, wrong-country and token callers on every protected route', async () => {
    const cases = t.app.routeTable.flatMap(casesFor);
    const failures: string[] = [];
    for (const c of cases) {
      const agent = await callerFor(c);
      const url = await fillPath(c.route.url, fixtures);
      const body = ['POST', 'PUT', 'PATCH'].includes(c.route.method) ? {} : undefined;
      const res = await agent.request(c.route.method as 'GET', url, body);
      if (c.expected === 'allowed') {
        if (res.statusCode === 401 || res.statusCode === 403)
          failures.push(`${c.route.method} ${c.route.url} as ${c.caller}: refused (${res.statusCode} ${res.body.slice(0, 120)})`);
      } else if (res.statusCode !== c.expected)
        failures.push(
          `${c.route.method} ${c.route.url} as ${c.caller}: expected ${c.expected}, got ${res.statusCode} ${res.body.slice(0, 120)}`,
        );
      else {
        const code = (res.json() as { code: string }).code;
        if (!['unauthenticated', 'forbidden', 'second_factor_required'].includes(code))
          failures.push(`${c.route.method} ${c.route.url}: unexpected code ${code}`);
      }
    }
    console.info(`authorization cases checked: ${cases.length} over ${t.app.routeTable.length} routes`);
    expect(failures).toEqual([]);
    expect(cases.filter((c) => c.caller === 'wrong_role').length).toBeGreaterThan(5);
  }, 120_000); // hundreds of cases, growing with every route
});
