/**
 * The office's homicide estimates as published (Global Study on Homicide 2019 annex):
 * - "Master Estimates Data.csv" (Windows-1252): one row per area and year, World / Region /
 *   Subregion / Country, with the total estimate and its bounds, the population behind the
 *   rate, and splits by sex, sex and age, and mechanism;
 * - "shiny_reg_dt.csv": regional series, one row per area and indicator, wide by year.
 * Both become estimate rows keyed by indicator, area, year and breakdown. Areas are found
 * by M49 name or by country name (any of the six languages, common aliases); a name that is
 * neither is refused with its line.
 */
import { parse } from 'csv-parse/sync';
import { decodeText, fold, type CountryResolver } from '@observatory/core';

export interface EstimateRow {
  line: number;
  indicator: 'homicide_victims' | 'homicide_rate';
  area: string;
  year: number;
  /** Canonical breakdown: sorted "dim=code" pairs joined by "|"; '' for the total. */
  breakdown: string;
  value: number;
  lower: number | null;
  upper: number | null;
  unit: 'count' | 'per_100k';
  details: Record<string, number>;
}

export interface EstimateProblem {
  line: number;
  field: string;
  message: string;
}

export interface ReadEstimates {
  layout: 'gsh_master' | 'gsh_regional';
  encoding: string;
  /** Data lines of the file. */
  lines: number;
  rows: EstimateRow[];
  problems: EstimateProblem[];
}

export class EstimateLayoutError extends Error {}

export interface AreaNames {
  /** M49 area codes by folded English name. */
  m49: ReadonlyMap<string, string>;
  countries: CountryResolver;
}

const breakdown = (pairs: Record<string, string>) =>
  Object.entries(pairs)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('|');

const AGE_BANDS: Record<string, string> = {
  '0_14': 'Y0T14',
  '15_29': 'Y15T29',
  '30_44': 'Y30T44',
  '45_59': 'Y45T59',
  '60': 'Y_GE60',
  '60_': 'Y_GE60',
};
const MECHANISMS: Record<string, string> = { Fire: 'FIREARM', Sharp: 'SHARP', OthM: 'OTHER', UnkM: 'UNKNOWN' };

/** Columns of the master file that hold estimates, and the breakdown each stands for. */
function masterColumns(header: string[]): Array<{ column: string; pairs: Record<string, string> }> {
  const out: Array<{ column: string; pairs: Record<string, string> }> = [];
  for (const h of header) {
    let m: RegExpExecArray | null;
    if (h === 'Estimate') out.push({ column: h, pairs: {} });
    else if ((m = /^Hom([MF])_Est$/.exec(h))) out.push({ column: h, pairs: { sex: m[1]! } });
    else if ((m = /^Hom([MF])_(\d+_\d+|\d+)_Est$/.exec(h))) out.push({ column: h, pairs: { sex: m[1]!, age: AGE_BANDS[m[2]!] ?? m[2]! } });
    else if ((m = /^Hom_(Fire|Sharp|OthM|UnkM)_Est$/.exec(h))) out.push({ column: h, pairs: { mechanism: MECHANISMS[m[1]!]! } });
  }
  return out;
}

function resolveArea(level: string, name: string, names: AreaNames): string | { problem: string } {
  if (level === 'World') return '001';
  const m49 = names.m49.get(fold(name));
  if (m49 && level !== 'Country') return m49;
  if (level === 'Country') {
    const r = names.countries.resolve(name);
    if (r.ok) return r.code;
    return { problem: `${r.reason}: not a reporting unit here` };
  }
  return { problem: `"${name}" is not an M49 region or sub-region` };
}

const num = (s: string | undefined): number | null => {
  if (s === undefined || s.trim() === '') return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
};

