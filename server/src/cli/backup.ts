import type { Command } from 'commander';
import { writeBackup } from '../backup/dump.js';
import { restoreBackup } from '../backup/restore.js';
import { countUsers } from '../users/repository.js';
import { print, withDatabase } from './context.js';

export function registerBackup(program: Command) {
  program
    .command('backup <file>')
    .description('Write a consistent logical backup (gzip JSON lines) that restores on either engine')
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const summary = await withDatabase(cmd, (db) => writeBackup(db.kysely, file, db.engine));
      const rows = Object.values(summary.tables).reduce((n, t) => n + t.rows, 0);
      print(`backup written to ${file}: ${Object.keys(summary.tables).length} tables, ${rows} rows`);
    });
  program
    .command('restore <file>')
    .description('Replace the database content with a backup (verified table by table)')
    .option('--force', 'overwrite a database that already has user accounts')
    .action(async (file: string, o: { force?: boolean }, cmd: Command) => {
      const summary = await withDatabase(cmd, async (db) => {
        if (!o.force && (await countUsers(db.kysely)) > 0) throw new Error('the database is not empty; use --force to overwrite it');
        return restoreBackup(db.kysely, file);
      });
      const rows = Object.values(summary.tables).reduce((n, t) => n + t.rows, 0);
      print(`restored ${rows} rows into ${Object.keys(summary.tables).length} tables; every table matches the backup`);
    });
}
