/**
 * What every route module is handed by the composition root (app.ts): the typed app, the context of
 * repositories and services, and the acting person of a request. Routes import this, never app.ts,
 * so the composition root depends on the routes and not the other way round.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { JianshiError } from '../../core/errors.js';
import type { Repositories } from '../../storage/repositories/index.js';
import type { SimilarityIndex } from '../../core/similarity/port.js';
import type { Services } from '../domain/context.js';
import type { Config } from '../config.js';

export type ZApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A demo account listed on the login page (demo mode only). */
export type { DemoAccount } from '../../contract/auth.js';
import type { DemoAccount } from '../../contract/auth.js';

export interface RouteContext {
  repos: Repositories;
  /** The 查重 index (every saved material is put into it). */
  similarity: SimilarityIndex;
  services: Services;
  config: Config;
  demoAccounts?: DemoAccount[];
  /** The audit checkpoint file of the configured database (none for a store opened elsewhere, e.g. by tests). */
  auditCheckpointFile?: string;
  /** The key public opinion links are derived from, kept outside the database (domain/procedure/link-key.ts). */
  opinionLinkKey?: () => Buffer;
  /** The outbox worker of this instance (jobs/outbox.ts): kicked when a save queued a job. */
  outbox?: { kick(): void };
}

/** The acting person, or 401. */
export function actorOf(req: FastifyRequest) {
  if (!req.auth) throw new JianshiError('E_UNAUTHENTICATED');
  return req.auth.actor;
}