function readMaster(
  records: Array<{ line: number; r: Record<string, string> }>,
  header: string[],
  names: AreaNames,
): { rows: EstimateRow[]; problems: EstimateProblem[] } {
  const rows: EstimateRow[] = [];
  const problems: EstimateProblem[] = [];
  const columns = masterColumns(header);
  for (const { line, r } of records) {
    const level = r['Level'] ?? '';
    if (!['World', 'Region', 'Subregion', 'Country'].includes(level)) {
      problems.push({ line, field: 'Level', message: `unknown level "${level}"` });
      continue;
    }
    const area = resolveArea(level, r['UNODC_Name'] ?? '', names);
    if (typeof area !== 'string') {
      problems.push({ line, field: 'UNODC_Name', message: area.problem });
      continue;
    }
    const year = Number(r['Year']);
    if (!Number.isInteger(year) || year < 1900 || year > 2100) {
      problems.push({ line, field: 'Year', message: `"${r['Year']}" is not a year` });
      continue;
    }
    const pop = num(r['Pop']);
    const details: Record<string, number> = {};
    for (const k of ['Sample', 'Covered', 'Per_Covered', 'Pop'] as const) {
      const v = num(r[k]);
      if (v !== null && !Number.isNaN(v)) details[k === 'Per_Covered' ? 'coveredShare' : k.toLowerCase()] = v;
    }
    for (const c of columns) {
      const value = num(r[c.column]);
      if (value === null) continue; // blank: not estimated (or suppressed) for this area
      if (Number.isNaN(value) || value < 0) {
        problems.push({ line, field: c.column, message: `"${r[c.column]}" is not a non-negative number` });
        continue;
      }
      const total = c.column === 'Estimate';
      const lower = total ? num(r['LowerEst']) : null;
      const upper = total ? num(r['UpperEst']) : null;
      if (
        total &&
        ((lower !== null && (Number.isNaN(lower) || lower > value)) || (upper !== null && (Number.isNaN(upper) || upper < value)))
      ) {
        problems.push({
          line,
          field: 'LowerEst',
          message: `bounds ${r['LowerEst']}–${r['UpperEst']} do not contain the estimate ${value}`,
        });
        continue;
      }
      const b = breakdown(c.pairs);
      rows.push({
        line,
        indicator: 'homicide_victims',
        area,
        year,
        breakdown: b,
        value,
        lower,
        upper,
        unit: 'count',
        details: total ? details : {},
      });
      // The rate uses the population the estimate was made with (the file's own).
      if (pop && pop > 0 && !c.pairs['age'] && !c.pairs['sex']) {
        const rate = (v: number | null) => (v === null ? null : (v / pop) * 100_000);
        rows.push({
          line,
          indicator: 'homicide_rate',
          area,
          year,
          breakdown: b,
          value: rate(value)!,
          lower: rate(lower),
          upper: rate(upper),
          unit: 'per_100k',
          details: {},
        });
      }
    }
  }
  return { rows, problems };
}

