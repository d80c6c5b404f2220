/**
 * Where items come from: the measures of an approved material (one item per measure, with the
 * aspect of the problem it answers), criticisms received at the meeting, collected opinions, the
 * superior's comments, and manual entry. Each draft keeps its source (来源) and a `sourceRef` back
 * to where it came from. Numbers are assigned separately (`assignNumbers`), because they depend on
 * what is already stored; an owner may split an item (`splitItem`).
 *
 *   draftsFromMaterial(material, { materialId, ownerId }) → one draft per measure
 */
import { JianshiError } from '../errors.js';
import type { Material, Measure, Problem } from '../material/model.js';
import { MUTABLE_STATES } from './workflow.js';
import { linkMeasures } from './link.js';
import { extractDeadline } from '../material/deadline.js';
import {
  formatNumber,
  isIsoDate,
  nextSeq,
  type DeadlineKind,
  type LedgerItem,
  type LedgerItemDraft,
  type LedgerSource,
} from './model.js';

/** A draft plus what numbering and storage need. */
export interface NewLedgerItem extends LedgerItemDraft {
  orgId: string;
  year: number;
  meetingId?: string | null;
  /** Set by assignNumbers (or given, e.g. by an import). */
  number?: string;
  /** Initial status (imports of historical ledgers); default pending. */
  status?: LedgerItem['status'];
}

// ---------------------------------------------------------------- from a material

export function deadlineOfMeasure(
  m: Pick<Measure, 'deadline' | 'deadlineDate'> & Partial<Pick<Measure, 'heading' | 'text'>>,
  fallback?: { kind: DeadlineKind; on: string | null },
): { kind: DeadlineKind; on: string | null } {
  // Read the phrase again (stored materials keep the phrase as parsed then; "2027年全年" was not
  // recognised before), and the measure itself when no phrase was kept.
  const again =
    extractDeadline(m.deadline ?? '') ?? (m.deadline ? null : extractDeadline(`${m.heading ?? ''}。${m.text ?? ''}`));
  if (again?.date && !m.deadlineDate) m = { ...m, deadlineDate: again.date };
  const t = m.deadline ?? again?.text ?? '';
  if (/立行立改|立即整改|马上就改|即知即改/.test(t)) return { kind: 'immediate', on: null };
  if (/长期坚持|常态化|持续推进|长期/.test(t)) return { kind: 'ongoing', on: null };
  if (m.deadlineDate && isIsoDate(m.deadlineDate)) return { kind: 'date', on: m.deadlineDate };
  return fallback ?? { kind: 'date', on: null };
}

function problemText(p: Pick<Problem, 'heading' | 'text' | 'points'>): string {
  const body = p.text.trim() || p.points.join('');
  return (p.heading && !body.startsWith(p.heading) ? `${p.heading}：${body}` : body).trim();
}

/**
 * One draft per measure of an approved material. The problem description is the related
 * problem's text (or the measure's heading when no problem matches), the measures are the
 * measure's text, the deadline comes from the measure.
 */
export function draftsFromMaterial(
  material: Pick<Material, 'problems' | 'measures'>,
  ctx: {
    materialId: string;
    orgId: string;
    year: number;
    meetingId?: string | null;
    ownerId: string | null;
    source?: LedgerSource;
    defaultDeadline?: { kind: DeadlineKind; on: string | null };
    leaderName?: string | null;
    department?: string | null;
    /** The problem each measure answers, as the author or secretary confirmed it (else proposed by linkMeasures). */
    links?: readonly (number | null)[];
  },
): NewLedgerItem[] {
  const related = ctx.links ?? linkMeasures(material.measures, material.problems).map((l) => l.problemIndex);
  return material.measures.map((m, i) => {
    const pi = related[i];
    const p = pi === null ? null : material.problems[pi];
    const d = deadlineOfMeasure(m, ctx.defaultDeadline);
    return {
      orgId: ctx.orgId,
      year: ctx.year,
      meetingId: ctx.meetingId ?? null,
      source: ctx.source ?? '对照检查',
      sourceRef: { kind: 'measure', materialId: ctx.materialId, measureIndex: i, problemIndex: pi },
      aspect: p?.aspect ?? null,
      problem: p ? problemText(p) : m.heading || m.text.slice(0, 60),
      target: null,
      measures: (m.heading && !m.text.startsWith(m.heading) ? `${m.heading}。${m.text}` : m.text).trim(),
      leaderName: ctx.leaderName ?? null,
      department: ctx.department ?? null,
      ownerId: ctx.ownerId,
      deadlineKind: d.kind,
      deadlineOn: d.on,
    };
  });
}

