import { describe, expect, it } from 'vitest';
import { currentStage, meetingPhase } from './stage.js';

const stages = [
  { stage: 'opinions', dueOn: '2026-05-01', doneAt: null },
  { stage: 'talks', dueOn: '2026-05-10', doneAt: null },
  { stage: 'meeting', dueOn: '2026-05-20', doneAt: null },
  { stage: 'rectification', dueOn: '2026-09-30', doneAt: null },
];
const m = (over: Partial<Parameters<typeof meetingPhase>[0]> = {}) => ({
  status: 'planning',
  heldOn: null,
  stages,
  ...over,
});

describe('meeting phase', () => {
  it('is the first stage neither done nor past due, in the procedure order', () => {
    expect(meetingPhase(m(), '2026-04-20', false)).toBe('opinions');
    expect(meetingPhase(m(), '2026-05-02', false)).toBe('talks');
    const done = stages.map((s) => (s.stage === 'talks' ? { ...s, doneAt: '2026-05-03T08:00:00Z' } : s));
    expect(meetingPhase(m({ stages: done }), '2026-05-04', false)).toBe('meeting');
  });
  it('moves past the meeting once it is held, whatever the planned dates say', () => {
    expect(currentStage(m(), '2026-05-04', true)).toBe('rectification');
    expect(meetingPhase(m({ status: 'held' }), '2026-05-04', false)).toBe('rectification');
    expect(meetingPhase(m({ heldOn: '2026-05-03' }), '2026-05-04', false)).toBe('rectification');
  });
  it('is unscheduled without dates ahead before the meeting, ended after it or when closed', () => {
    expect(meetingPhase(m({ stages: [] }), '2026-05-04', false)).toBe('unscheduled');
    expect(meetingPhase(m(), '2026-10-01', true)).toBe('ended');
    expect(meetingPhase(m({ status: 'closed' }), '2026-04-01', false)).toBe('ended');
  });
});
