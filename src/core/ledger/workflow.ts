/**
 * Closure (销号) as a pure state machine:
 *
 *   pending ──start──▶ in_progress ──apply──▶ awaiting_close ──close──▶ closed (immutable)
 *      └──────────────apply─────────────────────▲     └──send_back──▶ in_progress
 *
 * The owner starts work and applies for closure with evidence (at least one file); the superior
 * closes after checking the evidence, or sends the item back with a reason. Closed is terminal.
 * Who may fire an event is the permission table's business (./policy.ts); this module says
 * whether the event is possible now, and builds the transition record (who, when, snapshot).
 */
import { JianshiError } from '../errors.js';
import { LEDGER_STATUS_LABELS, isLedgerStatus, type LedgerItem, type LedgerStatus } from './model.js';

export const LEDGER_EVENTS = ['start', 'apply', 'close', 'send_back'] as const;
export type LedgerEvent = (typeof LEDGER_EVENTS)[number];

export const LEDGER_EVENT_LABELS: Record<LedgerEvent, string> = {
  start: '开始整改',
  apply: '申请销号',
  close: '销号',
  send_back: '退回',
};

const TRANSITIONS: Record<LedgerEvent, Partial<Record<LedgerStatus, LedgerStatus>>> = {
  start: { pending: 'in_progress' },
  apply: { pending: 'awaiting_close', in_progress: 'awaiting_close' },
  close: { awaiting_close: 'closed' },
  send_back: { awaiting_close: 'in_progress' },
};

/** States in which the content of an item (fields, notes, evidence) may change. */
export const MUTABLE_STATES: readonly LedgerStatus[] = ['pending', 'in_progress'];

export function nextLedgerState(state: LedgerStatus, event: LedgerEvent): LedgerStatus | null {
  return TRANSITIONS[event][state] ?? null;
}

export interface TransitionContext {
  /** Evidence files attached to the item (apply needs ≥ 1). */
  evidenceCount?: number;
  /** Reason (send_back needs one). */
  reason?: string | null;
}

/** The state after `event`, or E_BAD_STATE with a Chinese explanation. */
export function ledgerTransition(state: string, event: LedgerEvent, ctx: TransitionContext = {}): LedgerStatus {
  if (!isLedgerStatus(state)) throw new JianshiError('E_BAD_STATE', `未知的整改状态：${state}`);
  const next = nextLedgerState(state, event);
  if (!next) {
    const why = state === 'closed' ? '已销号的事项不能再变更。' : '';
    throw new JianshiError(
      'E_BAD_STATE',
      `整改事项当前为“${LEDGER_STATUS_LABELS[state]}”，不能${LEDGER_EVENT_LABELS[event]}。${why}`,
      { state, event },
    );
  }
  if (event === 'apply' && !(ctx.evidenceCount && ctx.evidenceCount > 0))
    throw new JianshiError('E_BAD_STATE', '申请销号前须至少上传一份佐证材料。', { state, event });
  if (event === 'send_back' && !ctx.reason?.trim())
    throw new JianshiError('E_BAD_STATE', '退回时须填写退回理由。', { state, event });
  return next;
}

/** Content changes (fields, notes, evidence, split) are allowed only while the item is open. */
export function assertMutable(state: string): void {
  if (!isLedgerStatus(state) || !MUTABLE_STATES.includes(state)) {
    const label = isLedgerStatus(state) ? LEDGER_STATUS_LABELS[state] : state;
    const why =
      state === 'closed'
        ? '已销号的事项不可更改。'
        : state === 'awaiting_close'
          ? '已申请销号，待上级审核；如需修改请等待退回。'
          : '';
    throw new JianshiError('E_BAD_STATE', `整改事项当前为“${label}”，不能修改。${why}`, { state });
  }
}

/** The record every transition keeps: who, when, why, and the item as it was at that moment. */
export interface LedgerTransitionRecord {
  itemId: string;
  event: LedgerEvent;
  fromStatus: LedgerStatus;
  toStatus: LedgerStatus;
  actorId: string;
  reason: string | null;
  at: string;
  /** The item after the transition (its content, status and evidence list at that moment). */
  snapshot: LedgerSnapshot;
}

export interface LedgerSnapshot {
  item: LedgerItem;
  evidence: { id: string; fileName: string; sha256: string; evidenceOn: string | null }[];
}

/**
 * Apply `event` to `item`: the item after the transition and the transition record. Pure: the
 * caller passes `at` (an ISO time) and persists both with a compare-and-set on the old status.
 */
export function applyLedgerEvent(
  item: LedgerItem,
  event: LedgerEvent,
  input: { actorId: string; at: string; reason?: string | null; evidence?: LedgerSnapshot['evidence'] },
): { item: LedgerItem; record: LedgerTransitionRecord } {
  const evidence = input.evidence ?? [];
  const to = ledgerTransition(item.status, event, { evidenceCount: evidence.length, reason: input.reason });
  const after: LedgerItem = {
    ...item,
    status: to,
    updatedAt: input.at,
    closedAt: to === 'closed' ? input.at : item.closedAt,
    closedBy: to === 'closed' ? input.actorId : item.closedBy,
  };
  return {
    item: after,
    record: {
      itemId: item.id,
      event,
      fromStatus: item.status,
      toStatus: to,
      actorId: input.actorId,
      reason: input.reason?.trim() || null,
      at: input.at,
      snapshot: { item: after, evidence },
    },
  };
}