// ---------------------------------------------------------------- from the meeting

interface Common {
  orgId: string;
  year: number;
  meetingId?: string | null;
  deadline?: { kind: DeadlineKind; on: string | null };
}

/** A criticism received at the meeting becomes an item of the person criticised (相互批评). */
export function draftFromCriticism(
  c: { id: string; meetingId?: string; targetPersonId: string; body: string; aspect?: string | null },
  ctx: Common,
): NewLedgerItem {
  return base(
    ctx,
    '相互批评',
    { kind: 'criticism', criticismId: c.id, meetingId: c.meetingId },
    c.body,
    c.targetPersonId,
    c.aspect ?? null,
  );
}

/** A collected opinion (征求意见): on a named member → that member's item; on the group → a unit item (no owner). */
export function draftFromOpinion(
  o: {
    collectionId?: string;
    meetingId?: string;
    count?: number;
    targetKind: string;
    targetPersonId: string | null;
    category: string | null;
    body: string;
  },
  ctx: Common,
): NewLedgerItem {
  return base(
    ctx,
    '征求意见',
    {
      kind: 'opinion',
      meetingId: o.meetingId,
      collectionIds: o.collectionId ? [o.collectionId] : [],
      count: o.count ?? 1,
    },
    o.body,
    o.targetKind === 'person' ? o.targetPersonId : null,
    o.category,
  );
}

/** The superior's (督导组) comment on a person or on the group (上级点评). */
export function draftFromComment(
  c: { id: string; meetingId?: string; targetPersonId: string | null; body: string; aspect?: string | null },
  ctx: Common,
): NewLedgerItem {
  return base(
    ctx,
    '上级点评',
    { kind: 'comment', commentId: c.id, meetingId: c.meetingId },
    c.body,
    c.targetPersonId,
    c.aspect ?? null,
  );
}

function base(
  ctx: Common,
  source: LedgerSource,
  ref: NewLedgerItem['sourceRef'],
  body: string,
  ownerId: string | null,
  aspect: string | null,
): NewLedgerItem {
  const d = ctx.deadline ?? { kind: 'date' as const, on: null };
  return {
    orgId: ctx.orgId,
    year: ctx.year,
    meetingId: ctx.meetingId ?? null,
    source,
    sourceRef: ref,
    aspect,
    problem: body.trim(),
    target: null,
    measures: null,
    leaderName: null,
    department: null,
    ownerId,
    deadlineKind: d.kind,
    deadlineOn: d.on,
  };
}

// ---------------------------------------------------------------- validation and numbering

export const FIELD_LIMITS = { problem: 4000, target: 2000, measures: 8000, short: 100 } as const;

