import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { materialFromText } from '../material/pipeline.js';
import {
  LEDGER_EVENTS,
  LEDGER_STATUSES,
  applyLedgerEvent,
  assertMutable,
  nextLedgerState,
  ledgerTransition,
  dueState,
  effectiveDeadline,
  formatNumber,
  parseNumber,
  nextSeq,
  deadlineText,
  draftsFromMaterial,
  assignNumbers,
  splitItem,
  validateDraft,
  draftFromCriticism,
  draftFromOpinion,
  draftFromComment,
  problemView,
  taskView,
  responsibilityView,
  dashboard,
  dailyNotifications,
  type LedgerItem,
} from './index.js';

function item(over: Partial<LedgerItem> = {}): LedgerItem {
  return {
    id: 'i1',
    orgId: 'b1',
    meetingId: null,
    year: 2024,
    number: '2024-第一党支部-001',
    source: '对照检查',
    sourceRef: null,
    aspect: '理论学习',
    problem: '理论学习不深不透',
    target: null,
    measures: '每月集中学习一次',
    leaderName: null,
    department: null,
    ownerId: 'p1',
    deadlineKind: 'date',
    deadlineOn: '2024-06-30',
    status: 'pending',
    repeatedOfId: null,
    createdBy: 'sec',
    createdAt: '2024-01-10T08:00:00.000Z',
    updatedAt: '2024-01-10T08:00:00.000Z',
    closedAt: null,
    closedBy: null,
    ...over,
  };
}

describe('ledger status machine', () => {
  it('runs pending → in_progress → awaiting_close → (sent back) → awaiting_close → closed', () => {
    const ev = [{ id: 'e1', fileName: '学习记录.pdf', sha256: 'x', evidenceOn: '2024-05-01' }];
    let i = item();
    i = applyLedgerEvent(i, 'start', { actorId: 'p1', at: '2024-02-01T00:00:00Z' }).item;
    expect(i.status).toBe('in_progress');
    const applied = applyLedgerEvent(i, 'apply', { actorId: 'p1', at: '2024-05-02T00:00:00Z', evidence: ev });
    expect(applied.record).toMatchObject({
      fromStatus: 'in_progress',
      toStatus: 'awaiting_close',
      actorId: 'p1',
      at: '2024-05-02T00:00:00Z',
    });
    expect(applied.record.snapshot.evidence).toEqual(ev);
    expect(applied.record.snapshot.item.status).toBe('awaiting_close');
    const back = applyLedgerEvent(applied.item, 'send_back', {
      actorId: 'rev',
      at: '2024-05-03T00:00:00Z',
      reason: ' 佐证不充分 ',
    });
    expect(back.item.status).toBe('in_progress');
    expect(back.record.reason).toBe('佐证不充分');
    const again = applyLedgerEvent(back.item, 'apply', {
      actorId: 'p1',
      at: '2024-05-04T00:00:00Z',
      evidence: ev,
    }).item;
    const closed = applyLedgerEvent(again, 'close', { actorId: 'rev', at: '2024-05-05T00:00:00Z', evidence: ev });
    expect(closed.item).toMatchObject({ status: 'closed', closedBy: 'rev', closedAt: '2024-05-05T00:00:00Z' });
  });
  it('needs evidence to apply and a reason to send back', () => {
    expect(() => ledgerTransition('in_progress', 'apply')).toThrow(/佐证材料/);
    expect(() => ledgerTransition('awaiting_close', 'send_back', { reason: '  ' })).toThrow(/退回理由/);
  });
  it('has exactly 5 possible transitions and closed is terminal and immutable', () => {
    let n = 0;
    for (const s of LEDGER_STATUSES)
      for (const e of LEDGER_EVENTS) {
        if (nextLedgerState(s, e)) n++;
        else
          expect(() => ledgerTransition(s, e, { evidenceCount: 1, reason: 'x' })).toThrow(
            expect.objectContaining({ code: 'E_BAD_STATE' }),
          );
      }
    expect(n).toBe(5);
    for (const e of LEDGER_EVENTS) expect(nextLedgerState('closed', e)).toBeNull();
    expect(() => assertMutable('closed')).toThrow(/已销号/);
    expect(() => assertMutable('awaiting_close')).toThrow(expect.objectContaining({ code: 'E_BAD_STATE' }));
    expect(() => assertMutable('in_progress')).not.toThrow();
  });
  it('property: any event sequence never leaves closed and every record chains from → to', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LEDGER_EVENTS), { maxLength: 30 }), (events) => {
        let i = item();
        let wasClosed = false;
        for (const e of events) {
          try {
            const r = applyLedgerEvent(i, e, {
              actorId: 'a',
              at: '2024-01-01T00:00:00Z',
              reason: 'r',
              evidence: [{ id: 'f', fileName: 'f', sha256: 's', evidenceOn: null }],
            });
            expect(r.record.fromStatus).toBe(i.status);
            expect(wasClosed).toBe(false);
            i = r.item;
            if (i.status === 'closed') wasClosed = true;
          } catch (err) {
            expect((err as { code: string }).code).toBe('E_BAD_STATE');
          }
        }
        return true;
      }),
    );
  });
});

