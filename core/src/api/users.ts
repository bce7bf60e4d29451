import { Type, type Static } from 'typebox';
import { Email, Timestamp, Uuid } from './common.js';
import { RoleGrantSchema } from './auth.js';

export const UserView = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(RoleGrantSchema),
    secondFactorEnrolled: Type.Boolean(),
    disabled: Type.Boolean(),
    lockedUntil: Type.Union([Timestamp, Type.Null()]),
    createdAt: Timestamp,
  },
  { additionalProperties: false },
);
export type UserView = Static<typeof UserView>;

export const UserList = Type.Object({ users: Type.Array(UserView) }, { additionalProperties: false });
export type UserList = Static<typeof UserList>;

export const PASSWORD_MIN_LENGTH = 12;

export const CreateUserBody = Type.Object(
  {
    email: Email,
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: 1024 }),
    roles: Type.Array(RoleGrantSchema, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const SetRolesBody = Type.Object(
  { roles: Type.Array(RoleGrantSchema, { minItems: 0, maxItems: 20 }) },
  { additionalProperties: false },
);
export type SetRolesBody = Static<typeof SetRolesBody>;

export const UserIdParams = Type.Object({ userId: Uuid }, { additionalProperties: false });
