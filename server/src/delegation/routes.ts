import {
  AcceptInvitationBody,
  AssignmentList,
  AssignmentsQuery,
  CountryParams,
  CountryUserList,
  ErrorBody,
  Invitation,
  InviteBody,
  Ok,
  SetAssignmentBody,
} from '@observatory/core';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import * as commands from './commands.js';
import { delegationAccess } from './policy.js';
import * as repo from './repository.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['delegation'];

export function delegationRoutes(app: App, services: AppServices, opts: { rateLimit: { max: number; timeWindow: number } }) {
  const { kysely, registry } = services;

  app.get(
    '/countries/:country/users',
    {
      schema: {
        tags,
        summary: "The country's focal points and data providers",
        params: CountryParams,
        response: { 200: CountryUserList, ...errors },
      },
      config: { access: delegationAccess.listUsers },
    },
    async (request) => {
      const rows = await repo.teamOf(kysely, request.params.country);
      const byUser = new Map<
        string,
        { id: string; email: string; displayName: string; roles: string[]; collections: string[]; invited: boolean }
      >();
      for (const r of rows) {
        if (r.disabled_at) continue;
        const u =
          byUser.get(r.id) ??
          byUser
            .set(r.id, { id: r.id, email: r.email, displayName: r.display_name, roles: [], collections: [], invited: r.pending !== null })
            .get(r.id)!;
        if (!u.roles.includes(r.role)) u.roles.push(r.role);
        for (const c of r.collections) if (!u.collections.includes(c)) u.collections.push(c);
      }
      return { users: [...byUser.values()] };
    },
  );

  app.get(
    '/countries/:country/assignments',
    {
      schema: {
        tags,
        summary: 'Who fills which section of a definition',
        params: CountryParams,
        querystring: AssignmentsQuery,
        response: { 200: AssignmentList, ...errors },
      },
      config: { access: delegationAccess.listAssignments },
    },
    async (request) => {
      const def = await registry.document(request.query.definition);
      const rows = await repo.assignmentsOf(kysely, def.id, request.params.country);
      return {
        definition: def.id,
        assignments: def.sections.map((s) => ({
          section: s.id,
          users: rows.filter((r) => r.section_id === s.id).map((r) => ({ id: r.id, email: r.email, displayName: r.display_name })),
        })),
      };
    },
  );

  app.put(
    '/countries/:country/assignments',
    {
      schema: {
        tags,
        summary: 'Set the providers of one section',
        params: CountryParams,
        body: SetAssignmentBody,
        response: { 200: Ok, ...errors },
      },
      config: { access: delegationAccess.assign },
    },
    async (request) => {
      await runAs(services, request, (tx) => commands.assignSection(tx, registry, request.params.country, request.body));
      return { ok: true as const };
    },
  );

  app.post(
    '/countries/:country/invitations',
    {
      schema: {
        tags,
        summary: 'Invite a data provider; returns a one-time token for the invitation link',
        params: CountryParams,
        body: InviteBody,
        response: { 201: Invitation, ...errors },
      },
      config: { access: delegationAccess.invite },
    },
    async (request, reply) =>
      reply.status(201).send(await runAs(services, request, (tx) => commands.invite(tx, request.params.country, request.body))),
  );

  app.post(
    '/auth/invitations/accept',
    {
      schema: {
        tags,
        summary: 'Accept an invitation by choosing a password',
        body: AcceptInvitationBody,
        response: { 200: Ok, ...errors },
      },
      config: { access: delegationAccess.acceptInvitation, rateLimit: opts.rateLimit },
    },
    async (request) => {
      await runAs(services, request, (tx) => commands.acceptInvitation(tx, request.body.token, request.body.password));
      return { ok: true as const };
    },
  );
}
