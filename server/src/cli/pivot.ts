/** `observatory analysis pivot`: the analyst's pivot table at the command line, as a table, CSV or XLSX. */
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { PIVOT_MEASURES, PIVOT_SOURCES, type PivotSource } from '@observatory/core';
import { loadAreaIndex } from '../analysis/areas.js';
import { pivot, type PivotInput } from '../analysis/pivot.js';
import { pivotFileTable, pivotLabels } from '../analysis/pivot-file.js';
import { DefinitionRegistry } from '../definitions/registry.js';
import { toCsv, toXlsx, type Table } from '../dissemination/downloads.js';
import { systemClock } from '../shared/clock.js';
import { AppError, invalid } from '../shared/errors.js';
import { print, withDatabase } from './context.js';

const QUERY = '/querystring/';

const year = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1900 || n > 2100) throw new InvalidArgumentError('a year such as 2023');
  return n;
};

const dimensions = Object.entries(PIVOT_SOURCES)
  .map(([source, s]) => `${source}: ${s.dimensions.map((d) => d.id).join(', ')}`)
  .join('; ');

/** The table aligned for a terminal (labels left, figures right), then its notes. */
function printTable(t: Table) {
  const end = t.rows.findIndex((r) => r.length === 0);
  const rows = [t.header, ...t.rows.slice(0, end)].map((r) => r.map((v) => (v === null ? '' : String(v))));
  const widths = t.header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) print(r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  '));
  print();
  for (const [label, text] of t.rows.slice(end + 1)) print(`${String(label)}: ${String(text)}`);
}

interface Options {
  source: PivotSource;
  rows: string;
  columns: string;
  measure?: PivotInput['measure'];
  area: string;
  from?: number;
  to?: number;
  filter?: string;
  format: 'table' | 'csv' | 'xlsx';
  out?: string;
}

export function registerPivot(analysis: Command) {
  analysis
    .command('pivot')
    .description(
      'A pivot table over case-record rollups (live data): one dimension down, one across, totals and the units that contributed',
    )
    .addOption(new Option('--source <source>', 'the record collection').choices(Object.keys(PIVOT_SOURCES)).makeOptionMandatory())
    .requiredOption('--rows <dimension>', `the dimension down the side (${dimensions})`)
    .requiredOption('--columns <dimension>', 'the dimension across the top')
    .addOption(
      new Option(
        '--measure <measure>',
        'ids: kg or cases; vrs: migrants, incidents, smugglers or deaths; nps: reports (the first when absent)',
      ).choices(PIVOT_MEASURES),
    )
    .option('--area <area>', 'a reporting unit, an M49 area or an office grouping', '001')
    .option('--from <year>', 'first year (twenty years ago when absent)', year)
    .option('--to <year>', 'last year (this year when absent)', year)
    .option('--filter <pairs>', 'dimension:code pairs, comma-separated, e.g. drug:cocaine_hcl,transport:AIR')
    .addOption(new Option('--format <format>', 'what to write').choices(['table', 'csv', 'xlsx']).default('table'))
    .option('--out <file>', 'write a file instead of printing (needed for xlsx)')
    .action(async (o: Options, cmd: Command) => {
      if (o.format === 'xlsx' && !o.out) throw invalid('--format xlsx writes a file: give --out FILE');
      const input: PivotInput = {
        source: o.source,
        rows: o.rows,
        columns: o.columns,
        area: o.area,
        ...(o.measure ? { measure: o.measure } : {}),
        ...(o.from ? { from: o.from } : {}),
        ...(o.to ? { to: o.to } : {}),
        ...(o.filter ? { filter: o.filter } : {}),
      };
      const table = await withDatabase(cmd, async (db) => {
        const registry = new DefinitionRegistry(db.kysely);
        const areas = await loadAreaIndex(db.kysely);
        const p = await pivot({ kysely: db.kysely, registry, areas, year: systemClock.now().getUTCFullYear() }, input);
        return pivotFileTable(p, await pivotLabels(registry, areas, p.source), systemClock.now());
      }).catch((err: unknown) => {
        // The domain names query-string fields; here they are options.
        if (err instanceof AppError && err.field?.startsWith(QUERY)) throw invalid(err.message, `--${err.field.slice(QUERY.length)}`);
        throw err;
      });
      if (o.format === 'table') return printTable(table);
      const bytes = o.format === 'xlsx' ? await toXlsx(table, 'Pivot') : toCsv(table);
      if (!o.out) return void process.stdout.write(bytes);
      await writeFile(o.out, bytes);
      print(`${o.out}: ${o.format}, ${table.rows.findIndex((r) => r.length === 0) - 1} rows and a total`);
    });
}
