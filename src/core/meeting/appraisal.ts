/**
 * 民主评议党员: self-assessment → peer assessment → vote, with the grades 优秀 / 合格 / 基本合格 /
 * 不合格, and 优秀 for at most one third of the members (DOMAIN.md §1).
 *
 * The vote is a secret ballot: a ballot is validated whole when it is cast (`validateBallot`), then
 * stored as rows without a rater, so nobody can tell who voted what. The result per member is a
 * *proposal* (`appraisalResults`): the branch decides the final grades (`validateFinalGrades`).
 *
 *   validateBallot([{ rateeId: 'a', grade: '优秀' }, …], memberIds)  → [] or ['评为“优秀”的…']
 */

export const GRADES = ['优秀', '合格', '基本合格', '不合格'] as const;
export type Grade = (typeof GRADES)[number];
export const isGrade = (x: unknown): x is Grade => typeof x === 'string' && (GRADES as readonly string[]).includes(x);

export const APPRAISAL_KINDS = ['self', 'peer', 'vote'] as const;
export type AppraisalKind = (typeof APPRAISAL_KINDS)[number];
export const APPRAISAL_KIND_LABELS: Record<AppraisalKind, string> = {
  self: '个人自评',
  peer: '党员互评',
  vote: '民主测评',
};

export interface AppraisalEntry {
  rateeId: string;
  raterId: string | null;
  kind: AppraisalKind;
  grade: Grade | null;
  comment?: string | null;
}

export interface AppraisalOptions {
  /** Share of members that may be 优秀 (default 1/3), rounded down. */
  excellentCap?: { num: number; den: number };
}

/** The most members that may be 优秀: ⌊n/3⌋ by default (12 members → 4; 3 → 1; 2 → 0). */
export function maxExcellent(memberCount: number, opts: AppraisalOptions = {}): number {
  const { num, den } = opts.excellentCap ?? { num: 1, den: 3 };
  return Math.floor((memberCount * num) / den);
}

const capMessage = (members: number, cap: number, got: number, what: string) =>
  `${what}评为“优秀”的党员不得超过党员总数的三分之一（共${members}名党员，最多${cap}名，当前${got}名）。`;

/** Problems with one self or peer assessment, in Chinese. */
export function validateAppraisalEntry(e: AppraisalEntry, memberIds: readonly string[]): string[] {
  const p: string[] = [];
  if (!(APPRAISAL_KINDS as readonly string[]).includes(e.kind)) p.push('评议类型无效。');
  if (!memberIds.includes(e.rateeId)) p.push('被评议人不是本次评议的党员。');
  if (e.grade !== null && !isGrade(e.grade)) p.push(`等次须为${GRADES.join('、')}之一。`);
  if (e.kind === 'self') {
    if (e.raterId !== e.rateeId) p.push('个人自评只能由本人填写。');
    if (e.grade === null && !e.comment?.trim()) p.push('个人自评须填写等次或自评意见。');
  }
  if (e.kind === 'peer') {
    if (!e.raterId) p.push('党员互评须有评议人。');
    else if (e.raterId === e.rateeId) p.push('互评不能评价自己。');
    else if (!memberIds.includes(e.raterId)) p.push('评议人不是本次评议的党员。');
    if (e.grade === null && !e.comment?.trim()) p.push('互评须填写等次或意见。');
  }
  if (e.kind === 'vote') {
    if (e.raterId !== null) p.push('民主测评为无记名投票，不记录投票人。');
    if (e.grade === null) p.push('测评票须选择等次。');
  }
  if ((e.comment?.length ?? 0) > 2000) p.push('评议意见不能超过2000字。');
  return p;
}

export interface BallotLine {
  rateeId: string;
  grade: Grade;
}

/**
 * One secret ballot: each member at most once, a valid grade, and 优秀 for at most a third.
 * (Voting for oneself is allowed — on paper ballots it is customary.)
 */
export function validateBallot(
  lines: readonly BallotLine[],
  memberIds: readonly string[],
  opts: AppraisalOptions = {},
): string[] {
  const p: string[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    if (!memberIds.includes(l.rateeId)) p.push('测评票中有不属于本次评议的人员。');
    else if (seen.has(l.rateeId)) p.push('测评票中同一名党员出现了多次。');
    seen.add(l.rateeId);
    if (!isGrade(l.grade)) p.push(`等次须为${GRADES.join('、')}之一。`);
  }
  if (lines.length === 0) p.push('测评票为空。');
  const cap = maxExcellent(memberIds.length, opts);
  const exc = lines.filter((l) => l.grade === '优秀').length;
  if (exc > cap) p.push(capMessage(memberIds.length, cap, exc, '每张测评票中'));
  return [...new Set(p)];
}

