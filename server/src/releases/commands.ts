/**
 * Releases: a publisher selects accepted data (dataflows, years, units), titles it, sets an
 * embargo time and the tiers it goes to, and publishes. Publishing writes a new edition of
 * every figure that is new, revised or gone (per tier, already withheld and suppressed),
 * valid from the embargo time: before it nothing shows outside the office, after it the
 * edition is what every read path serves, and the previous edition stays readable (asOf).
 */
import { TIERS, tiersVisibleTo, type Observation, type ReleaseInput, type Tier } from '@observatory/core';
import { appendAuditEvent } from '../audit/repository.js';
import type { AreaIndex } from '../analysis/areas.js';
import type { DefinitionRegistry } from '../definitions/registry.js';
import { loadCatalogue, type Catalogue } from '../dissemination/catalogue.js';
import { applyTier } from '../dissemination/tiers.js';
import type { Tx } from '../shared/context.js';
import { conflict, invalid, notFound } from '../shared/errors.js';
import * as repo from './repository.js';

export interface ReleaseDeps {
  registry: DefinitionRegistry;
  /** Loaded before the transaction (PGlite has one connection). */
  areas: AreaIndex;
}

function checkSelection(catalogue: Catalogue, areas: AreaIndex, r: Pick<ReleaseInput, 'dataflows' | 'countries' | 'tiers'>) {
  for (const [i, id] of r.dataflows.entries()) {
    const f = catalogue.flows.get(id);
    if (!f) throw invalid(`unknown dataflow ${id}; known: ${[...catalogue.flows.keys()].join(', ')}`, `/body/dataflows/${i}`);
    if (!r.tiers.some((t) => TIERS.some((reader) => f.tiers[reader] && tiersVisibleTo(reader).includes(t))))
      throw invalid(`${id} cannot be published to ${r.tiers.join(', ')}`, `/body/dataflows/${i}`);
  }
  for (const [i, c] of (r.countries ?? []).entries())
    if (!areas.has(c)) throw invalid(`unknown reporting unit ${c}`, `/body/countries/${i}`);
}

