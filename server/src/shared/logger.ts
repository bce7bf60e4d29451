/**
 * Structured logs (pino), one request id per line. Secrets are redacted by path before a
 * line is written, whatever a route or error puts into it.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.newPassword',
  '*.secret',
  '*.token',
  '*.csrfToken',
  '*.totpSecret',
  'password',
  'secret',
  'token',
  'databaseUrl',
];

export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? process.env['LOG_LEVEL'] ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'observatory' },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
