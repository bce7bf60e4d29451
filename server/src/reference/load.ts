/**
 * Reads the shipped reference files into rows: M49 areas, reporting units (ISO and the
 * office's own units) and ICCS codes. Pure parsing; sync.ts writes them.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Names } from '@observatory/core';
import { referenceFile } from './files.js';

export interface M49AreaRow {
  code: string;
  level: 'world' | 'region' | 'subregion' | 'intermediate';
  parent_code: string | null;
  names: Names;
}

export interface ReportingUnitRow {
  code: string;
  kind: 'country' | 'area' | 'subnational' | 'special';
  iso2: string | null;
  m49: string | null;
  parent_code: string | null;
  region_m49: string | null;
  subregion_m49: string | null;
  intermediate_m49: string | null;
  names: Names;
  valid_from: string | null;
  valid_to: string | null;
  ldc: boolean;
  lldc: boolean;
  sids: boolean;
}

export interface IccsRow {
  code: string;
  level: 'section' | 'division' | 'group' | 'class';
  parent_code: string | null;
  section_code: string;
  names: Names;
  description_en: string | null;
}

export interface PopulationRow {
  unit: string;
  year: number;
  value: number;
}

export interface ReferenceData {
  areas: M49AreaRow[];
  units: ReportingUnitRow[];
  iccs: IccsRow[];
  population: PopulationRow[];
}

type CsvRow = Record<string, string>;

async function readCsv(name: string): Promise<CsvRow[]> {
  const text = await readFile(referenceFile(name), 'utf8');
  return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as CsvRow[];
}

const blank = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim());
const m49 = (s: string | undefined) => {
  const v = blank(s);
  return v === null ? null : v.padStart(3, '0');
};

function m49Areas(unsd: CsvRow[]): M49AreaRow[] {
  const areas = new Map<string, M49AreaRow>();
  const add = (code: string | null, name: string | null, level: M49AreaRow['level'], parent: string | null) => {
    if (code && name && !areas.has(code)) areas.set(code, { code, level, parent_code: parent, names: { en: name } });
  };
  for (const r of unsd) {
    const world = m49(r['Global Code']);
    const region = m49(r['Region Code']);
    const sub = m49(r['Sub-region Code']);
    add(world, blank(r['Global Name']), 'world', null);
    add(region, blank(r['Region Name']), 'region', world);
    add(sub, blank(r['Sub-region Name']), 'subregion', region);
    add(m49(r['Intermediate Region Code']), blank(r['Intermediate Region Name']), 'intermediate', sub);
  }
  return [...areas.values()];
}

function isoUnits(unsd: CsvRow[], codes: CsvRow[]): ReportingUnitRow[] {
  const byIso3 = new Map(codes.map((r) => [r['ISO3166-1-Alpha-3'], r]));
  return unsd.map((r) => {
    const iso3 = r['ISO-alpha3 Code']!;
    const c = byIso3.get(iso3);
    if (!c) throw new Error(`country-codes.csv has no row for ${iso3} (UNSD-en.csv has one)`);
    const name = (lang: string, official: string) => blank(c[`UNTERM ${lang} Short`]) ?? blank(c[official]);
    const en = name('English', 'official_name_en') ?? blank(r['Country or Area']) ?? iso3;
    const names: Names = { en };
    for (const [key, lang, official] of [
      ['fr', 'French', 'official_name_fr'],
      ['es', 'Spanish', 'official_name_es'],
      ['ru', 'Russian', 'official_name_ru'],
      ['ar', 'Arabic', 'official_name_ar'],
      ['zh', 'Chinese', 'official_name_cn'],
    ] as const) {
      const v = name(lang, official);
      if (v) names[key] = v;
    }
    return {
      code: iso3,
      kind: c['is_independent'] === 'Yes' ? 'country' : 'area',
      iso2: blank(r['ISO-alpha2 Code']),
      m49: m49(r['M49 Code']),
      parent_code: null,
      region_m49: m49(r['Region Code']),
      subregion_m49: m49(r['Sub-region Code']),
      intermediate_m49: m49(r['Intermediate Region Code']),
      names,
      valid_from: null,
      valid_to: null,
      ldc: blank(r['Least Developed Countries (LDC)']) !== null,
      lldc: blank(r['Land Locked Developing Countries (LLDC)']) !== null,
      sids: blank(r['Small Island Developing States (SIDS)']) !== null,
    };
  });
}

function officeUnits(rows: CsvRow[], iso: ReportingUnitRow[]): ReportingUnitRow[] {
  const byCode = new Map(iso.map((u) => [u.code, u]));
  return rows.map((r) => {
    const parent = blank(r['parent_code']);
    const p = parent ? byCode.get(parent) : undefined;
    if (parent && !p) throw new Error(`office-units.csv: ${r['code']} names an unknown parent ${parent}`);
    const names: Names = { en: r['name_en']! };
    for (const key of ['fr', 'es', 'ru', 'ar', 'zh'] as const) {
      const v = blank(r[`name_${key}`]);
      if (v) names[key] = v;
    }
    return {
      code: r['code']!,
      kind: r['kind'] as ReportingUnitRow['kind'],
      iso2: null,
      m49: null,
      parent_code: parent,
      region_m49: m49(r['m49_region']),
      subregion_m49: m49(r['m49_subregion']),
      intermediate_m49: p?.intermediate_m49 ?? null,
      names,
      valid_from: blank(r['valid_from']),
      valid_to: blank(r['valid_to']),
      ldc: p?.ldc ?? false,
      lldc: p?.lldc ?? false,
      sids: p?.sids ?? false,
    };
  });
}

const ICCS_PARENT_LEVEL = { division: 'section', group: 'division', class: 'group' } as const;

/**
 * ICCS codes nest by prefix (section 2 digits, division 4, group 5, class 6). The derived
 * file has one parent that skips a level (03011 "Rape" points at section 03, not division
 * 0301); where the stated parent is not one level up and the prefix parent exists, the
 * prefix parent is used.
 */
