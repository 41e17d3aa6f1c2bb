import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { pino, type DestinationStream } from 'pino';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { STRIPE_JS_DEFAULT, type Config } from './config/env';
import { isApiRequest, lenientPath, registerAccess, type Access } from './modules/accounts/access';
import { RequestLogController } from './platform/http/request-log';
import { securityHeaders } from './platform/http/security-headers';
import { bookingsRoutes } from './modules/bookings/bookings.routes';
import { accountsRoutes } from './modules/accounts/accounts.routes';
import { adminAccountRoutes } from './modules/accounts/admin.routes';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes';
import { categoriesAdminRoutes } from './modules/catalogue/categories-admin.routes';
import { servicesRoutes } from './modules/catalogue/services.routes';
import { searchRoutes } from './modules/search/search.routes';
import { opsRoutes } from './modules/ops/ops.routes';
import { smokeRoutes } from './modules/ops/smoke.routes';
import { publicFilesRoutes, uploadsRoutes } from './modules/uploads/uploads.routes';
import { isReservedPath, registerWeb, wantsHtml } from './modules/web/web.plugin';
import { kycAdminRoutes } from './modules/kyc/kyc-admin.routes';
import { deliveriesAdminRoutes } from './modules/notifications/deliveries-admin.routes';
import { kycRoutes } from './modules/kyc/kyc.routes';
import { kycWebhookRoutes } from './modules/kyc/kyc-webhook.routes';
import { messagesRoutes, reportsAdminRoutes } from './modules/messages/messages.routes';
import { reviewsRoutes } from './modules/reviews/reviews.routes';
import { notificationsRoutes } from './modules/notifications/notifications.routes';
import { liveRoutes } from './modules/live/live.routes';
import type { KycVendor } from './platform/kyc/sumsub';
import { paymentsAdminRoutes } from './modules/payments/payments-admin.routes';
import { paymentsRoutes } from './modules/payments/payments.routes';
import { paymentRecordsRoutes } from './modules/payments/payment-records.routes';
import { reconciliationAdminRoutes } from './modules/payments/reconciliation-admin.routes';
import { latestDifferences } from './modules/payments/reconciliation.service';
import { stripeWebhookRoutes } from './modules/payments/stripe-webhook.routes';
import { payoutsAdminRoutes } from './modules/payouts/payouts-admin.routes';
import { payoutsRoutes } from './modules/payouts/payouts.routes';
import { createStripe, type StripeClient } from './platform/payments/stripe';
import type { Db, DbProvider } from './platform/db/client';
import { repoRoot } from './config/paths';
import { clientErrorHandler, frameworkErrorHandler, registerErrorHandlers, sendError } from './platform/errors/error-handler';
import { completeRouteContract, openapiOptions } from './platform/http/api-contract';
import { validatorCompiler } from './platform/http/validation';
import { registerMetrics, type Metrics } from './platform/metrics/metrics';
import { readBackupStatus } from './modules/backups/backup-schedule';
import { checkReadiness } from './modules/ops/health.service';
import { initSentry } from './platform/observability/sentry';
import { failoverRateLimitStore } from './platform/redis/rate-limit-store';
import { watchRedis, type RedisClient } from './platform/redis/redis';

declare module 'fastify' {
  interface FastifyInstance {
    config: Readonly<Config>;
    db: Db;
    dbProvider: DbProvider;
    redis: RedisClient;
    metrics: Metrics;
    routeTable: RouteSummary[];
    /** `draining`: SIGTERM received, readiness answers 503 until the server closes. */
    lifecycle: { draining: boolean };
  }
}

export interface RouteSummary {
  method: string;
  url: string;
  access: Access | undefined;
}

export interface AppDeps {
  config: Readonly<Config>;
  db: Db;
  dbProvider: DbProvider;
  redis: RedisClient;
  /** Where the built web client lives; served on the API's port when it exists. */
  frontendDist?: string;
  /** Where its server bundle lives (pages rendered on the server). */
  frontendServerDist?: string;
  /** URLs per sitemap file (default: the protocol's 50,000); tests make it small. */
  sitemapUrlsPerFile?: number;
  logger?: FastifyServerOptions['logger'];
  /** The KYC vendor's client (tests point the real adapter at a local server). */
  kycVendor?: KycVendor;
  /** Stripe's client (default: from the configuration, made on first use). */
  stripe?: StripeClient;
}

const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,128}$/;

