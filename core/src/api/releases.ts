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