function iccsCodes(rows: CsvRow[]): IccsRow[] {
  const levels = new Map(rows.map((r) => [r['iccs_code']!, r['level']!]));
  const parentOf = (r: CsvRow): string | null => {
    const stated = blank(r['parent_code']);
    const level = r['level'] as IccsRow['level'];
    if (level === 'section') return null;
    const wanted = ICCS_PARENT_LEVEL[level];
    if (stated && levels.get(stated) === wanted) return stated;
    const code = r['iccs_code']!;
    const prefix = code.slice(0, level === 'division' ? 2 : code.length - 1);
    return levels.get(prefix) === wanted ? prefix : stated;
  };
  return rows.map((r) => {
    const names: Names = { en: r['label_en']! };
    const es = blank(r['label_es']);
    if (es) names.es = es;
    return {
      code: r['iccs_code']!,
      level: r['level'] as IccsRow['level'],
      parent_code: parentOf(r),
      section_code: r['section_code']!,
      names,
      description_en: blank(r['description_en']),
    };
  });
}

/**
 * World Bank mid-year totals for the reporting units we know. Its 48 aggregates (WLD,
 * EUU…) and codes that are not units here (CHI, the Channel Islands) are left out: our
 * regional figures are sums of units, with their coverage. Taiwan is absent from the source.
 */
function populationRows(rows: CsvRow[], units: ReadonlySet<string>): PopulationRow[] {
  const out: PopulationRow[] = [];
  for (const r of rows) {
    const unit = r['Country Code']?.trim() ?? '';
    const year = Number(r['Year']);
    const value = Number(r['Value']);
    if (!units.has(unit) || !Number.isInteger(year) || !Number.isFinite(value) || value < 0) continue;
    out.push({ unit, year, value: Math.round(value) });
  }
  return out;
}

export async function loadReferenceData(): Promise<ReferenceData> {
  const [unsd, codes, office, iccs, population] = await Promise.all([
    readCsv('UNSD-en.csv'),
    readCsv('country-codes.csv'),
    readCsv('office-units.csv'),
    readCsv('iccs_codes_en_es.derived.csv'),
    readCsv('population.csv'),
  ]);
  const iso = isoUnits(unsd, codes);
  const units = [...iso, ...officeUnits(office, iso)];
  return { areas: m49Areas(unsd), units, iccs: iccsCodes(iccs), population: populationRows(population, new Set(units.map((u) => u.code))) };
}

export const REFERENCE_FILES = ['UNSD-en.csv', 'country-codes.csv', 'office-units.csv', 'iccs_codes_en_es.derived.csv', 'population.csv'];
