import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy.js';
import { canLedger, ledgerDecision } from './policy.js';
import {
  changesDeadline,
  decideExtension,
  deadlineAfter,
  requestExtension,
  splitDeadlineProblem,
  type DeadlineExtension,
} from './extension.js';
import { dueState, type LedgerItem, type LedgerStatus } from './model.js';

function item(over: Partial<LedgerItem> = {}): LedgerItem {
  return {
    id: 'i1',
    orgId: 'b1',
    meetingId: null,
    year: 2024,
    number: '2024-第一党支部-001',
    source: '对照检查',
    sourceRef: null,
    aspect: null,
    problem: '调研少',
    target: null,
    measures: null,
    leaderName: null,
    department: null,
    ownerId: 'owner',
    deadlineKind: 'date',
    deadlineOn: '2024-06-30',
    status: 'in_progress',
    repeatedOfId: null,
    createdBy: 'sec',
    createdAt: '2024-01-10T08:00:00.000Z',
    updatedAt: '2024-01-10T08:00:00.000Z',
    closedAt: null,
    closedBy: null,
    ...over,
  };
}
const ask = (over: Partial<Parameters<typeof requestExtension>[2]> = {}) => ({
  id: 'x1',
  actorId: 'owner',
  at: '2024-07-02T00:00:00Z',
  newDeadlineOn: '2024-09-30',
  reason: '调研对象集中在三季度',
  ...over,
});

describe('deadline extensions', () => {
  it('a request keeps who, when, the old and new date and the reason; the item stays overdue while it waits', () => {
    const i = item();
    const x = requestExtension(i, null, ask({ reason: '  调研对象集中在三季度 ' }));
    expect(x).toMatchObject({
      status: 'pending',
      requestedBy: 'owner',
      requestedAt: '2024-07-02T00:00:00Z',
      oldDeadlineOn: '2024-06-30',
      newDeadlineOn: '2024-09-30',
      reason: '调研对象集中在三季度',
      decidedBy: null,
    });
    expect(dueState(i, '2024-07-02')).toBe('overdue');
  });
  it('the new date must be a real date after the old one; a reason is required; one request at a time', () => {
    for (const d of ['2024-02-30', '2024-13-01', '2024-9-30', 'x'])
      expect(() => requestExtension(item(), null, ask({ newDeadlineOn: d }))).toThrow(
        expect.objectContaining({ code: 'E_VALIDATION', message: expect.stringContaining('不是有效日期') }),
      );
    for (const d of ['2024-06-30', '2024-06-01'])
      expect(() => requestExtension(item(), null, ask({ newDeadlineOn: d }))).toThrow(/须晚于原完成时限（2024-06-30）/);
    expect(() => requestExtension(item(), null, ask({ reason: '   ' }))).toThrow(/须填写理由/);
    const pending = requestExtension(item(), null, ask());
    expect(() => requestExtension(item(), pending, ask({ id: 'x2' }))).toThrow(
      expect.objectContaining({ code: 'E_CONFLICT' }),
    );
  });
  it('no extension of closed, handed-in or 长期坚持 items', () => {
    for (const status of ['awaiting_close', 'closed'] as LedgerStatus[])
      expect(() => requestExtension(item({ status }), null, ask())).toThrow(
        expect.objectContaining({ code: 'E_BAD_STATE' }),
      );
    expect(() => requestExtension(item({ deadlineKind: 'ongoing', deadlineOn: null }), null, ask())).toThrow(
      /长期坚持/,
    );
  });
  it('approval moves the deadline; refusal needs a comment and keeps it; a decided request is final', () => {
    const i = item();
    const x = requestExtension(i, null, ask());
    const ok = decideExtension(i, x, 'approve', { actorId: 'sec', at: '2024-07-03T00:00:00Z' });
    expect(ok.patch).toEqual({ deadlineOn: '2024-09-30' });
    expect(ok.extension).toMatchObject({
      status: 'approved',
      decidedBy: 'sec',
      decidedAt: '2024-07-03T00:00:00Z',
      oldDeadlineOn: '2024-06-30',
    });
    expect(dueState({ ...i, ...ok.patch }, '2024-07-03')).toBe('ok');
    expect(() => decideExtension(i, x, 'refuse', { actorId: 'sec', at: 'now', comment: ' ' })).toThrow(
      /须填写审批意见/,
    );
    const no = decideExtension(i, x, 'refuse', {
      actorId: 'sec',
      at: '2024-07-03T00:00:00Z',
      comment: '三季度前可以完成',
    });
    expect(no).toMatchObject({ patch: null, extension: { status: 'refused', comment: '三季度前可以完成' } });
    for (const done of [ok.extension, no.extension])
      expect(() => decideExtension(i, done, 'approve', { actorId: 'sec', at: 'now' })).toThrow(
        expect.objectContaining({ code: 'E_BAD_STATE' }),
      );
    // the deadline was set later meanwhile: nothing to approve
    expect(() =>
      decideExtension(item({ deadlineOn: '2024-10-31' }), x, 'approve', { actorId: 'sec', at: 'now' }),
    ).toThrow(/已调整为 2024-10-31/);
    expect(() => decideExtension(item({ status: 'closed' }), x, 'approve', { actorId: 'sec', at: 'now' })).toThrow(
      expect.objectContaining({ code: 'E_BAD_STATE' }),
    );
  });
  it('what counts as changing the deadline: kind or effective date, not resending the same values', () => {
    const i = item();
    expect(changesDeadline(i, {})).toBe(false);
    expect(changesDeadline(i, { deadlineKind: 'date', deadlineOn: '2024-06-30' })).toBe(false);
    expect(changesDeadline(i, { deadlineOn: '2024-07-31' })).toBe(true);
    expect(changesDeadline(i, { deadlineOn: null })).toBe(true);
    expect(changesDeadline(i, { deadlineKind: 'ongoing' })).toBe(true);
    // 立行立改 with no stated date is recomputed from the creation date: a change when it was set otherwise
    const imm = item({ deadlineKind: 'immediate', deadlineOn: '2024-01-20' });
    expect(deadlineAfter(imm, { deadlineKind: 'immediate', deadlineOn: null })).toEqual({
      kind: 'immediate',
      on: '2024-02-09',
    });
    expect(changesDeadline(imm, { deadlineKind: 'immediate', deadlineOn: null })).toBe(true);
    expect(changesDeadline(imm, { deadlineKind: 'immediate' })).toBe(false);
  });
  it('a part split off by the owner is not due later than the item', () => {
    const i = item();
    expect(splitDeadlineProblem(i, {})).toBeNull();
    expect(splitDeadlineProblem(i, { deadlineKind: 'date', deadlineOn: '2024-05-31' })).toBeNull();
    expect(splitDeadlineProblem(i, { deadlineKind: 'date', deadlineOn: '2024-12-31' })).toMatch(/不能晚于原完成时限/);
    expect(splitDeadlineProblem(i, { deadlineKind: 'ongoing' })).toMatch(/长期坚持/);
    expect(splitDeadlineProblem(i, { deadlineKind: 'date', deadlineOn: null })).toMatch(/须填写/);
  });
});

