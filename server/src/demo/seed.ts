/** Seeds the demo accounts into an empty database, audited like any other change. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { appendAuditEvent } from '../audit/repository.js';
import { hashPassword } from '../auth/secrets.js';
import { systemActor } from '../shared/actor.js';
import type { Clock } from '../shared/clock.js';
import { transact } from '../shared/context.js';
import { writeSetting } from '../settings/repository.js';
import { countUsers, insertUser, replaceGrants } from '../users/repository.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoAccounts } from './accounts.js';

export async function seedDemo(kysely: Kysely<Database>, clock: Clock): Promise<{ seeded: boolean }> {
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
  });
  return { seeded: true };
}
