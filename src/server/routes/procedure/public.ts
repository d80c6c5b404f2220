/**
 * The PUBLIC, anonymous opinion endpoints — no account, no cookie read or set, nothing logged.
 *
 *   POST /api/public/opinions/form  { token }                → what the form shows
 *   POST /api/public/opinions       { token, opinions: [...] } → { accepted }
 *
 * Why POST with the token in the body: a URL is what access logs keep; the body is not. The web
 * page gets the token from the fragment of `/o#<token>`, which browsers never send.
 *
 * Why `logLevel: 'silent'`: fastify's request logger writes "incoming request" / "request
 * completed" lines with the client address and a millisecond timestamp; at route level 'silent'
 * every line of these requests (including errors) is dropped. Relies on app.ts skipping the
 * session lookup and the session-bound CSRF check for /api/public/; otherwise a logged-in
 * browser's session row is touched at the moment it submits.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteContext, ZApp } from '../context.js';
import {
  PublicFormBody,
  PublicFormSchema,
  PublicOpinionBody,
  PublicSubmitResultSchema,
} from '../../../contract/procedure/opinions.js';
import { publicForm, submitPublic } from '../../domain/procedure/opinions.js';
import { today } from '../../domain/procedure/meeting-context.js';
import type { OpinionSpool } from '../../domain/procedure/opinion-spool.js';
import { clientAllowance } from '../../domain/procedure/client-allowance.js';

/**
 * Opinions one client may submit per link per day (OPINION_CLIENT_CAP): two full forms — small
 * against the daily cap (2000), so a holder of the link with a few addresses cannot use up the day
 * (fifty addresses would be needed). A client is an IPv4 address or an IPv6 /64 (one phone has many
 * addresses in its /64) — behind a reverse proxy set TRUST_PROXY=1, or every phone counts as the proxy.
 */
export const OPINION_CLIENT_CAP = 40;

/** Route options shared by the public endpoints: silent, uncached, no referrer. */
const SILENT = { logLevel: 'silent' as const };

export async function publicOpinionRoutes(
  app: ZApp,
  ctx: RouteContext & { opinionDailyCap?: number; opinionSpool: OpinionSpool },
) {
  const { services } = ctx;
  const allowance = clientAllowance(ctx.config.opinionClientCap ?? OPINION_CLIENT_CAP);
  // An encapsulated scope, so that the hook below concerns these routes only.
  await app.register(async (scope) => {
    const pub = scope.withTypeProvider<ZodTypeProvider>();
    pub.addHook('onSend', async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      reply.removeHeader('set-cookie');
    });
    pub.post(
      '/public/opinions/form',
      {
        ...SILENT,
        schema: {
          tags: ['opinions'],
          summary: '匿名征求意见：表单信息（无需登录）',
          security: [],
          body: PublicFormBody,
          // Serialized through this schema: the form's answer holds what it shows, nothing that identifies anyone.
          response: { 200: PublicFormSchema },
        },
      },
      async (req) => publicForm(services, req.body.token, today()),
    );

    pub.post(
      '/public/opinions',
      {
        ...SILENT,
        bodyLimit: 128 * 1024,
        schema: {
          tags: ['opinions'],
          summary: '匿名提交意见（无需登录；不记录账号、IP、时间，只保留日期）',
          security: [],
          body: PublicOpinionBody,
          response: { 201: PublicSubmitResultSchema },
        },
      },
      async (req, reply) =>
        reply.status(201).send(
          await submitPublic(services, req.body.token, req.body.opinions, new Date(), {
            dailyCap: ctx.opinionDailyCap ?? ctx.config.opinionDailyCap,
            spool: ctx.opinionSpool,
            // req.ip honours TRUST_PROXY; it is only hashed (salt in memory) and never kept or logged.
            client: { address: req.ip, allowance },
          }),
        ),
    );
  });
}
