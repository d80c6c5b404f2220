/**
 * 征求意见: what an anonymous opinion is, how it is checked, and how opinions are summarised per
 * member (fed back to each before the meeting) and counted for the material's preface
 * ("共征求到意见建议45条").
 *
 * ANONYMITY (see src/core/meeting/ANONYMITY.md and src/storage/repositories/procedure/opinions.ts):
 * an opinion is exactly `{ target, category, body }` plus the calendar date of submission. Nothing
 * else is accepted here, so nothing else can be stored: `toAnonymousOpinion` builds the row from the
 * validated input and a date, and the instant of submission never leaves `dateInZone`.
 */
import { dateInZone } from './dates.js';
import type { MeetingPerson } from './participants.js';

/** A collection of opinions is open (its link takes submissions in its window) or closed. */
export const OPINION_COLLECTION_STATUSES = ['open', 'closed'] as const;
export type OpinionCollectionStatus = (typeof OPINION_COLLECTION_STATUSES)[number];
/** What an opinion is about: the 班子 (or 支委会) as a whole, or one person. */
export const OPINION_TARGET_KINDS = ['group', 'person'] as const;
export type OpinionTargetKind = (typeof OPINION_TARGET_KINDS)[number];

export const OPINION_LIMITS = {
  /** Characters in one opinion. */
  maxBodyChars: 2000,
  /** Opinions in one submission (a form with several lines). */
  maxPerSubmission: 20,
  /** Opinions accepted per collection per day — the abuse limit that keeps no identity. */
  dailyCapPerCollection: 2000,
} as const;

/** Generic categories when the meeting's framework gives none (the aspects are used otherwise). */
export const DEFAULT_OPINION_CATEGORIES = [
  '理论学习',
  '政治素质',
  '能力本领',
  '担当作为',
  '工作作风',
  '廉洁自律',
  '其他',
] as const;

export type OpinionTarget = { kind: 'group' } | { kind: 'person'; personId: string };

/** What the public form sends — and all it may send. */
export interface OpinionInput {
  target: OpinionTarget;
  category?: string | null;
  body: string;
}

/** The stored shape: no author, session, address, agent or time — the date only. */
export interface AnonymousOpinion {
  targetKind: 'group' | 'person';
  targetPersonId: string | null;
  category: string | null;
  body: string;
  submittedOn: string;
}

/** Collapse whitespace, drop control characters, trim. */
export function normalizeOpinionBody(body: string): string {
  return body
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028\u2029\ufeff\ufffe\uffff]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u3000]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export interface OpinionContext {
  /** Ids of the people opinions may name (the meeting's participants under examination). */
  targetIds: readonly string[];
  /** Allowed categories (null: any, up to 50 characters). */
  categories?: readonly string[] | null;
}

/** Validate one opinion; returns Chinese problems (empty when fine). */
export function validateOpinion(input: OpinionInput, ctx: OpinionContext): string[] {
  const p: string[] = [];
  const body = normalizeOpinionBody(typeof input.body === 'string' ? input.body : '');
  if (!body) p.push('意见内容不能为空。');
  if (body.length > OPINION_LIMITS.maxBodyChars) p.push(`每条意见不能超过${OPINION_LIMITS.maxBodyChars}字。`);
  if (input.target?.kind === 'person') {
    if (!ctx.targetIds.includes(input.target.personId)) p.push('意见对象不是本次会议的参会人员。');
  } else if (input.target?.kind !== 'group') p.push('请选择意见对象（班子或班子成员个人）。');
  const cat = input.category?.trim();
  if (cat) {
    if (ctx.categories && !ctx.categories.includes(cat)) p.push(`意见类别须为${ctx.categories.join('、')}之一。`);
    if (cat.length > 50) p.push('意见类别过长。');
  }
  return p;
}

/**
 * The row to store: the validated input and the *date* of `now` in the organization's time zone.
 * This is the only place the moment of submission is seen, and only its date survives.
 */