/** Log redaction: secrets never reach a log line, whatever the level. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.secret',
  '*.apiKey',
];

export function loggerOptions(config: Pick<Config, 'logLevel' | 'isLocal'>, stream?: DestinationStream): FastifyServerOptions['logger'] {
  return { level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, ...(stream ? { stream } : {}) };
}

/**
 * Standard output in writes of at least 4 KB, or every second, instead of one write per line
 * (decision record 0019: one write per line took a sixth of the CPU of a cheap answer). Pino
 * writes out what is left when the process exits; a killed process loses up to a second of lines.
 */
export function bufferedStdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 });
}

/**
 * What the checkout's Stripe.js needs from the page's policy: its script, Stripe's API and its
 * frames (3-D Secure). The local stand-in serves all three from its own origin.
 */
function stripeOrigins(config: Readonly<Config>): { script: string[]; connect: string[]; frame: string[] } {
  if (!config.stripe.secretKey || !config.stripe.publishableKey) return { script: [], connect: [], frame: [] };
  const js = new URL(config.stripe.jsUrl).origin;
  if (config.stripe.jsUrl !== STRIPE_JS_DEFAULT) return { script: [js], connect: [js], frame: [js] };
  return { script: [js], connect: ['https://api.stripe.com'], frame: [js, 'https://hooks.stripe.com'] };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const checkout = stripeOrigins(config);
  const headers = securityHeaders({
    hsts: config.hstsEnabled ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", ...checkout.script],
        connectSrc: ["'self'", ...checkout.connect],
        frameSrc: ["'self'", ...checkout.frame],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.hstsEnabled ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(config),
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    // A client that trickles its request is cut (408) once the whole request has taken this
    // long; long-lived connections (live messages) will opt out on their own sockets.
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // Node checks those deadlines on this interval (30 s by default, which would let a
    // slow client run that much past its deadline), and only enforces the request deadline
    // when the headers' one is not longer.
    http: {
      connectionsCheckingInterval: Math.min(1_000, config.requestTimeoutMs / 2),
      headersTimeout: Math.min(config.requestTimeoutMs, 30_000),
    },
    // Keep a caller's request id (a proxy's) when it looks like one; otherwise make one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logController: new RequestLogController(config.requestLogLevel),
    forceCloseConnections: 'idle',
    // Refused while closing by the first onRequest hook below instead, in the standard error shape.
    return503OnClosing: false,
    // Above every path parameter's schema maximum, so the schema decides (VALIDATION_FAILED);
    // longer ones reach frameworkErrors, which answers the same.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Malformed URLs (bad percent-encoding) and unparsable HTTP: the standard error shape too.
    frameworkErrors: frameworkErrorHandler(headers),
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  // The route table, for the test that checks every API route declares its access rule.
  const routeTable: RouteSummary[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, access: route.config?.access });
  });
  app.decorate('routeTable', routeTable);
  app.decorate('config', config);
  app.decorate('db', deps.db);
  app.decorate('dbProvider', deps.dbProvider);
  app.decorate('redis', deps.redis);
  // Set by server.ts on SIGTERM: readiness fails first, so load balancers stop sending work.
  app.decorate('lifecycle', { draining: false });
  app.decorate(
    'metrics',
    registerMetrics(app, {
      backupStatus: () => readBackupStatus(deps.redis),
      reconciliationDifferences: () => latestDifferences(deps.db),
      dependencies: async () => {
        const { checks } = await checkReadiness({ db: deps.db, redis: deps.redis, config });
        return Object.fromEntries(Object.entries(checks).map(([name, c]) => [name, c.status === 'disabled' ? null : c.status === 'ok']));
      },
    }),
  );
  const unwatchRedis = watchRedis(deps.redis, { log: app.log, setUp: (up) => app.metrics.redisUp.set(up ? 1 : 0) });
  app.addHook('onClose', async () => unwatchRedis());

  const report = initSentry(config);
  registerErrorHandlers(app, (error, request) => report(error, { requestId: request.id, route: request.routeOptions.url }));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Requests still arriving on open connections once app.close() has begun: 503 in the standard
  // shape (instead of Fastify's return503OnClosing answer, which has a shape of its own).
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    if (!closing) return done();
    reply.header('connection', 'close');
    sendError(reply, 503, 'SHUTTING_DOWN', 'The server is shutting down; try again');
  });
  await app.register(fastifyCors, {
    origin: [...new Set([config.frontendUrl, config.appBaseUrl])],
    credentials: true,
  });
  await app.register(fastifyRateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    // Shared across API processes through Redis (in-process only in local mock mode, and
    // per process while Redis is down).
    store: failoverRateLimitStore({ redis: deps.redis, nameSpace: 'rl:', onFallback: () => app.metrics.rateLimitFallbacks.inc() }),
    skipOnError: false,
    // The API is what costs; the web client's static files are cheap and cached, and a
    // page load fetches many of them. Decided on the matched route: a request that
    // matches none (whatever its spelling) is limited like the API, in the 404 handler.
    allowList: (request) => !isApiRequest(request),
  });

  await app.register(fastifyCookie);
  registerAccess(app, { adminOnlyPrefixes: config.apiDocs === 'admin' ? ['/api/docs'] : [] });

  if (config.apiDocs !== 'off') {
    await app.register(fastifySwagger, openapiOptions());
    await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  }

  // Made on first use. Without STRIPE_SECRET_KEY there are no card payments: their routes
  // (and Stripe's webhook) are not registered.
  let stripeClient = deps.stripe;
  const stripe = config.stripe.secretKey || deps.stripe ? () => (stripeClient ??= createStripe(config)) : null;

  // Zod compilers live inside this encapsulated scope only (they break plugins that
  // ship JSON-schema routes when set globally).
  await app.register(async (api) => {
    // Every input first goes through the text rule (no control characters), then its zod schema.
    api.setValidatorCompiler(validatorCompiler);
    api.setSerializerCompiler(serializerCompiler);
    // Each route's responses, security and operationId completed from its declaration.
    api.addHook('onRoute', completeRouteContract);
    await api.register(opsRoutes);
    await api.register(catalogueRoutes, { prefix: '/api' });
    await api.register(accountsRoutes, { prefix: '/api' });
    await api.register(adminAccountRoutes, { prefix: '/api/admin' });
    await api.register(servicesRoutes, { prefix: '/api' });
    await api.register(searchRoutes, { prefix: '/api' });
    await api.register(categoriesAdminRoutes, { prefix: '/api/admin' });
    await api.register(uploadsRoutes, { prefix: '/api' });
    await api.register(bookingsRoutes, { prefix: '/api' });
    await api.register(publicFilesRoutes, { prefix: '/files' });
    await api.register(kycRoutes, { prefix: '/api' });
    await api.register(kycAdminRoutes, { prefix: '/api/admin' });
    await api.register(deliveriesAdminRoutes, { prefix: '/api/admin' });
    await api.register(messagesRoutes, { prefix: '/api' });
    await api.register(reportsAdminRoutes, { prefix: '/api/admin' });
    await api.register(reviewsRoutes, { prefix: '/api' });
    await api.register(notificationsRoutes, { prefix: '/api' });
    await api.register(liveRoutes, { prefix: '/api' });
    await api.register(paymentsRoutes, { prefix: '/api', stripe });
    await api.register(payoutsRoutes, { prefix: '/api', stripe });
    await api.register(payoutsAdminRoutes, { prefix: '/api/admin', stripe });
    await api.register(paymentRecordsRoutes, { prefix: '/api' });
    await api.register(reconciliationAdminRoutes, { prefix: '/api/admin', stripe });
    await api.register(paymentsAdminRoutes, { prefix: '/api/admin' });
    if (stripe && config.stripe.webhookSecret) await api.register(stripeWebhookRoutes, { prefix: '/api/webhooks', stripe });
    if (config.kyc.provider === 'sumsub') await api.register(kycWebhookRoutes, { prefix: '/api/webhooks', vendor: deps.kycVendor });
    if (config.smoke.routesEnabled) await api.register(smokeRoutes, { prefix: '/api/smoke' });
  });

  const web = config.serveFrontend
    ? await registerWeb(app, {
        clientDir: deps.frontendDist ?? join(repoRoot, 'frontend/dist'),
        serverDir: deps.frontendServerDist ?? join(repoRoot, 'frontend/dist-ssr'),
        ...(deps.sitemapUrlsPerFile ? { sitemapUrlsPerFile: deps.sitemapUrlsPerFile } : {}),
      })
    : null;
  // Unmatched requests get the API's per-IP limit (the same counter).
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (request, reply) => {
    const path = request.url.split('?')[0]!;
    // Pages: a GET that wants HTML, outside the API's and the files' paths, rendered on the server.
    if (web && wantsHtml(request) && !isReservedPath(lenientPath(path))) return web.renderPage(request, reply);
    return sendError(reply, 404, 'NOT_FOUND', `Route ${request.method} ${path} not found`);
  });

  return app;
}
