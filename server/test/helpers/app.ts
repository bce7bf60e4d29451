/**
 * The HTTP application over a test database, with a clock the test controls, and an
 * agent that keeps a session cookie and sends the CSRF header, as the web app does.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/db/connect.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/app-types.js';
import { defaultAuthSettings, type AuthSettings } from '../../src/auth/settings.js';
import { QueryBudget, type BudgetSettings } from '../../src/dissemination/budget.js';
import type { PublicLimits } from '../../src/http/public-limits.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import type { DestinationStream } from 'pino';
import { SESSION_COOKIE } from '../../src/http/authenticate.js';
import { createServices } from '../../src/services.js';
import { uploadFolder } from './scratch.js';

export interface TestApp {
  app: App;
  db: Db;
  clock: ManualClock;
  close(): Promise<void>;
}

export async function createTestApp(
  db: Db,
  opts: {
    auth?: Partial<AuthSettings>;
    logDestination?: DestinationStream;
    loginRateLimit?: { max: number; timeWindow: number };
    trustProxy?: boolean;
    publicLimits?: PublicLimits;
    budget?: BudgetSettings;
  } = {},
): Promise<TestApp> {
  const clock = new ManualClock(new Date());
  const logger = createLogger({
    level: opts.logDestination ? 'info' : 'silent',
    ...(opts.logDestination ? { destination: opts.logDestination } : {}),
  });
  const services = createServices(db, clock, { ...defaultAuthSettings, ...opts.auth }, { uploadDir: await uploadFolder(), logger });
  const app = await buildApp({
    services: opts.budget ? { ...services, budget: new QueryBudget(clock, opts.budget) } : services,
    logger,
    webRoot: null,
    loginRateLimit: opts.loginRateLimit ?? { max: 10_000, timeWindow: 60_000 },
    trustProxy: opts.trustProxy ?? false,
    ...(opts.publicLimits ? { publicLimits: opts.publicLimits } : {}),
  });
  await app.ready();
  return { app, db, clock, close: () => app.close() };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A browser-like client: keeps the session cookie, sends x-csrf-token on writes. */
export class Agent {
  cookie: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;

  constructor(private readonly app: App) {}

  async request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h['cookie'] = `${SESSION_COOKIE}=${this.cookie}`;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (this.bearer) h['authorization'] = `Bearer ${this.bearer}`;
    const res = await this.app.inject({ method, url, ...(body === undefined ? {} : { payload: body as object }), headers: h });
    const setCookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    if (setCookie) this.cookie = setCookie.value || null;
    if (res.statusCode < 300 && String(res.headers['content-type'] ?? '').includes('json')) {
      const json = res.json() as { csrfToken?: unknown };
      if (typeof json?.csrfToken === 'string') this.csrf = json.csrfToken;
    }
    return res;
  }

  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', url, body, headers);
  put = (url: string, body?: unknown) => this.request('PUT', url, body);
  delete = (url: string) => this.request('DELETE', url);
}
