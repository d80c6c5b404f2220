/**
 * Test support until app.ts registers these routes: mount them on an app built by `buildApp`
 * (before it is ready), inside an /api scope like the other resources. Does nothing once the
 * routes are registered by the server itself.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteContext } from '../../app.js';
import { sessionSecret } from '../../app.js';
import type { Config } from '../../config.js';
import type { Store } from '../../../storage/db.js';
import { createRepositories } from '../../../storage/repositories/index.js';
import { procedureRoutes, publicOpinionRoutes } from './index.js';

export async function mountProcedureRoutes(app: FastifyInstance, store: Store, config: Config, extra: { opinionDailyCap?: number } = {}): Promise<void> {
  if (app.hasRoute({ method: 'POST', url: '/api/public/opinions' })) return;
  const repos = createRepositories(store);
  const services = { repos, secret: await sessionSecret(repos, config.sessionSecret), sessionTtlMs: config.sessionTtlMs, rateLimit: config.rateLimit };
  const ctx: RouteContext & { opinionDailyCap?: number } = { repos, services, config, ...extra };
  await app.register(async (api) => {
    const z = api.withTypeProvider<ZodTypeProvider>();
    await procedureRoutes(z, ctx);
    await publicOpinionRoutes(z, ctx);
  }, { prefix: '/api' });
}
