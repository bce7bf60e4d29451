import type { IccsCodeView, M49AreaView, Names, ReportingUnitView } from '@observatory/core';
import type { Selectable } from 'kysely';
import type { IccsCodesTable, M49AreasTable, ReportingUnitsTable } from '../db/schema.js';

const names = (n: Record<string, string>) => n as Names;

export const presentUnit = (u: Selectable<ReportingUnitsTable>): ReportingUnitView => ({
  code: u.code,
  kind: u.kind,
  iso2: u.iso2,
  m49: u.m49,
  parent: u.parent_code,
  region: u.region_m49,
  subregion: u.subregion_m49,
  intermediateRegion: u.intermediate_m49,
  names: names(u.names),
  validFrom: u.valid_from,
  validTo: u.valid_to,
});

export const presentArea = (a: Selectable<M49AreasTable>): M49AreaView => ({
  code: a.code,
  level: a.level,
  parent: a.parent_code,
  names: names(a.names),
});

export const presentIccs = (c: Selectable<IccsCodesTable>): IccsCodeView => ({
  code: c.code,
  level: c.level,
  parent: c.parent_code,
  names: names(c.names),
  description: c.description_en,
});
