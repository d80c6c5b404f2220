import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy.js';
import {
  PROCEDURE_ACTIONS,
  PROCEDURE_RULES,
  canProcedure,
  type ProcedureAction,
  type ProcedureTarget,
} from './policy.js';

const actor = (personId: string, memberships: Actor['memberships'] = [], isAdmin = false): Actor => ({
  personId,
  isAdmin,
  memberships,
});
const target = (extra: Partial<ProcedureTarget> = {}): ProcedureTarget => ({
  orgPath: '/root/b1/',
  participantIds: ['sec', 'lead', 'mem', 'rec', 'sup'],
  meetingRoles: new Map([
    ['sec', ['secretary']],
    ['lead', ['leader']],
    ['mem', ['member']],
    ['rec', ['recorder']],
    ['sup', ['supervisor']],
  ]),
  ...extra,
});

const people: Record<string, Actor> = {
  sec: actor('sec', [{ orgId: 'b1', orgPath: '/root/b1/', role: 'secretary' }]),
  lead: actor('lead', [{ orgId: 'b1', orgPath: '/root/b1/', role: 'leader' }]),
  mem: actor('mem', [{ orgId: 'b1', orgPath: '/root/b1/', role: 'member' }]),
  rec: actor('rec'),
  sup: actor('sup'),
  reviewer: actor('reviewer', [{ orgId: 'root', orgPath: '/root/', role: 'reviewer' }]),
  outsider: actor('outsider', [{ orgId: 'b2', orgPath: '/root/b2/', role: 'secretary' }]),
  sysadmin: actor('admin', [], true),
};

/** Expected: who may, for a target without a person (meeting-wide). */
const EXPECT: Partial<Record<ProcedureAction, string[]>> = {
  'opinions.manage': ['sec'],
  'opinions.read.all': ['sec', 'reviewer'],
  'talks.read.all': ['sec', 'reviewer'],
  'talks.coverage': ['sec', 'lead', 'mem', 'rec', 'sup', 'reviewer'],
  'record.read': ['sec', 'lead', 'mem', 'rec', 'sup', 'reviewer'],
  'record.write': ['sec', 'rec'],
  'report.generate': ['sec', 'rec'],
  'report.read': ['sec', 'rec', 'reviewer'],
  'appraisal.peer': ['sec', 'lead', 'mem'],
  'appraisal.ballot': ['sec', 'rec'],
  'appraisal.results': ['sec', 'reviewer'],
  'appraisal.final': ['sec'],
};

describe('procedure authorization table', () => {
  it('covers every action', () => {
    for (const a of PROCEDURE_ACTIONS) expect(PROCEDURE_RULES.some((r) => r.action === a)).toBe(true);
  });
  for (const [action, allowed] of Object.entries(EXPECT)) {
    it(`${action}: exactly ${allowed.join(', ')}`, () => {
      for (const [key, a] of Object.entries(people))
        expect([key, canProcedure(a, action as ProcedureAction, target())]).toEqual([key, allowed.includes(key)]);
    });
  }
  it('own things only for oneself; the secretary of another branch gets nothing; the sysadmin reads no opinions', () => {
    expect(canProcedure(people.mem, 'opinions.read.own', target({ personId: 'mem' }))).toBe(true);
    expect(canProcedure(people.mem, 'opinions.read.own', target({ personId: 'lead' }))).toBe(false);
    expect(canProcedure(people.mem, 'appraisal.self', target({ personId: 'mem' }))).toBe(true);
    expect(canProcedure(people.sec, 'appraisal.self', target({ personId: 'mem' }))).toBe(false);
    expect(canProcedure(people.outsider, 'opinions.read.own', target({ personId: 'outsider' }))).toBe(false);
    for (const a of PROCEDURE_ACTIONS) expect(canProcedure(people.outsider, a, target())).toBe(false);
    for (const a of PROCEDURE_ACTIONS) expect(canProcedure(people.sysadmin, a, target())).toBe(false);
  });
  it('a meeting secretary who is not the branch secretary still manages the meeting (two roles)', () => {
    const deputy = actor('dep', [{ orgId: 'b1', orgPath: '/root/b1/', role: 'leader' }]);
    const t = target({ participantIds: ['dep'], meetingRoles: new Map([['dep', ['secretary', 'recorder']]]) });
    expect(canProcedure(deputy, 'opinions.manage', t)).toBe(true);
    expect(canProcedure(deputy, 'record.write', t)).toBe(true);
  });
});
