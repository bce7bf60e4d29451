import { Type, type Static } from 'typebox';
import { Timestamp } from './common.js';

export const AuditEventView = Type.Object(
  {
    seq: Type.Integer(),
    occurredAt: Timestamp,
    actorId: Type.Union([Type.String(), Type.Null()]),
    actorLabel: Type.String(),
    action: Type.String(),
    objectType: Type.String(),
    objectId: Type.Union([Type.String(), Type.Null()]),
    country: Type.Union([Type.String(), Type.Null()]),
    before: Type.Unknown(),
    after: Type.Unknown(),
    requestId: Type.Union([Type.String(), Type.Null()]),
    hash: Type.String(),
  },
  { additionalProperties: false },
);
export type AuditEventView = Static<typeof AuditEventView>;

export const AuditQuery = Type.Object(
  {
    beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    objectType: Type.Optional(Type.String({ maxLength: 100 })),
    objectId: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditPage = Type.Object(
  { events: Type.Array(AuditEventView), nextBeforeSeq: Type.Union([Type.Integer(), Type.Null()]) },
  { additionalProperties: false },
);

export const ChainVerification = Type.Object(
  {
    ok: Type.Boolean(),
    checked: Type.Integer(),
    firstBrokenSeq: Type.Union([Type.Integer(), Type.Null()]),
    problem: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ChainVerification = Static<typeof ChainVerification>;
