/**
 * The review workflow of a material, as a pure state machine:
 *
 *   draft ──submit──▶ submitted ──return──▶ returned ──submit──▶ resubmitted ──approve──▶ approved
 *                         └────────────approve──────────────────────┘   └──return──▶ returned
 *
 * The author may withdraw (撤回) a submission the reviewer has not acted on: submitted → draft,
 * resubmitted → returned (the state it was submitted from, still editable). Once the material is
 * returned or approved, withdrawing is too late (E_WITHDRAW_TOO_LATE).
 *
 * Only draft and returned materials can be edited (saved). Returning needs at least one comment
 * (the author must learn what to change). Who may fire an event is the authorization table's
 * business (core/auth/policy.ts: material.submit / material.review); this module only says
 * whether the event is possible in the current state.
 */
import { JianshiError } from '../errors.js';

export const MATERIAL_STATES = ['draft', 'submitted', 'returned', 'resubmitted', 'approved'] as const;
export type MaterialState = (typeof MATERIAL_STATES)[number];

export const MATERIAL_STATE_LABELS: Record<MaterialState, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  resubmitted: '已重新提交',
  approved: '已审核通过',
};

export const MATERIAL_EVENTS = ['submit', 'return', 'approve', 'withdraw'] as const;
export type MaterialEvent = (typeof MATERIAL_EVENTS)[number];

const TRANSITIONS: Record<MaterialEvent, Partial<Record<MaterialState, MaterialState>>> = {
  submit: { draft: 'submitted', returned: 'resubmitted' },
  return: { submitted: 'returned', resubmitted: 'returned' },
  approve: { submitted: 'approved', resubmitted: 'approved' },
  withdraw: { submitted: 'draft', resubmitted: 'returned' },
};

export const MATERIAL_EVENT_LABELS: Record<MaterialEvent, string> = {
  submit: '提交',
  return: '退回',
  approve: '审核通过',
  withdraw: '撤回',
};

/** Where a review comment points: a part of the material, or the material as a whole (general). */
export const COMMENT_PARTS = ['title', 'preface', 'problems', 'causes', 'measures', 'closing', 'general'] as const;
export type CommentPart = (typeof COMMENT_PARTS)[number];

export const COMMENT_PART_LABELS: Record<CommentPart, string> = {
  title: '标题',
  preface: '前言',
  problems: '存在的问题',
  causes: '原因剖析',
  measures: '整改措施',
  closing: '结束语',
  general: '总体意见',
};

export const EDITABLE_STATES: readonly MaterialState[] = ['draft', 'returned'];

export function isMaterialState(s: string): s is MaterialState {
  return (MATERIAL_STATES as readonly string[]).includes(s);
}

/** The state after `event`, or null when the event is impossible in `state`. */
export function nextState(state: MaterialState, event: MaterialEvent): MaterialState | null {
  return TRANSITIONS[event][state] ?? null;
}

export function canEdit(state: MaterialState): boolean {
  return EDITABLE_STATES.includes(state);
}

/** Like nextState, but throws E_BAD_STATE with a Chinese explanation. */
export function transition(state: string, event: MaterialEvent, opts: { comments?: number } = {}): MaterialState {
  if (!isMaterialState(state)) throw new JianshiError('E_BAD_STATE', `未知的材料状态：${state}`);
  const next = nextState(state, event);
  if (!next) {
    if (event === 'withdraw' && (state === 'returned' || state === 'approved'))
      throw new JianshiError(
        'E_WITHDRAW_TOO_LATE',
        `审核人已${state === 'approved' ? '审核通过' : '退回'}该材料，不能撤回。`,
        { state },
      );
    const label = MATERIAL_EVENT_LABELS[event];
    throw new JianshiError('E_BAD_STATE', `材料当前为“${MATERIAL_STATE_LABELS[state]}”状态，不能${label}。`, {
      state,
      event,
    });
  }
  if (event === 'return' && !(opts.comments && opts.comments > 0))
    throw new JianshiError('E_BAD_STATE', '退回材料时须至少填写一条修改意见。');
  return next;
}

export function assertEditable(state: string): void {
  if (!isMaterialState(state) || !canEdit(state)) {
    throw new JianshiError(
      'E_BAD_STATE',
      `材料当前为“${isMaterialState(state) ? MATERIAL_STATE_LABELS[state] : state}”状态，不能修改（仅草稿或已退回的材料可修改）。`,
      { state },
    );
  }
}
