/** Releases: accepted data published to tiers at an embargo time. */
import { Type, type Static } from 'typebox';
import { Names, Timestamp, Uuid } from './common.js';
import { TIERS } from '../dissemination/model.js';

export const TierSchema = Type.Enum([...TIERS]);
const FlowId = Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$' });
const Period = Type.String({ pattern: '^[0-9]{4}$' });
const Unit = Type.String({ pattern: '^[A-Z]{3}(_[A-Z]{1,3}){0,2}$' });

export const ReleaseInput = Type.Object(
  {
    title: Names,
    note: Type.Optional(Type.Union([Names, Type.Null()])),
    dataflows: Type.Array(FlowId, { minItems: 1, maxItems: 50, uniqueItems: true }),
    /** Years to publish; all when absent or null. */
    periods: Type.Optional(Type.Union([Type.Array(Period, { minItems: 1, maxItems: 200, uniqueItems: true }), Type.Null()])),
    /** Reporting units to publish; all when absent or null. */
    countries: Type.Optional(Type.Union([Type.Array(Unit, { minItems: 1, maxItems: 400, uniqueItems: true }), Type.Null()])),
    tiers: Type.Array(TierSchema, { minItems: 1, maxItems: 3, uniqueItems: true }),
    embargoAt: Timestamp,
  },
  { additionalProperties: false },
);
export type ReleaseInput = Static<typeof ReleaseInput>;
export const ReleasePatch = Type.Partial(ReleaseInput, { additionalProperties: false });

export const ReleaseState = Type.Enum(['draft', 'scheduled', 'published', 'withdrawn']);
export const ReleaseView = Type.Object(
  {
    id: Uuid,
    number: Type.Integer(),
    title: Names,
    note: Type.Union([Names, Type.Null()]),
    dataflows: Type.Array(Type.String()),
    periods: Type.Union([Type.Array(Type.String()), Type.Null()]),
    countries: Type.Union([Type.Array(Type.String()), Type.Null()]),
    tiers: Type.Array(Type.String()),
    embargoAt: Timestamp,
    /** scheduled: published, waiting for its embargo time; published: visible. */
    state: ReleaseState,
    /** Rows written for every tier (new and revised figures, deletions). */
    observations: Type.Integer(),
    createdBy: Type.String(),
    createdAt: Timestamp,
    scheduledBy: Type.Union([Type.String(), Type.Null()]),
    scheduledAt: Type.Union([Timestamp, Type.Null()]),
    /** Who withdrew the release, when and why; null unless withdrawn. */
    withdrawn: Type.Union([
      Type.Object({ by: Type.String(), at: Timestamp, reason: Type.String() }, { additionalProperties: false }),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);
export type ReleaseView = Static<typeof ReleaseView>;
export const ReleaseList = Type.Object({ releases: Type.Array(ReleaseView) }, { additionalProperties: false });

/** What anyone may know of releases: published ones, and the calendar of those to come. */
export const ReleaseCalendar = Type.Object(
  {
    published: Type.Array(
      Type.Object(
        {
          number: Type.Integer(),
          title: Names,
          note: Type.Union([Names, Type.Null()]),
          dataflows: Type.Array(Type.String()),
          publishedAt: Timestamp,
        },
        { additionalProperties: false },
      ),
    ),
    upcoming: Type.Array(Type.Object({ number: Type.Integer(), title: Names, embargoAt: Timestamp }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

/** The dataflows a reader's tier can read, with their dimensions (names in the reader's language). */
export const PublishedDataflows = Type.Object(
  {
    tier: TierSchema,
    dataflows: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          name: Type.String(),
          kind: Type.String(),
          /** Dimensions summed away for this tier (their code is _T). */
          withheld: Type.Array(Type.String()),
          dimensions: Type.Array(
            Type.Object(
              { id: Type.String(), name: Type.String(), codeList: Type.Union([Type.String(), Type.Null()]) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PublishedDataflows = Static<typeof PublishedDataflows>;

/** Published observations with the labels of their codes, as the JSON API gives them. */
export const PublishedData = Type.Object(
  {
    dataflow: Type.String(),
    tier: TierSchema,
    dimensions: Type.Array(Type.String()),
    observations: Type.Array(
      Type.Object(
        {
          key: Type.Record(Type.String(), Type.String()),
          labels: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
          period: Type.String(),
          /** null when suppressed or withheld; `display` then says what to show (e.g. '<5'). */
          value: Type.Union([Type.Number(), Type.Null()]),
          display: Type.Optional(Type.String()),
          action: Type.Optional(Type.String()),
          attributes: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PublishedData = Static<typeof PublishedData>;
