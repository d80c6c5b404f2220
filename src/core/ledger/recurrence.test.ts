import { describe, expect, it } from 'vitest';
import { RECURRENCE_THRESHOLD, findRecurrence, problemSimilarity, type RecurrenceCandidate } from './recurrence.js';

/** The same complaint, reworded the next year (must be caught). */
const SAME: [string, string][] = [
  ['理论学习不深不透，学用结合不够紧密', '理论学习不够深入，学用结合不紧密'],
  ['深入基层调查研究少，帮助群众解决实际问题不多', '深入基层调查研究不够，帮助群众解决实际问题不多'],
  ['对党员的教育管理监督不够，只注重从工作上提要求', '对党员教育管理监督不够，只注重工作上提要求、定任务'],
  ['缴纳党费不主动，存在等人催收的问题', '党费缴纳不够主动，有时等人催收'],
  ['批评与自我批评不敢动真碰硬，辣味不足', '开展批评与自我批评不敢动真碰硬，辣味不够'],
  ['担当精神有所弱化，遇到困难有畏难情绪', '担当精神弱化，遇到困难和矛盾存在畏难情绪'],
];
/** Different problems, often of the same aspect with shared stock words (must not be flagged). */
const DIFFERENT: [string, string][] = [
  ['理论学习不深不透，学用结合不够紧密', '理论学习的计划性不强，没有制定个人学习计划'],
  ['理论学习不深不透，学用结合不够紧密', '理论学习不够系统，存在碎片化现象'],
  ['深入基层调查研究少，帮助群众解决实际问题不多', '对群众反映的问题回应不及时，办事效率不高'],
  ['缴纳党费不主动，存在等人催收的问题', '参加组织生活不积极，有时以工作忙为由请假'],
  ['担当精神有所弱化，遇到困难有畏难情绪', '廉洁自律意识有所放松，对身边人员要求不严'],
  ['对党员的教育管理监督不够，只注重从工作上提要求', '对党员的思想动态掌握不够，谈心谈话不经常'],
];

describe('recurrence (重复出现)', () => {
  it('the threshold separates rewordings from different problems with a margin', () => {
    const same = SAME.map(([a, b]) => problemSimilarity(a, b));
    const diff = DIFFERENT.map(([a, b]) => problemSimilarity(a, b));
    expect(Math.min(...same)).toBeGreaterThanOrEqual(RECURRENCE_THRESHOLD + 0.1);
    expect(Math.max(...diff)).toBeLessThanOrEqual(RECURRENCE_THRESHOLD - 0.15);
  });
  it('is symmetric and 1 for identical texts, ignoring punctuation', () => {
    expect(problemSimilarity('理论学习不深不透。', '理论学习不深不透')).toBe(1);
    for (const [a, b] of SAME) expect(problemSimilarity(a, b)).toBeCloseTo(problemSimilarity(b, a), 10);
  });
  const c = (over: Partial<RecurrenceCandidate>): RecurrenceCandidate => ({
    id: 'c',
    number: '2023-支部-001',
    year: 2023,
    problem: SAME[0][0],
    status: 'closed',
    ownerId: 'p1',
    orgId: 'b1',
    ...over,
  });
  it('links to an item of an earlier year of the same person, closed or still open', () => {
    const now = { year: 2024, problem: SAME[0][1], ownerId: 'p1', orgId: 'b1' };
    expect(findRecurrence(now, [c({})])).toMatchObject({ id: 'c', year: 2023 });
    expect(findRecurrence(now, [c({ ownerId: 'p2' })])).toBeNull();
    // Last year's item still open (overdue) and the same problem written again: it came back.
    expect(findRecurrence(now, [c({ status: 'in_progress' })])).toMatchObject({ id: 'c', year: 2023 });
    expect(findRecurrence(now, [c({ status: 'pending' })])).toMatchObject({ id: 'c' });
    expect(findRecurrence(now, [c({ year: 2024 })])).toBeNull();
    expect(findRecurrence(now, [c({ problem: DIFFERENT[0][1] })])).toBeNull();
    // the previous occurrence wins over an older one of equal similarity
    expect(findRecurrence(now, [c({ id: 'old', year: 2022 }), c({ id: 'prev', year: 2023 })])?.id).toBe('prev');
  });
  it('for unit items (no owner) compares with the same organization’s unit items', () => {
    const now = { year: 2024, problem: SAME[1][1], ownerId: null, orgId: 'b1' };
    expect(findRecurrence(now, [c({ ownerId: null, problem: SAME[1][0] })])).not.toBeNull();
    expect(findRecurrence(now, [c({ ownerId: null, orgId: 'b2', problem: SAME[1][0] })])).toBeNull();
    expect(findRecurrence(now, [c({ ownerId: 'p1', problem: SAME[1][0] })])).toBeNull();
  });
});
