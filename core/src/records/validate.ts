/**
 * One record from raw values (strings from a CSV, typed values from a workbook or a form)
 * to normalised, validated values; the same code for the single-record form, the API and
 * the streaming import, so they never disagree. Problems name the field.
 */
import type { CodeList } from '../definitions/model.js';
import { parseNumber, type DecimalMark } from '../parsing/numbers.js';
import { parseDate, type DateOrder } from './dates.js';
import { EVALUATION_FIELDS, type RecordDefinition, type RecordField } from './model.js';
import { nominalValue } from './nominal.js';
import { CodeResolver, type CountryResolver } from './resolve.js';
import { clean } from './text.js';
import { toKilograms, type Unit } from './units.js';

export type FieldValue = string | number | boolean | string[] | null;
export type RecordValues = Record<string, FieldValue>;

export interface RecordProblem {
  field: string;
  code: string;
  message: string;
}

export interface RecordContext {
  definition: RecordDefinition;
  codeLists: ReadonlyMap<string, CodeList>;
  countries: CountryResolver;
  decimal: DecimalMark;
  dateOrder: DateOrder;
  /** 'YYYY-MM-DD': dates after it are refused. */
  today: string;
  earliest?: string;
}

export interface ValidatedRecord {
  values: RecordValues;
  problems: RecordProblem[];
}

export const allFields = (def: RecordDefinition): RecordField[] => [...def.fields, ...EVALUATION_FIELDS];

const YES = new Set(['y', 'yes', 'true', '1', 'x', 'oui', 'si', 'sí', 'да', '是', 'نعم']);
const NO = new Set(['n', 'no', 'false', '0', 'non', 'нет', '否', 'لا']);

type FieldParser = (raw: unknown, problems: RecordProblem[]) => FieldValue;

/** Field parsers of a definition, built once, shared by the object and the row validators. */
function compileParsers(ctx: RecordContext): { fields: RecordField[]; parsers: FieldParser[] } {
  const fields = allFields(ctx.definition);
  const earliest = ctx.earliest ?? '1970-01-01';
  const split = (s: string) => s.split(/\s*[;|,/]\s*|\s+>\s+/).filter(Boolean);
  // Dates repeat across rows (a few thousand distinct days): remember each parse (bounded).
  const dates = new Map<string, ReturnType<typeof parseDate>>();
  const date = (raw: unknown) => {
    if (typeof raw !== 'string') return parseDate(raw, ctx.dateOrder);
    let d = dates.get(raw);
    if (!d) {
      d = parseDate(raw, ctx.dateOrder);
      if (dates.size < 100_000) dates.set(raw, d);
    }
    return d;
  };

  /** One parser per field, built once: validating a row is then a plain loop. */
  function parserFor(f: RecordField): FieldParser {
    const label = f.label.en;
    const resolver = f.codeList
      ? (() => {
          const list = ctx.codeLists.get(f.codeList);
          if (!list) throw new Error(`record definition ${ctx.definition.id}: unknown code list ${f.codeList}`);
          return new CodeResolver(list);
        })()
      : null;
    const nonNominal = Boolean(f.nonNominal || ctx.definition.nonNominal);
    const fail = (problems: RecordProblem[], code: string, message: string) => {
      // Messages quote the value: a 1 MB cell must not make a 1 MB report.
      problems.push({ field: f.id, code, message: message.length > 300 ? `${message.slice(0, 299)}…` : message });
      return null;
    };
    const parse = ((): FieldParser => {
      switch (f.type) {
        case 'date':
          return (raw, problems) => {
            const d = date(raw);
            if (!d.ok) return fail(problems, 'invalid_date', `${label}: ${d.reason}`);
            if (d.value > ctx.today) return fail(problems, 'future_date', `${label}: ${d.value} is in the future`);
            if (d.value < earliest) return fail(problems, 'date_too_early', `${label}: ${d.value} is before ${earliest}`);
            return d.value;
          };
        case 'number':
        case 'integer':
          return (raw, problems) => {
            let n: number;
            if (typeof raw === 'number') n = raw;
            else {
              const p = parseNumber(String(raw), ctx.decimal);
              if (!p.ok) return fail(problems, 'invalid_number', `${label}: ${p.reason}`);
              n = p.value;
            }
            if (!Number.isFinite(n)) return fail(problems, 'invalid_number', `${label}: not a finite number`);
            if (f.type === 'integer' && !Number.isInteger(n)) return fail(problems, 'not_integer', `${label}: ${n} is not a whole number`);
            if (f.min !== undefined && n < f.min) return fail(problems, 'below_minimum', `${label}: ${n} is below ${f.min}`);
            if (f.max !== undefined && n > f.max) return fail(problems, 'above_maximum', `${label}: ${n} is above ${f.max}`);
            return n;
          };
        case 'boolean':
          return (raw, problems) => {
            if (typeof raw === 'boolean') return raw;
            const s = clean(raw).toLowerCase();
            if (YES.has(s)) return true;
            if (NO.has(s)) return false;
            return fail(problems, 'invalid_boolean', `${label}: "${clean(raw)}" is not yes or no`);
          };
        case 'code':
          return (raw, problems) => {
            const r = resolver!.resolve(clean(raw));
            return r.ok ? r.code : fail(problems, 'unknown_code', `${label}: ${r.reason}`);
          };
        case 'codes':
        case 'countries':
          return (raw, problems) => {
            const out: string[] = [];
            for (const part of split(clean(raw))) {
              const r = f.type === 'codes' ? resolver!.resolve(part) : ctx.countries.resolve(part);
              if (!r.ok) return fail(problems, f.type === 'codes' ? 'unknown_code' : 'unknown_country', `${label}: ${r.reason}`);
              if (!out.includes(r.code)) out.push(r.code);
            }
            return out;
          };
        case 'country':
          return (raw, problems) => {
            const r = ctx.countries.resolve(clean(raw));
            return r.ok ? r.code : fail(problems, 'unknown_country', `${label}: ${r.reason}`);
          };
        case 'text':
          return (raw, problems) => {
            const s = clean(raw);
            // NUL cannot be stored as text; U+FFFD is what a byte the file's encoding cannot decode becomes.
            if (s.includes('\u0000') || s.includes('\uFFFD'))
              return fail(problems, 'invalid_text', `${label}: holds a NUL byte or bytes that are not valid in the file's encoding`);
            if (f.maxLength !== undefined && s.length > f.maxLength)
              return fail(problems, 'too_long', `${label}: longer than ${f.maxLength} characters`);
            if (nonNominal) {
              const why = nominalValue(s);
              if (why) return fail(problems, 'nominal_data', `${label} is refused because ${why}: this collection is strictly non-nominal`);
            }
            return s;
          };
      }
    })();
    return (raw, problems) => {
      if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === ''))
        return f.required ? fail(problems, 'required', `${label} is required`) : null;
      return parse(raw, problems);
    };
  }

  return { fields, parsers: fields.map(parserFor) };
}

