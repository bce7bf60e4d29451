import type { AuditEventView } from '@observatory/core';
import type { Selectable } from 'kysely';
import type { AuditEventsTable } from '../db/schema.js';

export const presentAuditEvent = (e: Selectable<AuditEventsTable>): AuditEventView => ({
  seq: e.seq,
  occurredAt: new Date(e.occurred_at).toISOString(),
  actorId: e.actor_id,
  actorLabel: e.actor_label,
  action: e.action,
  objectType: e.object_type,
  objectId: e.object_id,
  country: e.country,
  before: e.before ?? null,
  after: e.after ?? null,
  requestId: e.request_id,
  hash: e.hash,
});
