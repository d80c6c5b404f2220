import { describe, expect, it } from 'vitest';
import { MATERIAL_EVENTS, MATERIAL_STATES, assertEditable, nextState, transition } from './material.js';

describe('material workflow', () => {
  it('follows draft → submitted → returned → resubmitted → approved', () => {
    let s = transition('draft', 'submit');
    expect(s).toBe('submitted');
    s = transition(s, 'return', { comments: 1 });
    expect(s).toBe('returned');
    s = transition(s, 'submit');
    expect(s).toBe('resubmitted');
    expect(transition(s, 'approve')).toBe('approved');
  });
  it('refuses a return without comments and every impossible event', () => {
    expect(() => transition('submitted', 'return')).toThrow(expect.objectContaining({ code: 'E_BAD_STATE' }));
    let possible = 0;
    for (const s of MATERIAL_STATES)
      for (const e of MATERIAL_EVENTS) {
        if (nextState(s, e)) possible++;
        else
          expect(() => transition(s, e, { comments: 1 })).toThrow(
            expect.objectContaining({
              code: e === 'withdraw' && (s === 'returned' || s === 'approved') ? 'E_WITHDRAW_TOO_LATE' : 'E_BAD_STATE',
            }),
          );
      }
    expect(possible).toBe(8);
    expect(() => transition('approved', 'submit')).toThrow(/审核通过/);
  });
  it('withdraws a submission back to the state it was submitted from, never after the reviewer decided', () => {
    expect(transition('submitted', 'withdraw')).toBe('draft');
    expect(transition('resubmitted', 'withdraw')).toBe('returned');
    expect(() => transition('returned', 'withdraw')).toThrow(/已退回该材料，不能撤回/);
    expect(() => transition('approved', 'withdraw')).toThrow(/已审核通过该材料，不能撤回/);
    expect(() => transition('draft', 'withdraw')).toThrow(expect.objectContaining({ code: 'E_BAD_STATE' }));
  });
  it('allows edits only in draft and returned', () => {
    expect(() => assertEditable('draft')).not.toThrow();
    expect(() => assertEditable('returned')).not.toThrow();
    for (const s of ['submitted', 'resubmitted', 'approved', 'bogus'])
      expect(() => assertEditable(s)).toThrow(expect.objectContaining({ code: 'E_BAD_STATE' }));
  });
});
