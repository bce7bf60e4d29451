/**
 * Builds the HTTP application: one Fastify instance serving the JSON API under /api/v1,
 * its OpenAPI 3.1 document, the health check and the built web app, on one port.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import compress from '@fastify/compress';
import { constants as zlib } from 'node:zlib';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { auditRoutes } from '../audit/routes.js';
import { authRoutes } from '../auth/routes.js';
import { referenceRoutes } from '../reference/routes.js';
import { tokensRoutes } from '../tokens/routes.js';
import { usersRoutes } from '../users/routes.js';
import { definitionsRoutes } from '../definitions/routes.js';
import { submissionsRoutes } from '../submissions/routes.js';
import { reviewRoutes } from '../review/routes.js';
import { delegationRoutes } from '../delegation/routes.js';
import { historyRoutes } from '../history/routes.js';
import { workbookRoutes } from '../workbooks/routes.js';
import { analysisRoutes } from '../analysis/routes.js';
import { estimatesRoutes } from '../estimates/routes.js';
import { releasesRoutes } from '../releases/routes.js';
import { sdmxRoutes } from '../sdmx/routes.js';
import { publishedRoutes } from '../dissemination/routes.js';
import { sharingRoutes } from '../sharing/routes.js';
import { recordsRoutes } from '../records/routes.js';
import { consistencyRoutes } from '../consistency/routes.js';
import { publicRoute, type Access } from './access.js';
import type { App } from './app-types.js';
import { installAuthentication } from './authenticate.js';
import { frameworkError, installErrorHandling, toErrorBody } from './error-handler.js';
import type { AppServices } from './services.js';
import { healthRoutes } from './health.js';
import { defaultPublicLimits, type PublicLimits } from './public-limits.js';
import { refuseNulCharacters, validatorCompiler } from './validation.js';

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
}

export interface AppOptions {
  services: AppServices;
  logger: Logger;
  /** Folder of the built web app (web/dist); null to serve the API only. */
  webRoot?: string | null;
  loginRateLimit?: { max: number; timeWindow: number };
  /** Behind a reverse proxy that sets X-Forwarded-*: trust it for client IP and protocol. */
  trustProxy?: boolean;
  bodyLimit?: number;
  /** Request rate on the public data routes (default: defaultPublicLimits). */
  publicLimits?: PublicLimits;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

const API_PREFIXES = ['/api/', '/sdmx/', '/healthz'];

export async function buildApp(opts: AppOptions): Promise<App> {
  const app = Fastify<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger>({
    loggerInstance: opts.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    // One access-log line per request (the onResponse hook below) instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Router errors (bad percent-encoding, overlong parameters) in the one error shape too.
    frameworkErrors: frameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Every route declares who may call it; an API route without a declaration is a bug, caught at start.
  app.decorate('routeTable', [] as RouteEntry[]);
  app.addHook('onRoute', (route) => {
    const isApi = API_PREFIXES.some((p) => route.url.startsWith(p));
    if (!route.config?.access) {
      if (isApi) throw new Error(`route ${route.method} ${route.url} declares no access policy`);
      route.config = { ...route.config, access: publicRoute('web application assets') };
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods)
      if (isApi && method !== 'HEAD') app.routeTable.push({ method, url: route.url, access: route.config.access! });
  });

  app.addHook('onResponse', (request, reply, done) => {
    // Health probes every few seconds would drown the log.
    if (request.url !== '/healthz' || reply.statusCode >= 500)
      request.log.info(
        { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
        'request completed',
      );
    done();
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  app.setValidatorCompiler(validatorCompiler());
  installErrorHandling(app);
  refuseNulCharacters(app);
  // JSON only, unless a route scope registers another parser (uploads do): anything else is a 415.
  app.removeContentTypeParser('text/plain');
  await app.register(cookie);
  // helmet itself, built once: @fastify/helmet rebuilds the middleware (and re-parses the
  // CSP) on every request, which halved the throughput of the public API.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // HSTS only makes sense over HTTPS, which a reverse proxy terminates.
    hsts: false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined)));
  // Answers (JSON, CSV, SDMX) are compressed for clients that ask, at a brotli level cheap
  // enough per request; the web app's files are compressed once, at build time.
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'rate_limited',
      message: `too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Observatory API',
        version: '1',
        description: 'Collection, review, analysis and dissemination of drug and crime statistics.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'obs_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });

  const services = opts.services;
  installAuthentication(app, services);

  healthRoutes(app, services);
  const publicLimits = opts.publicLimits ?? defaultPublicLimits;
  sdmxRoutes(app as unknown as App, services, publicLimits);
  await app.register(
    async (api) => {
      const a = api as unknown as App;
      authRoutes(a, services, { loginRateLimit: opts.loginRateLimit ?? { max: 20, timeWindow: 60_000 } });
      usersRoutes(a, services);
      tokensRoutes(a, services);
      referenceRoutes(a, services);
      auditRoutes(a, services);
      definitionsRoutes(a, services);
      submissionsRoutes(a, services);
      reviewRoutes(a, services);
      delegationRoutes(a, services, { rateLimit: opts.loginRateLimit ?? { max: 20, timeWindow: 60_000 } });
      historyRoutes(a, services);
      workbookRoutes(a, services);
      recordsRoutes(a, services);
      sharingRoutes(a, services);
      analysisRoutes(a, services);
      consistencyRoutes(a, services);
      estimatesRoutes(a, services);
      releasesRoutes(a, services);
      publishedRoutes(a, services, publicLimits);
      a.get('/openapi.json', { schema: { hide: true }, config: { access: publicRoute('the API description is public') } }, async () =>
        app.swagger(),
      );
    },
    { prefix: '/api/v1' },
  );

  const webRoot = opts.webRoot;
  const hasWeb = webRoot && existsSync(`${webRoot}/index.html`);
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false, preCompressed: true });
  app.setNotFoundHandler((request, reply) => {
    const isApi = API_PREFIXES.some((p) => request.url.startsWith(p));
    if (hasWeb && !isApi && request.method === 'GET') return reply.type('text/html').sendFile('index.html');
    const { body } = toErrorBody(
      Object.assign(new Error(`no route ${request.method} ${request.url.split('?')[0]}`), { statusCode: 404 }),
      request.id,
    );
    return reply.status(404).send(body);
  });

  return app as unknown as App;
}
