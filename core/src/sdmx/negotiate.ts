/**
 * HTTP content negotiation for the SDMX endpoints (sdmx-rest, doc/content_negotiation.md and
 * "Response types" of doc/data.md): the Accept header chooses the format, Accept-Language the
 * language. The `format` / `formatVersion` / `lang` query parameters of doc/extend.md are
 * accepted too and win over the headers ("priority must be given to the values set by the user
 * via the query string parameters"). A null answer means 406 Not Acceptable.
 */
import { LANGUAGES, type Language } from '../api/common.js';

export const SDMX_JSON_DATA = 'application/vnd.sdmx.data+json;version=2.0.0';
export const SDMX_CSV_DATA = 'application/vnd.sdmx.data+csv;version=2.0.0';
export const SDMX_JSON_STRUCTURE = 'application/vnd.sdmx.structure+json;version=2.0.0';

export type CsvLabels = 'id' | 'both';

export type DataFormat =
  | { format: 'json'; contentType: string }
  | {
      format: 'csv';
      contentType: string;
      /** SDMX-CSV `labels`: 'id' (default) or 'both' ("CODE: Label"); 'name' is not offered. */
      labels: CsvLabels;
    };

export interface StructureFormat {
  format: 'json';
  contentType: string;
}

interface MediaRange {
  type: string;
  subtype: string;
  params: Map<string, string>;
  q: number;
  /** Position in the header: earlier wins a tie. */
  index: number;
}

const QVALUE = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/;

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  header.split(',').forEach((part, index) => {
    const [mediaType = '', ...rest] = part.split(';');
    const [type, subtype, extra] = mediaType.trim().toLowerCase().split('/');
    if (!type || !subtype || extra !== undefined) return;
    const params = new Map<string, string>();
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      params.set(
        p.slice(0, eq).trim().toLowerCase(),
        p
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      );
    }
    const q = params.get('q');
    params.delete('q');
    ranges.push({ type, subtype, params, q: q !== undefined && QVALUE.test(q) ? Number(q) : 1, index });
  });
  return ranges;
}

/**
 * Whether an offered version (major.minor.patch) satisfies a requested one: exact ('2.0.0',
 * '2.0', '2'), or with SDMX semantic-version wildcards ('2+.0.0' any version ≥ 2.0.0,
 * '2.0+.0' ≥ 2.0.0 within major 2, '2.0.0+' ≥ 2.0.0 within 2.0).
 */
export function versionSatisfies(offered: string, requested: string): boolean {
  const m = /^(\d+)(\+)?(?:\.(\d+)(\+)?)?(?:\.(\d+)(\+)?)?$/.exec(requested.trim());
  if (!m) return false;
  const want = [Number(m[1]), Number(m[3] ?? 0), Number(m[5] ?? 0)];
  const have = offered.split('.').map(Number);
  const cmp = (from: number) => {
    for (let i = from; i < 3; i++) if ((have[i] ?? 0) !== want[i]) return (have[i] ?? 0) - want[i]!;
    return 0;
  };
  const same = (upTo: number) => have.slice(0, upTo).every((v, i) => v === want[i]);
  if (m[2]) return cmp(0) >= 0;
  if (m[4]) return same(1) && cmp(1) >= 0;
  if (m[6]) return same(2) && cmp(2) >= 0;
  return cmp(0) === 0;
}

interface Offer<T> {
  type: string;
  subtype: string;
  /** Version of a vnd.sdmx type; plain types ignore a version parameter. */
  version?: string;
  /** The representation this range asks for, or null when its parameters cannot be honoured. */
  accept: (range: MediaRange) => T | null;
}

function negotiate<T>(header: string | undefined, offers: Array<Offer<T>>): T | null {
  const ranges = parseAccept(header?.trim() ? header : '*/*');
  let best: { result: T; q: number; index: number } | null = null;
  for (const offer of offers) {
    // The most specific matching range decides the offer's quality (RFC 9110, 12.5.1).
    let chosen: MediaRange | null = null;
    let chosenSpecificity = -1;
    for (const range of ranges) {
      if (range.type !== '*' && range.type !== offer.type) continue;
      if (range.subtype !== '*' && range.subtype !== offer.subtype) continue;
      const specificity = range.type === '*' ? 0 : range.subtype === '*' ? 1 : range.params.size > 0 ? 3 : 2;
      if (specificity > chosenSpecificity || (specificity === chosenSpecificity && range.q > chosen!.q)) {
        chosen = range;
        chosenSpecificity = specificity;
      }
    }
    if (!chosen || chosen.q <= 0) continue;
    const version = chosen.params.get('version');
    if (offer.version !== undefined && version !== undefined && !versionSatisfies(offer.version, version)) continue;
    const result = offer.accept(chosen);
    if (result === null) continue;
    // Higher q wins; on a tie the range the client listed first, then our order of offers.
    if (!best || chosen.q > best.q || (chosen.q === best.q && chosen.index < best.index))
      best = { result, q: chosen.q, index: chosen.index };
  }
  return best?.result ?? null;
}

/** SDMX-CSV options we can honour: labels id/both, timeFormat original, no key columns. */
function csvLabels(range: MediaRange): CsvLabels | null {
  const labels = range.params.get('labels') ?? 'id';
  const timeFormat = range.params.get('timeformat') ?? 'original';
  const keys = range.params.get('keys') ?? range.params.get('key') ?? 'none';
  if ((labels !== 'id' && labels !== 'both') || timeFormat !== 'original' || keys !== 'none') return null;
  return labels;
}

