import { randomUUID } from 'node:crypto';
import { copyFile, stat, symlink } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { storageTarget, uploadDirFor, type StorageOptions } from '../config.js';
import { listReportingUnits } from '../reference/repository.js';
import * as batches from '../records/batches.js';
import { IDS_CSV_HEADER, incidentCsvLine, incidents, seizureCsvLine, seizures, VRS_CSV_HEADER } from '../records/generator.js';
import { createServices } from '../services.js';
import { defaultAuthSettings } from '../auth/settings.js';
import { cliActor } from '../shared/actor.js';
import { systemClock } from '../shared/clock.js';
import { createLogger } from '../shared/logger.js';
import { print, withDatabase } from './context.js';
import { progressPrinter } from './progress.js';

interface ImportOptions {
  country: string;
  dryRun?: boolean;
  errors?: string;
  force?: boolean;
  acceptPartial?: boolean;
  decimal?: '.' | ',';
  dateOrder?: 'dmy' | 'mdy' | 'ymd';
  mapping?: string;
}

export function registerRecords(program: Command) {
  program
    .command('import <collection> <file>')
    .description(
      'Import case records (ids, vrs or nps) from a CSV or XLSX file for one reporting unit: check every row, then store all valid rows at once',
    )
    .requiredOption('--country <code>', 'the reporting unit the records belong to, e.g. COL')
    .option('--dry-run', 'check and report; store nothing')
    .option('--errors <file>', 'write every rejected row, its field and the reason, as CSV')
    .option('--force', 'import a file that was imported before')
    .option(
      '--accept-partial',
      'store the valid rows even when some rows are rejected (by default a file with rejected rows stores nothing)',
    )
    .option('--decimal <mark>', 'decimal mark of the file, . or , (detected when absent)')
    .option('--date-order <order>', 'dmy, mdy or ymd for dates like 03/04/2024 (detected when absent)')
    .option('--mapping <name>', 'a header mapping saved for this country')
    .action(async (collection: string, file: string, o: ImportOptions, cmd: Command) => {
      const country = o.country.toUpperCase();
      const target = storageTarget(cmd.optsWithGlobals<StorageOptions>());
      const path = resolve(file);
      const size = (await stat(path)).size;
      const outcome = await withDatabase(cmd, async (db) => {
        const services = createServices(db, systemClock, defaultAuthSettings, {
          uploadDir: uploadDirFor(target),
          logger: createLogger({ level: 'warn' }),
        });
        const actor = cliActor('import');
        const batchId = randomUUID();
        const dir = await batches.ensureBatchDir(services, batchId);
        await symlink(path, batches.batchFiles(dir).source);
        const sha = await batches.sha256File(path);
        await batches.registerBatch(services, actor, null, {
          batchId,
          collection,
          country,
          fileName: file,
          size,
          sha,
          options: { decimal: o.decimal, dateOrder: o.dateOrder, mapping: o.mapping, force: Boolean(o.force) },
        });
        const bar = progressPrinter(`importing ${file}`);
        const started = Date.now();
        const result = await batches.importBatch(services, actor, null, batchId, {
          onProgress: (p) => bar.update(p.rowsRead, p.fraction),
          acceptPartial: Boolean(o.acceptPartial),
          dryRun: Boolean(o.dryRun),
        });
        bar.done(`${result.batch.rows_read.toLocaleString('en')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        if (o.errors) await copyFile(batches.batchFiles(dir).rejected, o.errors).catch(() => undefined);
        return { checked: result.batch, stored: result.stored, reason: result.reason };
      });
      const r = outcome.checked;
      const report = (r.report ?? {}) as {
        encoding?: string;
        delimiter?: string | null;
        decimal?: string;
        dateOrder?: string;
        dateOrderDecided?: boolean;
        problems?: Array<{ field: string; code: string; count: number; example: { line: number; message: string } }>;
        columns?: Array<{ header: string; field: string | null }>;
      };
      print(`${collection} records of ${country} from ${file}`);
      if (report.encoding)
        print(
          `  layout       ${report.encoding}, delimiter ${JSON.stringify(report.delimiter)}, decimal ${report.decimal}, dates ${report.dateOrder}${report.dateOrderDecided === false ? ' (assumed: the file’s dates read either way)' : ''}`,
        );
      const ignored = (report.columns ?? []).filter((c) => !c.field && c.header).map((c) => c.header);
      if (ignored.length) print(`  ignored      columns ${ignored.join(', ')}`);
      print(
        `  rows         ${r.rows_read} read, ${r.rows_accepted} accepted, ${r.rows_rejected} rejected, ${r.rows_duplicate} flagged as possible duplicates`,
      );
      for (const p of (report.problems ?? []).slice(0, 20))
        print(
          `  rejected ${String(p.count).padStart(7)}  [${p.field}] ${p.example?.message ?? p.code}${p.example ? ` (e.g. line ${p.example.line})` : ''}`,
        );
      print(`  ${outcome.stored ? 'STORED' : 'NOT STORED'}: ${outcome.reason}`);
      if (!outcome.stored && !o.dryRun) process.exitCode = 1;
    });

  program
    .command('generate <collection>')
    .description('Write synthetic, reproducible records as CSV (ids or vrs) for tests and demonstrations; never real data')
    .requiredOption('--country <code>', 'the reporting unit that seized or detected them')
    .option('--rows <n>', 'how many rows', '1000')
    .option('--seed <n>', 'seed of the random generator', '1')
    .requiredOption('--out <file>')
    .action(async (collection: string, o: { country: string; rows: string; seed: string; out: string }, cmd: Command) => {
      const rows = Number(o.rows);
      const seed = Number(o.seed);
      if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive whole number');
      const country = o.country.toUpperCase();
      const out = createWriteStream(o.out);
      const write = async (s: string) => {
        if (!out.write(s)) await once(out, 'drain');
      };
      if (collection === 'ids') {
        const unit = await withDatabase(cmd, async (db) => (await listReportingUnits(db.kysely)).find((u) => u.code === country));
        if (!unit) throw new Error(`unknown reporting unit ${country}`);
        await write(IDS_CSV_HEADER.join(',') + '\n');
        const gen = seizures(
          [{ code: unit.code, region: unit.region_m49, subregion: unit.subregion_m49, intermediate: unit.intermediate_m49 }],
          seed,
        );
        let chunk = '';
        for (let i = 0; i < rows; i++) {
          chunk += seizureCsvLine(gen.next().value as Parameters<typeof seizureCsvLine>[0]) + '\n';
          if (chunk.length > 1 << 20) {
            await write(chunk);
            chunk = '';
          }
        }
        await write(chunk);
      } else if (collection === 'vrs') {
        await write(VRS_CSV_HEADER.join(',') + '\n');
        const gen = incidents(country, seed);
        for (let i = 0; i < rows; i++) await write(incidentCsvLine(gen.next().value as Parameters<typeof incidentCsvLine>[0]) + '\n');
      } else throw new Error('collection must be ids or vrs');
      out.end();
      await once(out, 'close');
      print(`wrote ${rows.toLocaleString('en')} synthetic ${collection} rows for ${country} to ${o.out} (seed ${seed})`);
    });
}
