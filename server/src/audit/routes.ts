import { AuditPage, AuditQuery, ChainVerification, ErrorBody } from '@observatory/core';
import type { App } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { auditAccess } from './policy.js';
import { presentAuditEvent } from './presenter.js';
import { listAuditEvents } from './repository.js';
import { verifyAuditChain } from './verify.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

export function auditRoutes(app: App, services: AppServices) {
  app.get(
    '/audit/events',
    {
      schema: { tags: ['audit'], summary: 'Audit events, newest first', querystring: AuditQuery, response: { 200: AuditPage, ...errors } },
      config: { access: auditAccess.list },
    },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const rows = await listAuditEvents(services.kysely, { ...request.query, limit });
      return { events: rows.map(presentAuditEvent), nextBeforeSeq: rows.length === limit ? rows[rows.length - 1]!.seq : null };
    },
  );
  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Walk the hash chain and report the first broken event',
        response: { 200: ChainVerification, ...errors },
      },
      config: { access: auditAccess.verify },
    },
    async () => verifyAuditChain(services.kysely),
  );
}