const csv = (labels: CsvLabels, contentType: string): DataFormat => ({
  format: 'csv',
  labels,
  contentType: `${contentType}${labels === 'both' && contentType !== 'text/csv' ? ';labels=both' : ''};charset=utf-8`,
});

const DATA_OFFERS: Array<Offer<DataFormat>> = [
  { type: 'application', subtype: 'vnd.sdmx.data+json', version: '2.0.0', accept: () => ({ format: 'json', contentType: SDMX_JSON_DATA }) },
  { type: 'application', subtype: 'json', accept: () => ({ format: 'json', contentType: 'application/json' }) },
  {
    type: 'application',
    subtype: 'vnd.sdmx.data+csv',
    version: '2.0.0',
    accept: (r) => {
      const labels = csvLabels(r);
      return labels === null ? null : csv(labels, SDMX_CSV_DATA);
    },
  },
  {
    type: 'text',
    subtype: 'csv',
    accept: (r) => {
      const labels = csvLabels(r);
      return labels === null ? null : csv(labels, 'text/csv');
    },
  },
];

const STRUCTURE_OFFERS: Array<Offer<StructureFormat>> = [
  {
    type: 'application',
    subtype: 'vnd.sdmx.structure+json',
    version: '2.0.0',
    accept: () => ({ format: 'json', contentType: SDMX_JSON_STRUCTURE }),
  },
  { type: 'application', subtype: 'json', accept: () => ({ format: 'json', contentType: 'application/json' }) },
];

/** `format` values (doc/extend.md proposes jsondata and csvdata; the others are common aliases). */
const DATA_FORMAT_PARAMS: Record<string, DataFormat> = {
  jsondata: { format: 'json', contentType: SDMX_JSON_DATA },
  json: { format: 'json', contentType: SDMX_JSON_DATA },
  'sdmx-json': { format: 'json', contentType: SDMX_JSON_DATA },
  csvdata: csv('id', SDMX_CSV_DATA),
  csv: csv('id', SDMX_CSV_DATA),
  csvfile: csv('id', SDMX_CSV_DATA),
  'sdmx-csv': csv('id', SDMX_CSV_DATA),
  csvdatawithlabels: csv('both', SDMX_CSV_DATA),
  csvfilewithlabels: csv('both', SDMX_CSV_DATA),
};

const STRUCTURE_FORMAT_PARAMS: Record<string, StructureFormat> = {
  json: { format: 'json', contentType: SDMX_JSON_STRUCTURE },
  jsonstructure: { format: 'json', contentType: SDMX_JSON_STRUCTURE },
  'sdmx-json': { format: 'json', contentType: SDMX_JSON_STRUCTURE },
};

function fromParam<T>(format: string, formatVersion: string | undefined, named: Record<string, T>, offers: Array<Offer<T>>): T | null {
  // "formatVersion represents the version of the message format"; we only have 2.0.0.
  if (formatVersion !== undefined && formatVersion.trim() !== '' && !versionSatisfies('2.0.0', formatVersion)) return null;
  const key = format.trim().toLowerCase();
  if (Object.hasOwn(named, key)) return named[key]!;
  // A full media type in the parameter is negotiated like an Accept header of its own.
  return key.includes('/') ? negotiate(format, offers) : null;
}

/**
 * The data format: SDMX-JSON 2.0 or SDMX-CSV 2.0. No header and `*\/*` give SDMX-JSON (the
 * default of doc/data.md); q-values are honoured; null means 406.
 */
export function chooseDataFormat(accept: string | undefined, format?: string, formatVersion?: string): DataFormat | null {
  if (format !== undefined && format.trim() !== '') return fromParam(format, formatVersion, DATA_FORMAT_PARAMS, DATA_OFFERS);
  return negotiate(accept, DATA_OFFERS);
}

/** The structure format: SDMX-JSON structure 2.0 (plain application/json too); null means 406. */
export function chooseStructureFormat(accept: string | undefined, format?: string, formatVersion?: string): StructureFormat | null {
  if (format !== undefined && format.trim() !== '') return fromParam(format, formatVersion, STRUCTURE_FORMAT_PARAMS, STRUCTURE_OFFERS);
  return negotiate(accept, STRUCTURE_OFFERS);
}

const primaryLanguage = (tag: string): Language | null => {
  const primary = tag.trim().toLowerCase().split('-')[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : null;
};

/**
 * The best of the six UN languages for an Accept-Language header ("fr-CH, en;q=0.8" → fr);
 * q-values honoured, regional variants reduced to their language, English by default.
 */
export function chooseLanguage(acceptLanguage: string | undefined): Language {
  const entries = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q !== undefined && QVALUE.test(q) ? Number(q) : 1, index };
    })
    .filter((e) => e.tag !== '');
  const refused = new Set(entries.filter((e) => e.q === 0).map((e) => e.tag));
  const ordered = entries.filter((e) => e.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
  for (const e of ordered) {
    if (e.tag === '*') return refused.has('en') ? (LANGUAGES.find((l) => !refused.has(l)) ?? 'en') : 'en';
    const lang = primaryLanguage(e.tag);
    if (lang && !refused.has(lang)) return lang;
  }
  return 'en';
}

export interface LanguageChoice {
  lang: Language;
  /** `lang=all`: give every language (SDMX-JSON `names` objects); `lang` is then the main one. */
  all: boolean;
}

/** The `lang` query parameter of doc/extend.md; null when it names no language we have (406). */
export function languageFromParam(lang: string): LanguageChoice | null {
  if (lang.trim().toLowerCase() === 'all') return { lang: 'en', all: true };
  const l = primaryLanguage(lang);
  return l ? { lang: l, all: false } : null;
}
