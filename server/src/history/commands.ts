/**
 * Imports a published file as accepted historical submissions, in one transaction: every
 * value with its source, every row's fate recorded, and a country's own answers never
 * overwritten. A file already imported is refused unless forced.
 */
import { createHash } from 'node:crypto';
import type { CompiledDefinition, HistoryMapping } from '@observatory/core';
import { refreshObservations } from '../analysis/rollups.js';
import { appendAuditEvent } from '../audit/repository.js';
import type { DefinitionRegistry } from '../definitions/registry.js';
import { listReportingUnits } from '../reference/repository.js';
import { canonicalDigest } from '../shared/canonical-json.js';
import type { Tx } from '../shared/context.js';
import { conflict } from '../shared/errors.js';
import * as submissions from '../submissions/repository.js';
import { planRows, type PlannedCell, type RowFate } from './plan.js';
import { readPublishedFile } from './read.js';
import * as repo from './repository.js';

export interface ImportSummary {
  file: string;
  layout: string;
  encoding: string;
  mappings: string[];
  rowsRead: number;
  valuesStored: number;
  valuesUnchanged: number;
  submissionsCreated: number;
  submissionsUpdated: number;
  rows: Record<RowFate['status'], number>;
  /** Rejected and ignored rows grouped by reason, with up to five example lines each. */
  reasons: Array<{ status: RowFate['status']; field: string | null; reason: string; count: number; lines: number[] }>;
  dryRun: boolean;
}

class DryRun extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

export async function importPublished(
  tx: Tx,
  registry: DefinitionRegistry,
  mappings: readonly HistoryMapping[],
  input: { fileName: string; bytes: Uint8Array; dryRun: boolean; force: boolean },
): Promise<ImportSummary> {
  const sha = createHash('sha256').update(input.bytes).digest('hex');
  const previous = await repo.findImportByHash(tx.trx, sha);
  if (previous && !input.force)
    throw conflict(
      `this file was already imported on ${new Date(previous.imported_at).toISOString()} (${previous.file_name}); use --force to import it again`,
    );

  const file = readPublishedFile(input.bytes);
  const candidates = mappings.filter((m) => m.layout === file.layout.layout);
  const definitions = new Map<string, CompiledDefinition>();
  for (const m of candidates) {
    const def = await registry.document(m.definition, undefined, tx.trx);
    definitions.set(m.definition, await registry.compile(def.id, def.version, undefined, tx.trx));
  }
  const units = await listReportingUnits(tx.trx);
  const { fates, cells } = planRows(file.rows, {
    layout: file.layout,
    mappings: candidates,
    definitions,
    units: new Set(units.map((u) => u.code)),
    unitNames: new Map(units.map((u) => [u.code, (u.names as { en: string }).en])),
    currentYear: tx.clock.now().getUTCFullYear(),
  });

  const written = await writeHistory(tx, registry, cells, fates);
  const usedMappings = [...new Set(candidates.filter((m) => cells.some((c) => c.definition === m.definition)).map((m) => m.id))];
  const counts = { stored: 0, duplicate: 0, ignored: 0, rejected: 0 };
  for (const f of fates) counts[f.status]++;
  const summary: ImportSummary = {
    file: input.fileName,
    layout: file.layout.layout,
    encoding: file.encoding,
    mappings: usedMappings,
    rowsRead: fates.length,
    valuesStored: written.stored,
    valuesUnchanged: written.unchanged,
    submissionsCreated: written.created,
    submissionsUpdated: written.updated,
    rows: counts,
    reasons: groupReasons(fates),
    dryRun: input.dryRun,
  };

  const now = tx.clock.now();
  const { id } = await repo.insertImport(tx.trx, {
    fileName: input.fileName,
    sha,
    layout: file.layout.layout,
    mapping: usedMappings.join(','),
    read: fates.length,
    stored: written.stored,
    rejected: counts.rejected,
    duplicate: counts.duplicate,
    at: now,
    by: tx.actor.label,
  });
  await repo.insertRows(tx.trx, id, fates, (f) =>
    f.target ? (written.submissionIds.get(`${f.target.definition}|${f.target.country}|${f.target.period}`) ?? null) : null,
  );
  await appendAuditEvent(tx, {
    action: 'history.imported',
    objectType: 'history_import',
    objectId: id,
    after: { file: input.fileName, sha256: sha, ...counts, valuesStored: written.stored },
  });
  // A dry run does all the work, then rolls it back: its counts are exact.
  if (input.dryRun) throw new DryRun(summary);
  return summary;
}

