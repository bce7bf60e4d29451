/**
 * Building blocks of the HTTP contracts. Schemas are TypeBox (JSON Schema), shared by the
 * server (validation, OpenAPI) and the web app (static types): one contract, two users.
 */
import { Type, type Static } from 'typebox';

export const LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const Uuid = Type.String({ format: 'uuid' });
export const Timestamp = Type.String({ format: 'date-time' });
export const IsoDate = Type.String({ format: 'date' });
/** A reporting unit code: ISO 3166-1 alpha-3, or an office unit such as GBR_E_W or IRQ_KRI. */
export const UNIT_CODE_PATTERN = '^[A-Z]{3}(_[A-Z]{1,3}){0,2}$';
export const UnitCode = Type.String({ pattern: UNIT_CODE_PATTERN, maxLength: 11 });
export const Email = Type.String({ format: 'email', maxLength: 254 });

export const Names = Type.Object(
  {
    ar: Type.Optional(Type.String()),
    zh: Type.Optional(Type.String()),
    en: Type.String(),
    fr: Type.Optional(Type.String()),
    ru: Type.Optional(Type.String()),
    es: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Names = Static<typeof Names>;

export const Ok = Type.Object({ ok: Type.Literal(true) }, { additionalProperties: false });
