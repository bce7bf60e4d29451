/**
 * Codes from what people write: a country as ISO3, ISO2, M49 number or a name in any of
 * the six languages; a drug or a location type by code or label. Exact matches only; a
 * near miss is suggested in the error, never guessed.
 */
import { distance } from 'fastest-levenshtein';
import type { Names } from '../api/common.js';
import type { CodeList } from '../definitions/model.js';
import { fold } from './text.js';

export type Resolved = { ok: true; code: string } | { ok: false; reason: string };

export interface UnitEntry {
  code: string;
  iso2: string | null;
  m49: string | null;
  names: Names;
  /** Other names files use (e.g. "USA", "Viet Nam" / "Vietnam"). */
  aliases?: string[];
}

class Lookup {
  private readonly exact = new Map<string, string>();
  private readonly labels: Array<{ folded: string; code: string; label: string }> = [];
  /** Files repeat the same few spellings thousands of times: remember each answer (bounded). */
  private readonly memo = new Map<string, Resolved>();

  add(key: string, code: string, label?: string) {
    const f = fold(key);
    if (!f) return;
    if (!this.exact.has(f)) this.exact.set(f, code);
    if (label !== undefined) this.labels.push({ folded: f, code, label });
  }

  resolve(text: string, what: string): Resolved {
    const hit = this.memo.get(text);
    if (hit) return hit;
    const result = this.lookup(text, what);
    if (this.memo.size < 50_000) this.memo.set(text, result);
    return result;
  }

  private lookup(text: string, what: string): Resolved {
    const f = fold(text);
    if (!f) return { ok: false, reason: `empty ${what}` };
    const code = this.exact.get(f);
    if (code) return { ok: true, code };
    let best: { d: number; code: string; label: string } | null = null;
    for (const l of this.labels) {
      if (Math.abs(l.folded.length - f.length) > 3) continue;
      const d = distance(l.folded, f);
      if (d <= Math.max(1, Math.floor(f.length / 5)) && (!best || d < best.d)) best = { d, code: l.code, label: l.label };
    }
    return { ok: false, reason: `unknown ${what} "${text}"${best ? ` (did you mean ${best.code}, ${best.label}?)` : ''}` };
  }
}

export class CountryResolver {
  private readonly lookup = new Lookup();
  readonly codes: ReadonlySet<string>;

  constructor(units: readonly UnitEntry[]) {
    for (const u of units) {
      this.lookup.add(u.code, u.code);
      if (u.iso2) this.lookup.add(u.iso2, u.code);
      if (u.m49) {
        this.lookup.add(u.m49, u.code);
        this.lookup.add(String(Number(u.m49)), u.code);
      }
      for (const name of Object.values(u.names)) {
        if (!name) continue;
        this.lookup.add(name, u.code, u.names.en);
        // UN terminology writes "Bahamas (the)", "Comores (les)"; files mostly do not.
        const bare = name.replace(/\s*\((the|le|la|les|el|los|las)\)/gi, '');
        if (bare !== name) this.lookup.add(bare, u.code, u.names.en);
      }
      for (const a of u.aliases ?? []) this.lookup.add(a, u.code, u.names.en);
    }
    this.codes = new Set(units.map((u) => u.code));
  }

  resolve(text: string): Resolved {
    return this.lookup.resolve(text, 'country');
  }
}

export class CodeResolver {
  private readonly lookup = new Lookup();

  /** Codes win over synonyms, which win over labels: "cocaine" is the synonym of cocaine hydrochloride, not the sub-group labelled "Cocaine". */
  constructor(readonly list: CodeList) {
    for (const c of list.codes) this.lookup.add(c.code, c.code);
    for (const c of list.codes) for (const s of c.synonyms ?? []) this.lookup.add(s, c.code, c.names.en);
    for (const c of list.codes) for (const name of Object.values(c.names)) if (name) this.lookup.add(name, c.code, c.names.en);
  }

  resolve(text: string): Resolved {
    return this.lookup.resolve(text, this.list.names.en.toLowerCase());
  }
}

/** Common names that UN terminology does not use but files do. */
export const COUNTRY_ALIASES: Record<string, string[]> = {
  USA: ['United States', 'United States of America', 'US', 'U.S.', 'U.S.A.'],
  GBR: ['United Kingdom', 'UK', 'Great Britain', 'Britain'],
  RUS: ['Russia'],
  IRN: ['Iran'],
  SYR: ['Syria'],
  VNM: ['Vietnam', 'Viet Nam'],
  LAO: ['Laos', 'Lao PDR'],
  KOR: ['South Korea', 'Korea, Republic of', 'Korea, Rep.'],
  PRK: ['North Korea'],
  BOL: ['Bolivia'],
  VEN: ['Venezuela', 'Venezuela, RB'],
  TZA: ['Tanzania'],
  COD: ['DR Congo', 'DRC', 'Congo, Dem. Rep.', 'Democratic Republic of Congo'],
  COG: ['Congo, Rep.', 'Republic of Congo'],
  CIV: ["Cote d'Ivoire", 'Ivory Coast'],
  NLD: ['Netherlands', 'Holland', 'The Netherlands'],
  TUR: ['Turkey', 'Türkiye', 'Turkiye'],
  CZE: ['Czech Republic', 'Czechia'],
  MDA: ['Moldova'],
  MKD: ['North Macedonia', 'Macedonia', 'The former Yugoslav Republic of Macedonia'],
  FLK: ['Falkland Islands (Malvinas)', 'Falkland Islands'],
  PSE: ['Palestine', 'State of Palestine'],
  TWN: ['Taiwan'],
  HKG: ['Hong Kong', 'China, Hong Kong SAR', 'Hong Kong SAR'],
  MAC: ['Macao', 'Macau', 'China, Macao SAR', 'Macao SAR'],
  BRN: ['Brunei'],
  CPV: ['Cape Verde'],
  SWZ: ['Swaziland', 'Eswatini'],
  FSM: ['Micronesia'],
};
