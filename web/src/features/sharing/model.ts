/**
 * What the sharing pages need to know beyond the API's answers: which collections share,
 * who may do what (the same rules as server/src/sharing/policy.ts, so the page offers only
 * what the server allows), field labels from the record definition, years in words, and
 * a validation error spread over the form's fields.
 */
import { allFields, type CodeList, type Me, type RecordField } from '@observatory/core';
import { ApiError } from '../../api/client.js';
import type { RecordDefinitionBundle } from '../../api/types.js';
import { hasRole } from '../../app/roles.js';
import type { Formatters } from '../../i18n/format.js';

/** Record collections with a sharing policy (server/src/sharing/aggregates.ts). */
export const SHARING_COLLECTIONS = ['vrs', 'ids', 'nps'] as const;

/** Roles of a state that read what other states grant it. */
const STATE_ROLES = ['focal_point', 'provider', 'analyst'] as const;

const covers = (collections: readonly string[], collection: string) => collections.length === 0 || collections.includes(collection);

/** Reporting units whose sharing this user follows for the collection, in grant order. */
export function sharingCountries(me: Me, collection: string): string[] {
  const out: string[] = [];
  for (const g of me.roles)
    if ((STATE_ROLES as readonly string[]).includes(g.role) && g.country && covers(g.collections, collection) && !out.includes(g.country))
      out.push(g.country);
  return out;
}

/** Collections the user can open: those a country grant covers, or all of them for the office. */
export function sharingCollections(me: Me): string[] {
  if (hasRole(me, 'administrator') || me.roles.some((g) => g.country === null && g.role === 'analyst')) return [...SHARING_COLLECTIONS];
  return SHARING_COLLECTIONS.filter((c) => sharingCountries(me, c).length > 0);
}

/** Only the state's focal point changes its choices. */
export const canChoose = (me: Me, country: string, collection: string) =>
  me.roles.some((g) => g.role === 'focal_point' && g.country === country && covers(g.collections, collection));

/** Who viewed a state's records: its focal point, and the office's administrators. */
export const canSeeViews = (me: Me, country: string, collection: string) =>
  canChoose(me, country, collection) || hasRole(me, 'administrator');

/** Every state's choices are the office's to read. */
export const seesAllStates = (me: Me) => me.roles.some((g) => g.country === null);

/** Aggregate dimensions named differently from the record field a state withholds to collapse them. */
const DIMENSION_FIELD: Record<string, string> = { citizenship: 'migrants_citizenship' };

export interface Labels {
  fields: RecordField[];
  /** The field whose year decides reciprocity: it cannot be withheld. */
  dateField: string | null;
  field(id: string): RecordField | undefined;
  fieldLabel(id: string): string;
  /** The field an aggregate dimension reads. */
  dimensionField(dimension: string): RecordField | undefined;
  codeName(codeList: string | undefined, code: string): string;
  codeList(id: string): CodeList | undefined;
}

export function labelsOf(bundle: RecordDefinitionBundle | undefined, fmt: Formatters): Labels {
  const fields = bundle ? allFields(bundle.definition) : [];
  const byId = new Map(fields.map((f) => [f.id, f]));
  const lists = new Map((bundle?.codeLists ?? []).map((l) => [l.id, l]));
  return {
    fields,
    dateField: bundle?.definition.dateField ?? null,
    field: (id) => byId.get(id),
    fieldLabel: (id) => fmt.name(byId.get(id)?.label, id),
    dimensionField: (d) => byId.get(DIMENSION_FIELD[d] ?? d),
    codeName: (list, code) => fmt.name(list ? lists.get(list)?.codes.find((c) => c.code === code)?.names : undefined, code),
    codeList: (id) => lists.get(id),
  };
}

/** Years as runs: 2019, 2020, 2021, 2023 → "2019–2021, 2023". */
export function yearRuns(years: readonly number[], separator: string): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    runs.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return runs.join(separator);
}

export interface FieldProblem {
  /** The body member: partners, withheldFields, audience, windowYears… */
  field: string;
  /** Index within a list member (partners/2), when the server names one. */
  index: number | null;
  message: string;
}

/**
 * The problems of a refused save, by body member (`/body/partners/2` → partners, 2); null
 * when the error is not a validation error naming fields.
 */
export function fieldProblems(err: unknown): FieldProblem[] | null {
  if (!(err instanceof ApiError) || err.code !== 'validation_failed') return null;
  const listed = err.body.errors?.length
    ? err.body.errors
    : err.body.field
      ? [{ field: err.body.field, code: err.code, message: err.body.message }]
      : [];
  const out: FieldProblem[] = [];
  for (const p of listed) {
    const m = /^\/body\/([A-Za-z]+)(?:\/(\d+))?/.exec(p.field);
    if (m) out.push({ field: m[1]!, index: m[2] === undefined ? null : Number(m[2]), message: p.message });
  }
  return out.length ? out : null;
}
