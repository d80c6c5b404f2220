/** The audit log (system administrators). */
import { z } from 'zod';
import type { RouteContext, ZApp } from '../../app.js';
import { actorOf } from '../../app.js';
import { authorize } from '../../domain/context.js';

export async function auditRoutes(app: ZApp, { repos }: RouteContext) {
  app.get('/audit', { schema: { tags: ['audit'], summary: '审计日志', querystring: z.strictObject({ afterSeq: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(1000).optional(), entity: z.string().max(40).optional(), entityId: z.string().max(64).optional() }) } }, async (req) => {
    authorize(actorOf(req), 'audit.read');
    return { items: await repos.audit.list(req.query) };
  });
  app.get('/audit/verify', { schema: { tags: ['audit'], summary: '校验审计日志哈希链' } }, async (req) => {
    authorize(actorOf(req), 'audit.read');
    return repos.audit.verify();
  });
}