export function toAnonymousOpinion(input: OpinionInput, now: Date, timeZone?: string): AnonymousOpinion {
  return {
    targetKind: input.target.kind,
    targetPersonId: input.target.kind === 'person' ? input.target.personId : null,
    category: input.category?.trim() || null,
    body: normalizeOpinionBody(input.body),
    submittedOn: dateInZone(now, timeZone),
  };
}

export interface OpinionGroup {
  count: number;
  byCategory: Record<string, number>;
  /** Identical opinions merged (as a secretary does when summarising), most frequent first. */
  items: { body: string; category: string | null; count: number }[];
}

export interface PersonOpinions extends OpinionGroup {
  personId: string;
}

export interface OpinionSummary {
  total: number;
  group: OpinionGroup;
  persons: PersonOpinions[];
  byCategory: Record<string, number>;
  /** First and last dates with submissions. */
  firstOn: string | null;
  lastOn: string | null;
}

const UNCATEGORISED = '未分类';

function groupOf(ops: readonly AnonymousOpinion[]): OpinionGroup {
  const byCategory: Record<string, number> = {};
  const merged = new Map<string, { body: string; category: string | null; count: number }>();
  for (const o of ops) {
    const c = o.category ?? UNCATEGORISED;
    byCategory[c] = (byCategory[c] ?? 0) + 1;
    const key = `${o.category ?? ''}\u0000${o.body.replace(/[\s，。、；！？,.;!?]/g, '')}`;
    const m = merged.get(key);
    if (m) {
      m.count++;
      // Keep the fullest wording, deterministically (never the first stored, whose order is not kept).
      if (o.body.length > m.body.length || (o.body.length === m.body.length && o.body < m.body)) m.body = o.body;
    } else merged.set(key, { body: o.body, category: o.category, count: 1 });
  }
  // Sort by count, then by text (never by submission order, which is not kept anyway).
  const items = [...merged.values()].sort(
    (a, b) => b.count - a.count || (a.category ?? '').localeCompare(b.category ?? '') || a.body.localeCompare(b.body),
  );
  return { count: ops.length, byCategory, items };
}

/** Summaries for the 班子 and for each person (every person listed, with zero when none). */
export function summarizeOpinions(
  opinions: readonly AnonymousOpinion[],
  people: readonly Pick<MeetingPerson, 'id'>[],
): OpinionSummary {
  const group = groupOf(opinions.filter((o) => o.targetKind === 'group'));
  const persons = people.map((p) => ({
    personId: p.id,
    ...groupOf(opinions.filter((o) => o.targetKind === 'person' && o.targetPersonId === p.id)),
  }));
  const byCategory: Record<string, number> = {};
  for (const o of opinions)
    byCategory[o.category ?? UNCATEGORISED] = (byCategory[o.category ?? UNCATEGORISED] ?? 0) + 1;
  const dates = opinions.map((o) => o.submittedOn).sort();
  return {
    total: opinions.length,
    group,
    persons,
    byCategory,
    firstOn: dates[0] ?? null,
    lastOn: dates.at(-1) ?? null,
  };
}

/**
 * The preface's sentence. For the 班子 material: all counts; for a personal material, the
 * opinions on that person:
 *   "会前通过多种方式广泛征求意见建议，共征求到意见建议45条，其中对班子的12条、对班子成员个人的33条。"
 *   "会前共征求到对本人的意见建议5条，已逐条认领。"
 */
export function opinionPrefaceSentence(
  s: OpinionSummary,
  personId?: string,
  opts: { personLabel?: string } = {},
): string {
  if (personId) {
    const n = s.persons.find((p) => p.personId === personId)?.count ?? 0;
    return n ? `会前共征求到对本人的意见建议${n}条，已逐条认领。` : '会前征求意见中未收到对本人的具体意见建议。';
  }
  const personal = s.total - s.group.count;
  return `会前通过多种方式广泛征求意见建议，共征求到意见建议${s.total}条，其中对班子的${s.group.count}条、对${opts.personLabel ?? '班子成员个人'}的${personal}条。`;
}
