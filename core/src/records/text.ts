/** Comparing labels as people type them: no case, no accents, no punctuation or spacing. */
export const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** Trims; returns '' for nullish. Inner spacing is the author's and is kept. */
export const clean = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v.trim() : String(v).trim());
