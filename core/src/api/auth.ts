import { Type, type Static } from 'typebox';
import { ROLES } from '../identity/roles.js';
import { Email, Timestamp, UnitCode, Uuid } from './common.js';

export const RoleGrantSchema = Type.Object(
  {
    role: Type.Enum(ROLES),
    country: Type.Union([UnitCode, Type.Null()]),
    collections: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_-]{1,31}$' }), { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type RoleGrantBody = Static<typeof RoleGrantSchema>;

export const Me = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(RoleGrantSchema),
    secondFactorEnrolled: Type.Boolean(),
    secondFactorRequired: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Me = Static<typeof Me>;

export const LoginBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/**
 * signed_in: full session. second_factor_required: the password was right; send a TOTP
 * code to /auth/totp. enrolment_required: an office account without TOTP; the session may
 * only enrol (/auth/totp/enrol) until it has.
 */
export const SessionState = Type.Union([
  Type.Literal('signed_in'),
  Type.Literal('second_factor_required'),
  Type.Literal('enrolment_required'),
]);
export type SessionState = Static<typeof SessionState>;

export const SessionResponse = Type.Object(
  {
    state: SessionState,
    user: Me,
    /** Send back as the x-csrf-token header on every cookie-authenticated write. */
    csrfToken: Type.String(),
    expiresAt: Timestamp,
  },
  { additionalProperties: false },
);
export type SessionResponse = Static<typeof SessionResponse>;

export const TotpCodeBody = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });
export type TotpCodeBody = Static<typeof TotpCodeBody>;

export const TotpEnrolment = Type.Object({ secret: Type.String(), uri: Type.String() }, { additionalProperties: false });
export type TotpEnrolment = Static<typeof TotpEnrolment>;
