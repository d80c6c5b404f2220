import { describe, expect, it } from 'vitest';
import { ACTIONS, RULES, can, materialReadScope, relationsTo, type Actor } from './policy.js';

const actor = (personId: string, memberships: Actor['memberships'] = [], isAdmin = false): Actor => ({
  personId,
  isAdmin,
  memberships,
});

describe('authorization table', () => {
  it('covers every action', () => {
    for (const a of ACTIONS) expect(RULES.some((r) => r.action === a)).toBe(true);
  });
  it('derives relations from the tree', () => {
    const rev = actor('r', [{ orgId: 'root', orgPath: '/root/', role: 'reviewer' }]);
    expect(relationsTo(rev, { orgPath: '/root/b1/' }).has('reviewer')).toBe(true);
    expect(relationsTo(rev, { orgPath: '/root/' }).has('reviewer')).toBe(false);
    expect(relationsTo(rev, { orgPath: '/other/' }).has('reviewer')).toBe(false);
    const adm = actor('a', [{ orgId: 'root', orgPath: '/root/', role: 'admin' }]);
    expect(relationsTo(adm, { orgPath: '/root/' }).has('orgAdmin')).toBe(true);
    expect(relationsTo(adm, { orgPath: '/root/b1/x/' }).has('orgAdmin')).toBe(true);
  });
  it('lets nobody approve their own material, and the secretary not the 班子 one', () => {
    const sec = actor('s', [{ orgId: 'b1', orgPath: '/root/b1/', role: 'secretary' }]);
    expect(can(sec, 'material.review', { orgPath: '/root/b1/', authorId: 'm', kind: 'member' })).toBe(true);
    expect(can(sec, 'material.review', { orgPath: '/root/b1/', authorId: 's', kind: 'personal' })).toBe(false);
    expect(can(sec, 'material.review', { orgPath: '/root/b1/', authorId: 'm', kind: 'leadership' })).toBe(false);
    expect(can(sec, 'material.review', { orgPath: '/root/b2/', authorId: 'm', kind: 'member' })).toBe(false);
    const rev = actor('r', [{ orgId: 'root', orgPath: '/root/', role: 'reviewer' }]);
    expect(can(rev, 'material.review', { orgPath: '/root/b1/', authorId: 's', kind: 'leadership' })).toBe(true);
    expect(can(actor('x', [], true), 'material.read', { orgPath: '/root/b1/', authorId: 'm' })).toBe(false);
  });
  it('mirrors material.read in the list scope', () => {
    const a = actor('p', [
      { orgId: 'b1', orgPath: '/root/b1/', role: 'secretary' },
      { orgId: 'root', orgPath: '/root/', role: 'reviewer' },
      { orgId: 'b2', orgPath: '/root/b2/', role: 'member' },
    ]);
    expect(materialReadScope(a)).toEqual({ authorId: 'p', orgIds: ['b1'], descendantOfPaths: ['/root/'] });
  });
});
