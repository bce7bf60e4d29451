import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { SHIPPED_HISTORY_MAPPINGS } from '@observatory/core/shipped';
import { DefinitionRegistry } from '../definitions/registry.js';
import { importPublished, runImport, type ImportSummary } from '../history/commands.js';
import { asOperator, print, withDatabase } from './context.js';

export function printSummary(s: ImportSummary): void {
  print(
    `${s.dryRun ? 'DRY RUN (nothing written): ' : ''}${s.file}: layout ${s.layout}, ${s.encoding}, mappings ${s.mappings.join(', ') || '(none)'}`,
  );
  print(`  rows read        ${s.rowsRead}`);
  print(`  values stored    ${s.valuesStored}${s.valuesUnchanged ? ` (${s.valuesUnchanged} unchanged, not rewritten)` : ''}`);
  print(`  submissions      ${s.submissionsCreated} created, ${s.submissionsUpdated} updated (accepted, origin: published history)`);
  print(
    `  rows             ${s.rows.stored} stored, ${s.rows.duplicate} duplicate, ${s.rows.ignored} ignored, ${s.rows.rejected} rejected`,
  );
  for (const r of s.reasons.slice(0, 25))
    print(
      `  ${r.status.padEnd(9)} ${String(r.count).padStart(6)}  ${r.field ? `[${r.field}] ` : ''}${r.reason}  (lines ${r.lines.join(', ')}${r.count > r.lines.length ? ', …' : ''})`,
    );
  if (s.reasons.length > 25) print(`  … and ${s.reasons.length - 25} more kinds of problem`);
}

export function registerHistory(program: Command) {
  program
    .command('import-published <file>')
    .description("Import one of the office's published files (long layout, WDR seizure annexes) as accepted historical submissions")
    .option('--dry-run', 'do everything, report, and roll back')
    .option('--force', 'import a file that was imported before')
    .action(async (file: string, o: { dryRun?: boolean; force?: boolean }, cmd: Command) => {
      const bytes = await readFile(file);
      const summary = await withDatabase(cmd, (db) =>
        runImport(() =>
          asOperator(db, 'import-published', (tx) =>
            importPublished(tx, new DefinitionRegistry(db.kysely), SHIPPED_HISTORY_MAPPINGS, {
              fileName: basename(file),
              bytes,
              dryRun: Boolean(o.dryRun),
              force: Boolean(o.force),
            }),
          ),
        ),
      );
      printSummary(summary);
    });
}
