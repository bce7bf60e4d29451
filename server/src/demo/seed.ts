/**
 * Seeds the demo accounts into an empty database, audited like any other change. With
 * `data`, the same transaction marks the demonstration data as pending (DEMO_DATA_SETTING):
 * seedDemoData completes it and marks it done, on this start or, if this one stops
 * part-way, on the next start with demo data.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { appendAuditEvent } from '../audit/repository.js';
import { hashPassword } from '../auth/secrets.js';
import { systemActor } from '../shared/actor.js';
import type { Clock } from '../shared/clock.js';
import { transact } from '../shared/context.js';
import { readSetting, writeSetting } from '../settings/repository.js';
import { countUsers, insertUser, replaceGrants } from '../users/repository.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoAccounts } from './accounts.js';

export const DEMO_DATA_SETTING = 'demo_data';

export async function seedDemo(kysely: Kysely<Database>, clock: Clock, opts: { data: boolean }): Promise<{ seeded: boolean }> {
  if ((await countUsers(kysely)) > 0) return { seeded: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await transact({ kysely, clock }, systemActor('demo-seed'), null, async (tx) => {
    for (const a of demoAccounts()) {
      const user = await insertUser(tx.trx, {
        email: a.email,
        displayName: a.displayName,
        passwordHash,
        isDemo: true,
        totpSecret: a.office ? DEMO_TOTP_SECRET : null,
        totpEnabledAt: a.office ? tx.clock.now() : null,
      });
      await replaceGrants(tx.trx, user.id, a.roles);
      await appendAuditEvent(tx, {
        action: 'user.created',
        objectType: 'user',
        objectId: user.id,
        after: { email: a.email, roles: a.roles, demo: true },
      });
    }
    await writeSetting(tx.trx, 'demo_seeded', true);
    if (opts.data) await writeSetting(tx.trx, DEMO_DATA_SETTING, 'pending');
  });
  return { seeded: true };
}

/** True when the demonstration data of this database were begun and not completed. */
export async function demoDataPending(kysely: Kysely<Database>): Promise<boolean> {
  return (await readSetting(kysely, DEMO_DATA_SETTING)) === 'pending';
}
