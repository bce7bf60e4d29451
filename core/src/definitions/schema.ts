/**
 * The JSON Schema of a definition document (TypeBox), checked before compileDefinition
 * checks meaning. Administrators upload definitions in this shape; the shipped ones are in it.
 */
import { Type, type Static } from 'typebox';
import { Names } from '../api/common.js';
import { ITEM_TYPES, MISSING_STRATEGIES, SEVERITIES } from './model.js';

const Id = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' });
const CodeValue = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' });
const Where = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }), CodeValue);
const SelectorSchema = Type.Object({ item: Id, where: Type.Optional(Where) }, { additionalProperties: false });
const ToleranceSchema = Type.Object(
  { absolute: Type.Optional(Type.Number({ minimum: 0 })), relative: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })) },
  { additionalProperties: false },
);
const Op = Type.Enum(['<=', '<', '>=', '>', '=', '!=']);
const Over = Type.Optional(Type.Array(Id, { maxItems: 8 }));
const base = {
  id: Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,63}$' }),
  severity: Type.Enum(SEVERITIES),
  missing: Type.Optional(Type.Enum(MISSING_STRATEGIES)),
  message: Type.Optional(Names),
};

export const RuleSchema = Type.Union([
  Type.Object({ ...base, kind: Type.Literal('required'), target: SelectorSchema }, { additionalProperties: false }),
  Type.Object(
    { ...base, kind: Type.Literal('range'), target: SelectorSchema, min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...base,
      kind: Type.Literal('compare'),
      left: Type.Array(SelectorSchema, { minItems: 1, maxItems: 50 }),
      op: Op,
      right: Type.Array(SelectorSchema, { minItems: 1, maxItems: 50 }),
      over: Over,
      tolerance: Type.Optional(ToleranceSchema),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { ...base, kind: Type.Literal('part_le_total'), part: SelectorSchema, total: SelectorSchema, over: Over },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...base,
      kind: Type.Literal('sum_equals_total'),
      parts: Type.Array(SelectorSchema, { minItems: 1, maxItems: 50 }),
      total: SelectorSchema,
      over: Over,
      tolerance: Type.Optional(ToleranceSchema),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { ...base, kind: Type.Literal('dimension_total'), item: Id, dimension: Id, tolerance: Type.Optional(ToleranceSchema) },
    { additionalProperties: false },
  ),
  Type.Object(
    { ...base, kind: Type.Literal('requires'), if: SelectorSchema, then: SelectorSchema, over: Over },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...base,
      kind: Type.Literal('yoy_change'),
      target: SelectorSchema,
      threshold: Type.Number({ exclusiveMinimum: 0 }),
      minBase: Type.Optional(Type.Number({ minimum: 0 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...base,
      kind: Type.Literal('outlier'),
      target: SelectorSchema,
      method: Type.Literal('modified_z'),
      threshold: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
      minHistory: Type.Optional(Type.Integer({ minimum: 2 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...base,
      kind: Type.Literal('outlier'),
      target: SelectorSchema,
      method: Type.Literal('bounds'),
      margin: Type.Optional(Type.Number({ minimum: 0 })),
      minHistory: Type.Optional(Type.Integer({ minimum: 2 })),
    },
    { additionalProperties: false },
  ),
]);

export const DefinitionSchema = Type.Object(
  {
    id: Id,
    version: Type.Integer({ minimum: 1 }),
    collection: Type.String({ pattern: '^[a-z][a-z0-9_-]{1,31}$' }),
    kind: Type.Literal('aggregate'),
    title: Names,
    description: Type.Optional(Names),
    periodicity: Type.Literal('annual'),
    deadline: Type.Optional(
      Type.Object(
        { month: Type.Integer({ minimum: 1, maximum: 12 }), day: Type.Integer({ minimum: 1, maximum: 31 }) },
        { additionalProperties: false },
      ),
    ),
    sections: Type.Array(
      Type.Object(
        { id: Id, label: Names, help: Type.Optional(Names), module: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    dimensions: Type.Array(
      Type.Object(
        {
          id: Id,
          label: Names,
          codeList: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
          codes: Type.Optional(Type.Array(CodeValue, { maxItems: 5000 })),
          perCountry: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    items: Type.Array(
      Type.Object(
        {
          id: Id,
          section: Id,
          label: Names,
          help: Type.Optional(Names),
          type: Type.Enum(ITEM_TYPES),
          unit: Type.Optional(Type.String({ maxLength: 40 })),
          dimensions: Type.Array(Id, { maxItems: 6 }),
          combinations: Type.Optional(Type.Array(Where, { maxItems: 5000 })),
          codeList: Type.Optional(Type.String()),
          ranks: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
          min: Type.Optional(Type.Number()),
          max: Type.Optional(Type.Number()),
          required: Type.Optional(Type.Boolean()),
          readonly: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 2000 },
    ),
    rules: Type.Array(RuleSchema, { maxItems: 5000 }),
  },
  { additionalProperties: false },
);
export type DefinitionDocument = Static<typeof DefinitionSchema>;

export const CodeListSchema = Type.Object(
  {
    id: Id,
    version: Type.Integer({ minimum: 1 }),
    names: Names,
    codes: Type.Array(
      Type.Object(
        {
          code: CodeValue,
          names: Names,
          parent: Type.Optional(Type.Union([CodeValue, Type.Null()])),
          total: Type.Optional(Type.Boolean()),
          synonyms: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10000 },
    ),
  },
  { additionalProperties: false },
);
