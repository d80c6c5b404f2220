/**
 * In-app notifications of the signed-in person: the list (newest first, keyset cursor), the unread
 * count, marking one or all read. A person only ever sees and marks their own: someone else's
 * notification id is 404, like one that does not exist.
 */
import type { Repositories } from '../../../storage/repositories/index.js';
import { JianshiError } from '../../../core/errors.js';

function encodeCursor(n: { createdAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([n.createdAt, n.id])).toString('base64url');
}
function decodeCursor(c: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(c, 'base64url').toString()) as [unknown, unknown];
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    /* fall through */
  }
  throw new JianshiError('E_BAD_ARGUMENT', '分页参数无效。');
}

export function notificationService(repos: Repositories) {
  const L = () => repos.ledger;
  return {
    async list(personId: string, q: { unread?: boolean; limit?: number; cursor?: string | null }) {
      const limit = Math.max(1, Math.min(200, q.limit ?? 50));
      const rows = await L().notifications(personId, {
        unreadOnly: q.unread,
        limit: limit + 1,
        before: q.cursor ? decodeCursor(q.cursor) : null,
      });
      const items = rows.slice(0, limit);
      return {
        items,
        unread: await L().unreadCount(personId),
        nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null,
      };
    },
    async unreadCount(personId: string) {
      return L().unreadCount(personId);
    },
    async markRead(personId: string, id: string) {
      if (!(await L().markRead(personId, id))) throw new JianshiError('E_NOT_FOUND', '未找到该通知。');
      return { ok: true as const, unread: await L().unreadCount(personId) };
    },
    async markAllRead(personId: string) {
      const updated = await L().markAllRead(personId);
      return { ok: true as const, updated, unread: 0 };
    },
  };
}

export type NotificationService = ReturnType<typeof notificationService>;