/** Runs an import; a dry run's rollback is turned back into its summary. */
export async function runImport(run: () => Promise<ImportSummary>): Promise<ImportSummary> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof DryRun) return err.summary;
    throw err;
  }
}

async function writeHistory(tx: Tx, registry: DefinitionRegistry, cells: PlannedCell[], fates: RowFate[]) {
  const groupKey = (c: { definition: string; country: string; period: string }) => `${c.definition}|${c.country}|${c.period}`;
  const groups = new Map<string, PlannedCell[]>();
  for (const c of cells) (groups.get(groupKey(c)) ?? groups.set(groupKey(c), []).get(groupKey(c))!).push(c);

  const existing = new Map(
    (
      await repo.historySubmissions(
        tx.trx,
        [...groups.values()].map((g) => g[0]!),
      )
    ).map((s) => [`${s.definition_id}|${s.country}|${s.period}`, s]),
  );
  // The country's own answer for a period wins: published history does not overwrite it.
  for (const [key, group] of groups) {
    const s = existing.get(key);
    if (s && s.origin !== 'history') {
      const lines = new Set(group.flatMap((c) => c.lines));
      for (const f of fates)
        if (lines.has(f.line) && (f.status === 'stored' || f.status === 'duplicate')) {
          f.status = 'ignored';
          f.reason = `${s.country} entered its own ${s.period} answer (${s.state}); published history is not written over it`;
        }
      groups.delete(key);
    }
  }

  const now = tx.clock.now();
  const actor = { id: tx.actor.userId, label: tx.actor.label };
  const submissionIds = new Map<string, string>();
  let created = 0;
  let updated = 0;
  let stored = 0;
  let unchanged = 0;
  const current = new Map(
    (
      await repo.currentOf(
        tx.trx,
        [...groups.keys()].map((k) => existing.get(k)?.id).filter((x): x is string => Boolean(x)),
      )
    ).map((c) => [`${c.submission_id}|${c.cell_key}`, c]),
  );
  for (const [key, group] of groups) {
    const first = group[0]!;
    let id = existing.get(key)?.id;
    if (!id) {
      const def = await registry.document(first.definition, undefined, tx.trx);
      const row = await submissions.insertSubmission(tx.trx, {
        definition: def.id,
        version: def.version,
        collection: def.collection,
        country: first.country,
        period: first.period,
        state: 'accepted',
        origin: 'history',
        deadline: null,
        now,
      });
      id = row.id;
      await submissions.insertTransition(tx.trx, {
        submissionId: id,
        action: 'import',
        from: null,
        to: 'accepted',
        reason: 'published history',
        actor,
        at: now,
      });
      created++;
    }
    submissionIds.set(key, id);
    const writes: submissions.CellWrite[] = [];
    for (const c of group) {
      const cur = current.get(`${id}|${c.cell}`);
      if (cur && JSON.stringify(cur.value) === JSON.stringify(c.value) && cur.source === c.source && (cur.comment ?? null) === c.comment) {
        unchanged++;
        continue;
      }
      writes.push({
        key: c.cell,
        item: c.item,
        revision: (cur?.revision ?? 0) + 1,
        value: c.value,
        flags: {},
        comment: c.comment,
        source: c.source,
        reason: 'published history import',
      });
    }
    if (writes.length === 0) continue;
    if (existing.has(key)) updated++;
    stored += writes.length;
    await submissions.writeCells(tx.trx, id, writes, actor, now);
    await appendAuditEvent(tx, {
      action: 'submission.history_imported',
      objectType: 'submission',
      objectId: id,
      country: first.country,
      after: {
        definition: first.definition,
        period: first.period,
        cells: writes.length,
        digest: canonicalDigest(writes.map((w) => [w.key, w.value, w.source])),
      },
    });
  }
  // History is accepted data: analytics see it in the same transaction.
  await refreshObservations(tx.trx, [...new Set(submissionIds.values())]);
  return { submissionIds, created, updated, stored, unchanged };
}

function groupReasons(fates: RowFate[]): ImportSummary['reasons'] {
  const groups = new Map<string, ImportSummary['reasons'][number]>();
  for (const f of fates) {
    if (f.status === 'stored' || !f.reason) continue;
    const generic = f.reason
      .replace(/line \d+/g, 'line N')
      .replace(/"[^"]*"/g, '"…"')
      .replace(/value \S+ not kept/, 'value not kept');
    const key = `${f.status}|${f.field}|${generic}`;
    const g =
      groups.get(key) ??
      groups
        .set(key, { status: f.status, field: f.field, reason: f.status === 'duplicate' ? generic : f.reason, count: 0, lines: [] })
        .get(key)!;
    g.count++;
    if (g.lines.length < 5) g.lines.push(f.line);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
