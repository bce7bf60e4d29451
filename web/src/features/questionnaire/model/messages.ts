/**
 * Validation results in the interface language. The engine gives each result a message
 * code and its parameters; a rule may carry its own message in six languages. Numbers
 * are formatted for the locale, cell keys become the names of what they stand for.
 */
import type { TFunction } from 'i18next';
import type { CompiledDefinition, Names, Rule, ValidationResult } from '@observatory/core';
import type { Formatters } from '../../../i18n/format.js';
import type { Labeler } from './labels.js';

const OPERATOR_WORDS: Record<string, string> = { '<=': 'le', '<': 'lt', '>=': 'ge', '>': 'gt', '=': 'eq', '!=': 'ne' };

export function makeResultText(compiled: CompiledDefinition, fmt: Formatters, t: TFunction, labels: Labeler) {
  const rules = new Map<string, Rule>(compiled.definition.rules.map((r) => [r.id, r]));
  const param = (name: string, v: string | number): string => {
    if (typeof v === 'number') return fmt.number(v);
    if (name === 'other') return labels.cell(v);
    return v;
  };

  return (r: ValidationResult): string => {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.params)) params[k] = param(k, v);
    const rule = rules.get(r.ruleId);
    const custom = rule?.message as Names | undefined;
    const own = custom?.[fmt.lang] ?? (fmt.lang === 'en' ? custom?.en : undefined);
    if (own) return own.replace(/\{(\w+)\}/g, (m, p: string) => params[p] ?? m);

    if (r.code === 'compare_failed') {
      const kind = rule?.kind;
      if (kind === 'dimension_total' || kind === 'sum_equals_total' || kind === 'part_le_total') return t(`validation.${kind}`, params);
      return t('validation.compare_failed', { ...params, op: OPERATOR_WORDS[String(r.params.op)] ?? 'other' });
    }
    const known = ['required', 'below_minimum', 'above_maximum', 'wrong_type', 'requires', 'yoy_change', 'outlier_z', 'outlier_bounds'];
    if (known.includes(r.code)) return t(`validation.${r.code}`, params);
    // A code this version of the interface does not know: the engine's English message.
    return custom?.en ?? r.message;
  };
}
