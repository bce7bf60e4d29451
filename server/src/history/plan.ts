/**
 * Turns the rows of a published file into cells, row by row, through the shipped
 * mappings: which item and categories, which reporting unit and year, which value. Every
 * row gets a fate (stored, duplicate, ignored, rejected) with the field and the reason.
 * Pure: no database.
 */
import { cellKey, parseNumber, type CellValue, type CompiledDefinition, type HistoryMapping, type HistoryRule } from '@observatory/core';
import type { DetectedLayout } from './layouts.js';

export type RowStatus = 'stored' | 'duplicate' | 'ignored' | 'rejected';

export interface RowFate {
  line: number;
  status: RowStatus;
  field: string | null;
  reason: string | null;
  /** Set for stored and duplicate rows. */
  target: { definition: string; country: string; period: string; cell: string } | null;
  raw: Record<string, string>;
}

export interface PlannedCell {
  definition: string;
  country: string;
  period: string;
  cell: string;
  item: string;
  value: CellValue;
  source: string | null;
  comment: string | null;
  lines: number[];
}

export interface PlanContext {
  layout: DetectedLayout;
  mappings: HistoryMapping[];
  /** Compiled definitions by id (all countries' codes). */
  definitions: ReadonlyMap<string, CompiledDefinition>;
  units: ReadonlySet<string>;
  /** For near-miss suggestions on unknown codes: unit code → English name. */
  unitNames: ReadonlyMap<string, string>;
  currentYear: number;
}

const low = (s: string | undefined) => (s ?? '').trim().toLowerCase();

function matches(match: Record<string, string>, row: Record<string, string>): boolean {
  return Object.entries(match).every(([col, value]) => low(row[col]) === low(value));
}

function publishedValue(text: string): { value: CellValue } | { error: string } | { empty: true } {
  const t = text.trim();
  if (t === '') return { empty: true };
  const suppressed = /^<\s*(\d+)$/.exec(t);
  if (suppressed) return { value: { kind: 'suppressed', below: Number(suppressed[1]) } };
  const n = parseNumber(t, '.');
  if (!n.ok) return { error: n.reason };
  if (n.value < 0) return { error: `negative value ${t}` };
  return { value: { kind: 'number', value: n.value } };
}

function suggestUnit(name: string, ctx: PlanContext): string {
  const wanted = low(name);
  if (!wanted) return '';
  for (const [code, en] of ctx.unitNames)
    if (low(en) === wanted || low(en).startsWith(wanted) || wanted.startsWith(low(en))) return ` (did you mean ${code}, ${en}?)`;
  return '';
}

