/** The `observatory` command line. */
import { Command } from 'commander';
import { registerAdmin } from './admin.js';
import { registerBackup } from './backup.js';
import { reportError } from './context.js';
import { registerServe } from './serve.js';
import { registerHistory } from './history.js';
import { registerSubmissions } from './submissions.js';
import { registerRecords } from './records.js';
import { registerAnalysis, registerReleases } from './analysis.js';
import { registerSharing } from './sharing.js';
import { registerDuplicates } from './duplicates.js';

export function buildProgram(): Command {
  const program = new Command('observatory')
    .description('Observatory: drug and crime statistics, from collection to dissemination')
    .option('--data-dir <dir>', 'embedded database folder (env OBSERVATORY_DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL server to use instead of the embedded database (env DATABASE_URL)')
    .showHelpAfterError()
    .enablePositionalOptions(false);
  registerServe(program);
  registerAdmin(program);
  registerBackup(program);
  registerHistory(program);
  registerSubmissions(program);
  registerRecords(program);
  registerAnalysis(program);
  registerReleases(program);
  registerSharing(program);
  registerDuplicates(program);
  return program;
}

let pipeGuarded = false;

export async function main(argv: string[]): Promise<void> {
  if (!pipeGuarded) {
    pipeGuarded = true;
    // `observatory query … | head` closes the pipe early: that is not an error.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}
