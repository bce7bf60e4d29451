/** Operator commands: migrate, users, tokens, audit, demo helpers. */
import { type Command, Option } from 'commander';
import { isRole, ROLES, TOKEN_SCOPES, type RoleGrant, type TokenScope } from '@observatory/core';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/connect.js';
import { storageTarget, type StorageOptions } from '../config.js';
import { verifyAuditChain } from '../audit/verify.js';
import { randomSecret } from '../auth/secrets.js';
import { currentTotp } from '../auth/totp.js';
import { DEMO_TOTP_SECRET } from '../demo/accounts.js';
import * as tokens from '../tokens/commands.js';
import { listTokensOf } from '../tokens/repository.js';
import { presentToken } from '../tokens/presenter.js';
import * as users from '../users/commands.js';
import { findUserByEmail, grantsOf, listUsers } from '../users/repository.js';
import { presentUser } from '../users/presenter.js';
import { notFound } from '../shared/errors.js';
import { asOperator, print, readStdin, withDatabase } from './context.js';

/** role[:COUNTRY[:collection,collection]], e.g. provider:COL:arq,ids or reviewer */
export function parseGrant(spec: string): RoleGrant {
  const [role, country, collections] = spec.split(':');
  if (!role || !isRole(role)) throw new Error(`unknown role in "${spec}"; roles: ${ROLES.join(', ')}`);
  return { role, country: country ? country.toUpperCase() : null, collections: collections ? collections.split(',').filter(Boolean) : [] };
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerAdmin(program: Command) {
  program
    .command('migrate')
    .description('Apply pending database migrations (also done on every start)')
    .action(async (_o: unknown, cmd: Command) => {
      const db = await openDatabase(storageTarget(cmd.optsWithGlobals<StorageOptions>()));
      try {
        const results = await migrateToLatest(db.kysely);
        print(
          results.length === 0
            ? 'the database is up to date'
            : results.map((r) => `${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`).join('\n'),
        );
      } finally {
        await db.close();
      }
    });

  const u = program.command('users').description('Manage user accounts');
  u.command('add')
    .description('Create a user; prints a generated password unless --password-stdin is given')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>', 'display name')
    .option('--role <grant>', 'role[:COUNTRY[:collections]], repeatable, e.g. provider:COL:arq,ids', collect, [])
    .option('--password-stdin', 'read the password from standard input')
    .action(async (o: { email: string; name: string; role: string[]; passwordStdin?: boolean }, cmd: Command) => {
      if (o.role.length === 0) throw new Error('give at least one --role');
      const roles = o.role.map(parseGrant);
      const password = o.passwordStdin ? await readStdin() : randomSecret(15);
      const user = await withDatabase(cmd, (db) =>
        asOperator(db, 'users-add', (tx) => users.createUser(tx, { email: o.email, displayName: o.name, password, roles })),
      );
      print(`created ${user.email} (${user.id})`);
      if (!o.passwordStdin) print(`password (shown once): ${password}`);
    });
  u.command('list')
    .description('List user accounts')
    .action(async (_o: unknown, cmd: Command) => {
      await withDatabase(cmd, async (db) => {
        const rows = await listUsers(db.kysely);
        const grants = await grantsOf(
          db.kysely,
          rows.map((r) => r.id),
        );
        for (const r of rows) {
          const v = presentUser(r, grants.get(r.id) ?? [], new Date());
          const roles = v.roles.map((g) => [g.role, g.country, g.collections.join(',')].filter(Boolean).join(':')).join(' ');
          print(`${v.email.padEnd(32)} ${v.disabled ? 'disabled' : 'active  '} ${v.secondFactorEnrolled ? 'totp' : '    '} ${roles}`);
        }
      });
    });
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    u.command(`${name} <email>`)
      .description(`${disabled ? 'Disable' : 'Enable'} an account${disabled ? ' and end its sessions' : ''}`)
      .action(async (email: string, _o: unknown, cmd: Command) => {
        await withDatabase(cmd, (db) =>
          asOperator(db, `users-${name}`, async (tx) => {
            const user = await findUserByEmail(tx.trx, email);
            if (!user) throw notFound(`user ${email}`);
            await users.setDisabled(tx, user.id, disabled);
          }),
        );
        print(`${email} ${disabled ? 'disabled' : 'enabled'}`);
      });
  }

  const t = program.command('tokens').description('Manage API tokens for machine clients');
  t.command('create')
    .description('Create a token for a user; prints the secret once')
    .requiredOption('--user <email>')
    .requiredOption('--name <name>')
    .addOption(
      new Option('--scope <scope>', 'read or write, repeatable')
        .choices([...TOKEN_SCOPES])
        .argParser(collect)
        .default([]),
    )
    .option('--days <days>', 'days until it expires', '90')
    .action(async (o: { user: string; name: string; scope: string[]; days: string }, cmd: Command) => {
      const scopes = (o.scope.length ? o.scope : ['read']) as TokenScope[];
      const days = Number(o.days);
      if (!Number.isInteger(days) || days < 1 || days > 366) throw new Error('--days must be between 1 and 366');
      const created = await withDatabase(cmd, (db) =>
        asOperator(db, 'tokens-create', async (tx) => {
          const user = await findUserByEmail(tx.trx, o.user);
          if (!user) throw notFound(`user ${o.user}`);
          return tokens.createToken(tx, user.id, { name: o.name, scopes, expiresInDays: days });
        }),
      );
      print(`token ${created.token.id} (${created.token.scopes.join(', ')}), expires ${created.token.expiresAt}`);
      print(`secret (shown once): ${created.secret}`);
    });
  t.command('list')
    .description("List a user's tokens")
    .requiredOption('--user <email>')
    .action(async (o: { user: string }, cmd: Command) => {
      await withDatabase(cmd, async (db) => {
        const user = await findUserByEmail(db.kysely, o.user);
        if (!user) throw notFound(`user ${o.user}`);
        for (const tk of (await listTokensOf(db.kysely, user.id)).map(presentToken))
          print(
            `${tk.id} ${tk.name.padEnd(20)} ${tk.scopes.join(',').padEnd(10)} expires ${tk.expiresAt}${tk.revokedAt ? ` revoked ${tk.revokedAt}` : ''}`,
          );
      });
    });
  t.command('revoke <tokenId>')
    .description('Revoke a token')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await withDatabase(cmd, (db) => asOperator(db, 'tokens-revoke', (tx) => tokens.revokeToken(tx, id)));
      print(`token ${id} revoked`);
    });

  program
    .command('audit')
    .description('Audit log')
    .command('verify')
    .description('Walk the hash chain; exits 1 naming the first broken event')
    .action(async (_o: unknown, cmd: Command) => {
      const result = await withDatabase(cmd, (db) => verifyAuditChain(db.kysely));
      if (result.ok) print(`audit chain intact: ${result.checked} events verified`);
      else {
        process.stderr.write(`audit chain BROKEN at event ${result.firstBrokenSeq}: ${result.problem}\n`);
        process.exitCode = 1;
      }
    });

  program
    .command('demo')
    .description('Helpers for demo mode')
    .command('totp')
    .description('Print the current TOTP code of the demo office accounts')
    .action(() => {
      print(currentTotp(DEMO_TOTP_SECRET, new Date()));
    });
}
