import { describe, expect, it } from 'vitest';
import { attendanceSentence, quorum, type AttendanceEntry } from './attendance.js';
import { branch15, partyCommittee, tinyBranch, twoRoles } from '../../../test/fixtures/meeting-shapes.js';

const present = (...ids: string[]): AttendanceEntry[] => ids.map((personId) => ({ personId, status: 'present' }));

describe('quorum (2/3 of those who should attend)', () => {
  it('党委班子 of 7: 5 present is enough (5·3 ≥ 7·2), 4 is not; supervisors and recorder do not count', () => {
    const people = partyCommittee();
    const q5 = quorum(people, [
      ...present('s', 'l1', 'l2', 'l3', 'l4', 'rec', 'sup1'),
      { personId: 'l5', status: 'leave', reason: '出差' },
      { personId: 'l6', status: 'absent' },
    ]);
    expect(q5).toMatchObject({ expected: 7, present: 5, needed: 5, met: true, problems: [] });
    expect(q5.warnings).toEqual(['周委员缺席，未说明原因。']);
    const q4 = quorum(people, present('s', 'l1', 'l2', 'l3'));
    expect(q4.met).toBe(false);
    expect(q4.problems[0]).toBe('到会人数不足：应到7人，实到4人，须至少5人（三分之二）到会方可召开。');
    expect(q4.unrecorded).toEqual(['l4', 'l5', 'l6']);
    expect(attendanceSentence(people, q5)).toBe('应到7人，实到5人，请假1人（孙委员，出差），缺席1人（周委员）');
  });

  it('党支部 of 15: needs 10', () => {
    const people = branch15();
    const ids = people.map((p) => p.id);
    expect(quorum(people, present(...ids.slice(0, 10))).met).toBe(true);
    expect(quorum(people, present(...ids.slice(0, 9)))).toMatchObject({ met: false, needed: 10 });
  });

  it('a tiny branch of 3: 2 of 3 meet it, exactly at the boundary', () => {
    expect(quorum(tinyBranch(), present('s', 'm1'))).toMatchObject({ expected: 3, present: 2, needed: 2, met: true });
    expect(quorum(tinyBranch(), present('s')).met).toBe(false);
  });

  it('a person with two roles counts once; unknown people are reported, not counted; no one expected fails', () => {
    const q = quorum(twoRoles(), [...present('s', 'l1', 'l3'), ...present('stranger')]);
    expect(q).toMatchObject({ expected: 4, present: 3, met: true, unknown: ['stranger'] });
    expect(quorum([], []).problems[0]).toContain('没有应到会人员');
  });

  it('configurable: a stricter local ratio', () => {
    expect(quorum(tinyBranch(), present('s', 'm1'), { ratio: { num: 4, den: 5 } }).met).toBe(false);
  });
});
