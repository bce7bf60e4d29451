/**
 * How an item is laid out as tables: the first dimension down the rows, the second
 * across the columns, any further dimensions as groups (one table per combination).
 * An item without dimensions is a single cell; with one, a single value column.
 *
 * A dimension over the country list (hundreds of codes, of which a country fills a few)
 * is "sparse": its rows appear when they hold something or when the user adds them.
 */
import type { Categories, CodeList, CompiledDefinition, Dimension, Item } from '@observatory/core';
import { cellKey } from '@observatory/core';

export const SPARSE_THRESHOLD = 60;

export interface AxisCode {
  code: string;
  /** Nesting depth in the code list's hierarchy (0 = top), for indentation. */
  depth: number;
  total: boolean;
  /** Other asked codes sit under this one (a drug group): its row is their total. */
  group: boolean;
}

export interface Axis {
  dimension: Dimension;
  list: CodeList | undefined;
  codes: AxisCode[];
}

export interface TableGroup {
  /** Codes of the group dimensions (3rd and 4th), empty when the item has at most two. */
  at: Categories;
}

export interface ItemLayout {
  item: Item;
  rows: Axis | null;
  columns: Axis | null;
  groupAxes: Axis[];
  groups: TableGroup[];
  /** The row dimension has too many codes to show all: rows appear on demand. */
  sparse: boolean;
  /** Cell key for a row code, column code and group, or null where the definition does not ask it. */
  keyAt(row: string | null, column: string | null, group: TableGroup): string | null;
}

const parentMaps = new WeakMap<CodeList, Map<string, string | null>>();

function depthIn(list: CodeList | undefined, code: string): number {
  if (!list) return 0;
  let parents = parentMaps.get(list);
  if (!parents) parentMaps.set(list, (parents = new Map(list.codes.map((c) => [c.code, c.parent ?? null]))));
  let depth = 0;
  let p = parents.get(code) ?? null;
  // Per-country lists (provinces) have the country as parent, which is not a code of the list.
  while (p && parents.has(p) && depth < 10) {
    depth += 1;
    p = parents.get(p) ?? null;
  }
  return depth;
}

function axisOf(compiled: CompiledDefinition, dimensionId: string, used: Set<string> | null): Axis {
  const dimension = compiled.definition.dimensions.find((d) => d.id === dimensionId)!;
  const list = compiled.codeLists.get(dimension.codeList);
  const byCode = new Map(list?.codes.map((c) => [c.code, c]));
  const asked = (compiled.dimensionCodes.get(dimensionId) ?? []).filter((c) => !used || used.has(c));
  const parents = new Set(asked.map((c) => byCode.get(c)?.parent).filter((p): p is string => Boolean(p)));
  const codes = asked.map((code) => ({
    code,
    depth: depthIn(list, code),
    total: Boolean(byCode.get(code)?.total),
    group: parents.has(code),
  }));
  return { dimension, list, codes };
}

export function layoutItem(compiled: CompiledDefinition, item: Item): ItemLayout {
  const dims = item.dimensions;
  // With explicit combinations, only codes that occur in one are shown.
  const used = (d: string) => (item.combinations ? new Set(item.combinations.map((c) => c[d]!)) : null);
  const rows = dims[0] ? axisOf(compiled, dims[0], used(dims[0])) : null;
  const columns = dims[1] ? axisOf(compiled, dims[1], used(dims[1])) : null;
  const groupAxes = dims.slice(2).map((d) => axisOf(compiled, d, used(d)));
  let groups: TableGroup[] = [{ at: {} }];
  for (const axis of groupAxes) groups = groups.flatMap((g) => axis.codes.map((c) => ({ at: { ...g.at, [axis.dimension.id]: c.code } })));
  const sparse = Boolean(rows && rows.dimension.codeList === 'country' && rows.codes.length > SPARSE_THRESHOLD);

  return {
    item,
    rows,
    columns,
    groupAxes,
    groups,
    sparse,
    keyAt(row, column, group) {
      const cats: Categories = { ...group.at };
      if (rows && row !== null) cats[rows.dimension.id] = row;
      if (columns && column !== null) cats[columns.dimension.id] = column;
      const key = cellKey(item.id, dims, cats);
      return compiled.cellByKey.has(key) ? key : null;
    },
  };
}

/** Items of a section, in definition order. */
export const itemsOfSection = (compiled: CompiledDefinition, section: string): Item[] =>
  compiled.definition.items.filter((i) => i.section === section);
