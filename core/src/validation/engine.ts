/**
 * The one validation engine: the browser runs it as a provider types, the server runs it
 * on save, on upload and before a submission may leave the country. Results name the rule,
 * the cells involved and their categories, with a stable id that acknowledgements refer to.
 */
import { parseCellKey, type Categories } from '../definitions/cells.js';
import type { CompiledDefinition, CompiledRule, CompareGroup } from '../definitions/compile.js';
import type { Operator, Severity, Tolerance } from '../definitions/model.js';
import { hasComment, numberOf, type Cell, type CellMap } from '../definitions/values.js';
import { modifiedZ, relativeChange } from '../stats/robust.js';

export interface ValidationContext {
  /** The same country's values for the previous period, for year-on-year checks. */
  previous?: CellMap;
  /** The country's own earlier values per cell (oldest first), for outlier checks. */
  history?: ReadonlyMap<string, readonly number[]>;
  /** Result ids a user has acknowledged. */
  acknowledged?: ReadonlySet<string>;
}

export interface ValidationResult {
  /** Stable: rule id and primary cell, e.g. `sex_total@victims|sex=T|age=T`. */
  id: string;
  ruleId: string;
  severity: Severity;
  /** Message code for translation, with its parameters. */
  code: string;
  params: Record<string, string | number>;
  message: string;
  cell: string;
  cells: string[];
  item: string;
  categories: Categories;
  /** Warnings: resolved by a comment on the cell (always) or an acknowledgement (unless a comment is required). */
  needsComment: boolean;
  resolved: boolean;
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en') : n.toLocaleString('en', { maximumFractionDigits: 6 }));

/**
 * Tolerance widens what counts as agreement, and each operator's negation is its exact
 * complement: `<=` passes up to right + slack and `>` only beyond it; `=` within slack and
 * `!=` outside it.
 */
export function holds(left: number, op: Operator, right: number, tolerance?: Tolerance): boolean {
  const scale = Math.max(Math.abs(left), Math.abs(right));
  const slack = Math.max(tolerance?.absolute ?? 0, (tolerance?.relative ?? 0) * scale, 1e-9 * scale);
  switch (op) {
    case '<=':
      return left <= right + slack;
    case '>':
      return left > right + slack;
    case '>=':
      return left >= right - slack;
    case '<':
      return left < right - slack;
    case '=':
      return Math.abs(left - right) <= slack;
    case '!=':
      return Math.abs(left - right) > slack;
  }
}

export const NEGATION: Readonly<Record<Operator, Operator>> = { '<=': '>', '>': '<=', '>=': '<', '<': '>=', '=': '!=', '!=': '=' };

export function evaluateCompare(
  group: CompareGroup,
  op: Operator,
  tolerance: Tolerance | undefined,
  missing: CompiledRule['missing'],
  cells: CellMap,
): { outcome: 'pass' | 'fail' | 'skip'; left: number; right: number } {
  const values = [...group.left, ...group.right].map((k) => numberOf(cells.get(k)));
  const absent = values.filter((v) => v === null).length;
  if (missing === 'skip_if_any_missing' && absent > 0) return { outcome: 'skip', left: 0, right: 0 };
  if (missing === 'skip_if_all_missing' && absent === values.length) return { outcome: 'skip', left: 0, right: 0 };
  const sum = (keys: string[]) => keys.reduce((s, k) => s + (numberOf(cells.get(k)) ?? 0), 0);
  const left = sum(group.left);
  const right = sum(group.right);
  return { outcome: holds(left, op, right, tolerance) ? 'pass' : 'fail', left, right };
}

export function validate(compiled: CompiledDefinition, cells: CellMap, ctx: ValidationContext = {}): ValidationResult[] {
  const results: ValidationResult[] = [];
  const push = (
    rule: Pick<CompiledRule, 'id' | 'severity' | 'source'>,
    cell: string,
    involved: string[],
    code: string,
    params: Record<string, string | number>,
    english: string,
    needsComment = false,
  ) => {
    const { item, categories } = parseCellKey(cell);
    const id = `${rule.id}@${cell}`;
    const commented = involved.some((k) => hasComment(cells.get(k)));
    const resolved =
      rule.severity !== 'error' && (needsComment ? hasComment(cells.get(cell)) : commented || Boolean(ctx.acknowledged?.has(id)));
    const custom = rule.source?.message?.en;
    const message = custom ? custom.replace(/\{(\w+)\}/g, (_m, p: string) => String(params[p] ?? `{${p}}`)) : english;
    results.push({
      id,
      ruleId: rule.id,
      severity: rule.severity,
      code,
      params,
      message,
      cell,
      cells: involved,
      item,
      categories,
      needsComment,
      resolved,
    });
  };

  // Type checks come first: a value of the wrong kind is an error whatever the rules say.
  for (const [key, cell] of cells) {
    const c = compiled.cellByKey.get(key);
    if (!c) continue;
    const problem = typeProblem(
      c.item.type,
      cell,
      c.item.codeList ? compiled.codeLists.get(c.item.codeList)?.codes.map((x) => x.code) : undefined,
      c.item.ranks,
    );
    if (problem)
      push({ id: `type:${c.item.id}`, severity: 'error', source: null }, key, [key], 'wrong_type', { expected: c.item.type }, problem);
  }

  for (const rule of compiled.rules) {
    const plan = rule.plan;
    switch (plan.kind) {
      case 'required':
        for (const k of plan.cells)
          if (!cells.has(k)) push(rule, k, [k], 'required', {}, 'a value is required here (or say "not known" / "not applicable")');
        break;
      case 'range':
        for (const k of plan.cells) {
          const v = numberOf(cells.get(k));
          if (v === null) continue;
          if (plan.min !== undefined && v < plan.min)
            push(rule, k, [k], 'below_minimum', { value: v, min: plan.min }, `${fmt(v)} is below the minimum of ${fmt(plan.min)}`);
          else if (plan.max !== undefined && v > plan.max)
            push(rule, k, [k], 'above_maximum', { value: v, max: plan.max }, `${fmt(v)} is above the maximum of ${fmt(plan.max)}`);
        }
        break;
      case 'compare':
        for (const g of plan.groups) {
          const r = evaluateCompare(g, plan.op, plan.tolerance, rule.missing, cells);
          if (r.outcome !== 'fail') continue;
          const primary = g.right.length === 1 ? g.right[0]! : g.left[0]!;
          const leftLabel = g.left.length > 1 ? `the sum of ${g.left.length} parts` : 'the left side';
          push(
            rule,
            primary,
            [...g.left, ...g.right],
            'compare_failed',
            { left: r.left, op: plan.op, right: r.right },
            `${leftLabel} (${fmt(r.left)}) should be ${plan.op} ${fmt(r.right)}`,
          );
        }
        break;
      case 'requires':
        for (const p of plan.pairs) {
          if (cells.has(p.if) && !cells.has(p.then))
            push(
              rule,
              p.then,
              [p.if, p.then],
              'requires',
              { other: p.if },
              `this is required because ${parseCellKey(p.if).item} is answered`,
            );
        }
        break;
      case 'yoy_change':
        if (!ctx.previous) break;
        for (const k of plan.cells) {
          const cur = numberOf(cells.get(k));
          const prev = numberOf(ctx.previous.get(k));
          if (cur === null || prev === null) continue;
          const change = relativeChange(cur, prev, plan.minBase);
          if (change > plan.threshold)
            push(
              rule,
              k,
              [k],
              'yoy_change',
              { current: cur, previous: prev, change: Math.round(change * 100) },
              `changed by ${Math.round(change * 100)} % from ${fmt(prev)} the year before: explain in a comment`,
              true,
            );
        }
        break;
      case 'outlier':
        if (!ctx.history) break;
        for (const k of plan.cells) {
          const cur = numberOf(cells.get(k));
          const hist = ctx.history.get(k);
          if (cur === null || !hist || hist.length < plan.minHistory) continue;
          if (plan.method === 'modified_z') {
            const z = modifiedZ(cur, hist);
            if (Math.abs(z) > plan.threshold)
              push(
                rule,
                k,
                [k],
                'outlier_z',
                { value: cur, z: Number.isFinite(z) ? Math.round(z * 10) / 10 : 'inf' },
                `${fmt(cur)} is unusual against this country's history (modified z-score ${Number.isFinite(z) ? z.toFixed(1) : '∞'})`,
              );
          } else {
            const lo = Math.min(...hist) * (1 - plan.margin);
            const hi = Math.max(...hist) * (1 + plan.margin);
            if (cur < lo || cur > hi)
              push(
                rule,
                k,
                [k],
                'outlier_bounds',
                { value: cur, min: lo, max: hi },
                `${fmt(cur)} is outside this country's earlier range (${fmt(lo)} to ${fmt(hi)})`,
              );
          }
        }
        break;
    }
  }
  return results;
}

function typeProblem(type: string, cell: Cell, codes: string[] | undefined, ranks: number | undefined): string | null {
  const v = cell.value;
  if (v.kind === 'not_known' || v.kind === 'not_applicable') return null;
  if (v.kind === 'suppressed') return type === 'number' || type === 'integer' ? null : 'only counts can be suppressed';
  switch (type) {
    case 'number':
    case 'percentage':
      return v.kind === 'number' && Number.isFinite(v.value) ? null : 'a number is expected';
    case 'integer':
      return v.kind === 'number' && Number.isInteger(v.value) ? null : 'a whole number is expected';
    case 'text':
      return v.kind === 'text' ? null : 'text is expected';
    case 'boolean':
      return v.kind === 'boolean' ? null : 'yes or no is expected';
    case 'code':
      if (v.kind !== 'code') return 'a code is expected';
      return codes && !codes.includes(v.value) ? `${v.value} is not one of the codes allowed here` : null;
    case 'ranking': {
      if (v.kind !== 'ranking') return 'a ranked list is expected';
      if (ranks !== undefined && v.value.length > ranks) return `at most ${ranks} entries may be ranked`;
      if (new Set(v.value).size !== v.value.length) return 'an entry is ranked twice';
      const bad = codes ? v.value.find((c) => !codes.includes(c)) : undefined;
      return bad ? `${bad} is not one of the codes allowed here` : null;
    }
    default:
      return null;
  }
}

export interface ValidationSummary {
  errors: number;
  warnings: number;
  unresolvedWarnings: number;
  infos: number;
  /** What stops a submission: every error and every unresolved warning. */
  blocking: ValidationResult[];
}

export function summarize(results: readonly ValidationResult[]): ValidationSummary {
  const errors = results.filter((r) => r.severity === 'error');
  const warnings = results.filter((r) => r.severity === 'warning');
  const unresolved = warnings.filter((r) => !r.resolved);
  return {
    errors: errors.length,
    warnings: warnings.length,
    unresolvedWarnings: unresolved.length,
    infos: results.filter((r) => r.severity === 'info').length,
    blocking: [...errors, ...unresolved],
  };
}
