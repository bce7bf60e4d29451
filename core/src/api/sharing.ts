/** HTTP contracts of reciprocal sharing: the collection's policy, a state's choices, what partners see. */
import { Type, type Static } from 'typebox';
import { Timestamp, UnitCode } from './common.js';
import { AUDIENCES, MAX_WINDOW_YEARS } from '../sharing/policy.js';

const Collection = Type.String({ pattern: '^[a-z][a-z0-9_-]{1,31}$' });
const FieldId = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' });
const Year = Type.Integer({ minimum: 1900, maximum: 2100 });

export const SharingParams = Type.Object({ collection: Collection }, { additionalProperties: false });
export const StateSharingParams = Type.Object({ country: UnitCode, collection: Collection }, { additionalProperties: false });

export const CollectionSharingBody = Type.Object(
  {
    reciprocal: Type.Boolean(),
    windowYears: Type.Integer({ minimum: 0, maximum: MAX_WINDOW_YEARS }),
  },
  { additionalProperties: false },
);
export type CollectionSharingBody = Static<typeof CollectionSharingBody>;

export const StateSharingBody = Type.Object(
  {
    participates: Type.Boolean(),
    audience: Type.Enum([...AUDIENCES]),
    partners: Type.Array(UnitCode, { maxItems: 250, uniqueItems: true }),
    withheldFields: Type.Array(FieldId, { maxItems: 80, uniqueItems: true }),
    releaseRestricted: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type StateSharingBody = Static<typeof StateSharingBody>;

export const StateSharingView = Type.Object(
  {
    country: Type.String(),
    participates: Type.Boolean(),
    audience: Type.Enum([...AUDIENCES]),
    partners: Type.Array(Type.String()),
    withheldFields: Type.Array(Type.String()),
    releaseRestricted: Type.Boolean(),
    updatedBy: Type.Union([Type.String(), Type.Null()]),
    updatedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { additionalProperties: false },
);
export type StateSharingView = Static<typeof StateSharingView>;

export const SharingOverview = Type.Object(
  {
    collection: Type.String(),
    reciprocal: Type.Boolean(),
    windowYears: Type.Integer(),
    /** The states taking part (everyone who may read this route may know who takes part). */
    participants: Type.Array(Type.String()),
    /** Every state's choices for the office; a state's own choices only, for a state. */
    states: Type.Array(StateSharingView),
  },
  { additionalProperties: false },
);
export type SharingOverview = Static<typeof SharingOverview>;

export const SharedGrantView = Type.Object(
  {
    owner: Type.String(),
    years: Type.Union([Type.Array(Type.Integer()), Type.Null()]),
    withheldFields: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);

/** A state's own choices, the years it contributed, and what other states grant it. */
export const StateSharingStatus = Type.Object(
  {
    collection: Type.String(),
    settings: StateSharingView,
    contributedYears: Type.Array(Type.Integer()),
    grants: Type.Array(SharedGrantView),
  },
  { additionalProperties: false },
);
export type StateSharingStatus = Static<typeof StateSharingStatus>;

export const SharedRecordsQuery = Type.Object(
  {
    owner: Type.Optional(UnitCode),
    from: Type.Optional(Year),
    to: Type.Optional(Year),
    /** The `next` cursor of the previous page. */
    after: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,15}:[0-9]{1,19}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
export const SharedRecords = Type.Object(
  {
    collection: Type.String(),
    records: Type.Array(Type.Record(Type.String(), Type.Unknown())),
    next: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type SharedRecords = Static<typeof SharedRecords>;

export const SharedAggregatesQuery = Type.Object(
  { owner: Type.Optional(UnitCode), from: Type.Optional(Year), to: Type.Optional(Year) },
  { additionalProperties: false },
);
export const SharedAggregateCell = Type.Object(
  {
    owner: Type.String(),
    year: Type.Integer(),
    /** Dimension → code; '_T' where the owner withholds the field (summed away). */
    dims: Type.Record(Type.String(), Type.String()),
    /** null when the cell is suppressed. */
    values: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])),
    /** '<5' when the cell counts fewer events than the release rules allow to show. */
    display: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export const SharedAggregates = Type.Object(
  {
    collection: Type.String(),
    dimensions: Type.Array(Type.String()),
    measures: Type.Array(Type.String()),
    note: Type.String(),
    cells: Type.Array(SharedAggregateCell),
  },
  { additionalProperties: false },
);
export type SharedAggregates = Static<typeof SharedAggregates>;

export const SharedViewsQuery = Type.Object(
  { before: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  { additionalProperties: false },
);
export const SharedViews = Type.Object(
  {
    views: Type.Array(
      Type.Object(
        {
          seq: Type.Integer(),
          at: Timestamp,
          viewer: Type.String(),
          viewerCountry: Type.Union([Type.String(), Type.Null()]),
          records: Type.Integer(),
          query: Type.Record(Type.String(), Type.Unknown()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SharedViews = Static<typeof SharedViews>;
