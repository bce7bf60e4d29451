/**
 * Names of what a cell key stands for, in the interface language: the item, each
 * category (from the code lists, country names from the reference data), the unit.
 */
import { parseCellKey, type CompiledDefinition } from '@observatory/core';
import type { Formatters } from '../../../i18n/format.js';

export interface Labeler {
  item(itemId: string): string;
  /** A code of a dimension's code list. */
  code(dimensionId: string, code: string): string;
  /** A code of any code list by list id (ranking answers). */
  listCode(listId: string, code: string): string;
  dimension(dimensionId: string): string;
  /** "Detected victims — Sexual exploitation, Female, Children" */
  cell(key: string): string;
  /** "Sexual exploitation, Female, Children" */
  categories(key: string): string;
  /** The language's list separator. */
  separator: string;
}

/** `separator` joins categories the way the language lists things (", " in English, "، " in Arabic). */
export function makeLabeler(compiled: CompiledDefinition, fmt: Formatters, separator = ', '): Labeler {
  const dims = new Map(compiled.definition.dimensions.map((d) => [d.id, d]));
  const codeNames = new Map<string, Map<string, string>>();
  const namesOf = (listId: string) => {
    let m = codeNames.get(listId);
    if (!m) {
      m = new Map(compiled.codeLists.get(listId)?.codes.map((c) => [c.code, fmt.name(c.names, c.code)]));
      codeNames.set(listId, m);
    }
    return m;
  };
  const listCode = (listId: string, code: string) => namesOf(listId).get(code) ?? code;
  const code = (dimensionId: string, c: string) => {
    const d = dims.get(dimensionId);
    return d ? listCode(d.codeList, c) : c;
  };
  const item = (id: string) => fmt.name(compiled.itemById.get(id)?.label, id);
  const categories = (key: string) => {
    const { item: itemId, categories: cats } = parseCellKey(key);
    const order = compiled.itemById.get(itemId)?.dimensions ?? Object.keys(cats);
    return order.map((d) => code(d, cats[d] ?? '')).join(separator);
  };
  return {
    separator,
    item,
    code,
    listCode,
    dimension: (id) => fmt.name(dims.get(id)?.label, id),
    categories,
    cell: (key) => {
      const cats = categories(key);
      const name = item(parseCellKey(key).item);
      return cats ? `${name} — ${cats}` : name;
    },
  };
}
