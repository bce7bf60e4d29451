/**
 * What a cell holds. Blank (no cell at all) means "not available"; a country can also say
 * explicitly "not known" or "not applicable". Published history can hold a suppressed small
 * count ("<5"), kept as such. Flags and a free comment travel with every value.
 */
export type CellValue =
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'code'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'ranking'; value: string[] }
  | { kind: 'not_known' }
  | { kind: 'not_applicable' }
  | { kind: 'suppressed'; below: number };

export interface CellFlags {
  estimated?: boolean;
  provisional?: boolean;
  breakInSeries?: boolean;
}

export interface Cell {
  value: CellValue;
  flags?: CellFlags;
  comment?: string | null;
}

export type CellMap = ReadonlyMap<string, Cell>;

/** The number a cell holds, or null when it holds none (blank, not known, not applicable, suppressed, text). */
export function numberOf(cell: Cell | undefined): number | null {
  return cell && cell.value.kind === 'number' ? cell.value.value : null;
}

export const hasComment = (cell: Cell | undefined) => Boolean(cell?.comment && cell.comment.trim().length > 0);

/** Answered: anything but blank. "Not known" is an answer; blank is not. */
export const isAnswered = (cell: Cell | undefined) => cell !== undefined;
