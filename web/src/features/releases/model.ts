/**
 * The release pages' pure rules: which tiers read a release, the form's text fields
 * (years, country codes, the embargo written in UTC) to and from the API's shape, the
 * server's validation problems by form field, and what a tier's preview holds.
 */
import { TIERS, tiersVisibleTo, type ErrorBody, type Observation, type ReleaseView, type Tier } from '@observatory/core';

/**
 * The tiers that read a release sent to `tiers` (as the server's readerTiers): a release to
 * the public is read by everyone, each audience through its own rule.
 */
export const readerTiers = (tiers: readonly string[]): Tier[] =>
  TIERS.filter((reader) => tiers.some((t) => tiersVisibleTo(reader).includes(t as Tier)));

/** Before its embargo a scheduled release can still be withdrawn; a draft always can. */
export const canWithdraw = (r: Pick<ReleaseView, 'state' | 'embargoAt'>, now = Date.now()) =>
  r.state === 'draft' || (r.state === 'scheduled' && new Date(r.embargoAt).getTime() > now);

/** "2015-2024, 2026" → the years; null when empty (every year); 'invalid' when it cannot be read. */
export function parsePeriods(text: string): string[] | null | 'invalid' {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const years = new Set<string>();
  for (const p of parts) {
    const range = /^(\d{4})\s*[-–]\s*(\d{4})$/.exec(p);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from || to - from > 199) return 'invalid';
      for (let y = from; y <= to; y++) years.add(String(y));
    } else if (/^\d{4}$/.test(p)) years.add(p);
    else return 'invalid';
  }
  return years.size > 200 ? 'invalid' : [...years].sort();
}

/** Years back to the text a publisher types: runs of consecutive years as ranges. */
export function formatPeriods(periods: readonly string[] | null): string {
  if (!periods?.length) return '';
  const ys = [...periods].map(Number).sort((a, b) => a - b);
  const out: string[] = [];
  let start = ys[0]!;
  let prev = start;
  for (const y of [...ys.slice(1), Number.NaN]) {
    if (y === prev + 1) {
      prev = y;
      continue;
    }
    out.push(start === prev ? String(start) : `${start}-${prev}`);
    start = prev = y;
  }
  return out.join(', ');
}

/** "col, PER" → ['COL', 'PER']; null when empty (every reporting unit). */
export function parseCountries(text: string): string[] | null {
  const codes = [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
  return codes.length ? codes : null;
}

/** The value of a datetime-local input, read as UTC, to an ISO timestamp; null when empty or unreadable. */
export function utcInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const d = new Date(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** An ISO timestamp as a datetime-local value in UTC (minutes). */
export const isoToUtcInput = (iso: string): string => new Date(iso).toISOString().slice(0, 16);

/** The fields of the release form, as the server names them in `/body/<field>/…`. */
export const FORM_FIELDS = ['title', 'note', 'dataflows', 'tiers', 'periods', 'countries', 'embargoAt'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export interface FieldErrors {
  byField: Partial<Record<FormField, string[]>>;
  /** Problems that name no field of the form (shown above the buttons). */
  other: unknown;
}

/** The server's validation problems, by the form field they concern. */
export function fieldErrors(err: unknown): FieldErrors {
  const byField: FieldErrors['byField'] = {};
  // The API client's ApiError, recognised by its shape (this module stays free of the browser client).
  const body = err instanceof Error && 'body' in err ? (err as { body: ErrorBody }).body : null;
  if (body?.code !== 'validation_failed') return { byField, other: err };
  const problems = body.errors?.length
    ? body.errors.map((e) => ({ field: e.field, message: `${e.field.replace(/^\/body\/?/, '')} ${e.message}`.trim() }))
    : [{ field: body.field ?? '', message: body.message }];
  let unplaced = false;
  for (const p of problems) {
    const name = /^\/body\/([A-Za-z]+)/.exec(p.field)?.[1];
    const field = FORM_FIELDS.find((f) => f === name);
    if (field) (byField[field] ??= []).push(p.message);
    else unplaced = true;
  }
  return { byField, other: unplaced ? err : null };
}

export interface PreviewSummary {
  observations: number;
  /** Values a tier sees only as their display (e.g. '<5'). */
  suppressed: number;
  /** Dimensions that hold only totals (_T) in this tier: withheld detail. */
  totalsOnly: string[];
}

export function summarise(observations: readonly Observation[], dimensions: readonly string[]): PreviewSummary {
  return {
    observations: observations.length,
    suppressed: observations.filter((o) => o.value === null).length,
    totalsOnly: observations.length === 0 ? [] : dimensions.filter((_, i) => observations.every((o) => o.key[i] === '_T')),
  };
}

/** Observations in a stable reading order: by key, then by year. */
export const sortObservations = (observations: readonly Observation[]): Observation[] =>
  [...observations].sort((a, b) => {
    const ka = a.key.join('\u0000');
    const kb = b.key.join('\u0000');
    return ka < kb ? -1 : ka > kb ? 1 : a.period.localeCompare(b.period);
  });

/** Date-times of embargoes: in the reader's own time zone and in UTC, both with the zone named. */
export function embargoFormat(lang: string) {
  const parts: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  const local = new Intl.DateTimeFormat(lang, parts);
  const utc = new Intl.DateTimeFormat(lang, { ...parts, timeZone: 'UTC' });
  const zone = local.resolvedOptions().timeZone;
  const safe = (f: Intl.DateTimeFormat) => (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : f.format(d);
  };
  return { local: safe(local), utc: safe(utc), zone, isUtc: zone === 'UTC' || zone === 'Etc/UTC' };
}
