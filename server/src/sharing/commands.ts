/**
 * Sharing use cases: the office changes a collection's policy; a state changes its own
 * choices; a state reads what other states grant it, record by record (each view audited,
 * under the owner's country, so the owner can list who saw what) or as aggregates.
 */
import {
  SHARED_SMALL_COUNT,
  defaultStateSharing,
  grantsFor,
  type CollectionSharing,
  type CollectionSharingBody,
  type RecordDefinition,
  type SharedAggregates,
  type SharedGrant,
  type StateSharingBody,
} from '@observatory/core';
import { appendAuditEvent, listAuditEvents } from '../audit/repository.js';
import type { AreaIndex } from '../analysis/areas.js';
import type { Tx } from '../shared/context.js';
import { forbidden, invalid, notFound } from '../shared/errors.js';
import { aggregateSpec, type AggregateSpec } from './aggregates.js';
import { presentSharedRecord, presentState } from './presenter.js';
import * as repo from './repository.js';

export const SHARED_VIEW_ACTION = 'records.shared_view';

function specOf(collection: string): AggregateSpec {
  const spec = aggregateSpec(collection);
  if (!spec) throw notFound(`a sharing policy for ${collection}`);
  return spec;
}

export async function changePolicy(tx: Tx, collection: string, body: CollectionSharingBody): Promise<CollectionSharing> {
  specOf(collection);
  const before = await repo.loadPolicy(tx.trx, collection);
  const after = { collection, ...body };
  await repo.savePolicy(tx.trx, after, tx.actor.label, tx.clock.now());
  await appendAuditEvent(tx, { action: 'sharing.policy_changed', objectType: 'sharing_policy', objectId: collection, before, after });
  return after;
}

export async function changeState(tx: Tx, def: RecordDefinition, areas: AreaIndex, country: string, body: StateSharingBody) {
  specOf(def.collection);
  for (const [i, p] of body.partners.entries()) {
    if (p === country) throw invalid('a state does not need to name itself as a partner', `/body/partners/${i}`);
    if (!areas.unit(p)) throw invalid(`unknown reporting unit ${p}`, `/body/partners/${i}`);
  }
  const fields = new Set([...def.fields.map((f) => f.id), 'handling', 'reliability', 'accuracy']);
  for (const [i, f] of body.withheldFields.entries()) {
    if (!fields.has(f)) throw invalid(`${f} is not a field of ${def.collection}`, `/body/withheldFields/${i}`);
    if (f === def.dateField)
      throw invalid(
        `${f} decides the year that reciprocity grants and cannot be withheld; withhold place or route fields instead`,
        `/body/withheldFields/${i}`,
      );
  }
  const states = await repo.loadStates(tx.trx, def.collection);
  const before = states.find((s) => s.country === country) ?? defaultStateSharing(country);
  const after = { country, ...body };
  await repo.saveState(tx.trx, def.collection, after, tx.actor.label, tx.clock.now());
  await appendAuditEvent(tx, {
    action: 'sharing.state_changed',
    objectType: 'sharing_settings',
    objectId: `${country}/${def.collection}`,
    country,
    before: presentState({ updatedBy: null, updatedAt: null, ...before }),
    after: body,
  });
  return (await repo.loadStates(tx.trx, def.collection)).find((s) => s.country === country)!;
}

/** A collection's policy and every state's choices. */
export async function loadSharing(tx: Pick<Tx, 'trx'>, collection: string) {
  specOf(collection);
  // In sequence: within a transaction the queries share one connection anyway.
  const policy = await repo.loadPolicy(tx.trx, collection);
  return { policy, states: await repo.loadStates(tx.trx, collection) };
}

/** What the viewer state is granted, with the years it contributed. */
export async function viewerGrants(tx: Pick<Tx, 'trx'>, collection: string, viewer: string) {
  const { policy, states } = await loadSharing(tx, collection);
  const contributed = await repo.contributedYears(tx.trx, specOf(collection), viewer);
  const settings = states.find((s) => s.country === viewer) ?? { ...defaultStateSharing(viewer), updatedBy: null, updatedAt: null };
  return { policy, states, settings, contributed, grants: grantsFor(policy, states, viewer, contributed) };
}

