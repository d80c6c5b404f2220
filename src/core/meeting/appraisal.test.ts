import { describe, expect, it } from 'vitest';
import {
  appraisalResults,
  maxExcellent,
  validateAppraisalEntry,
  validateBallot,
  validateFinalGrades,
  type AppraisalEntry,
  type Grade,
} from './appraisal.js';
import { branch15, tinyBranch } from '../../../test/fixtures/meeting-shapes.js';

const ids15 = branch15().map((p) => p.id);

describe('民主评议党员', () => {
  it('caps 优秀 at a third, rounded down', () => {
    expect([maxExcellent(15), maxExcellent(12), maxExcellent(3), maxExcellent(2), maxExcellent(7)]).toEqual([
      5, 4, 1, 0, 2,
    ]);
  });

  it('validates self and peer assessments and secret votes, in Chinese', () => {
    expect(validateAppraisalEntry({ rateeId: 'm1', raterId: 'm1', kind: 'self', grade: '合格' }, ids15)).toEqual([]);
    expect(validateAppraisalEntry({ rateeId: 'm1', raterId: 'm2', kind: 'self', grade: '合格' }, ids15)).toEqual([
      '个人自评只能由本人填写。',
    ]);
    expect(validateAppraisalEntry({ rateeId: 'm1', raterId: 'm1', kind: 'peer', grade: '合格' }, ids15)).toEqual([
      '互评不能评价自己。',
    ]);
    expect(validateAppraisalEntry({ rateeId: 'm1', raterId: 'm2', kind: 'vote', grade: '合格' }, ids15)).toEqual([
      '民主测评为无记名投票，不记录投票人。',
    ]);
    expect(
      validateAppraisalEntry({ rateeId: 'x', raterId: null, kind: 'vote', grade: '良好' as Grade }, ids15),
    ).toEqual(['被评议人不是本次评议的党员。', '等次须为优秀、合格、基本合格、不合格之一。']);
  });

  it('rejects a ballot with more than a third 优秀, duplicates, strangers', () => {
    const ballot = ids15.map((rateeId, i) => ({ rateeId, grade: (i < 5 ? '优秀' : '合格') as Grade }));
    expect(validateBallot(ballot, ids15)).toEqual([]);
    ballot[5].grade = '优秀';
    expect(validateBallot(ballot, ids15)).toEqual([
      '每张测评票中评为“优秀”的党员不得超过党员总数的三分之一（共15名党员，最多5名，当前6名）。',
    ]);
    expect(
      validateBallot(
        [
          { rateeId: 's', grade: '合格' },
          { rateeId: 's', grade: '合格' },
          { rateeId: 'zz', grade: '合格' },
        ],
        ids15,
      ),
    ).toEqual(['测评票中同一名党员出现了多次。', '测评票中有不属于本次评议的人员。']);
    expect(
      validateBallot(
        [
          { rateeId: 'm1', grade: '优秀' },
          { rateeId: 'm2', grade: '优秀' },
        ],
        ['s', 'm1', 'm2'],
      ),
    ).toHaveLength(1);
  });

  it('results per member: self, peer counts, votes, proposal with ties to the lower grade and the cap applied', () => {
    const ids = tinyBranch().map((p) => p.id); // s, m1, m2 → at most 1 优秀
    const votes = (rateeId: string, ...grades: Grade[]): AppraisalEntry[] =>
      grades.map((grade) => ({ rateeId, raterId: null, kind: 'vote', grade }));
    const entries: AppraisalEntry[] = [
      { rateeId: 's', raterId: 's', kind: 'self', grade: '合格', comment: '自评' },
      { rateeId: 's', raterId: 'm1', kind: 'peer', grade: '优秀', comment: '带头作用好' },
      ...votes('s', '优秀', '优秀', '合格'),
      ...votes('m1', '优秀', '合格', '优秀'),
      ...votes('m2', '合格', '基本合格'),
    ];
    const r = appraisalResults(ids, entries);
    const by = Object.fromEntries(r.members.map((m) => [m.personId, m]));
    expect(by.s).toMatchObject({
      self: '合格',
      selfComment: '自评',
      votes: 3,
      proposed: '优秀',
      cappedFromExcellent: false,
    });
    expect(by.s.peer.优秀).toBe(1);
    expect(by.s.peerComments).toEqual(['带头作用好']);
    // m1 has the same share of 优秀 votes as s: the cap demotes one, and the branch must decide.
    expect(by.m1).toMatchObject({ proposed: '合格', cappedFromExcellent: true });
    expect(r.problems).toEqual(['得票比例相同的党员超出“优秀”名额，须由支部研究确定。']);
    expect(by.m2.proposed).toBe('基本合格');
    expect(r.proposedCounts).toEqual({ 优秀: 1, 合格: 1, 基本合格: 1, 不合格: 0 });
    expect(r.missingSelf).toEqual(['m1', 'm2']);
  });

  it('validates the final grades of a 党支部 of 15', () => {
    const finals: Record<string, Grade> = Object.fromEntries(ids15.map((id, i) => [id, i < 6 ? '优秀' : '合格']));
    expect(validateFinalGrades(finals, ids15)).toEqual([
      '评为“优秀”的党员不得超过党员总数的三分之一（共15名党员，最多5名，当前6名）。',
    ]);
    finals[ids15[5]] = '合格';
    expect(validateFinalGrades(finals, ids15)).toEqual([]);
    delete finals.m12;
    expect(validateFinalGrades(finals, ids15)).toEqual(['尚有1名党员未评定等次。']);
  });
});