describe('deadlines', () => {
  it('derives overdue and due-soon from today; ongoing and handed-in items are never overdue', () => {
    expect(dueState(item(), '2024-07-01')).toBe('overdue');
    expect(dueState(item(), '2024-06-30')).toBe('due_soon');
    expect(dueState(item(), '2024-06-23')).toBe('due_soon');
    expect(dueState(item(), '2024-06-22')).toBe('ok');
    expect(dueState(item({ status: 'awaiting_close' }), '2024-09-01')).toBe('none');
    expect(dueState(item({ status: 'closed' }), '2024-09-01')).toBe('none');
    expect(dueState(item({ deadlineKind: 'ongoing', deadlineOn: null }), '2030-01-01')).toBe('none');
    expect(dueState(item({ deadlineOn: null }), '2030-01-01')).toBe('none');
  });
  it('gives 立行立改 a due date from the policy and 长期坚持 none', () => {
    expect(effectiveDeadline('immediate', null, '2024-01-10T08:00:00Z')).toBe('2024-02-09');
    expect(effectiveDeadline('immediate', null, '2024-01-10', { immediateDays: 15, dueSoonDays: 3 })).toBe(
      '2024-01-25',
    );
    expect(effectiveDeadline('ongoing', '2024-01-01', '2024-01-10')).toBeNull();
    expect(effectiveDeadline('date', '2024-03-31', '2024-01-10')).toBe('2024-03-31');
    expect(deadlineText(item())).toBe('2024年6月30日');
    expect(deadlineText(item({ deadlineKind: 'immediate' }))).toBe('立行立改');
  });
});

describe('numbering', () => {
  it('formats and parses "one problem, one account" numbers', () => {
    expect(formatNumber(2024, '第一 党支部', 1)).toBe('2024-第一党支部-001');
    expect(parseNumber('2024-第一党支部-012')).toEqual({ year: 2024, orgName: '第一党支部', seq: 12, part: null });
    expect(parseNumber('2024-第一党支部-012-2')).toMatchObject({ seq: 12, part: 2 });
    expect(parseNumber('乱写')).toBeNull();
    expect(nextSeq(['2024-a-001', '2024-a-007-2', '2024-a-003'])).toBe(8);
  });
  it('assigns the next free numbers and keeps given ones', () => {
    const out = assignNumbers([{}, { number: '2024-支部-005' }, {}], '支部', 2024, ['2024-支部-001', '2024-支部-002']);
    expect(out.map((x) => x.number)).toEqual(['2024-支部-003', '2024-支部-005', '2024-支部-004']);
  });
});

