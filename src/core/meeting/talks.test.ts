import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BRANCH_COMMITTEE_TALK_RULES,
  BRANCH_TALK_RULES,
  LEADERSHIP_TALK_RULES,
  defaultTalkRules,
  pairKey,
  requiredPairs,
  talkCoverage,
  type TalkRule,
} from './talks.js';
import { mergeParticipants, type MeetingPerson } from './participants.js';
import { branch15, partyCommittee, tinyBranch, twoRoles } from '../../../test/fixtures/meeting-shapes.js';

const C2 = (n: number) => Math.max(0, (n * (n - 1)) / 2);

describe('required heart-to-heart pairs', () => {
  it('党委班子 of 7: the secretary with each of 6, the 6 with each other = 21; recorder and supervisors excluded', () => {
    const people = partyCommittee();
    const pairs = requiredPairs(people, LEADERSHIP_TALK_RULES);
    expect(pairs).toHaveLength(6 + C2(6));
    expect(pairs.filter((p) => p.rules.includes('secretary-leaders'))).toHaveLength(6);
    expect(pairs.filter((p) => p.rules.includes('leaders-each-other'))).toHaveLength(15);
    for (const x of ['rec', 'sup1', 'sup2']) expect(pairs.some((p) => p.a === x || p.b === x)).toBe(false);
    // The secretary's pairs come first (rank order).
    expect(pairs.slice(0, 6).every((p) => p.a === 's' || p.b === 's')).toBe(true);
  });

  it('党支部 of 3 支委 + 12 members: 支委 each other 3, 支委–members 36, members each other 66', () => {
    const people = branch15();
    const pairs = requiredPairs(people, BRANCH_TALK_RULES);
    expect(pairs.filter((p) => p.rules.includes('committee-each-other'))).toHaveLength(3);
    expect(pairs.filter((p) => p.rules.includes('committee-members'))).toHaveLength(36);
    expect(pairs.filter((p) => p.rules.includes('members-each-other'))).toHaveLength(66);
    expect(pairs).toHaveLength(C2(15));
    expect(requiredPairs(people, BRANCH_COMMITTEE_TALK_RULES)).toHaveLength(39);
  });

  it('a local rule as data: members talk only within their 党小组', () => {
    const rules: TalkRule[] = [
      ...BRANCH_COMMITTEE_TALK_RULES,
      { id: 'group-members', label: '党小组内党员之间', a: ['member'], b: ['member'], sameGroup: true },
    ];
    const pairs = requiredPairs(branch15(), rules);
    expect(pairs).toHaveLength(39 + 2 * C2(6));
  });

  it('explicit pairs (a member with the heads of departments he oversees) only among participants', () => {
    const people: MeetingPerson[] = [...tinyBranch(), { id: 'head', name: '处长', roles: ['attendee'] }];
    const pairs = requiredPairs(people, [
      ...BRANCH_TALK_RULES,
      {
        id: 'oversees',
        label: '分管部门负责人',
        pairs: [
          ['m1', 'head'],
          ['m2', 'nobody'],
        ],
      },
    ]);
    expect(pairs.map((p) => p.key)).toContain(pairKey('m1', 'head'));
    expect(pairs).toHaveLength(4);
  });

  it('a tiny branch of 3 needs 3 pairs', () => {
    expect(requiredPairs(tinyBranch(), BRANCH_TALK_RULES)).toHaveLength(3);
    expect(defaultTalkRules('组织生活会')).toBe(BRANCH_TALK_RULES);
    expect(defaultTalkRules('民主生活会')).toBe(LEADERSHIP_TALK_RULES);
  });

  it('a person with two roles is one person: no self-pair, no duplicates', () => {
    const pairs = requiredPairs(twoRoles(), [...LEADERSHIP_TALK_RULES, ...BRANCH_TALK_RULES]);
    expect(pairs).toHaveLength(C2(4));
    expect(new Set(pairs.map((p) => p.key)).size).toBe(pairs.length);
    const l3 = pairs.find((p) => p.key === pairKey('l2', 'l3'))!;
    expect(l3.rules.sort()).toEqual(['committee-members', 'committee-each-other', 'leaders-each-other'].sort());
    // From storage rows: one row per role, folded.
    const merged = mergeParticipants([
      { personId: 'a', role: 'leader' },
      { personId: 'a', role: 'recorder' },
      { personId: 'b', role: 'secretary' },
      { personId: 'a', role: 'bogus' },
    ]);
    expect(merged).toEqual([
      { id: 'a', name: undefined, roles: ['leader', 'recorder'], group: null },
      { id: 'b', name: undefined, roles: ['secretary'], group: null },
    ]);
    expect(requiredPairs(merged, LEADERSHIP_TALK_RULES)).toHaveLength(1);
  });

  it('property: pairs are unique, never self, and symmetric in the order of the talk record', () => {
    const roles = ['secretary', 'leader', 'member', 'recorder', 'supervisor'] as const;
    fc.assert(
      fc.property(fc.array(fc.subarray([...roles], { minLength: 1 }), { maxLength: 12 }), (rs) => {
        const people = rs.map((r, i) => ({ id: `p${i}`, roles: r }));
        const pairs = requiredPairs(people, BRANCH_TALK_RULES);
        const keys = new Set(pairs.map((p) => p.key));
        expect(keys.size).toBe(pairs.length);
        for (const p of pairs) expect(p.a < p.b).toBe(true);
        const core = people.filter((p) =>
          p.roles.some((r) => r === 'secretary' || r === 'leader' || r === 'member'),
        ).length;
        expect(pairs.length).toBe(C2(core));
      }),
    );
  });
});

