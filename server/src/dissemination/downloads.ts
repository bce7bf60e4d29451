/**
 * Published data as files people open in a spreadsheet: CSV (codes and labels), XLSX, and
 * the office's long table layout (Iso3_code, Country, Region, Subregion, Indicator,
 * Dimension, Category, Sex, Age, Year, Unit of measurement, VALUE, Source). Text cells that
 * a spreadsheet would run as a formula (=, +, -, @) are neutralised.
 */
import { loadExcel } from '../shared/excel.js';
import type { FastifyReply } from 'fastify';
import {
  csvField,
  guardFormula,
  localName,
  type CodeList,
  type Dataflow,
  type Language,
  type Names,
  type Observation,
} from '@observatory/core';
import type { AreaIndex } from '../analysis/areas.js';

export type DownloadFormat = 'csv' | 'xlsx' | 'long';

export interface Table {
  header: string[];
  rows: Array<Array<string | number | null>>;
}

const nameIn = (names: Names | undefined, lang: Language, fallback: string) => (names ? localName(names, lang).text : fallback);

function labeller(flow: Dataflow, codeLists: ReadonlyMap<string, CodeList>, lang: Language) {
  const maps = flow.structure.dimensions.map(
    (d) => new Map((d.codeList ? (codeLists.get(d.codeList)?.codes ?? []) : []).map((c) => [c.code, c.names])),
  );
  return (i: number, code: string) => nameIn(maps[i]?.get(code), lang, code);
}

/** One row per observation: each dimension as code and label, period, value (or what replaces it), attributes. */
export function wideTable(
  flow: Dataflow,
  observations: readonly Observation[],
  codeLists: ReadonlyMap<string, CodeList>,
  lang: Language,
): Table {
  const dims = flow.structure.dimensions;
  const attrs = flow.structure.attributes.map((a) => a.id);
  const label = labeller(flow, codeLists, lang);
  return {
    header: [...dims.flatMap((d) => [d.id, `${d.id} label`]), 'TIME_PERIOD', 'OBS_VALUE', ...attrs],
    rows: observations.map((o) => [
      ...o.key.flatMap((c, i) => [c, label(i, c)]),
      o.period,
      o.value ?? o.display ?? null,
      ...attrs.map((a) => o.attributes[a] ?? null),
    ]),
  };
}

/** The office's long layout, so that files published by Observatory read like those published before. */
export function longTable(
  flow: Dataflow,
  observations: readonly Observation[],
  codeLists: ReadonlyMap<string, CodeList>,
  areas: AreaIndex,
  lang: Language,
): Table {
  const dims = flow.structure.dimensions;
  const label = labeller(flow, codeLists, lang);
  const at = (id: string) => dims.findIndex((d) => d.id === id);
  const [iInd, iSex, iAge] = [at('INDICATOR'), at('SEX'), at('AGE')];
  const other = dims.map((_, i) => i).filter((i) => i > 0 && ![iInd, iSex, iAge].includes(i));
  const units = codeLists.get('unit_measure');
  const areaName = (code: string | null | undefined) => (code && areas.has(code) ? nameIn(areas.area(code).names, lang, code) : '');
  return {
    header: [
      'Iso3_code',
      'Country',
      'Region',
      'Subregion',
      'Indicator',
      'Dimension',
      'Category',
      'Sex',
      'Age',
      'Year',
      'Unit of measurement',
      'VALUE',
      'Source',
    ],
    rows: observations.map((o) => {
      const area = o.key[0]!;
      const unit = areas.unit(area);
      const breakdown = other.filter((i) => !['_Z', '_T'].includes(o.key[i]!));
      const u = o.attributes['UNIT_MEASURE'];
      return [
        area,
        areaName(area),
        areaName(unit?.region),
        areaName(unit?.subregion),
        iInd >= 0 ? label(iInd, o.key[iInd]!) : nameIn(flow.names, lang, flow.id),
        breakdown.map((i) => nameIn(dims[i]!.names, lang, dims[i]!.id)).join('; ') || 'Total',
        breakdown.map((i) => label(i, o.key[i]!)).join('; ') || 'Total',
        iSex >= 0 ? label(iSex, o.key[iSex]!) : 'Total',
        iAge >= 0 ? label(iAge, o.key[iAge]!) : 'Total',
        o.period,
        u ? nameIn(units?.codes.find((c) => c.code === u)?.names, lang, u) : '',
        o.value ?? o.display ?? null,
        o.attributes['SOURCE'] ?? '',
      ];
    }),
  };
}

const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : csvField(guardFormula(v)));

export function toCsv(t: Table): string {
  return '\uFEFF' + [t.header.map(cell).join(','), ...t.rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}

export async function toXlsx(t: Table, sheet: string): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet(sheet.slice(0, 31));
  ws.addRow(t.header).font = { bold: true };
  // Text goes in as text: a value that starts with "=" is never a formula here.
  for (const r of t.rows) ws.addRow(r.map((v) => (typeof v === 'string' ? guardFormula(v) : v)));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sends a table as an attachment: XLSX, or CSV (UTF-8 with BOM, which spreadsheets need to read it as UTF-8). */
export async function sendTable(reply: FastifyReply, table: Table, format: 'csv' | 'xlsx', fileName: string, sheet: string) {
  if (format === 'xlsx')
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${fileName}.xlsx"`)
      .send(await toXlsx(table, sheet));
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}.csv"`).send(toCsv(table));
}
