/**
 * Reading SDMX-CSV 2.0 data messages (sdmx-csv, docs/data_message_field_guide.md) for one
 * dataflow. The server tokenises the file (RFC 4180, encodings); core checks every record
 * against the structure and its code lists and says what each one asks for.
 *
 * What the actions mean (SDMX-CSV 2.0, "Column content", ACTION), and so what the server does:
 * - I Information: "If such data messages are loaded into an SDMX database, the action A
 *   (Append) is assumed." The default when the ACTION column is absent (or a cell is empty).
 * - A Append: adds the observation or updates it with the values given; "the absence of an
 *   observation value or a data attribute … does not imply deletion; instead … the value is to
 *   remain unchanged". `attributes` lists only the attributes the record gives.
 * - M Merge (SDMX 3.1; accepted for files from newer tools): like Append, given values
 *   overwrite and the others are kept.
 * - R Replace: "Existing observations are to be fully replaced": the observation becomes exactly
 *   the record. `attributes` lists every attribute of the structure, null for those the record
 *   leaves empty (to be cleared).
 * - D Delete: the observation and all its attributes are deleted; `value` is null and
 *   `attributes` empty. Only whole observations are deleted: the specification's partial
 *   deletions (cells marked '-') and wildcarded keys are refused with a clear message.
 *
 * Stricter than the specification on purpose: every record needs the full key and a period,
 * and OBS_VALUE may be empty only for D, or when an attribute says the value is missing (see
 * MISSING_VALUE_MARKERS) — an empty cell is never silently read as "unchanged".
 */
import type { CodeList } from '../definitions/model.js';
import { ref, type Concept, type Dataflow } from '../dissemination/model.js';
import { unguardFormula } from './csv-cells.js';
import { TIME_PERIOD } from './key.js';
import { toGregorianPeriod } from './period.js';
import { codeListId } from './urn.js';

export const CSV_ACTIONS = ['I', 'A', 'M', 'R', 'D'] as const;
export type CsvAction = (typeof CSV_ACTIONS)[number];

export interface CsvChange {
  /** Record number in the file, the header being 1. */
  row: number;
  action: CsvAction;
  /** Codes in dimension order. */
  key: string[];
  /** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' ('2015-A1' and '2015-M06' are read as 2015 and 2015-06). */
  period: string;
  value: number | null;
  attributes: Record<string, string | null>;
}

export interface CsvIssue {
  row: number;
  /** The column (component id, STRUCTURE, ACTION …), 'header' or 'row'. */
  field: string;
  message: string;
}

export interface SdmxCsvResult {
  changes: CsvChange[];
  errors: CsvIssue[];
}

/**
 * Attribute values that say an observation has no value, from the SDMX cross-domain code
 * lists: CONF_STATUS C (confidential), D (secondary confidentiality), N (not for publication);
 * OBS_STATUS M, L, O, Q, H (the "missing value" codes). Used only for attributes the structure has.
 */
export const MISSING_VALUE_MARKERS: Readonly<Record<string, readonly string[]>> = {
  CONF_STATUS: ['C', 'D', 'N'],
  OBS_STATUS: ['M', 'L', 'O', 'Q', 'H'],
};

export interface SdmxCsvReadOptions {
  /** Replaces MISSING_VALUE_MARKERS. */
  missingValueMarkers?: Readonly<Record<string, readonly string[]>>;
  /** parseSdmxCsv stops after this many errors (default 1000). */
  maxErrors?: number;
}

