/** In-app notifications of the signed-in person (routes/notifications). */
import { z } from 'zod';

export const NotificationListQuerySchema = z.strictObject({
  unread: z.enum(['0', '1']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(300).optional(),
});

export const NotificationSchema = z.object({
  id: z.string(),
  personId: z.string(),
  /** ledger.due_soon, ledger.overdue, ledger.applied …, audit.checkpoint … */
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  /** The page it is about (a path of the web app). */
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type AppNotification = z.output<typeof NotificationSchema>;

/** Mine, newest first; `nextCursor` asks for the following page (null at the end). */
export const NotificationListSchema = z.object({
  items: z.array(NotificationSchema),
  unread: z.number(),
  nextCursor: z.string().nullable(),
});
export type NotificationList = z.output<typeof NotificationListSchema>;

export const UnreadCountSchema = z.object({ unread: z.number() });
export type UnreadCount = z.output<typeof UnreadCountSchema>;
export const MarkedReadSchema = z.object({ ok: z.literal(true), unread: z.number() });
export type MarkedRead = z.output<typeof MarkedReadSchema>;
export const MarkedAllReadSchema = z.object({ ok: z.literal(true), updated: z.number(), unread: z.number() });
export type MarkedAllRead = z.output<typeof MarkedAllReadSchema>;
