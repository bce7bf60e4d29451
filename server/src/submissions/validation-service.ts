/**
 * Runs the core validation engine for a stored submission, with what only the server
 * knows: the previous period's values (year-on-year checks), the country's accepted
 * history (outliers) and the acknowledgements already given.
 */
import type { Kysely } from 'kysely';
import { summarize, validate, type CompiledDefinition, type ValidationResult } from '@observatory/core';
import type { ValidationReport } from '@observatory/core';
import type { Database } from '../db/schema.js';
import * as repo from './repository.js';

export async function validateStored(
  db: Kysely<Database>,
  s: repo.SubmissionRow,
  compiled: CompiledDefinition,
): Promise<ValidationResult[]> {
  const cells = repo.toCellMap(await repo.currentCells(db, s.id));
  const previousRow = await repo.findSubmissionFor(db, s.definition_id, s.country, String(Number(s.period) - 1));
  const previous = previousRow ? repo.toCellMap(await repo.currentCells(db, previousRow.id)) : undefined;
  const outlierItems = [
    ...new Set(compiled.rules.flatMap((r) => (r.plan.kind === 'outlier' ? r.plan.cells.map((k) => k.split('|')[0]!) : []))),
  ];
  const history = outlierItems.length ? await repo.historyOf(db, s, outlierItems) : undefined;
  const acknowledged = await repo.acknowledgements(db, s.id);
  return validate(compiled, cells, { ...(previous ? { previous } : {}), ...(history ? { history } : {}), acknowledged });
}

export function report(results: ValidationResult[]): ValidationReport {
  const s = summarize(results);
  return { errors: s.errors, warnings: s.warnings, unresolvedWarnings: s.unresolvedWarnings, infos: s.infos, results };
}
