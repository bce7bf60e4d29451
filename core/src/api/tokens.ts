import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.js';

/** read: safe methods only; write: also changes. A token never exceeds its owner's roles. */
export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const TokenView = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    scopes: Type.Array(Type.Enum(TOKEN_SCOPES)),
    createdAt: Timestamp,
    expiresAt: Timestamp,
    revokedAt: Type.Union([Timestamp, Type.Null()]),
    lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { additionalProperties: false },
);
export type TokenView = Static<typeof TokenView>;

export const TokenList = Type.Object({ tokens: Type.Array(TokenView) }, { additionalProperties: false });

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(Type.Enum(TOKEN_SCOPES), { minItems: 1, uniqueItems: true }),
    expiresInDays: Type.Integer({ minimum: 1, maximum: 366 }),
  },
  { additionalProperties: false },
);
export type CreateTokenBody = Static<typeof CreateTokenBody>;

export const CreatedToken = Type.Object(
  {
    token: TokenView,
    /** Shown once; only a hash is stored. */
    secret: Type.String(),
  },
  { additionalProperties: false },
);
export type CreatedToken = Static<typeof CreatedToken>;

export const TokenIdParams = Type.Object({ tokenId: Uuid }, { additionalProperties: false });
