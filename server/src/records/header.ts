/**
 * Finds the header row (not always line 1: files carry titles and notes above it) and maps
 * its columns to the collection's fields: by the fields' known synonyms, by a mapping saved
 * for the country, or by one the user edits. Columns that look like personal identifiers
 * are refused in non-nominal collections.
 */
import { allFields, fold, nominalHeader, type RecordDefinition } from '@observatory/core/records';
import type { SourceRow } from './reader.js';

export interface ColumnMapping {
  /** 0-based column index → field id, or null when the column is ignored. */
  columns: Array<{ index: number; header: string; field: string | null; how: 'synonym' | 'saved' | 'given' | 'unknown' }>;
  headerLine: number;
}

export class MappingError extends Error {
  constructor(
    message: string,
    readonly details: Array<{ field: string; code: string; message: string }> = [],
  ) {
    super(message);
  }
}

const cellText = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? '' : String(v)).trim();

export function synonymIndex(def: RecordDefinition): Map<string, string> {
  const index = new Map<string, string>();
  for (const f of allFields(def)) {
    index.set(fold(f.id), f.id);
    for (const name of Object.values(f.label)) if (name) index.set(fold(name), f.id);
    for (const s of f.synonyms) index.set(fold(s), f.id);
  }
  return index;
}

/** The header row: the first of the first 30 rows naming at least two known columns (synonyms, or the headers of a mapping in use). */
export function findHeader(sample: readonly SourceRow[], def: RecordDefinition, mapped: Iterable<string> = []): SourceRow | null {
  const index = synonymIndex(def);
  const extra = new Set([...mapped].map(fold));
  let best: { row: SourceRow; hits: number } | null = null;
  for (const row of sample.slice(0, 30)) {
    const hits = row.cells.filter((c) => {
      const f = fold(cellText(c));
      return index.has(f) || extra.has(f);
    }).length;
    if (hits >= 2 && (!best || hits > best.hits)) best = { row, hits };
  }
  return best?.row ?? null;
}

/**
 * `given` (from the user, by header text) wins over `saved` (the country's stored mapping)
 * which wins over the synonyms. A header mapped to "" is ignored on purpose.
 */
export function mapColumns(
  header: SourceRow,
  def: RecordDefinition,
  saved: Record<string, string | null> = {},
  given: Record<string, string | null> = {},
): ColumnMapping {
  const index = synonymIndex(def);
  const known = new Set(allFields(def).map((f) => f.id));
  const problems: Array<{ field: string; code: string; message: string }> = [];
  const used = new Map<string, string>();
  const columns = header.cells.map((c, i) => {
    const text = cellText(c);
    const pick = (m: Record<string, string | null>) =>
      text in m ? m[text] : (Object.entries(m).find(([k]) => fold(k) === fold(text))?.[1] ?? undefined);
    const fromGiven = pick(given);
    const fromSaved = pick(saved);
    let field: string | null = null;
    let how: ColumnMapping['columns'][number]['how'] = 'unknown';
    if (fromGiven !== undefined) [field, how] = [fromGiven || null, 'given'];
    else if (fromSaved !== undefined) [field, how] = [fromSaved || null, 'saved'];
    else if (index.has(fold(text))) [field, how] = [index.get(fold(text))!, 'synonym'];
    if (field && !known.has(field)) {
      problems.push({
        field: `column ${i + 1}`,
        code: 'unknown_field',
        message: `column "${text}" is mapped to ${field}, which ${def.id} does not have`,
      });
      field = null;
    }
    if (field && used.has(field)) {
      problems.push({
        field: `column ${i + 1}`,
        code: 'duplicate_field',
        message: `columns "${used.get(field)}" and "${text}" both map to ${field}`,
      });
      field = null;
    }
    if (field) used.set(field, text);
    if (!field && def.nonNominal && text) {
      const what = nominalHeader(text);
      if (what)
        problems.push({
          field: `column ${i + 1}`,
          code: 'nominal_column',
          message: `column "${text}" looks like it holds ${what}: ${def.title.en} is strictly non-nominal; remove the column`,
        });
    }
    return { index: i, header: text, field, how };
  });
  for (const f of allFields(def))
    if (f.required && !used.has(f.id))
      problems.push({
        field: f.id,
        code: 'missing_column',
        message: `no column holds ${f.label.en} (${f.id}); map one of the file's columns to it`,
      });
  if (problems.length) throw new MappingError(problems.map((p) => p.message).join('; '), problems);
  return { columns, headerLine: header.line };
}
