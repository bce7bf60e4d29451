/**
 * Cells of SDMX-CSV files: RFC 4180 quoting (SDMX-CSV 2.0 builds on RFC 4180) and the guard
 * against formula injection for free text opened in spreadsheets (OWASP "CSV Injection").
 */

/** RFC 4180: a field with a comma, a double quote or a line break is quoted, quotes doubled. */
export const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Records end with CRLF (RFC 4180, 2.1). */
export const CSV_LINE_END = '\r\n';

/**
 * Free text starting with =, +, -, @, tab or CR would be run as a formula by spreadsheets: it
 * gets a leading apostrophe. Text already starting with an apostrophe gets one more, so that
 * `unguardFormula` restores every value exactly. Codes and numbers are never guarded: SDMX ids
 * cannot hold the parentheses a formula call needs, and negative numbers must stay numbers.
 */
export const guardFormula = (text: string): string => (/^[=+\-@\t\r']/.test(text) ? `'${text}` : text);

/** Undoes guardFormula when reading a file back. */
export const unguardFormula = (text: string): string => (/^'[=+\-@\t\r']/.test(text) ? text.slice(1) : text);

/** OBS_VALUE as written: JavaScript's shortest round-trip form (a valid xs:double); empty when absent. */
export const formatObsValue = (value: number | null): string => (value === null || !Number.isFinite(value) ? '' : String(value));
