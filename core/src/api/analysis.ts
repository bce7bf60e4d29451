/**
 * Analysis contracts: trends, flows, maps and coverage over the live rollups (the office's
 * view of accepted data, updated in the transaction that accepts it).
 */
import { Type, type Static } from 'typebox';
import { Names } from './common.js';

const Year = Type.Integer({ minimum: 1900, maximum: 2100 });
const Code = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' });

export const Coverage = Type.Object(
  {
    period: Type.String(),
    /** Top-level reporting units with data for the period. */
    reporting: Type.Integer(),
    /** Top-level reporting units in the area. */
    expected: Type.Integer(),
    /** Share of the area's population living in the reporting units (0-1); null without population figures. */
    populationShare: Type.Union([Type.Number(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type Coverage = Static<typeof Coverage>;

export const AreaRef = Type.Object(
  { code: Type.String(), kind: Type.Enum(['unit', 'm49', 'group']), names: Names },
  { additionalProperties: false },
);

/** What an aggregate is: a unit's own figure, or a sum over the units that reported (never an estimate). */
export const AggregateKind = Type.Enum(['reported', 'sum_of_reporting_units']);

export const Point = Type.Object({ period: Type.String(), value: Type.Number() }, { additionalProperties: false });

export const SeizureTrendQuery = Type.Object(
  {
    area: Type.String({ default: '001' }),
    drugs: Type.Optional(Type.String({ description: 'comma-separated drug codes; the ten largest when absent' })),
    from: Type.Optional(Year),
    to: Type.Optional(Year),
    measure: Type.Enum(['kg', 'cases'], { default: 'kg' }),
    interval: Type.Enum(['year', 'month'], { default: 'year' }),
  },
  { additionalProperties: false },
);
export const SeizureTrend = Type.Object(
  {
    area: AreaRef,
    kind: AggregateKind,
    measure: Type.Enum(['kg', 'cases']),
    /** For kg: masses plus the kilogram equivalent of counts through the stated conversion factors. */
    note: Type.String(),
    series: Type.Array(Type.Object({ drug: Type.String(), names: Names, points: Type.Array(Point) }, { additionalProperties: false })),
    coverage: Type.Array(Coverage),
  },
  { additionalProperties: false },
);
export type SeizureTrend = Static<typeof SeizureTrend>;

export const FlowQuery = Type.Object(
  {
    /** ids: seizures origin → destination; vrs: smuggling departure → destination; glotip: victims' citizenship → detecting country. */
    source: Type.Enum(['ids', 'vrs', 'glotip']),
    drug: Type.Optional(Code),
    route: Type.Enum(['origin', 'departure'], { default: 'origin' }),
    area: Type.String({ default: '001', description: 'reporting countries in this area' }),
    from: Type.Optional(Year),
    to: Type.Optional(Year),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);
export const FlowScope = Type.Enum(['domestic', 'subregional', 'regional', 'interregional', 'unknown']);
export const Flows = Type.Object(
  {
    source: Type.String(),
    measure: Type.String(),
    flows: Type.Array(
      Type.Object(
        { from: Type.String(), to: Type.String(), value: Type.Number(), cases: Type.Integer(), scope: FlowScope },
        { additionalProperties: false },
      ),
    ),
    coverage: Type.Array(Coverage),
  },
  { additionalProperties: false },
);
export type Flows = Static<typeof Flows>;

export const IndicatorQuery = Type.Object(
  {
    definition: Code,
    item: Code,
    area: Type.String({ default: '001' }),
    /** dimension:code pairs, comma-separated (e.g. sex:F,age:T); totals are taken for dimensions not named. */
    categories: Type.Optional(Type.String()),
    from: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
    to: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
    rate: Type.Optional(Type.Enum(['per100k'])),
  },
  { additionalProperties: false },
);
export const IndicatorSeries = Type.Object(
  {
    area: AreaRef,
    kind: AggregateKind,
    cellKey: Type.String(),
    points: Type.Array(
      Type.Object(
        {
          period: Type.String(),
          value: Type.Number(),
          /** Per 100,000 population, computed by Observatory from the shipped population table (not a rate the country reported). */
          ratePer100k: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
        },
        { additionalProperties: false },
      ),
    ),
    coverage: Type.Array(Coverage),
  },
  { additionalProperties: false },
);
export type IndicatorSeries = Static<typeof IndicatorSeries>;

export const MapQuery = Type.Object(
  {
    source: Type.Enum(['ids', 'indicator']),
    year: Year,
    drug: Type.Optional(Code),
    measure: Type.Enum(['kg', 'cases'], { default: 'kg' }),
    definition: Type.Optional(Code),
    item: Type.Optional(Code),
    categories: Type.Optional(Type.String()),
    rate: Type.Optional(Type.Enum(['per100k'])),
  },
  { additionalProperties: false },
);
export const MapValues = Type.Object(
  {
    year: Year,
    values: Type.Array(
      Type.Object(
        { unit: Type.String(), value: Type.Number(), ratePer100k: Type.Optional(Type.Union([Type.Number(), Type.Null()])) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type MapValues = Static<typeof MapValues>;

export const AreaList = Type.Object(
  {
    areas: Type.Array(
      Type.Object(
        { code: Type.String(), kind: Type.String(), level: Type.String(), names: Names, members: Type.Integer() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * The pivot table over case-record rollups: for each source, the dimensions a table can be
 * laid out by (the rollup's key columns) and the measures it can sum. How a dimension's codes
 * are labelled: reporting units (`country`), a code list, or as they are (years, months,
 * unit classes, free-text substance names).
 */
export type PivotDimensionKind = 'country' | 'code' | 'year' | 'month' | 'unit_class' | 'text';
export interface PivotDimension {
  id: string;
  kind: PivotDimensionKind;
  codeList?: string;
  /** The record field the dimension comes from: its label names the dimension in six languages. */
  field?: string;
}
const dim = (id: string, kind: PivotDimensionKind, field?: string, codeList?: string): PivotDimension => ({
  id,
  kind,
  ...(field ? { field } : {}),
  ...(codeList ? { codeList } : {}),
});
const WHERE_WHEN = [dim('country', 'country'), dim('year', 'year')];

export const PIVOT_SOURCES = {
  ids: {
    dimensions: [
      ...WHERE_WHEN,
      dim('month', 'month'),
      dim('drug', 'code', 'drug', 'drug'),
      dim('unit_class', 'unit_class'),
      dim('transport', 'code', 'transport', 'transport_mode'),
    ],
    measures: ['kg', 'cases'],
  },
  vrs: {
    dimensions: [
      ...WHERE_WHEN,
      dim('month', 'month'),
      dim('departure', 'country', 'departure'),
      dim('destination', 'country', 'destination'),
      dim('citizenship', 'country', 'migrants_citizenship'),
      dim('transport', 'code', 'transport', 'transport_mode'),
    ],
    measures: ['migrants', 'incidents', 'smugglers', 'deaths'],
  },
  nps: {
    dimensions: [
      ...WHERE_WHEN,
      dim('chemical_group', 'code', 'chemical_group', 'nps_chemical_group'),
      dim('effect_group', 'code', 'effect_group', 'nps_effect_group'),
      dim('matrix', 'code', 'matrix', 'nps_matrix'),
      dim('subject_sex', 'code', 'subject_sex', 'sex'),
      dim('subject_age_group', 'code', 'subject_age_group', 'age_child_adult'),
      dim('substance', 'text', 'substance'),
    ],
    measures: ['reports'],
  },
} as const satisfies Record<string, { dimensions: readonly PivotDimension[]; measures: readonly string[] }>;
export type PivotSource = keyof typeof PIVOT_SOURCES;
export const PIVOT_DIMENSIONS = [...new Set(Object.values(PIVOT_SOURCES).flatMap((s) => s.dimensions.map((d) => d.id)))];
export const PIVOT_MEASURES = [...new Set(Object.values(PIVOT_SOURCES).flatMap((s) => [...s.measures]))];
/** Larger tables are refused (400 naming rows or columns): narrow the area, the years or the filters. */
export const PIVOT_LIMITS = { rows: 500, columns: 100 } as const;

export const PivotQuery = Type.Object(
  {
    source: Type.Enum(['ids', 'vrs', 'nps']),
    rows: Type.Enum(PIVOT_DIMENSIONS),
    columns: Type.Enum(PIVOT_DIMENSIONS),
    /** The source's first measure when absent (kg for ids, migrants for vrs, reports for nps). */
    measure: Type.Optional(Type.Enum(PIVOT_MEASURES)),
    area: Type.String({ default: '001', description: 'reporting units in this area (a unit, an M49 area or an office grouping)' }),
    from: Type.Optional(Year),
    to: Type.Optional(Year),
    filter: Type.Optional(
      Type.String({
        maxLength: 2000,
        description:
          'dimension:code pairs, comma-separated (e.g. drug:cocaine_hcl,transport:AIR); a dimension named twice keeps either code',
      }),
    ),
    format: Type.Enum(['json', 'csv', 'xlsx'], { default: 'json' }),
  },
  { additionalProperties: false },
);
export type PivotQuery = Static<typeof PivotQuery>;

export const Pivot = Type.Object(
  {
    source: Type.Enum(['ids', 'vrs', 'nps']),
    measure: Type.String(),
    rows: Type.String(),
    columns: Type.String(),
    area: AreaRef,
    kind: AggregateKind,
    from: Year,
    to: Year,
    filters: Type.Record(Type.String(), Type.Array(Type.String())),
    /** What the figures are (English), as the downloads state it. */
    note: Type.String(),
    /** Codes as stored: "" is "not stated"; months are 01-12. */
    rowKeys: Type.Array(Type.String()),
    columnKeys: Type.Array(Type.String()),
    /** cells[row][column]; null where no record falls. */
    cells: Type.Array(Type.Array(Type.Union([Type.Number(), Type.Null()]))),
    rowTotals: Type.Array(Type.Number()),
    columnTotals: Type.Array(Type.Number()),
    total: Type.Number(),
    coverage: Type.Object(
      {
        /** Top-level reporting units with at least one record in the selection. */
        units: Type.Array(Type.String()),
        reporting: Type.Integer(),
        /** Top-level reporting units in the area. */
        expected: Type.Integer(),
        byPeriod: Type.Array(Coverage),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type Pivot = Static<typeof Pivot>;
