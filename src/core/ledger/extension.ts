/**
 * Deadlines are set by those who check the work, never by the one who does it: the
 * owner of an item cannot move his own 完成时限 — he asks for an extension (延期申请: a new date and
 * a reason), and whoever sets deadlines for the item (policy.ts `ledger.deadline`: the branch
 * secretary for a member's item, the superior for the unit's and the secretary's own items)
 * approves or refuses it, with a comment. Both the request and the decision stay in the item's
 * history (who, when, old and new date, reason, comment). While a request waits, nothing changes:
 * an item past its deadline stays overdue.
 *
 *   pending ──approve──▶ approved   (the item's deadline becomes the requested date)
 *      └─────refuse───▶ refused    (the deadline stays; a comment says why)
 *
 * Pure: the caller passes the item, the pending request (if any), the time and a fresh id, and
 * persists the result with a compare-and-set on the request's status and the item's deadline.
 */
import { JianshiError } from '../errors.js';
import type { LedgerNotification } from './notify.js';
import {
  DEFAULT_DEADLINE_POLICY,
  effectiveDeadline,
  isIsoDate,
  LEDGER_STATUS_LABELS,
  OPEN_STATUSES,
  type DeadlineKind,
  type DeadlinePolicy,
  type LedgerItem,
  type LedgerPatch,
} from './model.js';

export const EXTENSION_STATUSES = ['pending', 'approved', 'refused'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];
export const EXTENSION_STATUS_LABELS: Record<ExtensionStatus, string> = {
  pending: '待审批',
  approved: '已同意',
  refused: '未同意',
};

export const EXTENSION_LIMITS = { reason: 1000, comment: 1000 } as const;

export interface DeadlineExtension {
  id: string;
  itemId: string;
  status: ExtensionStatus;
  requestedBy: string;
  requestedAt: string;
  /** The item's deadline when the request was made. */
  oldDeadlineOn: string;
  /** The date asked for (strictly after the old one). */
  newDeadlineOn: string;
  reason: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
}

/** 长期坚持 items have no date to extend; every other open item with a date can ask. */
function assertExtendable(item: Pick<LedgerItem, 'status' | 'deadlineKind' | 'deadlineOn'>): string {
  if (!OPEN_STATUSES.includes(item.status)) {
    throw new JianshiError(
      'E_BAD_STATE',
      `整改事项当前为“${LEDGER_STATUS_LABELS[item.status]}”，不能申请或审批延期。`,
      { state: item.status },
    );
  }
  if (item.deadlineKind === 'ongoing' || !item.deadlineOn)
    throw new JianshiError('E_BAD_STATE', '长期坚持或未设完成日期的事项无需申请延期。');
  return item.deadlineOn;
}

/** A real calendar date strictly after `after` (both YYYY-MM-DD), else E_VALIDATION in Chinese. */
export function assertLaterDate(date: string, after: string): void {
  if (!isIsoDate(date)) throw new JianshiError('E_VALIDATION', `“${date}”不是有效日期，格式为 YYYY-MM-DD。`);
  if (date <= after)
    throw new JianshiError('E_VALIDATION', `延期后的完成日期须晚于原完成时限（${after}）。`, {
      oldDeadlineOn: after,
      newDeadlineOn: date,
    });
}

/**
 * The owner asks for a later deadline. One request at a time: a second one while the first waits
 * is E_CONFLICT. Who may ask is the permission table's business (`ledger.extend`: the owner).
 */