export function createRecordValidator(ctx: RecordContext): (raw: Readonly<Record<string, unknown>>) => ValidatedRecord {
  const fields = allFields(ctx.definition);
  const index = new Map(fields.map((f, i) => [f.id, i]));
  const row = createRowValidator(ctx, (id) => index.get(id));
  return (raw) => {
    const problems: RecordProblem[] = [];
    const positional = new Array<FieldValue>(row.ids.length).fill(null);
    row.validate(
      fields.map((f) => raw[f.id]),
      positional,
      problems,
    );
    const values: RecordValues = {};
    row.ids.forEach((id, i) => (values[id] = positional[i]!));
    return { values, problems };
  };
}

/** Derived values each collection adds after its fields (kilograms for seizures). */
export const derivedFields = (def: RecordDefinition): string[] =>
  def.collection === 'ids' ? ['mass_kg', 'kg_equivalent', 'kg_basis'] : [];

export interface RowValidator {
  /** What each position of a row's values holds: the fields, the evaluation fields, then derived values. */
  readonly ids: readonly string[];
  validate(cells: readonly unknown[], values: FieldValue[], problems: RecordProblem[]): void;
}

/**
 * The same validation for rows of a file, tuned for millions of rows: values read straight
 * from the row's cells by column index into a positional array the caller reuses, each
 * distinct text of a column parsed once (drugs, units, countries and dates repeat; numbers
 * vary too much to be worth remembering).
 */
export function createRowValidator(ctx: RecordContext, columnOf: (fieldId: string) => number | undefined): RowValidator {
  const { fields, parsers } = compileParsers(ctx);
  const ids = [...fields.map((f) => f.id), ...derivedFields(ctx.definition)];
  const at = new Map(ids.map((id, i) => [id, i]));
  const columns = fields.map((f) => columnOf(f.id) ?? -1);
  const memos = fields.map((f) =>
    f.type === 'number' || f.type === 'integer' ? null : new Map<string, { value: FieldValue; problems: RecordProblem[] }>(),
  );
  // Codes repeat (drugs, units, countries: a few hundred values); free text and quantities do
  // not, and memoising them only fills the heap. A small limit keeps the first kind.
  const MEMO_LIMIT = 2_000;
  const scratch: RecordProblem[] = [];
  const rules = positionalRules(ctx.definition, at);
  const derive = positionalDerive(ctx.definition, at);
  const n = fields.length;
  return {
    ids,
    validate(cells, values, problems) {
      for (let i = 0; i < n; i++) {
        const c = columns[i]!;
        const v = c < 0 ? null : cells[c];
        if (v !== null && v !== undefined && typeof v === 'object' && !(v instanceof Date)) {
          problems.push({
            field: ids[i]!,
            code: 'formula_or_error',
            message: `${fields[i]!.label.en}: formulas and error values are not accepted; paste values`,
          });
          values[i] = null;
          continue;
        }
        const memo = memos[i]!;
        if (memo !== null && typeof v === 'string') {
          const hit = memo.get(v);
          if (hit !== undefined) {
            values[i] = hit.value;
            if (hit.problems.length) for (const p of hit.problems) problems.push(p);
            continue;
          }
          scratch.length = 0;
          const value = parsers[i]!(v, scratch);
          if (memo.size < MEMO_LIMIT) memo.set(v, { value, problems: scratch.slice() });
          values[i] = value;
          for (const p of scratch) problems.push(p);
          continue;
        }
        values[i] = parsers[i]!(v, problems);
      }
      rules(values, problems);
      derive(values);
    },
  };
}

