/**
 * PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes. Arrays as
 * array literals. The stored tables' column order is fixed here for each collection.
 */
import type { FieldValue, RecordDefinition } from '@observatory/core/records';
import { allFields } from '@observatory/core/records';

const SPECIAL = /[\\\t\n\r]/;
const esc = (s: string) =>
  SPECIAL.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
const arrayElement = (s: string) => (/^[A-Za-z0-9_.-]+$/.test(s) ? s : `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);

export function copyValue(v: FieldValue | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return esc(`{${v.map(arrayElement).join(',')}}`);
  return esc(v);
}

/** Stored columns in order: system columns, the definition's fields, evaluation fields, derived values, flags. */
export function tableColumns(def: RecordDefinition): string[] {
  const derived = def.collection === 'ids' ? ['mass_kg', 'kg_equivalent', 'kg_basis'] : [];
  return [
    'country',
    'id',
    'batch',
    'line',
    ...allFields(def).map((f) => f.id),
    ...derived,
    'fingerprint',
    'possible_duplicate',
    'created_at',
  ];
}

/** The id of a record: its batch number in the high bits, its line in the low 24 (16.7 million rows per batch). */
export const LINE_BITS = 2 ** 24;
export const recordId = (batch: number, line: number) => batch * LINE_BITS + line;