export async function createRelease(tx: Tx, deps: ReleaseDeps, input: ReleaseInput) {
  checkSelection(await loadCatalogue(tx.trx, deps.registry, deps.areas), deps.areas, input);
  const now = tx.clock.now();
  const row = await tx.trx
    .insertInto('releases')
    .values({
      number: await repo.nextReleaseNumber(tx.trx),
      title: JSON.stringify(input.title),
      note: input.note ? JSON.stringify(input.note) : null,
      dataflows: input.dataflows,
      periods: input.periods ?? null,
      countries: input.countries ?? null,
      tiers: input.tiers,
      embargo_at: new Date(input.embargoAt),
      state: 'draft',
      created_by: tx.actor.label,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAuditEvent(tx, { action: 'release.created', objectType: 'release', objectId: row.id, after: input });
  return row;
}

export async function updateRelease(tx: Tx, deps: ReleaseDeps, id: string, patch: Partial<ReleaseInput>) {
  const r = await repo.lockRelease(tx.trx, id);
  if (!r) throw notFound('the release');
  if (r.state !== 'draft')
    throw conflict(`a ${r.state} release cannot be changed; withdraw it first (before its embargo) or make a new one`);
  const merged = {
    dataflows: patch.dataflows ?? r.dataflows,
    countries: patch.countries === undefined ? r.countries : patch.countries,
    tiers: (patch.tiers ?? r.tiers) as Tier[],
  };
  checkSelection(await loadCatalogue(tx.trx, deps.registry, deps.areas), deps.areas, merged);
  const row = await tx.trx
    .updateTable('releases')
    .set({
      ...(patch.title ? { title: JSON.stringify(patch.title) } : {}),
      ...(patch.note !== undefined ? { note: patch.note ? JSON.stringify(patch.note) : null } : {}),
      dataflows: merged.dataflows,
      periods: patch.periods === undefined ? r.periods : patch.periods,
      countries: merged.countries,
      tiers: merged.tiers,
      ...(patch.embargoAt ? { embargo_at: new Date(patch.embargoAt) } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAuditEvent(tx, { action: 'release.updated', objectType: 'release', objectId: id, after: patch });
  return row;
}

const same = (a: repo.CurrentRow, o: Observation) =>
  !a.deleted &&
  a.value === o.value &&
  (a.display ?? null) === (o.display ?? null) &&
  JSON.stringify(sortKeys(a.attributes)) === JSON.stringify(sortKeys(o.attributes));
const sortKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** The tiers that read a release sent to `tiers`: a public release is read by everyone, each through their own rule. */
export const readerTiers = (tiers: readonly string[]): Tier[] =>
  TIERS.filter((reader) => tiers.some((t) => tiersVisibleTo(reader).includes(t as Tier)));

/** Writes the release's edition: new and revised figures, and deletions of figures no longer there. */
async function materialise(tx: Tx, catalogue: Catalogue, r: repo.ReleaseRow, validFrom: Date): Promise<number> {
  let written = 0;
  const selection = { periods: r.periods, countries: r.countries };
  for (const id of r.dataflows) {
    const f = catalogue.flows.get(id)!;
    const live = await f.source(tx.trx, selection);
    for (const tier of readerTiers(r.tiers)) {
      const rule = f.tiers[tier];
      if (!rule) continue;
      const next = applyTier(f.flow, rule, live);
      const current = await repo.currentRows(tx.trx, id, tier, r.periods, r.countries);
      const byKey = new Map(current.map((c) => [`${c.series_key}@${c.period}`, c]));
      const rows: repo.NewRow[] = [];
      const close: number[] = [];
      for (const o of next) {
        const k = `${o.key.join('.')}@${o.period}`;
        const c = byKey.get(k);
        byKey.delete(k);
        if (c && same(c, o)) continue;
        if (c) close.push(c.id);
        rows.push({ obs: o, deleted: false });
      }
      for (const c of byKey.values()) {
        if (c.deleted) continue;
        close.push(c.id);
        rows.push({ obs: { key: c.series_key.split('.'), period: c.period, value: null, attributes: {} }, deleted: true });
      }
      await repo.closeRows(tx.trx, close, validFrom, r.id);
      await repo.insertRows(tx.trx, r.id, id, tier, rows, validFrom);
      written += rows.length;
    }
  }
  return written;
}

export async function publishRelease(tx: Tx, deps: ReleaseDeps, id: string) {
  const r = await repo.lockRelease(tx.trx, id);
  if (!r) throw notFound('the release');
  if (r.state !== 'draft') throw conflict(`this release is already ${r.state}`);
  const now = tx.clock.now();
  // An embargo in the past means "now": history is never rewritten backwards.
  const validFrom = new Date(Math.max(new Date(r.embargo_at).getTime(), now.getTime()));
  const overtaken = await repo.laterScheduled(tx.trx, r.dataflows, validFrom, r.id);
  if (overtaken.length)
    throw conflict(
      `release ${overtaken.map((o) => o.number).join(', ')} of the same data is scheduled after this one's embargo; publish in embargo order, or withdraw it first`,
    );
  const catalogue = await loadCatalogue(tx.trx, deps.registry, deps.areas);
  checkSelection(catalogue, deps.areas, { dataflows: r.dataflows, countries: r.countries, tiers: r.tiers as Tier[] });
  const written = await materialise(tx, catalogue, r, validFrom);
  let submissions = 0;
  for (const flowId of r.dataflows) {
    const f = catalogue.flows.get(flowId)!;
    if (f.kind === 'definition')
      submissions += await repo.markSubmissionsPublished(
        tx.trx,
        flowId.toLowerCase(),
        r.periods,
        r.countries,
        { id: r.id, number: r.number },
        { id: tx.actor.userId, label: tx.actor.label },
        now,
      );
  }
  const row = await tx.trx
    .updateTable('releases')
    .set({ state: 'scheduled', embargo_at: validFrom, observations: written, scheduled_by: tx.actor.label, scheduled_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAuditEvent(tx, {
    action: 'release.published',
    objectType: 'release',
    objectId: id,
    after: { embargoAt: validFrom.toISOString(), tiers: r.tiers, dataflows: r.dataflows, rows: written, submissions },
  });
  return row;
}

export async function withdrawRelease(tx: Tx, id: string, reason: string) {
  const r = await repo.lockRelease(tx.trx, id);
  if (!r) throw notFound('the release');
  if (r.state === 'withdrawn') throw conflict('this release is already withdrawn');
  if (r.state === 'scheduled' && new Date(r.embargo_at) <= tx.clock.now())
    throw conflict('this release is public since its embargo time; correct it with a new release');
  if (r.state === 'scheduled') await repo.undoRelease(tx.trx, id);
  const row = await tx.trx
    .updateTable('releases')
    .set({ state: 'withdrawn', withdrawn_by: tx.actor.label, withdrawn_at: tx.clock.now(), withdrawn_reason: reason })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAuditEvent(tx, {
    action: 'release.withdrawn',
    objectType: 'release',
    objectId: id,
    before: { state: r.state },
    after: { reason },
  });
  return row;
}

/** What a release would publish to one tier, now: for the publisher's review before publishing. */
export async function previewRelease(tx: Tx, deps: ReleaseDeps, id: string, dataflow: string, tier: Tier): Promise<Observation[]> {
  const r = await repo.findRelease(tx.trx, id);
  if (!r) throw notFound('the release');
  if (!r.dataflows.includes(dataflow)) throw invalid(`the release does not hold ${dataflow}`, '/querystring/dataflow');
  const f = (await loadCatalogue(tx.trx, deps.registry, deps.areas)).flows.get(dataflow)!;
  const rule = f.tiers[tier];
  if (!rule || !readerTiers(r.tiers).includes(tier)) return [];
  return applyTier(f.flow, rule, await f.source(tx.trx, { periods: r.periods, countries: r.countries }));
}