function onlyOwner(grants: SharedGrant[], owner: string | undefined): SharedGrant[] {
  if (!owner) return grants;
  const g = grants.filter((x) => x.owner === owner);
  if (g.length === 0)
    throw forbidden(`${owner} does not share these records with you (or you have not contributed for the years it shares)`);
  return g;
}

export interface SharedRecordsInput {
  owner?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  after?: string | undefined;
  limit: number;
}

export async function readSharedRecords(tx: Tx, def: RecordDefinition, viewer: string, q: SharedRecordsInput) {
  const grants = onlyOwner((await viewerGrants(tx, def.collection, viewer)).grants, q.owner);
  const [afterCountry, afterId] = q.after ? q.after.split(':') : [];
  const rows = await repo.sharedRecords(tx.trx, def, {
    owners: grants.map((g) => ({ owner: g.owner, years: g.years })),
    from: q.from,
    to: q.to,
    after: afterCountry ? { country: afterCountry, id: Number(afterId) } : undefined,
    limit: q.limit,
  });
  const withheld = new Map(grants.map((g) => [g.owner, g.withheldFields]));
  const records = rows.map((r) => presentSharedRecord(def, r, withheld.get(r['country'] as string) ?? []));
  // Who saw which of a state's records, when: one audit event per owner seen, under its country.
  const seen = new Map<string, number[]>();
  for (const r of records) {
    const ids = seen.get(r['owner'] as string) ?? [];
    ids.push(r['id'] as number);
    seen.set(r['owner'] as string, ids);
  }
  for (const [owner, ids] of seen)
    await appendAuditEvent(tx, {
      action: SHARED_VIEW_ACTION,
      objectType: def.table,
      objectId: `${owner}/${def.collection}`,
      country: owner,
      after: { viewerCountry: viewer, records: ids.length, ids, query: { owner: q.owner ?? null, from: q.from ?? null, to: q.to ?? null } },
    });
  const last = rows[rows.length - 1];
  return {
    collection: def.collection,
    records,
    next: rows.length === q.limit && last ? `${last['country'] as string}:${Number(last['id'])}` : null,
  };
}

export async function readSharedAggregates(
  tx: Pick<Tx, 'trx'>,
  collection: string,
  viewer: string,
  q: { owner?: string | undefined; from?: number | undefined; to?: number | undefined },
): Promise<SharedAggregates> {
  const spec = specOf(collection);
  const grants = onlyOwner((await viewerGrants(tx, collection, viewer)).grants, q.owner);
  const cells: SharedAggregates['cells'] = [];
  for (const g of grants) {
    const collapse = spec.dimensions.map((d) => g.withheldFields.includes(d.field));
    for (const row of await repo.sharedAggregates(tx.trx, spec, g.owner, g.years, collapse, q)) {
      const count = row.values[0]!;
      if (count <= 0) continue;
      // Small cells: every measure goes, as in releases, so a count of deaths cannot point at one incident.
      const small = count < SHARED_SMALL_COUNT;
      cells.push({
        owner: g.owner,
        year: row.year,
        dims: Object.fromEntries(spec.dimensions.map((d, i) => [d.id, row.dims[i]!])),
        values: Object.fromEntries(spec.measures.map((m, i) => [m.id, small ? null : row.values[i]!])),
        display: small ? `<${SHARED_SMALL_COUNT}` : null,
      });
    }
  }
  return {
    collection,
    dimensions: spec.dimensions.map((d) => d.id),
    measures: spec.measures.map((m) => m.id),
    note: spec.note,
    cells,
  };
}

export async function listViews(tx: Pick<Tx, 'trx'>, collection: string, owner: string, q: { before?: number | undefined; limit: number }) {
  specOf(collection);
  const rows = await listAuditEvents(tx.trx, {
    action: SHARED_VIEW_ACTION,
    objectId: `${owner}/${collection}`,
    country: owner,
    beforeSeq: q.before,
    limit: q.limit,
  });
  return rows.map((r) => {
    const after = (r.after ?? {}) as { viewerCountry?: string; records?: number; query?: Record<string, unknown> };
    return {
      seq: Number(r.seq),
      at: new Date(r.occurred_at).toISOString(),
      viewer: r.actor_label,
      viewerCountry: after.viewerCountry ?? null,
      records: after.records ?? 0,
      query: after.query ?? {},
    };
  });
}
