/** Analysis and dissemination commands: rollups, estimates, releases, queries. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { rebuildRollups } from '../analysis/commands.js';
import { importEstimates, runEstimateImport } from '../estimates/commands.js';
import { asOperator, print, withDatabase } from './context.js';
import { randomUUID } from 'node:crypto';
import { SdmxQueryError, sdmxCsvLines, sdmxJsonData, type Language, type ReleaseView, type Tier } from '@observatory/core';
import type { Db } from '../db/connect.js';
import { DefinitionRegistry } from '../definitions/registry.js';
import { loadAreaIndex } from '../analysis/areas.js';
import { createRelease, publishRelease, withdrawRelease } from '../releases/commands.js';
import { listReleases } from '../releases/repository.js';
import { presentRelease } from '../releases/presenter.js';
import { catalogueFor, flowFor, runPublishedQuery } from '../dissemination/query.js';
import { toCsv, wideTable } from '../dissemination/downloads.js';
import { createServices } from '../services.js';
import { defaultAuthSettings } from '../auth/settings.js';
import { createLogger } from '../shared/logger.js';
import { systemClock } from '../shared/clock.js';
import { invalid, notFound } from '../shared/errors.js';
import { registerPivot } from './pivot.js';

export function registerAnalysis(program: Command) {
  program
    .command('rollups')
    .description('The sums analytics read')
    .command('rebuild')
    .description(
      'Recompute every rollup and observation from the data, in one transaction (recovery; normally they are kept in step as data change)',
    )
    .action(async (_o: unknown, cmd: Command) => {
      const ms = await withDatabase(cmd, (db) => asOperator(db, 'rollups', rebuildRollups));
      print(`rollups rebuilt in ${(ms / 1000).toFixed(1)} s`);
    });

  registerPivot(program.command('analysis').description('Live (accepted, not yet published) data as the office analyses it'));

  program
    .command('import-estimates <file>')
    .description(
      'Import the office’s estimates (Global Study on Homicide master estimates or regional table): values with bounds, kept apart from reported data',
    )
    .option('--dry-run', 'read, check and report; store nothing')
    .action(async (file: string, o: { dryRun?: boolean }, cmd: Command) => {
      const bytes = await readFile(file);
      const s = await withDatabase(cmd, (db) =>
        runEstimateImport(() =>
          asOperator(db, 'import-estimates', (tx) => importEstimates(tx, { fileName: basename(file), bytes, dryRun: Boolean(o.dryRun) })),
        ),
      );
      print(`${file}: ${s.layout}, ${s.encoding}`);
      print(
        `  ${s.lines} lines, ${s.values} estimates: ${s.inserted} new, ${s.updated} replaced; ${s.rejected.length} values rejected${s.dryRun ? ' (dry run: nothing stored)' : ''}`,
      );
      const groups = new Map<string, number[]>();
      for (const r of s.rejected)
        (groups.get(`[${r.field}] ${r.message}`) ?? groups.set(`[${r.field}] ${r.message}`, []).get(`[${r.field}] ${r.message}`)!).push(
          r.line,
        );
      for (const [msg, lines] of [...groups].slice(0, 20))
        print(
          `  rejected ${String(lines.length).padStart(5)}  ${msg} (line ${lines.slice(0, 3).join(', ')}${lines.length > 3 ? ', …' : ''})`,
        );
    });
}

export function registerReleases(program: Command) {
  const release = program.command('release').description('Releases: accepted data published to tiers at an embargo time');
  const deps = async (db: Db) => ({ registry: new DefinitionRegistry(db.kysely), areas: await loadAreaIndex(db.kysely) });
  const show = (r: ReleaseView) =>
    print(
      `#${r.number} ${r.state.padEnd(9)} ${r.embargoAt} ${r.tiers.join('+').padEnd(24)} ${r.dataflows.join(',')} — ${r.title.en} (${r.observations} rows) ${r.id}`,
    );
  const byRef = async (db: Db, ref: string) => {
    const rows = await listReleases(db.kysely);
    const r = rows.find((x) => x.id === ref || String(x.number) === ref.replace(/^#/, ''));
    if (!r) throw notFound(`release ${ref}`);
    return r;
  };

  release
    .command('list')
    .description('Every release, newest first')
    .action(async (_o: unknown, cmd: Command) => {
      await withDatabase(cmd, async (db) => {
        for (const r of await listReleases(db.kysely)) show(presentRelease(r, systemClock.now()));
      });
    });
  release
    .command('create')
    .description('Draft a release')
    .requiredOption('--title <text>', 'title (English)')
    .requiredOption('--dataflows <ids>', 'comma-separated, e.g. CTS,IDS_SEIZURES (see GET /api/v1/published/dataflows)')
    .requiredOption('--embargo <time>', 'ISO 8601 date-time it becomes visible, e.g. 2026-12-01T09:00:00Z')
    .option('--tiers <tiers>', 'public, authorities and/or office', 'public')
    .option('--periods <years>', 'comma-separated years (all when absent)')
    .option('--countries <units>', 'comma-separated reporting units (all when absent)')
    .option('--note <text>', 'a note for readers (English)')
    .action(
      async (
        o: { title: string; dataflows: string; embargo: string; tiers: string; periods?: string; countries?: string; note?: string },
        cmd: Command,
      ) => {
        const list = (s?: string) =>
          s
            ? s
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean)
            : null;
        const embargo = new Date(o.embargo);
        if (Number.isNaN(embargo.getTime())) throw invalid(`--embargo ${o.embargo} is not a date-time`);
        const input = {
          title: { en: o.title },
          note: o.note ? { en: o.note } : null,
          dataflows: list(o.dataflows)!,
          periods: list(o.periods),
          countries: list(o.countries),
          tiers: list(o.tiers) as Tier[],
          embargoAt: embargo.toISOString(),
        };
        await withDatabase(cmd, async (db) => {
          const d = await deps(db);
          show(presentRelease(await asOperator(db, 'release', (tx) => createRelease(tx, d, input)), systemClock.now()));
        });
      },
    );
  release
    .command('publish <release>')
    .description('Publish a draft (by number or id): its edition becomes visible to its tiers at the embargo time')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      await withDatabase(cmd, async (db) => {
        const d = await deps(db);
        const r = await byRef(db, ref);
        show(presentRelease(await asOperator(db, 'release', (tx) => publishRelease(tx, d, r.id)), systemClock.now()));
      });
    });
  release
    .command('withdraw <release>')
    .description('Withdraw a draft, or a published release before its embargo time')
    .requiredOption('--reason <text>')
    .action(async (ref: string, o: { reason: string }, cmd: Command) => {
      await withDatabase(cmd, async (db) => {
        const r = await byRef(db, ref);
        show(presentRelease(await asOperator(db, 'release', (tx) => withdrawRelease(tx, r.id, o.reason)), systemClock.now()));
      });
    });

  program
    .command('query <dataflow> [key]')
    .description('Print published data as a tier sees it: SDMX key (e.g. "COL+PER..") and c[…] filters as in the SDMX API')
    .option('--format <format>', 'csv, sdmx-csv or sdmx-json', 'sdmx-csv')
    .option('--tier <tier>', 'public, authorities or office', 'public')
    .option('--filter <filter...>', 'SDMX component filters, e.g. "TIME_PERIOD=ge:2015+le:2023"')
    .option('--lang <lang>', 'labels in ar, zh, en, fr, ru or es', 'en')
    .option('--as-of <time>', 'what was published at that time')
    .option('--updated-after <time>', 'only what changed since then (deletions included)')
    .action(
      async (
        dataflow: string,
        key: string | undefined,
        o: { format: string; tier: Tier; filter?: string[]; lang: Language; asOf?: string; updatedAfter?: string },
        cmd: Command,
      ) => {
        if (!['csv', 'sdmx-csv', 'sdmx-json'].includes(o.format)) throw invalid('--format must be csv, sdmx-csv or sdmx-json');
        const params: Record<string, string> = {};
        for (const f of o.filter ?? []) {
          const eq = f.indexOf('=');
          if (eq < 1) throw invalid(`--filter ${f}: write COMPONENT=expression`);
          params[`c[${f.slice(0, eq)}]`] = f.slice(eq + 1);
        }
        if (o.asOf) params['asOf'] = o.asOf;
        if (o.updatedAfter) params['updatedAfter'] = o.updatedAfter;
        const text = await withDatabase(cmd, async (db) => {
          const services = createServices(db, systemClock, defaultAuthSettings, {
            uploadDir: '/nonexistent',
            logger: createLogger({ level: 'warn' }),
          });
          const catalogue = await catalogueFor(services);
          const flow = flowFor(catalogue, dataflow, o.tier);
          const r = await runPublishedQuery(services, catalogue, flow, o.tier, { key, params }).catch((err: unknown) => {
            if (err instanceof SdmxQueryError) throw invalid(err.message);
            throw err;
          });
          if (o.format === 'sdmx-json')
            return (
              JSON.stringify(
                sdmxJsonData(flow.flow, r.observations, {
                  lang: o.lang,
                  codeLists: catalogue.codeLists,
                  id: `OBS-${randomUUID()}`,
                  prepared: new Date(),
                }),
                null,
                2,
              ) + '\n'
            );
          if (o.format === 'sdmx-csv')
            return [...sdmxCsvLines(flow.flow, r.observations, { labels: 'both', lang: o.lang, codeLists: catalogue.codeLists })].join('');
          return toCsv(wideTable(flow.flow, r.observations, catalogue.codeLists, o.lang));
        });
        process.stdout.write(text);
      },
    );
}
