import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { appendAuditEvent } from '../src/audit/repository.js';
import { verifyAuditChain } from '../src/audit/verify.js';
import { cliActor } from '../src/shared/actor.js';
import { transact } from '../src/shared/context.js';
import { ManualClock } from '../src/shared/clock.js';
import { createUser } from '../src/users/commands.js';
import { createTestDb } from './helpers/db.js';
import { grant, unique } from './helpers/factories.js';

const clock = new ManualClock();
const run = <T>(db: Db, fn: Parameters<typeof transact<T>>[3]) => transact({ kysely: db.kysely, clock }, cliActor('test'), 'req-1', fn);
const newUser = (db: Db) =>
  run(db, (tx) =>
    createUser(tx, {
      email: `${unique('a')}@example.org`,
      displayName: 'A',
      password: 'a long enough password',
      roles: [grant('analyst')],
    }),
  );
const count = async (db: Db) =>
  Number(
    (
      await db.kysely
        .selectFrom('audit_events')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('audit log', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => db?.close());

  it('writes the event in the same transaction as the change: a failed change leaves no event', async () => {
    const before = await count(db);
    await expect(
      run(db, async (tx) => {
        await appendAuditEvent(tx, { action: 'test.partial', objectType: 'test' });
        throw new Error('the change fails after its audit line');
      }),
    ).rejects.toThrow('the change fails');
    expect(await count(db)).toBe(before);
    // A refused command (validation) also leaves no user and no event.
    await expect(
      run(db, (tx) => createUser(tx, { email: 'bad@example.org', displayName: 'B', password: 'short', roles: [grant('analyst')] })),
    ).rejects.toThrow(/12 characters/);
    expect(await count(db)).toBe(before);
    const u = await newUser(db);
    const last = await db.kysely.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: 'user.created', object_id: u.id, actor_label: 'system:test', request_id: 'req-1' });
    expect(JSON.stringify(last.after)).not.toContain('password');
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 12 }, () => newUser(db)));
    const result = await verifyAuditChain(db.kysely);
    expect(result).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(result.checked).toBe(await count(db));
  });

  it('refuses updates and deletes from the application role (append-only trigger)', async () => {
    await expect(sql`UPDATE audit_events SET action = 'x' WHERE seq = 1`.execute(db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events WHERE seq = 1`.execute(db.kysely)).rejects.toThrow(/append-only/);
  });
});

describe('audit verify after tampering', () => {
  const tamper = async (db: Db, statement: string) => {
    await sql
      .raw(
        `ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update; ${statement}; ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`,
      )
      .execute(db.kysely);
  };

  it('names the first event whose content was edited', async () => {
    const db = await createTestDb();
    for (let i = 0; i < 4; i++) await newUser(db);
    const target = (
      await db.kysely.selectFrom('audit_events').select('seq').where('action', '=', 'user.created').orderBy('seq').execute()
    )[1]!.seq;
    await tamper(db, `UPDATE audit_events SET after = jsonb_set(after, '{displayName}', '"Mallory"') WHERE seq = ${target}`);
    const result = await verifyAuditChain(db.kysely);
    await db.close();
    expect(result.ok).toBe(false);
    expect(result.firstBrokenSeq).toBe(target);
    expect(result.problem).toMatch(/altered/);
  });

  it('names the gap where an event was deleted', async () => {
    const db = await createTestDb();
    for (let i = 0; i < 4; i++) await newUser(db);
    await tamper(db, 'DELETE FROM audit_events WHERE seq = 3');
    const result = await verifyAuditChain(db.kysely);
    await db.close();
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    expect(result.problem).toMatch(/missing/);
  });

  it('notices when the newest events are cut off, using the chain head', async () => {
    const db = await createTestDb();
    for (let i = 0; i < 3; i++) await newUser(db);
    const { last_seq } = await db.kysely.selectFrom('audit_head').select('last_seq').executeTakeFirstOrThrow();
    await tamper(db, `DELETE FROM audit_events WHERE seq = ${last_seq}`);
    const result = await verifyAuditChain(db.kysely);
    await db.close();
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(/head records/);
  });
});