export function requestExtension(
  item: Pick<LedgerItem, 'id' | 'status' | 'deadlineKind' | 'deadlineOn'>,
  pending: DeadlineExtension | null,
  input: { id: string; actorId: string; at: string; newDeadlineOn: string; reason: string },
): DeadlineExtension {
  const old = assertExtendable(item);
  if (pending && pending.status === 'pending')
    throw new JianshiError(
      'E_CONFLICT',
      `已有一份延期申请（至 ${pending.newDeadlineOn}）等待审批，请等审批后再申请。`,
      { pendingId: pending.id },
    );
  const reason = input.reason.trim();
  if (!reason) throw new JianshiError('E_VALIDATION', '申请延期须填写理由。');
  if (reason.length > EXTENSION_LIMITS.reason)
    throw new JianshiError('E_VALIDATION', `延期理由不能超过 ${EXTENSION_LIMITS.reason} 字。`);
  assertLaterDate(input.newDeadlineOn, old);
  return {
    id: input.id,
    itemId: item.id,
    status: 'pending',
    requestedBy: input.actorId,
    requestedAt: input.at,
    oldDeadlineOn: old,
    newDeadlineOn: input.newDeadlineOn,
    reason,
    decidedBy: null,
    decidedAt: null,
    comment: null,
  };
}

export type ExtensionDecision = 'approve' | 'refuse';

/**
 * The deadline setter decides. Approving moves the item's deadline to the requested date (the kind
 * stays: a 立行立改 item keeps its label with the new date); refusing needs a comment and changes
 * nothing. If the deadline was changed meanwhile (set directly), the request must still ask for a
 * later date than the current one to be approved. Returns the decided request and the item patch
 * (null when refused).
 */
export function decideExtension(
  item: Pick<LedgerItem, 'id' | 'status' | 'deadlineKind' | 'deadlineOn'>,
  ext: DeadlineExtension,
  decision: ExtensionDecision,
  input: { actorId: string; at: string; comment?: string | null },
): { extension: DeadlineExtension; patch: LedgerPatch | null } {
  if (ext.itemId !== item.id) throw new JianshiError('E_NOT_FOUND', '未找到该延期申请。');
  if (ext.status !== 'pending')
    throw new JianshiError('E_BAD_STATE', `该延期申请已${EXTENSION_STATUS_LABELS[ext.status]}，不能再次审批。`, {
      status: ext.status,
    });
  const current = assertExtendable(item);
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > EXTENSION_LIMITS.comment)
    throw new JianshiError('E_VALIDATION', `审批意见不能超过 ${EXTENSION_LIMITS.comment} 字。`);
  if (decision === 'refuse') {
    if (!comment) throw new JianshiError('E_VALIDATION', '不同意延期时须填写审批意见。');
    return {
      extension: { ...ext, status: 'refused', decidedBy: input.actorId, decidedAt: input.at, comment },
      patch: null,
    };
  }
  if (ext.newDeadlineOn <= current) {
    throw new JianshiError(
      'E_BAD_STATE',
      `完成时限已调整为 ${current}，不早于申请的日期（${ext.newDeadlineOn}），无需同意此申请；如不需要请选择不同意。`,
      { deadlineOn: current },
    );
  }
  return {
    extension: { ...ext, status: 'approved', decidedBy: input.actorId, decidedAt: input.at, comment },
    patch: { deadlineOn: ext.newDeadlineOn },
  };
}

// ---------------------------------------------------------------- who changes a deadline

/** The deadline an item would have after `patch` (the same rule the repository stores). */
export function deadlineAfter(
  item: Pick<LedgerItem, 'deadlineKind' | 'deadlineOn' | 'createdAt'>,
  patch: Pick<LedgerPatch, 'deadlineKind' | 'deadlineOn'>,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): { kind: DeadlineKind; on: string | null } {
  if (patch.deadlineKind === undefined && patch.deadlineOn === undefined)
    return { kind: item.deadlineKind, on: item.deadlineOn };
  const kind = patch.deadlineKind ?? item.deadlineKind;
  const stated =
    patch.deadlineOn !== undefined ? patch.deadlineOn : kind === item.deadlineKind ? item.deadlineOn : null;
  return { kind, on: effectiveDeadline(kind, stated, item.createdAt, policy) };
}

