/**
 * Loading a definition: check it against its code lists, compute every item's cells (and
 * refuse combination explosions), and turn every rule into a plan over concrete cells, so
 * that validation is a fast loop the browser can run on every keystroke.
 */
import { cellKey, CODE_PATTERN, ID_PATTERN, type Categories } from './cells.js';
import { MAX_CELLS_PER_DEFINITION, MAX_CELLS_PER_ITEM } from './limits.js';
import type { CodeList, Definition, Item, MissingStrategy, Operator, Rule, Selector, Severity, Tolerance } from './model.js';

export interface CompiledCell {
  key: string;
  item: Item;
  categories: Categories;
}

export interface CompareGroup {
  left: string[];
  right: string[];
  /** The iteration point: codes of the `over` dimensions. */
  at: Categories;
}

export type RulePlan =
  | { kind: 'required'; cells: string[] }
  | { kind: 'range'; cells: string[]; min?: number; max?: number }
  | { kind: 'compare'; groups: CompareGroup[]; op: Operator; tolerance?: Tolerance }
  | { kind: 'requires'; pairs: Array<{ if: string; then: string }> }
  | { kind: 'yoy_change'; cells: string[]; threshold: number; minBase: number }
  | { kind: 'outlier'; cells: string[]; method: 'modified_z' | 'bounds'; threshold: number; margin: number; minHistory: number };

export interface CompiledRule {
  id: string;
  severity: Severity;
  missing: MissingStrategy;
  source: Rule | null;
  plan: RulePlan;
}

export interface CompiledDefinition {
  definition: Definition;
  cells: CompiledCell[];
  cellByKey: ReadonlyMap<string, CompiledCell>;
  itemById: ReadonlyMap<string, Item>;
  /** Asked codes of each dimension. */
  dimensionCodes: ReadonlyMap<string, string[]>;
  codeLists: ReadonlyMap<string, CodeList>;
  rules: CompiledRule[];
  cardinality: { total: number; perItem: Record<string, number> };
}

export interface DefinitionProblem {
  path: string;
  message: string;
}

