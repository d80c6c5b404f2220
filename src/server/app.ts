/**
 * The HTTP application (fastify 5 + zod). This is the composition root of the server: it receives
 * the opened store, binds the repositories, and registers one plugin per resource
 * (routes/<resource>/index.ts). Handlers stay thin: validate (zod) → call the domain (which
 * authorizes with the pure table) → present.
 *
 * Security on every request (docs/SCHEMA.md § Security):
 *  - session cookie `jianshi_sid`: HttpOnly, SameSite=Lax, Secure behind HTTPS (COOKIE_SECURE=1);
 *  - CSRF: state-changing /api requests must carry `X-CSRF-Token` equal to the token derived from
 *    the session token (a hash of it: auth/tokens.ts), and an `Origin`, when present, must be this server's; login needs the
 *    header too (any value), which a cross-site form cannot send without a CORS preflight we refuse;
 *  - JSON bodies ≤ 4 MiB, uploads ≤ the core's limits; unknown fields are rejected.
 */
import type { DemoAccount, RouteContext } from './routes/context.js';
import { resolve } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Store } from '../storage/db.js';
import { createRepositories, type Repositories } from '../storage/repositories/index.js';
import { JianshiError } from '../core/errors.js';
import { LIMITS } from '../core/limits.js';
import { auditCheckpointFileOf, type Config } from './config.js';
import { errorHandler } from './errors.js';
import { authenticate, type SessionActor } from './domain/accounts.js';
import type { Services } from './domain/context.js';
import { CSRF_HEADER, SESSION_COOKIE, safeEqual } from './auth/tokens.js';
import { registerStatic } from './static.js';
import { createOpinionSpool, OPINION_BATCH_SIZE } from './domain/procedure/opinion-spool.js';
import { createLinkKey } from './domain/procedure/link-key.js';
import { healthRoutes } from './routes/health/index.js';
import { authRoutes } from './routes/auth/index.js';
import { orgRoutes } from './routes/orgs/index.js';
import { peopleRoutes } from './routes/people/index.js';
import { frameworkRoutes } from './routes/frameworks/index.js';
import { meetingRoutes } from './routes/meetings/index.js';
import { materialRoutes } from './routes/materials/index.js';
import { auditRoutes } from './routes/audit/index.js';
import { demoRoutes } from './routes/demo/index.js';
import { procedureRoutes, publicOpinionRoutes } from './routes/procedure/index.js';
import ledgerRoutes from './routes/ledger/index.js';
import { notificationRoutes } from './routes/notifications/index.js';
import { startNotificationScheduler } from './notifications/scheduler.js';
import { startOutboxWorker } from './jobs/outbox.js';
import type { SimilarityIndex } from '../core/similarity/port.js';
import { syncSimilarityIndex } from './domain/similarity.js';
import { openSimilarityIndex } from '../storage/similarity/open.js';
import { securityHeaderPolicy } from './security-headers.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: SessionActor | null;
  }
  interface FastifyInstance {
    /** The 查重 index this app reads and its outbox worker writes (tests drive a worker of their own on it). */
    similarityIndex: SimilarityIndex;
  }
}

export type App = FastifyInstance;
// What the routes are handed lives beside them (routes/context.ts): the routes never import this file.
export { actorOf, type DemoAccount, type RouteContext, type ZApp } from './routes/context.js';
export interface AppDeps {
  config: Config;
  store: Store;
  /** Demo accounts to list on the login page (demo mode only). */
  demoAccounts?: DemoAccount[];
  /** Pino options override (tests pass `false` to silence logs). */
  logger?: boolean | Record<string, unknown>;
}

export const JSON_BODY_LIMIT = 4 * 1024 * 1024;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The key of the token hashes: SESSION_SECRET when set (environment only), else '' — plain
 * SHA-256. No secret is kept in the database any more (a backup must grant nothing; migration
 * 2026-12-06T1100 deletes the one earlier versions generated, and so does every start).
 */