describe('talk coverage', () => {
  it('done / missing pairs and per person, talks in either order, extra talks apart', () => {
    const people = tinyBranch();
    const pairs = requiredPairs(people, BRANCH_TALK_RULES);
    const cov = talkCoverage(people, pairs, [
      { id: 't1', personAId: 'm1', personBId: 's', heldOn: '2026-01-03' },
      { id: 't2', personAId: 's', personBId: 'm1', heldOn: '2026-01-05' },
      { id: 't3', personAId: 'm1', personBId: 'outsider', heldOn: '2026-01-04' },
      { id: 't4', personAId: 'm2', personBId: 'm2' },
    ]);
    expect(cov.required).toBe(3);
    expect(cov.done).toBe(1);
    expect(cov.ratio).toBeCloseTo(1 / 3);
    expect(cov.donePairs[0]).toMatchObject({ key: pairKey('s', 'm1'), talkIds: ['t1', 't2'], lastOn: '2026-01-05' });
    expect(cov.missingPairs.map((p) => p.key).sort()).toEqual([pairKey('s', 'm2'), pairKey('m1', 'm2')].sort());
    expect(cov.extraTalks.map((t) => t.id)).toEqual(['t3']);
    expect(cov.talkCount).toBe(3);
    expect(cov.personTimes).toBe(6);
    const byId = Object.fromEntries(cov.perPerson.map((p) => [p.personId, p]));
    expect(byId.s).toMatchObject({ required: 2, done: 1, missing: ['m2'], talks: 2 });
    expect(byId.m2).toMatchObject({ required: 2, done: 0, missing: ['s', 'm1'], talks: 0 });
    expect(byId.m1).toMatchObject({ required: 2, done: 1, missing: ['m2'], talks: 3 });
  });

  it('full coverage in the 党委班子, ratio 1 when nothing is required', () => {
    const people = partyCommittee();
    const pairs = requiredPairs(people, LEADERSHIP_TALK_RULES);
    const cov = talkCoverage(
      people,
      pairs,
      pairs.map((p, i) => ({ id: `t${i}`, personAId: p.b, personBId: p.a, heldOn: '2026-01-02' })),
    );
    expect(cov.done).toBe(21);
    expect(cov.missingPairs).toEqual([]);
    expect(cov.perPerson.find((p) => p.personId === 's')).toMatchObject({ required: 6, done: 6 });
    expect(cov.perPerson.find((p) => p.personId === 'rec')).toMatchObject({ required: 0, done: 0 });
    expect(talkCoverage([], [], []).ratio).toBe(1);
  });
});