export type GradeCounts = Record<Grade, number>;
const zero = (): GradeCounts => ({ 优秀: 0, 合格: 0, 基本合格: 0, 不合格: 0 });

export interface MemberAppraisal {
  personId: string;
  self: Grade | null;
  selfComment: string | null;
  peer: GradeCounts;
  peerComments: string[];
  vote: GradeCounts;
  votes: number;
  /** The grade proposed from the vote (plurality; ties go to the lower grade), after the 优秀 cap. */
  proposed: Grade | null;
  /** Set when the cap moved the proposal from 优秀 to 合格. */
  cappedFromExcellent: boolean;
}

export interface AppraisalSummary {
  members: MemberAppraisal[];
  maxExcellent: number;
  proposedCounts: GradeCounts;
  /** Members without a self-assessment, and with no vote. */
  missingSelf: string[];
  missingVotes: string[];
  problems: string[];
}

export function appraisalResults(
  memberIds: readonly string[],
  entries: readonly AppraisalEntry[],
  opts: AppraisalOptions = {},
): AppraisalSummary {
  const members: MemberAppraisal[] = memberIds.map((id) => {
    const mine = entries.filter((e) => e.rateeId === id);
    const self = mine.find((e) => e.kind === 'self') ?? null;
    const peer = zero();
    const vote = zero();
    const peerComments: string[] = [];
    for (const e of mine) {
      if (e.kind === 'peer') {
        if (e.grade) peer[e.grade]++;
        if (e.comment?.trim()) peerComments.push(e.comment.trim());
      }
      if (e.kind === 'vote' && e.grade) vote[e.grade]++;
    }
    const votes = GRADES.reduce((s, g) => s + vote[g], 0);
    let proposed: Grade | null = null;
    if (votes > 0) {
      let best = -1;
      // Iterate from the lowest grade so that a tie keeps the lower one.
      for (const g of [...GRADES].reverse()) if (vote[g] > best) ((best = vote[g]), (proposed = g));
    }
    return {
      personId: id,
      self: self?.grade ?? null,
      selfComment: self?.comment ?? null,
      peer,
      peerComments,
      vote,
      votes,
      proposed,
      cappedFromExcellent: false,
    };
  });
  const cap = maxExcellent(memberIds.length, opts);
  const excellent = members
    .filter((m) => m.proposed === '优秀')
    .sort((a, b) => b.vote.优秀 / b.votes - a.vote.优秀 / a.votes);
  const problems: string[] = [];
  if (excellent.length > cap) {
    // Keep the cap members with the largest share of 优秀 votes; equal shares at the boundary are
    // not decided by the machine: they are flagged for the branch to decide.
    const boundary = excellent[cap - 1] ? excellent[cap - 1].vote.优秀 / excellent[cap - 1].votes : Infinity;
    for (const m of excellent.slice(cap)) {
      m.proposed = '合格';
      m.cappedFromExcellent = true;
      if (m.vote.优秀 / m.votes === boundary) problems.push('得票比例相同的党员超出“优秀”名额，须由支部研究确定。');
    }
  }
  const proposedCounts = zero();
  for (const m of members) if (m.proposed) proposedCounts[m.proposed]++;
  return {
    members,
    maxExcellent: cap,
    proposedCounts,
    missingSelf: members.filter((m) => m.self === null && m.selfComment === null).map((m) => m.personId),
    missingVotes: members.filter((m) => m.votes === 0).map((m) => m.personId),
    problems: [...new Set(problems)],
  };
}

/** The grades the branch decides: every member once, valid grades, 优秀 within the cap. */
export function validateFinalGrades(
  finals: Readonly<Record<string, Grade>>,
  memberIds: readonly string[],
  opts: AppraisalOptions = {},
): string[] {
  const p: string[] = [];
  for (const id of Object.keys(finals)) if (!memberIds.includes(id)) p.push('评定结果中有不属于本次评议的人员。');
  const missing = memberIds.filter((id) => !finals[id]);
  if (missing.length) p.push(`尚有${missing.length}名党员未评定等次。`);
  for (const g of Object.values(finals)) if (!isGrade(g)) p.push(`等次须为${GRADES.join('、')}之一。`);
  const cap = maxExcellent(memberIds.length, opts);
  const exc = Object.values(finals).filter((g) => g === '优秀').length;
  if (exc > cap) p.push(capMessage(memberIds.length, cap, exc, ''));
  return [...new Set(p)];
}