const present = (v: FieldValue | undefined) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

function positionalRules(
  def: RecordDefinition,
  at: ReadonlyMap<string, number>,
): (values: FieldValue[], problems: RecordProblem[]) => void {
  const idx = (id: string) => {
    const i = at.get(id);
    if (i === undefined) throw new Error(`record definition ${def.id}: a rule names an unknown field ${id}`);
    return i;
  };
  const checks = (def.rules ?? []).map((rule): ((values: FieldValue[], problems: RecordProblem[]) => void) => {
    switch (rule.kind) {
      case 'requires': {
        const cond = idx(rule.if);
        const then = rule.then.map((t) => [t, idx(t)] as const);
        return (values, problems) => {
          if (!present(values[cond])) return;
          for (const [t, i] of then)
            if (!present(values[i]) && !problems.some((p) => p.field === t))
              problems.push({ field: t, code: 'required', message: `${t} is required when ${rule.if} is given` });
        };
      }
      case 'only_when': {
        const field = idx(rule.field);
        const when = idx(rule.when.field);
        return (values, problems) => {
          if (present(values[field]) && !rule.when.in.includes(String(values[when])))
            problems.push({
              field: rule.field,
              code: 'not_allowed',
              message: `${rule.field} may only be given when ${rule.when.field} is ${rule.when.in.join(' or ')}`,
            });
        };
      }
      case 'at_least_one': {
        const list = rule.fields.map(idx);
        return (values, problems) => {
          if (!list.some((i) => present(values[i]) && (typeof values[i] !== 'number' || (values[i] as number) > 0)))
            problems.push({ field: rule.fields[0]!, code: 'at_least_one', message: `give at least one ${rule.label}` });
        };
      }
    }
  });
  return (values, problems) => {
    for (const c of checks) c(values, problems);
  };
}

/** Values computed from others, per collection: seizures get kilograms and their basis. */
function positionalDerive(def: RecordDefinition, at: ReadonlyMap<string, number>): (values: FieldValue[]) => void {
  if (def.collection !== 'ids') return () => undefined;
  const [q, u, d, mass, kg, basis] = ['quantity', 'unit', 'drug', 'mass_kg', 'kg_equivalent', 'kg_basis'].map((id) => at.get(id)!);
  return (values) => {
    const quantity = values[q!];
    const unit = values[u!];
    const drug = values[d!];
    const k =
      typeof quantity === 'number' && typeof unit === 'string' && typeof drug === 'string'
        ? toKilograms(quantity, unit as Unit, drug)
        : null;
    values[mass!] = k?.massKg ?? null;
    values[kg!] = k?.kgEquivalent ?? null;
    values[basis!] = k?.basis ?? null;
  };
}

/**
 * A 53-bit hash (cyrb53, public domain) of the fields that identify an event: equal records,
 * equal numbers. Hashed value by value (no concatenated string), with separators so that
 * fields cannot blend.
 */
function hashList(list: ReadonlyArray<FieldValue | undefined>): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  };
  for (let f = 0; f < list.length; f++) {
    const v = list[f];
    if (v === null || v === undefined) mix('\u0000');
    else if (typeof v === 'string') mix(v);
    else if (Array.isArray(v)) for (const x of v) mix(x + ',');
    else mix(String(v));
    mix('\u0001');
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export function fingerprintOf(def: RecordDefinition, values: RecordValues): number {
  return hashList(def.fingerprint.map((f) => values[f]));
}

/** The same fingerprint over positional values (see RowValidator.ids). */
export function fingerprinter(def: RecordDefinition, ids: readonly string[]): (values: readonly FieldValue[]) => number {
  const positions = def.fingerprint.map((f) => ids.indexOf(f));
  const buffer = new Array<FieldValue | undefined>(positions.length);
  return (values) => {
    for (let i = 0; i < positions.length; i++) buffer[i] = values[positions[i]!];
    return hashList(buffer);
  };
}