const B1 = '/root/b1/';
const actor = (personId: string, ms: [string, string][]): Actor => ({
  personId,
  isAdmin: false,
  memberships: ms.map(([orgPath, role]) => ({ orgId: orgPath.split('/').filter(Boolean).pop()!, orgPath, role })),
});
const owner = actor('owner', [[B1, 'member']]);
const other = actor('other', [[B1, 'member']]);
const sec = actor('sec', [[B1, 'secretary']]);
const rev = actor('rev', [['/root/', 'reviewer']]);
const admin = actor('adm', [['/root/', 'admin']]);
const leader = actor('leader', [[B1, 'leader']]);

describe('who sets deadlines and who asks for more time', () => {
  const t = (ownerId: string | null, status: LedgerStatus = 'in_progress') => ({ orgPath: B1, ownerId, status });
  it('the owner never sets his own deadline; he may ask for an extension', () => {
    expect(ledgerDecision(owner, 'ledger.deadline', t('owner'))).toBe('forbidden');
    expect(canLedger(owner, 'ledger.extend', t('owner'))).toBe(true);
    expect(ledgerDecision(other, 'ledger.extend', t('owner'))).toBe('hidden');
    expect(ledgerDecision(sec, 'ledger.extend', t('owner'))).toBe('forbidden');
    expect(ledgerDecision(leader, 'ledger.extend', t('owner'))).toBe('forbidden');
  });
  it("the secretary sets (and decides on) members' deadlines; the superior the unit's and the secretary's own", () => {
    expect(canLedger(sec, 'ledger.deadline', t('owner'))).toBe(true);
    expect(canLedger(rev, 'ledger.deadline', t('owner'))).toBe(true);
    expect(canLedger(admin, 'ledger.deadline', t('owner'))).toBe(true);
    expect(canLedger(leader, 'ledger.deadline', t('owner'))).toBe(false);
    for (const o of ['sec', null]) {
      expect(canLedger(sec, 'ledger.deadline', t(o))).toBe(false);
      expect(canLedger(sec, 'ledger.extend', t(o))).toBe(true);
      expect(canLedger(rev, 'ledger.deadline', t(o))).toBe(true);
    }
    expect(canLedger(rev, 'ledger.deadline', t('rev'))).toBe(false);
  });
  it('only while the item is open', () => {
    for (const s of ['awaiting_close', 'closed'] as LedgerStatus[]) {
      expect(ledgerDecision(sec, 'ledger.deadline', t('owner', s))).toBe('bad_state');
      expect(ledgerDecision(owner, 'ledger.extend', t('owner', s))).toBe('bad_state');
    }
  });
});
