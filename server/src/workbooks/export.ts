/**
 * Writes a country's questionnaire as an XLSX workbook: one sheet per section, one row per
 * cell with its current value, flags and comment; drop-downs for codes, yes/no and flags;
 * help text as notes; structure cells locked (the sheet is protected without a password:
 * protection prevents accidents, not determined editing, which the upload checks anyway).
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../shared/excel.js';
import type { CellValue, CompiledDefinition, Language } from '@observatory/core';
import type { CurrentCell, SubmissionRow } from '../submissions/repository.js';
import { ABOUT_SHEET, FORMAT_MARK, HIDDEN_HEADERS, label, LISTS_SHEET, sectionDimensions, sheetNames, VALUE_HEADERS } from './layout.js';

export interface WorkbookInput {
  submission: SubmissionRow;
  compiled: CompiledDefinition;
  cells: readonly CurrentCell[];
  lang: Language;
  countryName: string;
  editableSections: readonly string[];
  generatedAt: Date;
}

function display(value: CellValue | null): string | number | null {
  if (!value) return null;
  switch (value.kind) {
    case 'number':
      return value.value;
    case 'text':
    case 'code':
      return value.value;
    case 'boolean':
      return value.value ? 'Yes' : 'No';
    case 'ranking':
      return value.value.join(' > ');
    case 'not_known':
      return 'NK';
    case 'not_applicable':
      return 'NA';
    case 'suppressed':
      return `<${value.below}`;
  }
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
const LOCKED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

export async function buildWorkbook(input: WorkbookInput): Promise<Buffer> {
  const { compiled, lang, submission: s } = input;
  const def = compiled.definition;
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Observatory';
  wb.created = input.generatedAt;
  const byKey = new Map(input.cells.map((c) => [c.cell_key, c]));

  const about = wb.addWorksheet(ABOUT_SHEET);
  about.columns = [{ width: 28 }, { width: 90 }];
  const facts: Array<[string, string | number]> = [
    ['Questionnaire', label(def.title, lang)],
    ['Country or area', `${input.countryName} (${s.country})`],
    ['Reference year', s.period],
    ['State when downloaded', s.state],
    ['Downloaded', input.generatedAt.toISOString()],
    ['Definition', `${def.id} version ${s.definition_version}`],
    ['Submission', s.id],
    ['Format', FORMAT_MARK],
    ['', ''],
    ['How to fill', 'Type values in the Value column of each section sheet. Leave a value blank when it is not available.'],
    [
      '',
      'Type NK when the value is not known, NA when it does not apply. Mark flags with Y. Add a comment to explain breaks or large changes.',
    ],
    [
      '',
      'Do not change the grey columns, the sheet names or the hidden columns: upload the file back to Observatory, which checks every value.',
    ],
    [
      'Editable sections',
      input.editableSections.length
        ? input.editableSections.map((id) => label(def.sections.find((x) => x.id === id)?.label, lang)).join('; ')
        : '(none: read only)',
    ],
  ];
  for (const [k, v] of facts) about.addRow([k, v]).getCell(1).font = { bold: true };

  // Code lists for drop-downs live on a hidden sheet, referenced by range.
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'veryHidden' });
  const listRanges = new Map<string, string>();
  let col = 1;
  const listRange = (id: string, values: string[]) => {
    if (listRanges.has(id)) return listRanges.get(id)!;
    values.forEach((v, i) => (lists.getCell(i + 1, col).value = v));
    const letter = lists.getColumn(col).letter;
    const range = `${LISTS_SHEET}!$${letter}$1:$${letter}$${Math.max(values.length, 1)}`;
    listRanges.set(id, range);
    col++;
    return range;
  };

  const names = sheetNames(def, lang);
  for (const section of def.sections) {
    const ws = wb.addWorksheet(names.get(section.id)!, { views: [{ state: 'frozen', ySplit: 1, rightToLeft: lang === 'ar' }] });
    const dims = sectionDimensions(def, section.id);
    const dimLabel = (id: string) => label(def.dimensions.find((d) => d.id === id)?.label, lang);
    const headers = ['Item', ...dims.map(dimLabel), ...VALUE_HEADERS, ...HIDDEN_HEADERS];
    ws.columns = headers.map((h, i) => ({ header: h, width: i === 0 ? 48 : i <= dims.length ? 22 : h === 'Comment' ? 40 : 14 }));
    const valueCol = 1 + dims.length + 2;
    const hiddenStart = headers.length - HIDDEN_HEADERS.length + 1;
    ws.getColumn(hiddenStart).hidden = true;
    ws.getColumn(hiddenStart + 1).hidden = true;
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.eachCell((c) => (c.fill = HEADER_FILL));
    const editable = input.editableSections.includes(section.id);

    for (const cell of compiled.cells) {
      if (cell.item.section !== section.id) continue;
      const cur = byKey.get(cell.key);
      const codeName = (dim: string, code: string) => {
        const list = compiled.codeLists.get(def.dimensions.find((d) => d.id === dim)!.codeList);
        return label(list?.codes.find((c) => c.code === code)?.names, lang) || code;
      };
      const row = ws.addRow([
        label(cell.item.label, lang),
        ...dims.map((d) => (d in cell.categories ? codeName(d, cell.categories[d]!) : '')),
        cell.item.unit ?? '',
        display(cur?.value ?? null),
        cur?.flags?.estimated ? 'Y' : null,
        cur?.flags?.provisional ? 'Y' : null,
        cur?.flags?.breakInSeries ? 'Y' : null,
        cur?.comment ?? null,
        cell.key,
        cur?.revision ?? 0,
      ]);
      const help = label(cell.item.help, lang);
      if (help) row.getCell(1).note = help;
      const open = editable && !cell.item.readonly;
      row.eachCell({ includeEmpty: true }, (c, n) => {
        const input = open && n >= valueCol && n < hiddenStart && n !== valueCol - 1;
        c.protection = { locked: !input };
        if (!input && n < hiddenStart) c.fill = LOCKED_FILL;
      });
      const valueCell = row.getCell(valueCol);
      if (cell.item.type === 'code' && cell.item.codeList) {
        const codes = compiled.codeLists.get(cell.item.codeList)?.codes.map((c) => c.code) ?? [];
        valueCell.dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [listRange(cell.item.codeList, [...codes, 'NK', 'NA'])],
          showErrorMessage: true,
        };
      } else if (cell.item.type === 'boolean') {
        valueCell.dataValidation = { type: 'list', allowBlank: true, formulae: ['"Yes,No,NK,NA"'], showErrorMessage: true };
      }
      for (let f = valueCol + 1; f <= valueCol + 3; f++)
        row.getCell(f).dataValidation = { type: 'list', allowBlank: true, formulae: ['"Y"'], showErrorMessage: true };
    }
    await ws.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatColumns: true,
      autoFilter: true,
      sort: false,
      insertRows: false,
      deleteRows: false,
    });
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: hiddenStart - 1 } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
