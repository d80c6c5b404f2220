/** Liveness and readiness: `/api/health` checks the database; `/api/ping` is the bare route benchmarks compare against. */
import type { RouteContext, ZApp } from '../context.js';
import { JianshiError } from '../../../core/errors.js';
import { Ok } from '../../../contract/common.js';
import { HealthSchema } from '../../../contract/system.js';

export async function healthRoutes(app: ZApp, ctx: RouteContext) {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: '健康检查（含数据库）',
        response: { 200: HealthSchema },
      },
    },
    async (req) => {
      // While the database is down (PostgreSQL restarting, an outage): 503 E_DB_UNAVAILABLE, promptly.
      // (The cause stays in the log: this route is public.)
      await ctx.repos.ping().catch((e: unknown) => {
        req.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'health check: database unavailable');
        throw new JianshiError('E_DB_UNAVAILABLE');
      });
      return { status: 'ok' as const, database: ctx.repos.dialect, demo: ctx.config.demo };
    },
  );
  app.get(
    '/ping',
    { schema: { tags: ['system'], summary: '空路由（基准测试的参照）', response: { 200: Ok } } },
    async () => ({ ok: true as const }),
  );
}