export class DefinitionError extends Error {
  constructor(readonly problems: DefinitionProblem[]) {
    super(`the definition is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'DefinitionError';
  }
}

export type CodeListSource = ReadonlyMap<string, CodeList>;

export interface CompileOptions {
  /** Compile for one reporting unit: per-country dimensions keep only that unit's codes. */
  country?: string;
}

export function compileDefinition(definition: Definition, codeLists: CodeListSource, options: CompileOptions = {}): CompiledDefinition {
  const problems: DefinitionProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });

  unique(
    definition.sections.map((s) => s.id),
    '/sections',
    problem,
  );
  unique(
    definition.dimensions.map((d) => d.id),
    '/dimensions',
    problem,
  );
  unique(
    definition.items.map((i) => i.id),
    '/items',
    problem,
  );
  unique(
    definition.rules.map((r) => r.id),
    '/rules',
    problem,
  );

  const sections = new Set(definition.sections.map((s) => s.id));
  const usedLists = new Map<string, CodeList>();
  const dimensionCodes = new Map<string, string[]>();
  definition.dimensions.forEach((d, i) => {
    if (!ID_PATTERN.test(d.id)) problem(`/dimensions/${i}/id`, `"${d.id}" is not a valid id`);
    const list = codeLists.get(d.codeList);
    if (!list) return problem(`/dimensions/${i}/codeList`, `unknown code list ${d.codeList}`);
    usedLists.set(list.id, list);
    const known = new Set(list.codes.map((c) => c.code));
    let codes = d.codes ?? list.codes.map((c) => c.code);
    if (d.perCountry && options.country) {
      const own = new Set(list.codes.filter((c) => c.parent === options.country).map((c) => c.code));
      codes = codes.filter((c) => own.has(c));
    }
    codes.forEach((c, j) => {
      if (!known.has(c)) problem(`/dimensions/${i}/codes/${j}`, `code ${c} is not in code list ${list.id}`);
      if (!CODE_PATTERN.test(c)) problem(`/dimensions/${i}/codes/${j}`, `code "${c}" has characters a cell key cannot hold`);
    });
    dimensionCodes.set(d.id, codes);
  });

  // Cells of every item, with the cardinality guard.
  const cells: CompiledCell[] = [];
  const perItem: Record<string, number> = {};
  const itemById = new Map<string, Item>();
  definition.items.forEach((item, i) => {
    itemById.set(item.id, item);
    const path = `/items/${i}`;
    if (!ID_PATTERN.test(item.id)) problem(`${path}/id`, `"${item.id}" is not a valid id`);
    if (!sections.has(item.section)) problem(`${path}/section`, `unknown section ${item.section}`);
    const missingDims = item.dimensions.filter((d) => !dimensionCodes.has(d));
    missingDims.forEach((d) => problem(`${path}/dimensions`, `unknown dimension ${d}`));
    if (new Set(item.dimensions).size !== item.dimensions.length) problem(`${path}/dimensions`, 'a dimension is listed twice');
    if ((item.type === 'code' || item.type === 'ranking') && (!item.codeList || !codeLists.has(item.codeList)))
      problem(`${path}/codeList`, `a ${item.type} item needs a known code list`);
    if (item.codeList && codeLists.has(item.codeList)) usedLists.set(item.codeList, codeLists.get(item.codeList)!);
    if (item.type === 'ranking' && !(item.ranks && item.ranks > 0)) problem(`${path}/ranks`, 'a ranking item needs a number of ranks');
    if (missingDims.length > 0) return;

    const count = item.combinations
      ? item.combinations.length
      : item.dimensions.reduce((n, d) => n * (dimensionCodes.get(d)?.length ?? 0), 1);
    perItem[item.id] = count;
    if (count > MAX_CELLS_PER_ITEM) {
      const sizes = item.dimensions.map((d) => `${d} ${dimensionCodes.get(d)!.length}`).join(' × ');
      return problem(
        path,
        `item ${item.id} asks ${count.toLocaleString('en')} cells (${sizes}), above the limit of ${MAX_CELLS_PER_ITEM.toLocaleString('en')}: list the combinations asked, or split the item`,
      );
    }
    const combos = item.combinations ?? cartesian(item.dimensions.map((d) => [d, dimensionCodes.get(d)!] as const));
    combos.forEach((combo, j) => {
      const dims = Object.keys(combo);
      if (dims.length !== item.dimensions.length || item.dimensions.some((d) => !(d in combo)))
        return problem(`${path}/combinations/${j}`, `must give exactly one code for each of ${item.dimensions.join(', ')}`);
      for (const d of item.dimensions)
        if (!dimensionCodes.get(d)!.includes(combo[d]!))
          return problem(`${path}/combinations/${j}/${d}`, `code ${combo[d]} is not asked for dimension ${d}`);
      cells.push({ key: cellKey(item.id, item.dimensions, combo), item, categories: combo });
    });
  });
  const total = cells.length;
  if (total > MAX_CELLS_PER_DEFINITION)
    problem(
      '/items',
      `the definition asks ${total.toLocaleString('en')} cells, above the limit of ${MAX_CELLS_PER_DEFINITION.toLocaleString('en')}`,
    );
  if (problems.length > 0) throw new DefinitionError(problems);

  const cellByKey = new Map(cells.map((c) => [c.key, c]));
  const dimensionLists = new Map(definition.dimensions.map((d) => [d.id, d.codeList]));
  const ctx: PlanContext = { itemById, dimensionLists, dimensionCodes, cellByKey, codeLists, problem };
  const rules: CompiledRule[] = [...implicitRules(definition, cells)];
  definition.rules.forEach((rule, i) => {
    const plan = planRule(rule, `/rules/${i}`, ctx);
    if (plan) rules.push({ id: rule.id, severity: rule.severity, missing: rule.missing ?? defaultMissing(plan), source: rule, plan });
  });
  if (problems.length > 0) throw new DefinitionError(problems);

  return { definition, cells, cellByKey, itemById, dimensionCodes, codeLists: usedLists, rules, cardinality: { total, perItem } };
}

function defaultMissing(plan: RulePlan): MissingStrategy {
  return plan.kind === 'compare' ? 'skip_if_any_missing' : 'never_skip';
}

function unique(ids: string[], path: string, problem: (p: string, m: string) => void) {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) problem(`${path}/${i}/id`, `id ${id} is used twice`);
    seen.add(id);
  });
}

function cartesian(dims: ReadonlyArray<readonly [string, string[]]>): Categories[] {
  let out: Categories[] = [{}];
  for (const [dim, codes] of dims) out = out.flatMap((partial) => codes.map((code) => ({ ...partial, [dim]: code })));
  return out;
}

/** Type and range checks every numeric item carries without being written as rules. */
function* implicitRules(definition: Definition, cells: CompiledCell[]): Generator<CompiledRule> {
  for (const item of definition.items) {
    const keys = cells.filter((c) => c.item.id === item.id).map((c) => c.key);
    if (keys.length === 0) continue;
    const numeric = item.type === 'number' || item.type === 'integer' || item.type === 'percentage';
    if (numeric) {
      const min = item.min ?? 0;
      const max = item.max ?? (item.type === 'percentage' ? 100 : undefined);
      yield {
        id: `range:${item.id}`,
        severity: 'error',
        missing: 'never_skip',
        source: null,
        plan: { kind: 'range', cells: keys, min, ...(max === undefined ? {} : { max }) },
      };
    }
    if (item.required)
      yield { id: `required:${item.id}`, severity: 'error', missing: 'never_skip', source: null, plan: { kind: 'required', cells: keys } };
  }
}

interface PlanContext {
  itemById: ReadonlyMap<string, Item>;
  dimensionLists: ReadonlyMap<string, string>;
  dimensionCodes: ReadonlyMap<string, string[]>;
  cellByKey: ReadonlyMap<string, CompiledCell>;
  codeLists: CodeListSource;
  problem: (path: string, message: string) => void;
}

function checkSelector(s: Selector, path: string, ctx: PlanContext): Item | null {
  const item = ctx.itemById.get(s.item);
  if (!item) {
    ctx.problem(`${path}/item`, `unknown item ${s.item}`);
    return null;
  }
  for (const [d, code] of Object.entries(s.where ?? {})) {
    if (!item.dimensions.includes(d)) ctx.problem(`${path}/where/${d}`, `item ${item.id} has no dimension ${d}`);
    else if (!ctx.dimensionCodes.get(d)!.includes(code)) ctx.problem(`${path}/where/${d}`, `code ${code} is not asked for dimension ${d}`);
  }
  return item;
}

/** Dimensions a selector leaves free: those of its item not fixed by `where`. */
const freeDims = (item: Item, s: Selector) => item.dimensions.filter((d) => !(d in (s.where ?? {})));

/** Concrete cells a selector stands for, one per combination of its free dimensions that the definition asks. */
function selectorCells(s: Selector, ctx: PlanContext): string[] {
  const item = ctx.itemById.get(s.item)!;
  const free = freeDims(item, s);
  return cartesian(free.map((d) => [d, ctx.dimensionCodes.get(d)!] as const))
    .map((combo) => cellKey(item.id, item.dimensions, { ...combo, ...s.where }))
    .filter((k) => ctx.cellByKey.has(k));
}

function compareGroups(
  sides: { left: Selector[]; right: Selector[] },
  over: string[] | undefined,
  path: string,
  ctx: PlanContext,
): CompareGroup[] | null {
  const all = [...sides.left, ...sides.right];
  const items = all.map((s, i) => checkSelector(s, `${path}/selectors/${i}`, ctx));
  if (items.some((i) => i === null)) return null;
  const first = items[0]!;
  const dims = over ?? freeDims(first, all[0]!);
  for (const d of dims) if (!ctx.dimensionCodes.has(d)) ctx.problem(`${path}/over`, `unknown dimension ${d}`);
  let ok = true;
  all.forEach((s, i) => {
    const undetermined = freeDims(items[i]!, s).filter((d) => !dims.includes(d));
    if (undetermined.length > 0) {
      ctx.problem(`${path}`, `selector on ${s.item} leaves ${undetermined.join(', ')} open: fix it in "where" or add it to "over"`);
      ok = false;
    }
  });
  if (!ok) return null;
  const groups: CompareGroup[] = [];
  for (const at of cartesian(dims.map((d) => [d, ctx.dimensionCodes.get(d)!] as const))) {
    const key = (s: Selector, item: Item) => {
      const cats: Categories = { ...s.where };
      for (const d of item.dimensions) if (!(d in cats)) cats[d] = at[d]!;
      return cellKey(item.id, item.dimensions, cats);
    };
    const left = sides.left.map((s, i) => key(s, items[i]!));
    const right = sides.right.map((s, i) => key(s, items[sides.left.length + i]!));
    // A group is checked only where the definition asks every cell it names.
    if ([...left, ...right].every((k) => ctx.cellByKey.has(k))) groups.push({ left, right, at });
  }
  return groups;
}

function totalCode(dimension: string, ctx: PlanContext, listId: string): { total: string; parts: string[] } | null {
  const list = ctx.codeLists.get(listId);
  const asked = ctx.dimensionCodes.get(dimension) ?? [];
  const total = list?.codes.find((c) => c.total && asked.includes(c.code));
  if (!list || !total) return null;
  const parts = asked.filter((code) => {
    const c = list.codes.find((x) => x.code === code)!;
    return !c.total && (c.parent ?? total.code) === total.code;
  });
  return { total: total.code, parts };
}

function planRule(rule: Rule, path: string, ctx: PlanContext): RulePlan | null {
  switch (rule.kind) {
    case 'required':
    case 'range':
    case 'yoy_change':
    case 'outlier': {
      if (!checkSelector(rule.target, `${path}/target`, ctx)) return null;
      const cells = selectorCells(rule.target, ctx);
      if (rule.kind === 'required') return { kind: 'required', cells };
      if (rule.kind === 'range')
        return {
          kind: 'range',
          cells,
          ...(rule.min === undefined ? {} : { min: rule.min }),
          ...(rule.max === undefined ? {} : { max: rule.max }),
        };
      if (rule.kind === 'yoy_change') return { kind: 'yoy_change', cells, threshold: rule.threshold, minBase: rule.minBase ?? 1 };
      return {
        kind: 'outlier',
        cells,
        method: rule.method,
        threshold: rule.method === 'modified_z' ? (rule.threshold ?? 3.5) : 0,
        margin: rule.method === 'bounds' ? (rule.margin ?? 0) : 0,
        minHistory: rule.minHistory ?? 5,
      };
    }
    case 'compare': {
      const groups = compareGroups({ left: rule.left, right: rule.right }, rule.over, path, ctx);
      return groups && { kind: 'compare', groups, op: rule.op, ...(rule.tolerance ? { tolerance: rule.tolerance } : {}) };
    }
    case 'part_le_total': {
      const groups = compareGroups({ left: [rule.part], right: [rule.total] }, rule.over, path, ctx);
      return groups && { kind: 'compare', groups, op: '<=' };
    }
    case 'sum_equals_total': {
      const groups = compareGroups({ left: rule.parts, right: [rule.total] }, rule.over, path, ctx);
      return groups && { kind: 'compare', groups, op: '=', ...(rule.tolerance ? { tolerance: rule.tolerance } : {}) };
    }
    case 'dimension_total': {
      const item = ctx.itemById.get(rule.item);
      if (!item || !item.dimensions.includes(rule.dimension)) {
        ctx.problem(`${path}`, `item ${rule.item} has no dimension ${rule.dimension}`);
        return null;
      }
      const dim = ctx.dimensionCodes.get(rule.dimension);
      const listId = ctx.dimensionLists.get(rule.dimension);
      const tp = dim && listId ? totalCode(rule.dimension, ctx, listId) : null;
      if (!tp) {
        ctx.problem(`${path}/dimension`, `dimension ${rule.dimension} has no total code among the codes asked`);
        return null;
      }
      const parts = tp.parts.map((code) => ({ item: rule.item, where: { [rule.dimension]: code } }));
      const over = item.dimensions.filter((d) => d !== rule.dimension);
      const groups = compareGroups({ left: parts, right: [{ item: rule.item, where: { [rule.dimension]: tp.total } }] }, over, path, ctx);
      return groups && { kind: 'compare', groups, op: '=', ...(rule.tolerance ? { tolerance: rule.tolerance } : {}) };
    }
    case 'requires': {
      const groups = compareGroups({ left: [rule.if], right: [rule.then] }, rule.over, path, ctx);
      return groups && { kind: 'requires', pairs: groups.map((g) => ({ if: g.left[0]!, then: g.right[0]! })) };
    }
  }
}