export function planRows(rows: Iterable<{ line: number; record: Record<string, string> }>, ctx: PlanContext) {
  const fates: RowFate[] = [];
  const cells = new Map<string, PlannedCell>();
  const duplicatesPolicy = new Map(ctx.mappings.map((m) => [m.definition, m.duplicates]));
  const { columns } = ctx.layout;

  for (const { line, record } of rows) {
    const fate = (status: RowStatus, field: string | null, reason: string | null, target: RowFate['target'] = null) =>
      fates.push({ line, status, field, reason, target, raw: record });

    let mapping: HistoryMapping | undefined;
    let rule: HistoryRule | undefined;
    for (const m of ctx.mappings) {
      const ignored = m.ignore?.find((x) => matches(x.match, record));
      if (ignored) {
        mapping = m;
        break;
      }
      rule = m.rules.find((r) => matches(r.match, record));
      if (rule) {
        mapping = m;
        break;
      }
    }
    if (!mapping) {
      fate('rejected', 'Indicator', 'no mapping knows this series; it was not imported');
      continue;
    }
    if (!rule) {
      fate('ignored', null, mapping.ignore!.find((x) => matches(x.match, record))!.reason);
      continue;
    }

    const country = (record[columns.country] ?? '').trim();
    if (!country) {
      fate(
        'rejected',
        columns.country,
        `no reporting unit code (Country: "${record['Country'] ?? ''}")${suggestUnit(record['Country'] ?? '', ctx)}`,
      );
      continue;
    }
    if (!ctx.units.has(country)) {
      fate('rejected', columns.country, `unknown reporting unit ${country}`);
      continue;
    }
    const yearText = (record[columns.year] ?? '').trim();
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || year < 1900 || year > ctx.currentYear) {
      fate('rejected', columns.year, `impossible year "${yearText}"`);
      continue;
    }

    let item = rule.item;
    const unit = record['Unit of measurement'];
    if (unit !== undefined && low(unit) !== 'counts') {
      if (low(unit).startsWith('rate per 100,000')) {
        if (!rule.rateItem) {
          fate('ignored', 'Unit of measurement', 'rates of this series are not kept (the office computes them from counts)');
          continue;
        }
        item = rule.rateItem;
      } else {
        fate('rejected', 'Unit of measurement', `unknown unit of measurement "${unit}"`);
        continue;
      }
    }

    const compiled = ctx.definitions.get(mapping.definition)!;
    const itemDef = compiled.itemById.get(item)!;
    const categories: Record<string, string> = { ...rule.categories };
    let bad: { field: string; reason: string } | null = null;
    for (const [dim, column] of Object.entries(rule.fromColumns ?? {})) {
      const label = record[column] ?? '';
      const code = Object.entries(mapping.synonyms[dim] ?? {}).find(([l]) => low(l) === low(label))?.[1];
      if (!code) {
        bad = { field: column, reason: `"${label}" is not a known ${dim} category` };
        break;
      }
      categories[dim] = code;
    }
    if (bad) {
      fate('rejected', bad.field, bad.reason);
      continue;
    }
    const missing = itemDef.dimensions.filter((d) => !(d in categories));
    if (missing.length) {
      fate('rejected', null, `the mapping leaves ${missing.join(', ')} open for ${item}`);
      continue;
    }
    const key = cellKey(item, itemDef.dimensions, categories);
    if (!compiled.cellByKey.has(key)) {
      fate('rejected', null, `${key} is not asked by ${mapping.definition}`);
      continue;
    }

    const parsed = publishedValue(record[columns.value] ?? '');
    if ('empty' in parsed) {
      fate('ignored', columns.value, 'empty value');
      continue;
    }
    if ('error' in parsed) {
      fate('rejected', columns.value, parsed.error);
      continue;
    }

    const target = { definition: mapping.definition, country, period: yearText, cell: key };
    const id = `${target.definition}|${country}|${yearText}|${key}`;
    const source = (record['Source'] ?? '').trim() || sourceOf(ctx.layout);
    const existing = cells.get(id);
    if (!existing) {
      cells.set(id, { ...target, item, value: parsed.value, source, comment: null, lines: [line] });
      fate('stored', null, null, target);
      continue;
    }
    existing.lines.push(line);
    if (duplicatesPolicy.get(mapping.definition) === 'sum') {
      existing.value = sumValues(existing.value, parsed.value);
      existing.comment = `sum of ${existing.lines.length} published entries (lines ${existing.lines.join(', ')})`;
      fate(
        'duplicate',
        columns.value,
        `added to the cell of line ${existing.lines[0]}: separate reports of the same quantity are summed`,
        target,
      );
    } else {
      const same = JSON.stringify(existing.value) === JSON.stringify(parsed.value);
      existing.comment = same
        ? `the published file repeats this row (lines ${existing.lines.join(', ')})`
        : `the published file has ${existing.lines.length} rows for this cell (lines ${existing.lines.join(', ')}) with different values; the first is kept: review`;
      fate(
        'duplicate',
        columns.value,
        `same cell as line ${existing.lines[0]} (${same ? 'same value' : `value ${record[columns.value]} not kept`})`,
        target,
      );
    }
  }
  return { fates, cells: [...cells.values()] };
}

function sumValues(a: CellValue, b: CellValue): CellValue {
  if (a.kind === 'number' && b.kind === 'number') return { kind: 'number', value: a.value + b.value };
  return a.kind === 'suppressed' ? a : b; // a sum with a suppressed part cannot be known
}

const sourceOf = (layout: DetectedLayout) =>
  layout.layout === 'wdr_seizures_annex' ? 'WDR annex 7.1' : layout.layout === 'wdr_seizures_2012_2016' ? 'WDR annex 2012-2016' : null;
