import { Type, type Static } from 'typebox';
import { IsoDate, Names } from './common.js';

export const UNIT_KINDS = ['country', 'area', 'subnational', 'special'] as const;

export const ReportingUnitView = Type.Object(
  {
    code: Type.String(),
    kind: Type.Enum(UNIT_KINDS),
    iso2: Type.Union([Type.String(), Type.Null()]),
    m49: Type.Union([Type.String(), Type.Null()]),
    /** Reporting unit this one is part of (GBR for GBR_S); null for ISO units. */
    parent: Type.Union([Type.String(), Type.Null()]),
    region: Type.Union([Type.String(), Type.Null()]),
    subregion: Type.Union([Type.String(), Type.Null()]),
    intermediateRegion: Type.Union([Type.String(), Type.Null()]),
    names: Names,
    validFrom: Type.Union([IsoDate, Type.Null()]),
    validTo: Type.Union([IsoDate, Type.Null()]),
  },
  { additionalProperties: false },
);
export type ReportingUnitView = Static<typeof ReportingUnitView>;

export const M49AreaView = Type.Object(
  {
    code: Type.String(),
    level: Type.Union([Type.Literal('world'), Type.Literal('region'), Type.Literal('subregion'), Type.Literal('intermediate')]),
    parent: Type.Union([Type.String(), Type.Null()]),
    names: Names,
  },
  { additionalProperties: false },
);
export type M49AreaView = Static<typeof M49AreaView>;

export const IccsCodeView = Type.Object(
  {
    code: Type.String(),
    level: Type.Union([Type.Literal('section'), Type.Literal('division'), Type.Literal('group'), Type.Literal('class')]),
    parent: Type.Union([Type.String(), Type.Null()]),
    names: Names,
    description: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type IccsCodeView = Static<typeof IccsCodeView>;

export const ReportingUnitList = Type.Object({ units: Type.Array(ReportingUnitView) }, { additionalProperties: false });
export const M49AreaList = Type.Object({ areas: Type.Array(M49AreaView) }, { additionalProperties: false });
export const IccsCodeList = Type.Object({ codes: Type.Array(IccsCodeView) }, { additionalProperties: false });
