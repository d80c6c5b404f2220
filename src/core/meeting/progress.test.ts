import { describe, expect, it } from 'vitest';
import { meetingProgress } from './progress.js';

const participants = [
  { personId: 's', role: 'secretary' },
  { personId: 'l', role: 'leader' },
  { personId: 'a', role: 'member' },
  { personId: 'b', role: 'member' },
  { personId: 'r', role: 'recorder' },
  { personId: 'v', role: 'supervisor' },
];

describe('meeting progress', () => {
  it('counts the materials of those who must write, the furthest state of each, apart from the 班子 material', () => {
    const p = meetingProgress(
      {
        kind: '组织生活会',
        participants,
        materials: [
          { authorId: 's', kind: 'leadership', status: 'approved' },
          { authorId: 'a', kind: 'member', status: 'approved' },
          { authorId: 'l', kind: 'member', status: 'submitted' },
          { authorId: 'b', kind: 'member', status: 'returned' },
          { authorId: 'v', kind: 'member', status: 'draft' }, // the 督导组 writes nothing: not counted
        ],
        talks: [],
        opinions: 0,
        ledger: [],
      },
      '2026-05-01',
    );
    expect(p).toMatchObject({ writers: 4, started: 3, submitted: 2, approved: 1, leadership: 'approved' });
  });
  it('counts talks against the meeting kind’s rules, and ledger items closed and overdue', () => {
    const p = meetingProgress(
      {
        kind: '组织生活会',
        participants,
        materials: [],
        talks: [
          { personAId: 's', personBId: 'a' },
          { personAId: 'a', personBId: 's' }, // the same pair again
        ],
        opinions: 7,
        ledger: [
          { status: 'closed', deadlineKind: 'date', deadlineOn: '2026-01-01' },
          { status: 'pending', deadlineKind: 'date', deadlineOn: '2026-04-30' },
          { status: 'in_progress', deadlineKind: 'date', deadlineOn: '2026-06-30' },
          { status: 'pending', deadlineKind: 'ongoing', deadlineOn: null },
        ],
      },
      '2026-05-01',
    );
    expect(p.talks.done).toBe(1);
    expect(p.talks.required).toBe(6); // 4 people under examination, every pair
    expect(p.opinions).toBe(7);
    expect(p.ledger).toEqual({ total: 4, closed: 1, overdue: 1 });
  });
});
