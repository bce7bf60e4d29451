/** Importing and entering the office's estimates, audited, in one transaction each. */
import { createHash } from 'node:crypto';
import { COUNTRY_ALIASES, CountryResolver, fold, type EstimateImportSummary, type EstimateInput } from '@observatory/core';
import { appendAuditEvent } from '../audit/repository.js';
import { listReportingUnits, listM49Areas } from '../reference/repository.js';
import type { Tx } from '../shared/context.js';
import { invalid } from '../shared/errors.js';
import type { AreaIndex } from '../analysis/areas.js';
import { readEstimates, type AreaNames } from './read.js';
import { upsertEstimates } from './repository.js';

class DryRun extends Error {
  constructor(readonly summary: EstimateImportSummary) {
    super('dry run');
  }
}

async function areaNames(tx: Tx): Promise<AreaNames> {
  const [areas, units] = await Promise.all([listM49Areas(tx.trx), listReportingUnits(tx.trx)]);
  return {
    m49: new Map(areas.map((a) => [fold((a.names as { en: string }).en), a.code])),
    countries: new CountryResolver(
      units.map((u) => ({
        code: u.code,
        iso2: u.iso2,
        m49: u.m49,
        names: u.names as { en: string },
        aliases: COUNTRY_ALIASES[u.code] ?? [],
      })),
    ),
  };
}

/** Stores every valid row of an estimates file; rows that cannot be read are reported with line and field. */
export async function importEstimates(
  tx: Tx,
  input: { fileName: string; bytes: Uint8Array; dryRun: boolean },
): Promise<EstimateImportSummary> {
  const read = readEstimates(input.bytes, await areaNames(tx));
  const source = `${read.layout === 'gsh_master' ? 'UNODC Global Study on Homicide 2019, master estimates' : 'UNODC Global Study on Homicide 2019, regional estimates'} (${input.fileName})`;
  const method = 'UNODC estimate (Global Study on Homicide 2019): imputation for units without data, with bounds where published';
  const { inserted, updated } = await upsertEstimates(
    tx.trx,
    read.rows.map((r) => ({ ...r, method, source })),
    tx.actor.label,
    tx.clock.now(),
  );
  const summary: EstimateImportSummary = {
    layout: read.layout,
    encoding: read.encoding,
    dryRun: input.dryRun,
    lines: read.lines,
    values: read.rows.length,
    inserted,
    updated,
    rejected: read.problems,
  };
  if (input.dryRun) throw new DryRun(summary);
  await appendAuditEvent(tx, {
    action: 'estimates.imported',
    objectType: 'estimates',
    objectId: input.fileName,
    after: {
      layout: read.layout,
      inserted,
      updated,
      rejected: read.problems.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
    },
  });
  return summary;
}

/** A dry run does everything and rolls back: the caller sees what would happen. */
export async function runEstimateImport(fn: () => Promise<EstimateImportSummary>): Promise<EstimateImportSummary> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DryRun) return err.summary;
    throw err;
  }
}

export async function enterEstimate(tx: Tx, areas: AreaIndex, e: EstimateInput): Promise<void> {
  if (!areas.has(e.area)) throw invalid(`unknown area ${e.area}`, '/body/area');
  if ((e.lower ?? null) !== null && e.lower! > e.value) throw invalid('the lower bound is above the value', '/body/lower');
  if ((e.upper ?? null) !== null && e.upper! < e.value) throw invalid('the upper bound is below the value', '/body/upper');
  await upsertEstimates(
    tx.trx,
    [
      {
        ...e,
        lower: e.lower ?? null,
        upper: e.upper ?? null,
        unit: e.indicator === 'homicide_rate' ? 'per_100k' : 'count',
        details: {},
        source: `entered by ${tx.actor.label}`,
      },
    ],
    tx.actor.label,
    tx.clock.now(),
  );
  await appendAuditEvent(tx, {
    action: 'estimate.entered',
    objectType: 'estimate',
    objectId: `${e.indicator}/${e.area}/${e.year}/${e.breakdown}`,
    after: e,
  });
}