/** Whether `patch` changes the item's 完成时限 (kind or date) — only deadline setters may. */
export function changesDeadline(
  item: Pick<LedgerItem, 'deadlineKind' | 'deadlineOn' | 'createdAt'>,
  patch: Pick<LedgerPatch, 'deadlineKind' | 'deadlineOn'>,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): boolean {
  const next = deadlineAfter(item, patch, policy);
  return next.kind !== item.deadlineKind || next.on !== item.deadlineOn;
}

/**
 * A part split off by someone who does not set deadlines may not be due later than the item it
 * came from (no 长期坚持 part of a dated item, no later date): splitting is not a way around the
 * deadline. Returns the Chinese problem, or null when the part is fine.
 */
export function splitDeadlineProblem(
  item: Pick<LedgerItem, 'deadlineKind' | 'deadlineOn'>,
  part: { deadlineKind?: DeadlineKind; deadlineOn?: string | null },
): string | null {
  if (part.deadlineKind === undefined && part.deadlineOn === undefined) return null;
  if (item.deadlineKind === 'ongoing') return null;
  const kind = part.deadlineKind ?? item.deadlineKind;
  if (kind === 'ongoing') return '拆分出的任务不能改为长期坚持：完成时限由书记或上级确定';
  const on = part.deadlineOn ?? null;
  if (!on) return '拆分出的任务如另定完成时限，须填写不晚于原完成时限的日期';
  if (item.deadlineOn && on > item.deadlineOn)
    return `拆分出的任务完成日期（${on}）不能晚于原完成时限（${item.deadlineOn}）；如需延期，请提出延期申请`;
  return null;
}

/** 延期情况 as a ledger sheet shows it: one line per request, e.g. "2024年7月3日同意延期：2024年6月30日 → 2024年9月30日". */
export function extensionText(list: readonly DeadlineExtension[]): string | null {
  if (!list.length) return null;
  const cn = (d: string) => {
    const [y, m, day] = d.slice(0, 10).split('-').map(Number);
    return `${y}年${m}月${day}日`;
  };
  return list
    .map((x) => {
      const span = `${cn(x.oldDeadlineOn)} → ${cn(x.newDeadlineOn)}`;
      if (x.status === 'pending') return `申请延期（待审批）：${span}`;
      return `${x.decidedAt ? cn(x.decidedAt) : ''}${x.status === 'approved' ? '同意延期' : '未同意延期'}：${span}`;
    })
    .join('\n');
}

// ---------------------------------------------------------------- notifications

const brief = (s: string, n = 30) => (s.length > n ? s.slice(0, n) + '…' : s);

/** A new request → those who decide it; a decision → the one who asked. */
export function extensionNotifications(
  item: Pick<LedgerItem, 'id' | 'number' | 'problem'>,
  ext: DeadlineExtension,
  recipients: readonly string[],
): LedgerNotification[] {
  const link = `/ledger/${item.id}`;
  return recipients.map((personId) => {
    if (ext.status === 'pending') {
      return {
        personId,
        kind: 'ledger.extension_requested' as const,
        title: `延期申请待审批：${item.number}`,
        body: `“${brief(item.problem)}”申请将完成时限由 ${ext.oldDeadlineOn} 延至 ${ext.newDeadlineOn}，理由：${brief(ext.reason, 200)}`,
        link,
        dedupeKey: `extension:${ext.id}:requested:${personId}`,
      };
    }
    const ok = ext.status === 'approved';
    return {
      personId,
      kind: 'ledger.extension_decided' as const,
      title: `延期申请${ok ? '已同意' : '未同意'}：${item.number}`,
      body: ok
        ? `“${brief(item.problem)}”的完成时限已延至 ${ext.newDeadlineOn}。${ext.comment ? `审批意见：${brief(ext.comment, 200)}` : ''}`
        : `“${brief(item.problem)}”的完成时限仍为 ${ext.oldDeadlineOn}。审批意见：${brief(ext.comment ?? '', 200)}`,
      link,
      dedupeKey: `extension:${ext.id}:${ext.status}:${personId}`,
    };
  });
}
