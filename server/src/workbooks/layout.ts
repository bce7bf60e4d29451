/**
 * The questionnaire as an Excel workbook, shared by export and import: an "About" sheet,
 * one sheet per section with one row per cell, and the columns of those sheets. The cell
 * key and the revision the workbook was made from sit in hidden columns, so an upload
 * knows exactly which cell each row is and whether someone changed it since.
 */
import type { Definition, Language, Names } from '@observatory/core';

export const ABOUT_SHEET = 'About';
export const LISTS_SHEET = 'Lists';
export const FORMAT_MARK = 'observatory-questionnaire-v1';

/** Columns of a section sheet after the item and dimension columns. */
export const VALUE_HEADERS = ['Unit', 'Value', 'Estimated', 'Provisional', 'Break in series', 'Comment'] as const;
export const HIDDEN_HEADERS = ['Cell key', 'Revision'] as const;

export const NOT_KNOWN = ['NK', 'not known', 'non connu', 'no se sabe', 'unknown'];
export const NOT_APPLICABLE = ['NA', 'N/A', 'not applicable', 'sans objet', 'no se aplica'];

export const label = (names: Names | undefined, lang: Language) => (names ? (names[lang] ?? names.en) : '');

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique within the workbook. */
export function sheetNames(definition: Definition, lang: Language): Map<string, string> {
  const used = new Set([ABOUT_SHEET.toLowerCase(), LISTS_SHEET.toLowerCase()]);
  const out = new Map<string, string>();
  definition.sections.forEach((s, i) => {
    const base = `${i + 1} ${label(s.label, lang)}`
      .replace(/[:\\/?*[\]]/g, ' ')
      .trim()
      .slice(0, 31);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 28)} ${n}`;
    used.add(name.toLowerCase());
    out.set(s.id, name);
  });
  return out;
}

/** Dimensions used by a section's items, in first-use order: the section sheet's category columns. */
export function sectionDimensions(definition: Definition, section: string): string[] {
  const dims: string[] = [];
  for (const item of definition.items) if (item.section === section) for (const d of item.dimensions) if (!dims.includes(d)) dims.push(d);
  return dims;
}