export async function sessionSecret(repos?: Repositories, configured?: string): Promise<string> {
  // An instance of an earlier version restarted during a rolling upgrade may write it again.
  await repos?.settings.delete('session_secret');
  return configured ?? '';
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store } = deps;
  const repos = createRepositories(store);
  const services: Services = {
    repos,
    secret: await sessionSecret(repos, config.sessionSecret),
    sessionTtlMs: config.sessionTtlMs,
    rateLimit: config.rateLimit,
  };
  const app = Fastify({
    logger:
      deps.logger === false
        ? false
        : {
            level: config.logLevel,
            // Never log credentials, cookies or bodies (material text stays out of the logs).
            redact: {
              paths: [
                'req.headers.cookie',
                'req.headers.authorization',
                'req.headers["x-csrf-token"]',
                'res.headers["set-cookie"]',
              ],
              remove: true,
            },
            ...(typeof deps.logger === 'object' ? deps.logger : {}),
          },
    // The public opinion form (/o, its assets, /api/public/*) is never logged: a request line carries
    // the address and a millisecond time. Silent at every level, errors included.
    childLoggerFactory: (logger, bindings, opts, raw) =>
      logger.child(bindings, isUnloggedPath(raw.url) ? { ...opts, level: 'silent' } : opts),
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorateRequest('auth', null);
  // JSON only (and multipart on upload routes): anything else is 415, not a string body.
  app.removeContentTypeParser('text/plain');

  // Plain HTTP gets no upgrade-insecure-requests nor HSTS (security-headers.ts); HTML pages add
  // their inline scripts' hashes (static.ts).
  const headerPolicy = securityHeaderPolicy({ cookieSecure: config.cookieSecure });
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(headerPolicy.headersFor(req));
    // API answers hold materials, opinions and ledgers: never kept in a browser's or a proxy's cache.
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done();
  });
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: LIMITS.maxDocxBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12, headerPairs: 100 },
    throwFileSizeLimit: true,
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: '检视 Jianshi API',
        version: '0.1.0',
        description: '专题民主生活会 / 组织生活会：材料、审核、会议。错误一律为 {code, message}。',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // Authentication: the session cookie, looked up in the database (works across instances); then
  // CSRF on state-changing requests: Origin check + custom header bound to the session. One hook, and
  // a promise only when there is a session to look up (this runs before every API request).
  app.addHook('onRequest', (req, _reply, done) => {
    if (!req.url.startsWith('/api/')) return done();
    // The public opinion form never looks at a session: nothing links an opinion to an account.
    const token = req.url.startsWith('/api/public/') ? undefined : req.cookies[SESSION_COOKIE];
    if (!token) return done(csrfFailure(req));
    authenticate(services, token).then((auth) => {
      req.auth = auth;
      done(csrfFailure(req));
    }, done);
  });

  const similarity = await openSimilarityIndex(store, config.databaseUrl);
  app.addHook('onClose', async () => similarity.close());
  app.decorate('similarityIndex', similarity);
  await syncSimilarityIndex(repos, similarity);
  // The checkpoint file belongs to the configured database, not to a store handed in from elsewhere.
  const ownsStore =
    store.dialect === 'postgres'
      ? !!config.databaseUrl
      : !!store.file && store.file === resolve(config.dataDir, 'jianshi.db');
  const auditCheckpointFile = ownsStore ? auditCheckpointFileOf(config) : undefined;
  // 查重 indexing off the save path: every instance works the outbox (JOBS_WORKER=0: this one does not).
  const outbox = config.jobsWorker === false ? undefined : startOutboxWorker({ repos, similarity, log: app.log });
  if (outbox) app.addHook('onClose', () => outbox.stop());
  const ctx: RouteContext = {
    outbox,
    repos,
    services,
    config,
    demoAccounts: deps.demoAccounts,
    similarity,
    auditCheckpointFile,
    opinionLinkKey: createLinkKey({ store, dataDir: config.dataDir, envKey: config.opinionLinkKey }),
  };
  // Anonymous opinions wait sealed in a spool and are written in batches.
  const opinionSpool = createOpinionSpool({
    repos,
    store,
    dataDir: config.dataDir,
    envKey: config.opinionSpoolKey,
    batchSize: config.opinionBatchSize ?? OPINION_BATCH_SIZE,
    hourly: config.opinionBatchHourly,
    log: app.log,
  });
  app.addHook('onClose', () => opinionSpool.stop());
  await app.register(
    async (api) => {
      const z = api.withTypeProvider<ZodTypeProvider>();
      await healthRoutes(z, ctx);
      await authRoutes(z, ctx);
      await orgRoutes(z, ctx);
      await peopleRoutes(z, ctx);
      await frameworkRoutes(z, ctx);
      await meetingRoutes(z, ctx);
      await materialRoutes(z, ctx);
      // Evidence files live in the database (so stateless instances share them), or in EVIDENCE_DIR.
      await ledgerRoutes(
        z,
        config.evidenceDir ? { ...ctx, ledger: { evidence: { mode: 'dir', dir: config.evidenceDir } } } : ctx,
      );
      await notificationRoutes(z, ctx);
      await auditRoutes(z, ctx);
      await procedureRoutes(z, ctx);
      await publicOpinionRoutes(z, { ...ctx, opinionSpool });
      if (config.demo) await demoRoutes(z, ctx);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api' },
  );

  await registerStatic(app, config, headerPolicy, deps.demoAccounts);
  // Deadline pass and notification mail: every instance runs it; a lease and dedupe keys keep it once.
  if (config.notify?.scheduler) {
    const scheduler = startNotificationScheduler({ repos, notify: config.notify, log: app.log, auditCheckpointFile });
    app.addHook('onClose', () => scheduler.stop());
  }
  return app;
}

/** Requests that must leave no log line: the anonymous form, its assets and its API. */
export function isUnloggedPath(url: string | undefined): boolean {
  const u = url ?? '';
  // /favicon.ico: a browser fetches it by itself when it opens /o.
  return (
    u === '/o' ||
    /^\/o(?:\.html)?(?:[/?#]|$)/.test(u) ||
    u.startsWith('/api/public/') ||
    u.startsWith('/assets/') ||
    /^\/favicon\.ico(?:[?#]|$)/.test(u)
  );
}

/** The CSRF error of a state-changing request, if any (for a `done` callback). */
function csrfFailure(req: FastifyRequest): FastifyError | undefined {
  if (SAFE.has(req.method)) return undefined;
  try {
    checkCsrf(req);
    return undefined;
  } catch (e) {
    return e as FastifyError;
  }
}

function checkCsrf(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw new JianshiError('E_CSRF');
    }
    if (host !== req.headers.host) throw new JianshiError('E_CSRF', '请求来源与本站不一致（跨站请求被拒绝）。');
  } else if (origin === 'null') {
    throw new JianshiError('E_CSRF');
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') throw new JianshiError('E_CSRF');
  const header = req.headers[CSRF_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) throw new JianshiError('E_CSRF', '缺少 X-CSRF-Token 请求头。');
  // Logging in needs only the header's presence; every authenticated change needs the session's token.
  if (req.auth && !safeEqual(value, req.auth.csrfToken) && !req.url.startsWith('/api/auth/login'))
    throw new JianshiError('E_CSRF');
}
