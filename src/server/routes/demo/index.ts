/** Demo mode only: the demo accounts, for the login page. */
import type { RouteContext, ZApp } from '../context.js';
import { DemoAccountListSchema } from '../../../contract/auth.js';

export async function demoRoutes(app: ZApp, ctx: RouteContext) {
  app.get(
    '/demo/accounts',
    {
      schema: {
        tags: ['demo'],
        summary: '演示账号（仅演示模式）',
        security: [],
        response: { 200: DemoAccountListSchema },
      },
    },
    async () => ({ items: ctx.demoAccounts ?? [] }),
  );
}
