import { CreateUserBody, ErrorBody, Me, SetRolesBody, UserIdParams, UserList, UserView } from '@observatory/core';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { unauthenticated } from '../shared/errors.js';
import * as commands from './commands.js';
import { usersAccess } from './policy.js';
import { presentMe, presentUser } from './presenter.js';
import * as repo from './repository.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function usersRoutes(app: App, services: AppServices) {
  app.get(
    '/me',
    { schema: { tags: ['users'], summary: 'The signed-in user', response: { 200: Me, ...errors } }, config: { access: usersAccess.me } },
    async (request) => {
      const id = request.caller.actor.userId;
      const user = id ? await repo.findUserById(services.kysely, id) : undefined;
      if (!user) throw unauthenticated();
      return presentMe(user, [...request.caller.actor.roles]);
    },
  );

  app.get(
    '/users',
    {
      schema: { tags: ['users'], summary: 'All user accounts', response: { 200: UserList, ...errors } },
      config: { access: usersAccess.list },
    },
    async () => {
      const rows = await repo.listUsers(services.kysely);
      const grants = await repo.grantsOf(
        services.kysely,
        rows.map((r) => r.id),
      );
      const now = services.clock.now();
      return { users: rows.map((u) => presentUser(u, grants.get(u.id) ?? [], now)) };
    },
  );

  app.post(
    '/users',
    {
      schema: { tags: ['users'], summary: 'Create a user account', body: CreateUserBody, response: { 201: UserView, ...errors } },
      config: { access: usersAccess.create },
    },
    async (request, reply) => {
      const user = await runAs(services, request, (tx) => commands.createUser(tx, request.body));
      return reply.status(201).send(user);
    },
  );

  app.put(
    '/users/:userId/roles',
    {
      schema: {
        tags: ['users'],
        summary: "Replace a user's role grants",
        params: UserIdParams,
        body: SetRolesBody,
        response: { 200: UserView, ...errors },
      },
      config: { access: usersAccess.setRoles },
    },
    async (request) => runAs(services, request, (tx) => commands.setRoles(tx, request.params.userId, request.body.roles)),
  );

  const action = (
    path: string,
    summary: string,
    access: (typeof usersAccess)[keyof typeof usersAccess],
    fn: (tx: Parameters<typeof commands.unlock>[0], id: string) => Promise<UserView>,
  ) =>
    app.post(
      path,
      { schema: { tags: ['users'], summary, params: UserIdParams, response: { 200: UserView, ...errors } }, config: { access } },
      async (request) => runAs(services, request, (tx) => fn(tx, request.params.userId)),
    );
  action('/users/:userId/disable', 'Disable an account and end its sessions', usersAccess.disable, (tx, id) =>
    commands.setDisabled(tx, id, true),
  );
  action('/users/:userId/enable', 'Enable a disabled account', usersAccess.enable, (tx, id) => commands.setDisabled(tx, id, false));
  action('/users/:userId/unlock', 'Lift a temporary lockout', usersAccess.unlock, commands.unlock);
  action(
    '/users/:userId/reset-second-factor',
    'Remove the TOTP factor; the user enrols again',
    usersAccess.resetSecondFactor,
    commands.resetSecondFactor,
  );
}
