/**
 * Notifications of the review loop, in the one notification shape (core/ledger/notify.ts): the
 * bell and the mail outbox carry them like the ledger's. Pure: the server says who acted, on what,
 * and who is to be told.
 *
 *   submit (or resubmit) → the reviewers, link to the review page;
 *   return               → the author, with the number of comments, link to the editor;
 *   approve              → the author, with the number of comments of the review;
 *   withdraw             → the reviewers (the material left their 待办).
 *
 * The actor is never told of his own act. Dedupe keys carry the time of the event, so a repeated
 * submission notifies again while a retried insert does not.
 */
import type { LedgerNotification } from '../ledger/notify.js';
import { MATERIAL_KIND_LABELS, type MaterialKind } from '../auth/policy.js';

export type ReviewEvent = 'submit' | 'return' | 'approve' | 'withdraw';

export interface ReviewNotificationInput {
  event: ReviewEvent;
  material: { id: string; kind: string; title: string; authorId: string; version: number };
  /** The state the material left (to tell a resubmission from a first one). */
  from: string;
  authorName: string | null;
  actorId: string;
  actorName: string | null;
  /** The reviewers of the material (everyone who may review it). */
  reviewerIds: readonly string[];
  /** Comments of this review round (return: how many the author is to read; approve: how many were made). */
  comments: number;
  note?: string | null;
  at: string;
}

const brief = (s: string, n = 30) => (s.length > n ? s.slice(0, n) + '…' : s);

export function reviewNotifications(x: ReviewNotificationInput): LedgerNotification[] {
  const m = x.material;
  const what = `${x.authorName ?? ''}的${MATERIAL_KIND_LABELS[m.kind as MaterialKind] ?? '材料'}`;
  const title = brief(m.title || '（无标题）');
  const note = x.note ? `\n备注：${x.note}` : '';
  const toReviewers = x.event === 'submit' || x.event === 'withdraw';
  const recipients = (toReviewers ? [...new Set(x.reviewerIds)] : [m.authorId]).filter((p) => p !== x.actorId);
  return recipients.map((personId) => {
    const dedupeKey = `material.${x.event}:${m.id}:${x.at}:${personId}`;
    const review = `/materials/${m.id}/review`;
    const editor = `/materials/${m.id}`;
    switch (x.event) {
      case 'submit':
        return {
          personId,
          kind: 'material.submitted' as const,
          title: `待审核：${what}`,
          body: `${x.authorName ?? '作者'}${x.from === 'returned' ? '修改后重新提交了' : '提交了'}“${title}”（第 ${m.version} 版），请审核。${note}`,
          link: review,
          dedupeKey,
        };
      case 'withdraw':
        return {
          personId,
          kind: 'material.withdrawn' as const,
          title: `已撤回：${what}`,
          body: `${x.authorName ?? '作者'}撤回了“${title}”的审核申请，暂不需要审核。${note}`,
          link: review,
          dedupeKey,
        };
      case 'return':
        return {
          personId,
          kind: 'material.returned' as const,
          title: `材料被退回修改：${title}`,
          body: `${x.actorName ?? '审核人'}退回了您的材料，共 ${x.comments} 条修改意见，请修改后重新提交。${note}`,
          link: editor,
          dedupeKey,
        };
      case 'approve':
        return {
          personId,
          kind: 'material.approved' as const,
          title: `材料已审核通过：${title}`,
          body: `${x.actorName ?? '审核人'}审核通过了您的材料${x.comments ? `（审核中共提出 ${x.comments} 条意见）` : '（未提修改意见）'}，整改措施将列入整改台账。${note}`,
          link: editor,
          dedupeKey,
        };
    }
  });
}
