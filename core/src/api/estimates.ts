/** The office's estimates: figures it computes itself (with bounds and a method), never mixed with what countries reported. */
import { Type, type Static } from 'typebox';

export const ESTIMATE_INDICATORS = ['homicide_victims', 'homicide_rate'] as const;
const Breakdown = Type.String({
  pattern: '^$|^[a-z_]+=[A-Za-z0-9_]+(\\|[a-z_]+=[A-Za-z0-9_]+)*$',
  maxLength: 200,
  description: 'sorted dim=code pairs joined by |; empty for the total',
});

export const EstimateImportQuery = Type.Object(
  { fileName: Type.String({ minLength: 1, maxLength: 255 }), dryRun: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const EstimateImportSummary = Type.Object(
  {
    layout: Type.String(),
    encoding: Type.String(),
    dryRun: Type.Boolean(),
    /** Data lines of the file. */
    lines: Type.Integer(),
    /** Estimates found in them (a line holds several: total, by sex, by age, by mechanism, rates). */
    values: Type.Integer(),
    inserted: Type.Integer(),
    updated: Type.Integer(),
    rejected: Type.Array(
      Type.Object({ line: Type.Integer(), field: Type.String(), message: Type.String() }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type EstimateImportSummary = Static<typeof EstimateImportSummary>;

export const EstimateInput = Type.Object(
  {
    indicator: Type.Enum([...ESTIMATE_INDICATORS]),
    area: Type.String({ maxLength: 32 }),
    year: Type.Integer({ minimum: 1900, maximum: 2100 }),
    breakdown: Breakdown,
    value: Type.Number({ minimum: 0 }),
    lower: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
    upper: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
    method: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  { additionalProperties: false },
);
export type EstimateInput = Static<typeof EstimateInput>;

export const EstimateQuery = Type.Object(
  { indicator: Type.Enum([...ESTIMATE_INDICATORS]), area: Type.String({ maxLength: 32 }), breakdown: Type.Optional(Breakdown) },
  { additionalProperties: false },
);
export const EstimateSeries = Type.Object(
  {
    indicator: Type.String(),
    area: Type.String(),
    breakdown: Type.String(),
    unit: Type.String(),
    points: Type.Array(
      Type.Object(
        {
          year: Type.Integer(),
          value: Type.Number(),
          lower: Type.Union([Type.Number(), Type.Null()]),
          upper: Type.Union([Type.Number(), Type.Null()]),
          method: Type.Union([Type.String(), Type.Null()]),
          source: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type EstimateSeries = Static<typeof EstimateSeries>;
