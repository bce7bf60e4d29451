/** CSV for the analyst's downloads, neutralised against formula injection when opened in a spreadsheet. */
import { saveBlob } from '../../api/client.js';

const cell = (v: unknown) => {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const toCsv = (rows: ReadonlyArray<ReadonlyArray<unknown>>) =>
  '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

export const saveCsv = (fileName: string, text: string) => saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), fileName);
