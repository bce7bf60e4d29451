/** Data for analysis tests: record batches from the generators, accepted submissions, rollup snapshots. */
import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.js';
import * as batches from '../../src/records/batches.js';
import { IDS_CSV_HEADER, incidentCsvLine, incidents, seizureCsvLine, seizures, VRS_CSV_HEADER } from '../../src/records/generator.js';
import type { AppServices } from '../../src/http/services.js';
import { cliActor } from '../../src/shared/actor.js';
import { ROLLUP_TABLES } from '../../src/analysis/rollups.js';
import { stage } from './records.js';
import type { Agent } from './app.js';
import { openSubmission } from './collections.js';

const PLACES: Record<string, { region: string; subregion: string; intermediate: string | null }> = {
  THA: { region: '142', subregion: '035', intermediate: null },
  MMR: { region: '142', subregion: '035', intermediate: null },
  COL: { region: '019', subregion: '419', intermediate: '005' },
  PER: { region: '019', subregion: '419', intermediate: '005' },
  NLD: { region: '150', subregion: '155', intermediate: null },
};

export function idsCsv(country: string, rows: number, seed: number): string {
  const gen = seizures([{ code: country, ...PLACES[country]! }], seed);
  const lines = [IDS_CSV_HEADER.join(',')];
  for (let i = 0; i < rows; i++) lines.push(seizureCsvLine(gen.next().value!));
  return lines.join('\n') + '\n';
}

export function vrsCsv(country: string, rows: number, seed: number): string {
  const gen = incidents(country, seed);
  const lines = [VRS_CSV_HEADER.join(',')];
  for (let i = 0; i < rows; i++) lines.push(incidentCsvLine(gen.next().value!));
  return lines.join('\n') + '\n';
}

export function npsCsv(rows: number, seed: number): string {
  const substances = ['N-ethylpentylone', 'MDMB-4en-PINACA', 'Isotonitazene', 'Flubromazolam', '2-MMC'];
  const groups = ['SYNTH_CATHINONES', 'SYNTH_CANNABINOIDS', 'NITAZENES', 'BENZODIAZEPINES', 'SYNTH_CATHINONES'];
  const lines = ['Laboratory,Date of identification,Substance,Chemical group,Effect group,Matrix,Sex,Age group'];
  for (let i = 0; i < rows; i++) {
    const k = (seed * 31 + i * 7) % substances.length;
    const bio = (seed + i) % 3 === 0;
    lines.push(
      `Lab ${(seed + i) % 2},${2019 + ((seed + i) % 5)}-0${1 + (i % 9)}-1${i % 9},${substances[k]},${groups[k]},STIMULANT,${bio ? 'BIOLOGICAL' : 'SEIZED'},${bio ? 'M' : ''},${bio ? 'Y_GE18' : ''}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Stages and imports a file of records in one pass (as the command line does); returns the batch id. */
export async function importRecords(services: AppServices, collection: string, country: string, content: string): Promise<string> {
  const id = await stage(services, collection, country, content, { force: true });
  const r = await batches.importBatch(services, cliActor('test'), null, id, {});
  if (!r.stored) throw new Error(`not stored: ${r.reason}`);
  return id;
}

/** Stages a file of records, checks it, then commits it (as the web app does, in two steps); returns the batch id. */
export async function checkAndCommitRecords(services: AppServices, collection: string, country: string, content: string): Promise<string> {
  const id = await stage(services, collection, country, content, { force: true });
  const checked = await batches.checkBatch(services, id);
  if (checked.state !== 'ready') throw new Error(`not ready: ${checked.state} ${checked.error ?? ''}`);
  await batches.commitBatch(services, cliActor('test'), null, id, { acceptPartial: true });
  return id;
}

/** A focal point fills and submits the test questionnaire; a reviewer accepts it. */
export async function acceptTestSubmission(
  focal: Agent,
  reviewer: Agent,
  country: string,
  period: string,
  prosecuted: number,
): Promise<string> {
  const id = await openSubmission(focal, country, period);
  await fillAndAccept(focal, reviewer, id, prosecuted);
  return id;
}

export async function fillAndAccept(focal: Agent, reviewer: Agent, id: string, prosecuted: number): Promise<void> {
  const current = (await focal.get(`/api/v1/submissions/${id}/values`)).json() as { cells: Array<{ cell: string; revision: number }> };
  const rev = (cell: string) => current.cells.find((c) => c.cell === cell)?.revision ?? 0;
  const saved = await focal.put(`/api/v1/submissions/${id}/values`, {
    cells: [
      { cell: 'legislation', value: { kind: 'boolean', value: true }, baseRevision: rev('legislation') },
      { cell: 'prosecuted|sex=T', value: { kind: 'number', value: prosecuted }, baseRevision: rev('prosecuted|sex=T') },
      // Victims answer the "requires" rule; the comment explains any year-on-year jump.
      {
        cell: 'victims|sex=T|age=T',
        value: { kind: 'number', value: prosecuted + 10 },
        comment: 'test figures',
        baseRevision: rev('victims|sex=T|age=T'),
      },
    ],
  });
  if (saved.statusCode !== 200) throw new Error(`save: ${saved.statusCode} ${saved.body}`);
  const submitted = await focal.post(`/api/v1/submissions/${id}/transitions`, { action: 'submit' });
  if (submitted.statusCode !== 200) throw new Error(`submit: ${submitted.body}`);
  const accepted = await reviewer.post(`/api/v1/submissions/${id}/transitions`, { action: 'accept' });
  if (accepted.statusCode !== 200) throw new Error(`accept: ${accepted.body}`);
}

const round = (v: unknown) =>
  typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v instanceof Date ? v.toISOString() : v;

/** Every rollup and observation row, sorted, with floats rounded (sums in another order differ in the last bits). */
export async function rollupSnapshot(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of [...ROLLUP_TABLES, 'observations']) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db.kysely);
    out[table] = rows.rows.map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, round(v)]))).sort();
  }
  return out;
}