/** "Estimated Homicide Count: Female", "Male 15-29 Rate", "Firearms Rate" → indicator and breakdown. */
function regionalIndicator(label: string): { indicator: EstimateRow['indicator']; pairs: Record<string, string> } | null {
  const mech: Record<string, string> = {
    Firearms: 'FIREARM',
    'Sharp Objects': 'SHARP',
    'Other Mechanisms': 'OTHER',
    'Other Mechanism': 'OTHER',
    'Unknown Mechanisms': 'UNKNOWN',
    'Unknown Mechanism': 'UNKNOWN',
  };
  const sex = (s: string) => (s === 'Male' ? 'M' : s === 'Female' ? 'F' : null);
  const age = (s: string) =>
    ({ '0-14': 'Y0T14', '15-29': 'Y15T29', '30-44': 'Y30T44', '45-59': 'Y45T59', '60 or more': 'Y_GE60' })[s] ?? null;
  let m: RegExpExecArray | null;
  if (label === 'Estimated Homicide Count') return { indicator: 'homicide_victims', pairs: {} };
  if (label === 'Homicide Rate') return { indicator: 'homicide_rate', pairs: {} };
  if ((m = /^Estimated Homicide Count: (.+)$/.exec(label))) {
    if (sex(m[1]!)) return { indicator: 'homicide_victims', pairs: { sex: sex(m[1]!)! } };
    if (mech[m[1]!]) return { indicator: 'homicide_victims', pairs: { mechanism: mech[m[1]!]! } };
  }
  if ((m = /^Estimate: (Male|Female) (.+) Count$/.exec(label)) && age(m[2]!))
    return { indicator: 'homicide_victims', pairs: { sex: sex(m[1]!)!, age: age(m[2]!)! } };
  if ((m = /^(Male|Female) Homicide Rate$/.exec(label))) return { indicator: 'homicide_rate', pairs: { sex: sex(m[1]!)! } };
  if ((m = /^(Male|Female) (.+) Rate$/.exec(label)) && age(m[2]!))
    return { indicator: 'homicide_rate', pairs: { sex: sex(m[1]!)!, age: age(m[2]!)! } };
  if ((m = /^(.+) Rate$/.exec(label)) && mech[m[1]!]) return { indicator: 'homicide_rate', pairs: { mechanism: mech[m[1]!]! } };
  return null;
}

function readRegional(
  records: Array<{ line: number; r: Record<string, string> }>,
  header: string[],
  names: AreaNames,
): { rows: EstimateRow[]; problems: EstimateProblem[] } {
  const rows: EstimateRow[] = [];
  const problems: EstimateProblem[] = [];
  const years = header.filter((h) => /^\d{4}$/.test(h));
  for (const { line, r } of records) {
    const area = resolveArea(r['Level'] === 'World' ? 'World' : 'Region', r['Region/Subregion'] ?? '', names);
    if (typeof area !== 'string') {
      problems.push({ line, field: 'Region/Subregion', message: area.problem });
      continue;
    }
    const ind = regionalIndicator(r['Indicator'] ?? '');
    if (!ind) {
      problems.push({ line, field: 'Indicator', message: `unknown indicator "${r['Indicator']}"` });
      continue;
    }
    for (const y of years) {
      const value = num(r[y]);
      if (value === null) continue;
      if (Number.isNaN(value) || value < 0) {
        problems.push({ line, field: y, message: `"${r[y]}" is not a non-negative number` });
        continue;
      }
      rows.push({
        line,
        indicator: ind.indicator,
        area,
        year: Number(y),
        breakdown: breakdown(ind.pairs),
        value,
        lower: null,
        upper: null,
        unit: ind.indicator === 'homicide_rate' ? 'per_100k' : 'count',
        details: {},
      });
    }
  }
  return { rows, problems };
}

export function readEstimates(bytes: Uint8Array, names: AreaNames): ReadEstimates {
  const { text, encoding } = decodeText(bytes);
  let parsed: Array<{ record: Record<string, string>; info: { lines: number } }>;
  let header: string[] = [];
  try {
    parsed = parse(text, {
      columns: (h: string[]) => (header = h.map((x) => x.trim())),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
    }) as typeof parsed;
  } catch (err) {
    throw new EstimateLayoutError(`the file cannot be read as CSV: ${(err as Error).message}`);
  }
  const records = parsed.map((p) => ({ line: p.info.lines, r: p.record }));
  if (header.includes('UNODC_Name') && header.includes('Estimate'))
    return { layout: 'gsh_master', encoding, lines: records.length, ...readMaster(records, header, names) };
  if (header.includes('Region/Subregion') && header.includes('Indicator'))
    return { layout: 'gsh_regional', encoding, lines: records.length, ...readRegional(records, header, names) };
  throw new EstimateLayoutError(
    'this is not an estimates layout Observatory knows: expected the Global Study on Homicide master estimates (Level, UNODC_Name, Year, …, Estimate, LowerEst, UpperEst) or its regional table (Level, Region/Subregion, Indicator, years…)',
  );
}
