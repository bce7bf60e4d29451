/**
 * Everything the questionnaire page needs, fetched in parallel: the submission, its
 * definition version and code lists, the reporting units (country names and the
 * `country` code list), current values, queries, the server's validation report, the
 * consistency findings, and last year's submission of the same country for comparison.
 */
import type { Cell, CellView, CompiledDefinition, FindingView, QueryView, SubmissionView, ValidationReport } from '@observatory/core';
import { loadDefinitionVersion, loadUnits } from '../../../api/cache.js';
import { ApiError } from '../../../api/client.js';
import { consistencyApi, reviewApi, submissionsApi } from '../../../api/endpoints.js';
import { compileForCountry } from './compile.js';

export interface SubmissionData {
  submission: SubmissionView;
  compiled: CompiledDefinition;
  cells: CellView[];
  queries: QueryView[];
  report: ValidationReport;
  previous: { submission: SubmissionView; cells: ReadonlyMap<string, Cell> } | null;
  /** Consistency findings; null for a user who may not read them (a data provider). */
  findings: FindingView[] | null;
}

async function loadPrevious(s: SubmissionView): Promise<SubmissionData['previous']> {
  const [prev] = await submissionsApi.list({ definition: s.definition, country: s.country, period: String(Number(s.period) - 1) });
  if (!prev) return null;
  const cells = await submissionsApi.values(prev.id);
  const map = new Map<string, Cell>();
  for (const c of cells) if (c.value) map.set(c.cell, { value: c.value, flags: c.flags, comment: c.comment });
  return { submission: prev, cells: map };
}

export async function loadSubmission(id: string): Promise<SubmissionData> {
  // What needs only the id starts at once; the definition and last year's values need the submission.
  const cells = submissionsApi.values(id);
  const queries = reviewApi.queries(id);
  const report = submissionsApi.validation(id);
  const units = loadUnits();
  const findings = consistencyApi.list(id).catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 403) return null;
    throw err;
  });
  // If the submission itself fails, these are never awaited: keep their failures from surfacing as unhandled.
  for (const p of [cells, queries, report, units, findings]) p.catch(() => undefined);
  const submission = await submissionsApi.get(id);
  const [bundle, unitList, cellList, queryList, reportData, previous, findingList] = await Promise.all([
    loadDefinitionVersion(submission.definition, submission.definitionVersion),
    units,
    cells,
    queries,
    report,
    // Comparison is a help, not a need: without it the page still works.
    loadPrevious(submission).catch(() => null),
    findings,
  ]);
  return {
    submission,
    compiled: compileForCountry(bundle, unitList, submission.country),
    cells: cellList,
    queries: queryList,
    report: reportData,
    previous,
    findings: findingList,
  };
}

/** Warnings the server counts as resolved without a comment on any of their cells: acknowledged. */
export function acknowledgedIn(report: ValidationReport, cells: readonly CellView[]): Set<string> {
  const commented = new Set(cells.filter((c) => c.comment && c.comment.trim()).map((c) => c.cell));
  return new Set(
    report.results
      .filter((r) => r.severity === 'warning' && r.resolved && !r.needsComment && !r.cells.some((k) => commented.has(k)))
      .map((r) => r.id),
  );
}

/** Results only the server computes (they need the country's accepted history). */
export const serverOnlyResults = (report: ValidationReport) => report.results.filter((r) => r.code.startsWith('outlier'));
