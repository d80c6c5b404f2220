/**
 * 谈心谈话: which pairs of people must talk before the meeting, and which of them did.
 *
 * The rules are data, because local practice varies (DOMAIN.md §1). A rule pairs everyone holding
 * one of the roles in `a` with everyone holding one of the roles in `b` (never with himself); a
 * person with two roles is still one person, and a pair required by several rules is listed once
 * with every rule that requires it.
 *
 *   requiredPairs(people, LEADERSHIP_TALK_RULES)   // 民主生活会: 书记↔每位班子成员, 班子成员之间
 *   requiredPairs(people, BRANCH_TALK_RULES)       // 组织生活会: 支委之间, 支委↔党员, 党员之间
 *   talkCoverage(pairs, talks)                     // done / missing, per person
 */
import { hasRole, type MeetingPerson, type MeetingRole } from './participants.js';

export interface RolePairRule {
  id: string;
  /** Shown in the coverage view: "书记与班子成员". */
  label: string;
  a: readonly MeetingRole[];
  b: readonly MeetingRole[];
  /** Only pair people of the same `group` (e.g. members within one 党小组). */
  sameGroup?: boolean;
}

/** Pairs that come from outside the roles (a member with the heads of the departments he oversees). */
export interface ExplicitPairRule {
  id: string;
  label: string;
  pairs: readonly (readonly [string, string])[];
}

export type TalkRule = RolePairRule | ExplicitPairRule;

const COMMITTEE: readonly MeetingRole[] = ['secretary', 'leader'];

/** 民主生活会 of a 班子: the secretary with every member; members with each other. */
export const LEADERSHIP_TALK_RULES: readonly TalkRule[] = [
  { id: 'secretary-leaders', label: '书记与班子成员', a: ['secretary'], b: ['leader'] },
  { id: 'leaders-each-other', label: '班子成员之间', a: ['leader'], b: ['leader'] },
];

/** 组织生活会 of a 党支部: 支委 with each other, 支委 with members, members with each other. */
export const BRANCH_TALK_RULES: readonly TalkRule[] = [
  { id: 'committee-each-other', label: '支委之间', a: COMMITTEE, b: COMMITTEE },
  { id: 'committee-members', label: '支委与党员', a: COMMITTEE, b: ['member'] },
  { id: 'members-each-other', label: '党员之间', a: ['member'], b: ['member'] },
];

/** A lighter practice some branches follow: members talk with the 支委, not necessarily with each other. */
export const BRANCH_COMMITTEE_TALK_RULES: readonly TalkRule[] = BRANCH_TALK_RULES.slice(0, 2);

export const TALK_RULE_SETS = {
  leadership: LEADERSHIP_TALK_RULES,
  branch: BRANCH_TALK_RULES,
  'branch-committee': BRANCH_COMMITTEE_TALK_RULES,
} as const;
/** The rule sets by name, in the order the talks page offers them. */
export const TALK_RULE_SET_NAMES = [
  'leadership',
  'branch',
  'branch-committee',
] as const satisfies readonly (keyof typeof TALK_RULE_SETS)[];
export type TalkRuleSetName = (typeof TALK_RULE_SET_NAMES)[number];
export const TALK_RULE_SET_LABELS: Record<TalkRuleSetName, string> = {
  leadership: '班子：书记与成员、成员之间',
  branch: '支部：支委、党员之间全覆盖',
  'branch-committee': '支部：党员与支委',
};

/** The default rule set for a meeting kind (民主生活会 → leadership, 组织生活会 → branch). */
export function defaultTalkRules(meetingKind: string): readonly TalkRule[] {
  return meetingKind === '组织生活会' ? BRANCH_TALK_RULES : LEADERSHIP_TALK_RULES;
}

export interface RequiredPair {
  /** The two person ids, sorted, so that a pair has one spelling. */
  a: string;
  b: string;
  key: string;
  /** Ids of the rules requiring it. */
  rules: string[];
}

export const pairKey = (x: string, y: string): string => (x < y ? `${x}|${y}` : `${y}|${x}`);

