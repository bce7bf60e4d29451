/**
 * SDMX-CSV 2.0 into questionnaires: each record is one cell of one country's submission for
 * one year. The country's draft (opened if there is none) takes the values, through the same
 * checks and revisions as the web form; D clears a cell. Everything in one transaction: a
 * bad record, or a submission that is not open for editing, leaves nothing changed.
 */
import { cellKey, parseSdmxCsv, type Definition, type FieldProblem } from '@observatory/core';
import type { DefinitionRegistry } from '../definitions/registry.js';
import type { Catalogue, PublishedFlow } from '../dissemination/catalogue.js';
import type { Tx } from '../shared/context.js';
import { AppError, forbidden } from '../shared/errors.js';
import { createSubmission, saveValues } from '../submissions/commands.js';
import { findSubmissionFor } from '../submissions/repository.js';
import { grantCoversCollection, grantCoversCountry } from '@observatory/core';

export async function applySdmxCsv(tx: Tx, registry: DefinitionRegistry, catalogue: Catalogue, flow: PublishedFlow, rows: string[][]) {
  const { changes, errors } = parseSdmxCsv(flow.flow, rows, catalogue.codeLists);
  const problems: FieldProblem[] = errors.map((e) => ({ field: `row ${e.row}/${e.field}`, code: 'invalid', message: e.message }));
  const definitionId = flow.flow.id.toLowerCase();
  const def: Definition = await registry.document(definitionId, undefined, tx.trx);
  const dims = def.dimensions.map((d) => d.id);
  // (country, period) → cells
  const groups = new Map<string, { country: string; period: string; cells: Map<string, { row: number; value: number | null }> }>();
  for (const c of changes) {
    const [country, itemId, ...codes] = c.key;
    const item = def.items.find((i) => i.id === itemId);
    const at = `row ${c.row}`;
    if (!item) {
      problems.push({ field: `${at}/INDICATOR`, code: 'invalid', message: `${itemId} is not an item of ${def.id}` });
      continue;
    }
    if (!/^\d{4}$/.test(c.period)) {
      problems.push({
        field: `${at}/TIME_PERIOD`,
        code: 'invalid',
        message: `${def.id} is annual: TIME_PERIOD must be a year, not ${c.period}`,
      });
      continue;
    }
    const categories: Record<string, string> = {};
    let bad = false;
    dims.forEach((d, i) => {
      const code = codes[i]!;
      const used = item.dimensions.includes(d);
      if (used && (code === '_Z' || code === '_T')) {
        problems.push({ field: `${at}/${d.toUpperCase()}`, code: 'invalid', message: `${item.id} is broken down by ${d}: give a code` });
        bad = true;
      } else if (!used && code !== '_Z') {
        problems.push({ field: `${at}/${d.toUpperCase()}`, code: 'invalid', message: `${item.id} has no ${d}: write _Z` });
        bad = true;
      } else if (used) categories[d] = code;
    });
    if (bad) continue;
    const canWrite = tx.actor.roles.some(
      (g) =>
        (g.role === 'provider' || g.role === 'focal_point') && grantCoversCountry(g, country!) && grantCoversCollection(g, def.collection),
    );
    if (!canWrite) {
      problems.push({
        field: `${at}/REF_AREA`,
        code: 'forbidden',
        message: `your role does not cover ${def.collection} data of ${country}`,
      });
      continue;
    }
    const k = `${country}|${c.period}`;
    const g = groups.get(k) ?? groups.set(k, { country: country!, period: c.period, cells: new Map() }).get(k)!;
    g.cells.set(cellKey(item.id, item.dimensions, categories), { row: c.row, value: c.action === 'D' ? null : c.value });
  }
  if (problems.length)
    throw new AppError(
      'validation_failed',
      400,
      `${problems.length} problem(s) in the file: nothing was loaded`,
      problems[0]!.field,
      problems.slice(0, 1000),
    );

  const out: Array<{ id: string; country: string; period: string; cells: number }> = [];
  let applied = 0;
  for (const g of groups.values()) {
    let s = await findSubmissionFor(tx.trx, def.id, g.country, g.period);
    if (!s) {
      if (!tx.actor.roles.some((r) => r.role === 'focal_point' && grantCoversCountry(r, g.country)))
        throw forbidden(`${g.country} has no ${def.id} questionnaire for ${g.period}; its focal point opens it`);
      s = await createSubmission(tx, registry, { definition: def.id, country: g.country, period: g.period });
    }
    const current = new Map(
      (await tx.trx.selectFrom('cells').select(['cell_key', 'revision']).where('submission_id', '=', s.id).execute()).map((c) => [
        c.cell_key,
        c.revision,
      ]),
    );
    const cells = [...g.cells.entries()].map(([cell, v]) => ({
      cell,
      value: v.value === null ? null : { kind: 'number' as const, value: v.value },
      baseRevision: current.get(cell) ?? 0,
    }));
    await saveValues(tx, registry, s.id, cells, 'SDMX-CSV load');
    out.push({ id: s.id, country: g.country, period: g.period, cells: cells.length });
    applied += cells.length;
  }
  return { applied, submissions: out };
}