describe('items from sources', () => {
  const sample = materialFromText(
    readFileSync(new URL('../../../test/fixtures/sample-2023.txt', import.meta.url), 'utf8'),
  );
  it('makes one item per measure of the sample material, with the aspect of the related problem', () => {
    const drafts = draftsFromMaterial(sample, { materialId: 'm1', orgId: 'b1', year: 2023, ownerId: 'p1' });
    expect(drafts).toHaveLength(sample.measures.length);
    expect(drafts.map((d) => d.aspect)).toEqual(['理论学习', '政治素质', '担当作为', '工作作风', '廉洁自律']);
    expect(drafts[0]).toMatchObject({
      source: '对照检查',
      ownerId: 'p1',
      sourceRef: { kind: 'measure', materialId: 'm1', measureIndex: 0, problemIndex: 0 },
    });
    expect(drafts[0].measures).toContain('加强理论学习');
    expect(drafts[0].problem).toContain('浅尝辄止');
    for (const d of drafts) expect(validateDraft(d)).toEqual([]);
  });
  it('reads deadlines of measures', () => {
    const m = materialFromText(
      '对照检查材料\n一、存在的问题\n（一）理论学习方面。学习不够。\n二、原因剖析\n（一）理想信念。淡漠。\n三、整改措施\n（一）加强理论学习，2024年6月底前完成。\n（二）立行立改，清理文件。\n（三）长期坚持，改进作风。\n',
    );
    const d = draftsFromMaterial(m, { materialId: 'm', orgId: 'o', year: 2024, ownerId: null });
    expect(d.map((x) => [x.deadlineKind, x.deadlineOn])).toEqual([
      ['date', '2024-06-30'],
      ['immediate', null],
      ['ongoing', null],
    ]);
  });
  it('turns criticisms, opinions and superior comments into items with a link back', () => {
    const ctx = { orgId: 'b1', year: 2024, meetingId: 'mt' };
    expect(draftFromCriticism({ id: 'c1', targetPersonId: 'p2', body: '调研不够深入' }, ctx)).toMatchObject({
      source: '相互批评',
      ownerId: 'p2',
      sourceRef: { kind: 'criticism', criticismId: 'c1' },
    });
    expect(
      draftFromOpinion(
        { collectionId: 'c1', targetKind: 'group', targetPersonId: null, category: '工作作风', body: '会议太多' },
        ctx,
      ),
    ).toMatchObject({ source: '征求意见', ownerId: null, aspect: '工作作风' });
    expect(draftFromComment({ id: 'k1', targetPersonId: 'p3', body: '批评不够辣' }, ctx)).toMatchObject({
      source: '上级点评',
      ownerId: 'p3',
    });
  });
  it('splits an open item: the item keeps part 1, parts 2…n become <number>-k', () => {
    const { patch, children } = splitItem(
      item(),
      [{ measures: 'A' }, { measures: 'B', ownerId: 'p9' }, { measures: 'C', deadlineKind: 'ongoing' }],
      ['2024-第一党支部-001-2'],
    );
    expect(patch).toEqual({ measures: 'A' });
    expect(children.map((c) => c.number)).toEqual(['2024-第一党支部-001-3', '2024-第一党支部-001-4']);
    expect(children[0]).toMatchObject({
      ownerId: 'p9',
      aspect: '理论学习',
      sourceRef: { kind: 'split', parentId: 'i1' },
    });
    expect(children[1]).toMatchObject({ deadlineKind: 'ongoing', deadlineOn: null });
    expect(() => splitItem(item({ status: 'closed' }), [{}, {}])).toThrow(
      expect.objectContaining({ code: 'E_BAD_STATE' }),
    );
    expect(() => splitItem(item(), [{}])).toThrow(expect.objectContaining({ code: 'E_VALIDATION' }));
  });
  it('validates drafts in Chinese', () => {
    expect(validateDraft({ source: '自查', problem: ' ', deadlineKind: 'date', deadlineOn: '2024-02-30' })).toEqual([
      '问题描述不能为空',
      '完成时限“2024-02-30”不是有效日期',
    ]);
  });
});