export function requiredPairs(people: readonly MeetingPerson[], rules: readonly TalkRule[]): RequiredPair[] {
  const out = new Map<string, RequiredPair>();
  const add = (x: string, y: string, rule: string) => {
    if (x === y) return;
    const key = pairKey(x, y);
    const [a, b] = x < y ? [x, y] : [y, x];
    const p = out.get(key) ?? { a, b, key, rules: [] };
    if (!p.rules.includes(rule)) p.rules.push(rule);
    out.set(key, p);
  };
  const ids = new Set(people.map((p) => p.id));
  for (const rule of rules) {
    if ('pairs' in rule) {
      for (const [x, y] of rule.pairs) if (ids.has(x) && ids.has(y)) add(x, y, rule.id);
      continue;
    }
    const as = people.filter((p) => hasRole(p, rule.a));
    const bs = people.filter((p) => hasRole(p, rule.b));
    for (const p of as)
      for (const q of bs) if (!rule.sameGroup || (p.group && p.group === q.group)) add(p.id, q.id, rule.id);
  }
  // Stable order: by the people's order in the meeting (rank), then partner.
  const rank = new Map(people.map((p, i) => [p.id, i]));
  const r = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...out.values()].sort(
    (x, y) =>
      Math.min(r(x.a), r(x.b)) - Math.min(r(y.a), r(y.b)) || Math.max(r(x.a), r(x.b)) - Math.max(r(y.a), r(y.b)),
  );
}

export interface TalkRecord {
  id?: string;
  personAId: string;
  personBId: string;
  heldOn?: string | null;
}

export interface PersonCoverage {
  personId: string;
  required: number;
  done: number;
  /** Partners still to talk with. */
  missing: string[];
  /** Talks this person took part in (required or not). */
  talks: number;
}

export interface TalkCoverage {
  required: number;
  done: number;
  /** 0–1; 1 when nothing is required. */
  ratio: number;
  donePairs: (RequiredPair & { talkIds: string[]; lastOn: string | null })[];
  missingPairs: RequiredPair[];
  /** Recorded talks that no rule requires (with people outside the meeting, or extra rounds). */
  extraTalks: TalkRecord[];
  /** Number of talks recorded, and 人次 (each talk counts once for each of its two people). */
  talkCount: number;
  personTimes: number;
  perPerson: PersonCoverage[];
}

export function talkCoverage(
  people: readonly MeetingPerson[],
  pairs: readonly RequiredPair[],
  talks: readonly TalkRecord[],
): TalkCoverage {
  const byKey = new Map<string, TalkRecord[]>();
  for (const t of talks) {
    if (t.personAId === t.personBId) continue;
    const k = pairKey(t.personAId, t.personBId);
    byKey.set(k, [...(byKey.get(k) ?? []), t]);
  }
  const required = new Set(pairs.map((p) => p.key));
  const donePairs: TalkCoverage['donePairs'] = [];
  const missingPairs: RequiredPair[] = [];
  for (const p of pairs) {
    const ts = byKey.get(p.key);
    if (ts?.length) {
      const dates = ts
        .map((t) => t.heldOn)
        .filter((d): d is string => !!d)
        .sort();
      donePairs.push({ ...p, talkIds: ts.map((t) => t.id ?? '').filter(Boolean), lastOn: dates.at(-1) ?? null });
    } else missingPairs.push(p);
  }
  const extraTalks = talks.filter(
    (t) => t.personAId !== t.personBId && !required.has(pairKey(t.personAId, t.personBId)),
  );
  const valid = talks.filter((t) => t.personAId !== t.personBId);
  const perPerson: PersonCoverage[] = people.map((person) => {
    const mine = pairs.filter((p) => p.a === person.id || p.b === person.id);
    const missing = mine.filter((p) => !byKey.has(p.key)).map((p) => (p.a === person.id ? p.b : p.a));
    return {
      personId: person.id,
      required: mine.length,
      done: mine.length - missing.length,
      missing,
      talks: valid.filter((t) => t.personAId === person.id || t.personBId === person.id).length,
    };
  });
  return {
    required: pairs.length,
    done: donePairs.length,
    ratio: pairs.length ? donePairs.length / pairs.length : 1,
    donePairs,
    missingPairs,
    extraTalks,
    talkCount: valid.length,
    personTimes: valid.length * 2,
    perPerson,
  };
}