/** Problems with a draft, in Chinese (empty = fine). Shared by the API, the importer and the CLI. */
export function validateDraft(d: LedgerItemDraft): string[] {
  const out: string[] = [];
  if (!d.problem?.trim()) out.push('问题描述不能为空');
  if ((d.problem ?? '').length > FIELD_LIMITS.problem) out.push(`问题描述不能超过 ${FIELD_LIMITS.problem} 字`);
  if ((d.target ?? '').length > FIELD_LIMITS.target) out.push(`整改目标不能超过 ${FIELD_LIMITS.target} 字`);
  if ((d.measures ?? '').length > FIELD_LIMITS.measures) out.push(`整改措施不能超过 ${FIELD_LIMITS.measures} 字`);
  for (const [k, label] of [
    ['aspect', '类别'],
    ['leaderName', '责任领导'],
    ['department', '责任部门'],
  ] as const) {
    if ((d[k] ?? '').length > FIELD_LIMITS.short) out.push(`${label}不能超过 ${FIELD_LIMITS.short} 字`);
  }
  if (d.deadlineKind === 'date' && d.deadlineOn && !isIsoDate(d.deadlineOn))
    out.push(`完成时限“${d.deadlineOn}”不是有效日期`);
  if (d.deadlineKind === 'ongoing' && d.deadlineOn) out.push('长期坚持的事项不设完成日期');
  return out;
}

/** Give drafts without a number the next free numbers of their organization and year. */
export function assignNumbers<T extends { number?: string }>(
  drafts: readonly T[],
  orgName: string,
  year: number,
  existing: Iterable<string>,
): (T & { number: string })[] {
  const taken = new Set(existing);
  let seq = nextSeq(taken);
  return drafts.map((d) => {
    if (d.number) {
      taken.add(d.number);
      return d as T & { number: string };
    }
    let n = formatNumber(year, orgName, seq++);
    while (taken.has(n)) n = formatNumber(year, orgName, seq++);
    taken.add(n);
    return { ...d, number: n };
  });
}

// ---------------------------------------------------------------- splitting

export interface SplitPart {
  problem?: string;
  measures?: string | null;
  target?: string | null;
  ownerId?: string | null;
  deadlineKind?: DeadlineKind;
  deadlineOn?: string | null;
}

/**
 * Split one item into n ≥ 2 parts: the item itself becomes part 1 (its number unchanged), parts
 * 2…n become new items numbered `<number>-2`, `<number>-3`… with the same source, aspect and
 * meeting, and a `split` reference to the item. Only open items can be split.
 */
export function splitItem(
  item: LedgerItem,
  parts: readonly SplitPart[],
  existingNumbers: Iterable<string> = [],
): { patch: SplitPart; children: NewLedgerItem[] } {
  if (!MUTABLE_STATES.includes(item.status))
    throw new JianshiError('E_BAD_STATE', '只有待整改或整改中的事项可以拆分。');
  if (parts.length < 2) throw new JianshiError('E_VALIDATION', '拆分至少需要两项。');
  if (parts.length > 20) throw new JianshiError('E_VALIDATION', '一次最多拆分为 20 项。');
  const taken = new Set(existingNumbers);
  let k = 2;
  const children = parts.slice(1).map((p) => {
    let number = `${item.number}-${k++}`;
    while (taken.has(number)) number = `${item.number}-${k++}`;
    taken.add(number);
    const draft: NewLedgerItem = {
      orgId: item.orgId,
      year: item.year,
      meetingId: item.meetingId,
      number,
      source: item.source,
      sourceRef: { kind: 'split', parentId: item.id, parentNumber: item.number },
      aspect: item.aspect,
      problem: p.problem?.trim() || item.problem,
      target: p.target !== undefined ? p.target : item.target,
      measures: p.measures !== undefined ? p.measures : item.measures,
      leaderName: item.leaderName,
      department: item.department,
      ownerId: p.ownerId !== undefined ? p.ownerId : item.ownerId,
      deadlineKind: p.deadlineKind ?? item.deadlineKind,
      deadlineOn: p.deadlineKind !== undefined || p.deadlineOn !== undefined ? (p.deadlineOn ?? null) : item.deadlineOn,
    };
    const errs = validateDraft(draft);
    if (errs.length) throw new JianshiError('E_VALIDATION', `第 ${k - 1} 项：${errs.join('；')}`);
    return draft;
  });
  return { patch: parts[0], children };
}