describe('views and dashboard', () => {
  const today = '2024-07-15';
  const items: LedgerItem[] = [
    item({ id: 'a', status: 'closed', closedAt: '2024-05-05T00:00:00Z', aspect: '理论学习' }),
    item({ id: 'b', status: 'in_progress', ownerId: 'p1', deadlineOn: '2024-07-01' }),
    item({
      id: 'c',
      status: 'pending',
      ownerId: 'p2',
      deadlineOn: '2024-07-20',
      aspect: '工作作风',
      leaderName: '张书记',
      createdAt: '2024-02-01T00:00:00Z',
    }),
    item({
      id: 'd',
      status: 'awaiting_close',
      ownerId: null,
      orgId: 'b2',
      deadlineOn: '2024-01-01',
      aspect: null,
      repeatedOfId: 'old',
    }),
  ];
  it('projects the same items into the three lists', () => {
    expect(problemView(items).map((r) => r.statusLabel)).toEqual(['已销号', '整改中', '待整改', '待销号']);
    expect(taskView(items, today).map((r) => r.dueState)).toEqual(['none', 'overdue', 'due_soon', 'none']);
    const resp = responsibilityView(items, today);
    expect(resp[0]).toMatchObject({ ownerId: 'p1', total: 2, overdue: 1, byStatus: { closed: 1, in_progress: 1 } });
    expect(resp.find((r) => r.ownerId === null)).toMatchObject({ orgId: 'b2', total: 1 });
    expect(resp.find((r) => r.ownerId === 'p2')?.leaderNames).toEqual(['张书记']);
  });
  it('aggregates completion by branch and aspect, overdue, trend', () => {
    const d = dashboard(items, today);
    expect(d).toMatchObject({
      total: 4,
      overdue: 1,
      dueSoon: 1,
      repeated: 1,
      byStatus: { closed: 1, in_progress: 1, pending: 1, awaiting_close: 1 },
    });
    expect(d.byOrg).toEqual([
      { key: 'b1', total: 3, closed: 1, awaitingClose: 0, overdue: 1, rate: 0.3333 },
      { key: 'b2', total: 1, closed: 0, awaitingClose: 1, overdue: 0, rate: 0 },
    ]);
    expect(d.byAspect.map((r) => r.key)).toEqual(['', '工作作风', '理论学习']);
    expect(d.trend).toEqual([
      { month: '2024-01', created: 3, closed: 0 },
      { month: '2024-02', created: 1, closed: 0 },
      { month: '2024-05', created: 0, closed: 1 },
    ]);
  });
  it('notifies owners (or the secretaries for unit items) once per deadline, and digests for secretaries', () => {
    const secs = new Map([
      ['b1', ['sec1']],
      ['b2', ['sec2']],
    ]);
    const open = [
      item({ id: 'x', status: 'in_progress', deadlineOn: '2024-07-10' }),
      item({ id: 'y', ownerId: null, deadlineOn: '2024-07-18' }),
      item({ id: 'z', status: 'closed' }),
    ];
    const n = dailyNotifications(open, secs, today);
    expect(n.map((x) => [x.kind, x.personId])).toEqual([
      ['ledger.overdue', 'p1'],
      ['ledger.due_soon', 'sec1'],
      ['ledger.digest', 'sec1'],
    ]);
    expect(new Set(n.map((x) => x.dedupeKey)).size).toBe(3);
    // the same day again: the same keys (stored once); a week later: a new overdue reminder
    expect(dailyNotifications(open, secs, today).map((x) => x.dedupeKey)).toEqual(n.map((x) => x.dedupeKey));
    expect(dailyNotifications(open, secs, '2024-07-22')[0].dedupeKey).not.toBe(n[0].dedupeKey);
  });
});
