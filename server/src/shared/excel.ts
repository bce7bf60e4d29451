/**
 * exceljs, loaded when a workbook is first read or written: it is the largest library we
 * use (about 28 MB of a process's memory and most of a second to load), and most commands,
 * every CSV import and its workers never touch a workbook.
 */
import type ExcelJS from 'exceljs';

export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
