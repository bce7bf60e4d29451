/** HTTP contracts of record collections: batches (uploads), single records, saved mappings. */
import { Type, type Static } from 'typebox';
import { IsoDate, Timestamp, UnitCode, Uuid } from './common.js';

export const RecordCollectionParams = Type.Object(
  { country: UnitCode, collection: Type.String({ pattern: '^[a-z][a-z0-9_-]{1,31}$' }) },
  { additionalProperties: false },
);
export const RecordDefinitionParams = Type.Object(
  { collection: Type.String({ pattern: '^[a-z][a-z0-9_-]{1,31}$' }) },
  { additionalProperties: false },
);
export const BatchParams = Type.Object({ batchId: Uuid }, { additionalProperties: false });

export const BatchOptionsBody = Type.Object(
  {
    decimal: Type.Optional(Type.Enum(['.', ','])),
    dateOrder: Type.Optional(Type.Enum(['dmy', 'mdy', 'ymd'])),
    mapping: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Header text → field id ("" or null ignores the column). */
    columns: Type.Optional(Type.Record(Type.String({ maxLength: 500 }), Type.Union([Type.String({ maxLength: 64 }), Type.Null()]))),
  },
  { additionalProperties: false },
);
export type BatchOptionsBody = Static<typeof BatchOptionsBody>;

export const UploadQuery = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\\\u0000]+$' }),
    decimal: Type.Optional(Type.Enum(['.', ','])),
    dateOrder: Type.Optional(Type.Enum(['dmy', 'mdy', 'ymd'])),
    mapping: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    force: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const BatchView = Type.Object(
  {
    id: Uuid,
    number: Type.Integer(),
    collection: Type.String(),
    country: Type.String(),
    kind: Type.String(),
    fileName: Type.Union([Type.String(), Type.Null()]),
    sizeBytes: Type.Union([Type.Integer(), Type.Null()]),
    state: Type.Enum(['validating', 'ready', 'committed', 'cancelled', 'failed', 'withdrawn']),
    options: Type.Record(Type.String(), Type.Unknown()),
    /** Detected layout, header mapping, counts, problems by field (see the importer's ProcessReport). */
    report: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    rowsRead: Type.Integer(),
    rowsAccepted: Type.Integer(),
    rowsRejected: Type.Integer(),
    rowsDuplicate: Type.Integer(),
    error: Type.Union([Type.String(), Type.Null()]),
    createdBy: Type.String(),
    createdAt: Timestamp,
    committedAt: Type.Union([Timestamp, Type.Null()]),
    withdrawnAt: Type.Union([Timestamp, Type.Null()]),
    withdrawnReason: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type BatchView = Static<typeof BatchView>;
/** Committing a checked batch; a batch with rejected rows stores its valid rows only with acceptPartial=true. */
export const CommitQuery = Type.Object({ acceptPartial: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const WithdrawBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export const BatchList = Type.Object({ batches: Type.Array(BatchView) }, { additionalProperties: false });

export const RecordListQuery = Type.Object(
  {
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    batch: Type.Optional(Type.Integer({ minimum: 1 })),
    after: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
export const RecordList = Type.Object(
  { records: Type.Array(Type.Record(Type.String(), Type.Unknown())), next: Type.Union([Type.Integer(), Type.Null()]) },
  { additionalProperties: false },
);
export const RecordParams = Type.Object(
  { country: UnitCode, collection: Type.String({ pattern: '^[a-z][a-z0-9_-]{1,31}$' }), recordId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const DuplicateListQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
/** Records flagged as possible duplicates, each with the stored records it looks like (its twins). */
export const DuplicateList = Type.Object(
  {
    duplicates: Type.Array(
      Type.Object(
        {
          record: Type.Record(Type.String(), Type.Unknown()),
          twins: Type.Array(Type.Record(Type.String(), Type.Unknown())),
        },
        { additionalProperties: false },
      ),
    ),
    /** Flagged records of the country in all. */
    total: Type.Integer(),
    next: Type.Union([Type.Integer(), Type.Null()]),
  },
  { additionalProperties: false },
);
/** distinct: not a duplicate (the flag goes); duplicate: the record repeats a twin and is removed. */
export const DuplicateReviewBody = Type.Object({ decision: Type.Enum(['distinct', 'duplicate']) }, { additionalProperties: false });
export const DuplicateReview = Type.Object(
  { id: Type.Integer(), decision: Type.Enum(['distinct', 'duplicate']), remaining: Type.Integer() },
  { additionalProperties: false },
);
/** A record as the form sends it: field id → value (dates YYYY-MM-DD, lists as arrays). */
export const RecordInput = Type.Record(
  Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
  Type.Union([
    Type.String({ maxLength: 4000 }),
    Type.Number(),
    Type.Boolean(),
    Type.Null(),
    Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 }),
  ]),
  { maxProperties: 80 },
);
export const EnteredRecord = Type.Object(
  { id: Type.Integer(), possibleDuplicate: Type.Boolean(), values: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: false },
);
export const MappingBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    columns: Type.Record(Type.String({ maxLength: 500 }), Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export const MappingList = Type.Object(
  {
    mappings: Type.Array(
      Type.Object(
        { name: Type.String(), columns: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])), updatedAt: Timestamp },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
