/**
 * In-app notifications over HTTP (under /api), for the signed-in person only:
 *
 *   GET  /notifications                 mine, newest first: { items, unread, nextCursor } (?unread=1&limit&cursor)
 *   GET  /notifications/unread-count    { unread } (cheap, for a badge that polls)
 *   POST /notifications/:id/read        mark one read → { ok, unread }
 *   POST /notifications/read-all        mark all read → { ok, updated, unread }
 *
 * The notifications come from the ledger: transitions (applied / closed / sent back, written by the
 * ledger service) and the daily deadline pass (server/notifications/scheduler.ts).
 */
import type { RouteContext, ZApp } from '../context.js';
import { actorOf } from '../context.js';
import { IdParams } from '../schemas.js';
import { notificationService } from './service.js';
import {
  MarkedAllReadSchema,
  MarkedReadSchema,
  NotificationListQuerySchema,
  NotificationListSchema,
  UnreadCountSchema,
} from '../../../contract/notifications.js';

export async function notificationRoutes(app: ZApp, ctx: RouteContext) {
  const svc = notificationService(ctx.repos);
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: '我的通知（含未读数）',
        querystring: NotificationListQuerySchema,
        response: { 200: NotificationListSchema },
      },
    },
    async (req) => {
      const me = actorOf(req);
      return svc.list(me.personId, {
        unread: req.query.unread === '1',
        limit: req.query.limit,
        cursor: req.query.cursor,
      });
    },
  );
  app.get(
    '/notifications/unread-count',
    { schema: { tags: ['notifications'], summary: '未读通知数', response: { 200: UnreadCountSchema } } },
    async (req) => ({ unread: await svc.unreadCount(actorOf(req).personId) }),
  );
  app.post(
    '/notifications/:id/read',
    { schema: { tags: ['notifications'], summary: '标为已读', params: IdParams, response: { 200: MarkedReadSchema } } },
    async (req) => svc.markRead(actorOf(req).personId, req.params.id),
  );
  app.post(
    '/notifications/read-all',
    { schema: { tags: ['notifications'], summary: '全部标为已读', response: { 200: MarkedAllReadSchema } } },
    async (req) => svc.markAllRead(actorOf(req).personId),
  );
}

export default notificationRoutes;
