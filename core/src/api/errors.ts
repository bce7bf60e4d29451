/**
 * The one error shape every endpoint returns: a stable machine code, a human message,
 * the field path where one applies, and the request id to quote to support.
 */
import { Type, type Static } from 'typebox';

export const ERROR_CODES = [
  'validation_failed',
  'malformed_json',
  'unsupported_media_type',
  'not_acceptable',
  'payload_too_large',
  'unauthenticated',
  'second_factor_required',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  'submission_blocked',
  'invalid_credentials',
  'account_locked',
  'account_disabled',
  'rate_limited',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const FieldProblem = Type.Object(
  { field: Type.String(), code: Type.String(), message: Type.String() },
  { additionalProperties: false },
);
export type FieldProblem = Static<typeof FieldProblem>;

export const ErrorBody = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldProblem)),
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;
