import type { Command } from 'commander';
import { storageTarget, type StorageOptions } from '../config.js';
import { DEMO_PASSWORD, demoAccounts } from '../demo/accounts.js';
import { createLogger } from '../shared/logger.js';
import { print } from './context.js';

interface ServeOptions extends StorageOptions {
  host: string;
  port: string;
  demo?: boolean;
  demoData: boolean;
  trustProxy?: boolean;
}

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('Start the platform: API, web app and SDMX on one port')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8080')
    .option('--demo', 'seed demo accounts (and demonstration data) into an empty database and allow them to sign in')
    .option('--no-demo-data', 'with --demo: seed the accounts only, no synthetic records, answers or release')
    .option('--trust-proxy', 'trust X-Forwarded-* headers from a reverse proxy (which terminates HTTPS)')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<ServeOptions>();
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${o.port}`);
      const logger = createLogger();
      // Loaded here: the HTTP server and its routes are not needed by other commands.
      const { startServer } = await import('../server.js');
      const server = await startServer({
        target: storageTarget(o),
        host: o.host,
        port,
        demo: Boolean(o.demo),
        demoData: o.demoData,
        logger,
        trustProxy: Boolean(o.trustProxy),
      });
      print(`Observatory is running at ${server.url}`);
      if (o.demo) {
        print(`Demo mode${server.seeded ? ' (demo accounts created)' : ''}. Every demo account's password: ${DEMO_PASSWORD}`);
        const d = server.demoData;
        if (d)
          print(
            `Demonstration data (synthetic, describing no real country): ${d.seizures.toLocaleString('en')} seizures, ${d.incidents.toLocaleString('en')} smuggling incidents, ${d.submissions} accepted GLOTIP questionnaires, release ${d.release} published.`,
          );
        for (const a of demoAccounts())
          print(
            `  ${a.email.padEnd(28)} ${a.roles.map((r) => r.role + (r.country ? ` ${r.country}` : '')).join(', ')}${a.office ? '  (TOTP: npx observatory demo totp)' : ''}`,
          );
      }
      const stop = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), 15_000);
        force.unref();
        server.close().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