export interface SdmxCsvReader {
  /** Problems of the header; when there are any, records cannot be read. */
  readonly errors: CsvIssue[];
  /** Reads one record; null for a blank line. */
  read(cells: readonly string[], row: number): { change: CsvChange } | { errors: CsvIssue[] } | null;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** "CODE: Label" (labels=both) → CODE; codes cannot hold ':'. */
const codePart = (cell: string) => cell.split(':')[0]!.trim();

interface Column {
  concept: Concept;
  index: number;
  list: CodeList | undefined;
}

export function createSdmxCsvReader(
  flow: Dataflow,
  header: readonly string[],
  codeLists: ReadonlyMap<string, CodeList>,
  options: SdmxCsvReadOptions = {},
): SdmxCsvReader {
  const s = flow.structure;
  const errors: CsvIssue[] = [];
  const headerError = (field: string, message: string) => errors.push({ row: 1, field, message });
  const listOf = (c: Concept) => {
    if (c.codeList === undefined) return undefined;
    const list = codeLists.get(c.codeList);
    if (!list) throw new Error(`code list ${c.codeList} of ${c.id} in ${ref(flow)} was not given`);
    return list;
  };

  const cells = header.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
  // "The first column is always used for the structure type", then its identification.
  if (!/^STRUCTURE(\[.*\])?$/i.test(cells[0] ?? ''))
    headerError('STRUCTURE', `the first column must be STRUCTURE, found '${cells[0] ?? ''}'`);
  if ((cells[1] ?? '').toUpperCase() !== 'STRUCTURE_ID')
    headerError('STRUCTURE_ID', `the second column must be STRUCTURE_ID, found '${cells[1] ?? ''}'`);

  let action: number | undefined;
  let seriesKey: number | undefined;
  let obsKey: number | undefined;
  let period: number | undefined;
  let measure: number | undefined;
  const dims = new Map<string, Column>();
  const attrs = new Map<string, Column>();
  const seen = new Set<string>();
  cells.forEach((cell, index) => {
    if (index < 2) return;
    const upper = cell.toUpperCase();
    const id = codePart(cell); // "ID: Label" headers (labels=both)
    if (seen.has(id)) {
      headerError(id, `column ${id} appears twice`);
      return;
    }
    seen.add(id);
    if (upper === 'ACTION') action = index;
    else if (upper === 'SERIES_KEY') seriesKey = index;
    else if (upper === 'OBS_KEY') obsKey = index;
    else if (upper === 'STRUCTURE_NAME') headerError(cell, 'the labels=name layout is not supported; use labels=id or labels=both');
    else if (id.includes('[')) headerError(cell, `${id}: multi-valued and multi-lingual columns are not supported`);
    else if (id === TIME_PERIOD) period = index;
    else if (id === s.measure.id) measure = index;
    else {
      const dim = s.dimensions.find((d) => d.id === id);
      const attr = s.attributes.find((a) => a.id === id);
      if (dim) dims.set(id, { concept: dim, index, list: listOf(dim) });
      else if (attr) attrs.set(id, { concept: attr, index, list: listOf(attr) });
      else headerError(cell || `column ${index + 1}`, `unknown column '${cell}': ${ref(flow)} has no component ${id}`);
    }
  });
  for (const d of s.dimensions) if (!dims.has(d.id)) headerError(d.id, `the dimension column ${d.id} is missing`);
  if (period === undefined) headerError(TIME_PERIOD, `the ${TIME_PERIOD} column is missing`);

  const markers = Object.entries(options.missingValueMarkers ?? MISSING_VALUE_MARKERS).filter(([id]) => attrs.has(id));
  const dimColumns = s.dimensions.map((d) => dims.get(d.id)!);
  const done = new Map<string, number>();

  return {
    errors,
    read(row, rowNumber) {
      if (row.every((c) => c.trim() === '')) return null;
      if (row.length !== cells.length) {
        return { errors: [{ row: rowNumber, field: 'row', message: `has ${row.length} cells but the header has ${cells.length}` }] };
      }
      const problems: CsvIssue[] = [];
      const fail = (field: string, message: string) => problems.push({ row: rowNumber, field, message });
      const cell = (index: number | undefined) => (index === undefined ? '' : row[index]!);

      if (cell(0).trim().toLowerCase() !== 'dataflow') fail('STRUCTURE', `must be 'dataflow', found '${cell(0)}'`);
      const structureId = cell(1).trim().split(': ')[0]!; // "AGENCY:ID(VERSION): Name" with labels
      if (structureId !== ref(flow)) fail('STRUCTURE_ID', `must be ${ref(flow)}, found '${structureId}'`);
      const act = cell(action).trim().toUpperCase() || 'I';
      if (!(CSV_ACTIONS as readonly string[]).includes(act))
        fail('ACTION', `must be one of ${CSV_ACTIONS.join(', ')}, found '${cell(action)}'`);

      const coded = (col: Column, raw: string) => {
        const code = codePart(raw);
        if (col.list && code !== '' && !col.list.codes.some((c) => c.code === code)) {
          fail(col.concept.id, `unknown code '${code}' (code list ${codeListId(col.list.id)})`);
        }
        return code;
      };
      const key = dimColumns.map((col) => {
        const code = col.concept.codeList === undefined ? cell(col.index).trim() : coded(col, cell(col.index));
        if (code === '') fail(col.concept.id, 'is empty: every record needs the full key (wildcarded deletions are not supported)');
        return code;
      });
      const periodText = codePart(cell(period));
      const p = toGregorianPeriod(periodText);
      if (p === null) fail(TIME_PERIOD, `'${periodText}' is not a period: use YYYY, YYYY-MM or YYYY-MM-DD`);

      const given = new Map<string, string>();
      for (const [id, col] of attrs) {
        const raw = cell(col.index);
        // Free text keeps its spaces ("Spaces are considered part of a field"); codes do not.
        // In a D record any content is a (refused) partial deletion, not a code to check.
        const v = col.concept.codeList === undefined ? unguardFormula(raw) : act === 'D' ? raw.trim() : coded(col, raw);
        if (v !== '') given.set(id, v);
      }
      const valueText = cell(measure).trim();
      let value: number | null = null;
      if (act === 'D') {
        if (valueText !== '' || given.size > 0) {
          fail(
            valueText !== '' ? s.measure.id : [...given.keys()][0]!,
            'a D record deletes the whole observation: leave OBS_VALUE and the attributes empty (partial deletions are not supported)',
          );
        }
      } else if (valueText === '') {
        if (!markers.some(([id, codes]) => codes.includes(given.get(id) ?? ''))) {
          const how = markers.map(([id, codes]) => `${id}=${codes.join('/')}`).join(' or ');
          fail(
            s.measure.id,
            `is empty: give a number${how ? `, mark the value missing (${how})` : ''}, or use ACTION D to delete the observation`,
          );
        }
      } else if (NUMBER.test(valueText)) {
        value = Number(valueText);
      } else {
        const hint = /^[+-]?\d+,\d+$/.test(valueText) ? ' (use a decimal point, not a comma)' : '';
        fail(s.measure.id, `'${valueText}' is not a number${hint}`);
      }

      const seriesText = key.join('.');
      const keyCheck = (index: number | undefined, expected: string, name: string) => {
        const v = cell(index).trim();
        if (v !== '' && v !== expected) fail(name, `'${v}' does not match the dimension columns (${expected})`);
      };
      keyCheck(seriesKey, seriesText, 'SERIES_KEY');
      keyCheck(obsKey, `${seriesText}.${p ?? periodText}`, 'OBS_KEY');

      const id = `${key.join('\u0000')}\u0000${p ?? periodText}`;
      const earlier = done.get(id);
      if (earlier !== undefined) fail('row', `repeats the observation of row ${earlier} (${seriesText} ${p ?? periodText})`);
      if (problems.length > 0) return { errors: problems };
      done.set(id, rowNumber);

      const attributes: Record<string, string | null> = {};
      if (act === 'R') for (const a of s.attributes) attributes[a.id] = given.get(a.id) ?? null;
      else if (act !== 'D') for (const [aid, v] of given) attributes[aid] = v;
      return { change: { row: rowNumber, action: act as CsvAction, key, period: p!, value, attributes } };
    },
  };
}

/** Reads a whole file: rows[0] is the header; row numbers count records from 1 (the header). */
export function parseSdmxCsv(
  flow: Dataflow,
  rows: ReadonlyArray<readonly string[]>,
  codeLists: ReadonlyMap<string, CodeList>,
  options: SdmxCsvReadOptions = {},
): SdmxCsvResult {
  const header = rows[0];
  if (header === undefined) return { changes: [], errors: [{ row: 1, field: 'header', message: 'the file is empty' }] };
  const reader = createSdmxCsvReader(flow, header, codeLists, options);
  if (reader.errors.length > 0) return { changes: [], errors: reader.errors };
  const max = options.maxErrors ?? 1000;
  const changes: CsvChange[] = [];
  const errors: CsvIssue[] = [];
  for (let i = 1; i < rows.length; i++) {
    const r = reader.read(rows[i]!, i + 1);
    if (r === null) continue;
    if ('change' in r) changes.push(r.change);
    else errors.push(...r.errors);
    if (errors.length >= max) {
      errors.push({ row: i + 1, field: 'row', message: `stopped after ${errors.length} errors` });
      break;
    }
  }
  return { changes, errors };
}
