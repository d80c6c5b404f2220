/**
 * The meeting's agenda (DOMAIN.md §1): the secretary opens → reports on last year's rectification
 * and on the opinions collected → the secretary speaks for the 班子, then for himself → each member
 * speaks, and after each personal speech the others criticise him one by one → (组织生活会: the
 * appraisal of members) → the supervisors comment → the secretary sums up.
 *
 * The agenda is plain data (stored as JSON in `meeting_records.agenda`); the recorder ticks items
 * off and the criticisms are checked against it (`criticismCoverage`).
 */
import { coreParticipants, findSecretary, hasRole, type MeetingPerson } from './participants.js';

export const AGENDA_ITEM_KINDS = [
  'open',
  'report-rectification',
  'report-opinions',
  'speech',
  'appraisal',
  'supervisor-comment',
  'summary',
] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];

export interface AgendaItem {
  seq: number;
  kind: AgendaItemKind;
  title: string;
  /** Who speaks (the secretary for the opening, reports and summary). */
  personId: string | null;
  /** For speeches: on behalf of the 班子 (group) or of himself (self). */
  subject?: 'group' | 'self';
  /** For personal speeches: who criticises him afterwards, in order. */
  critics?: string[];
  /** For supervisor comments: the supervisors. */
  personIds?: string[];
}

export interface AgendaOptions {
  /** 民主生活会 | 组织生活会 | 专题 — 组织生活会 adds 民主评议党员 by default. */
  meetingKind?: string;
  includeAppraisal?: boolean;
  /** Leave out the report on last year's rectification (a first meeting). */
  skipRectificationReport?: boolean;
  /** People not present: they neither speak nor criticise (listed in `skipped`). */
  absentIds?: readonly string[];
  /** Explicit speaking order of the members after the secretary (default: the participants' order). */
  speakerOrder?: readonly string[];
  /** Group label for the secretary's first speech: 班子 or 支部委员会. */
  groupLabel?: string;
}

export interface Agenda {
  items: AgendaItem[];
  skipped: string[];
  problems: string[];
}

export function buildAgenda(people: readonly MeetingPerson[], opts: AgendaOptions = {}): Agenda {
  const { secretary, problems } = findSecretary(people);
  const absent = new Set(opts.absentIds ?? []);
  const branch = opts.meetingKind === '组织生活会';
  const groupLabel = opts.groupLabel ?? (branch ? '支部委员会' : '领导班子');
  const core = coreParticipants(people);
  const skipped = core.filter((p) => absent.has(p.id)).map((p) => p.id);
  const present = core.filter((p) => !absent.has(p.id));
  if (secretary && absent.has(secretary.id))
    problems.push('书记未出席：应由书记主持会议，请调整会议时间或由上级指定主持人。');

  // Speaking order: secretary, then 班子成员/支委, then 党员 — each in the given order.
  const order = opts.speakerOrder ?? present.map((p) => p.id);
  const pos = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const tier = (p: MeetingPerson) => (p.id === secretary?.id ? 0 : hasRole(p, ['leader']) ? 1 : 2);
  const speakers = [...present].sort(
    (a, b) => tier(a) - tier(b) || pos(a.id) - pos(b.id) || core.indexOf(a) - core.indexOf(b),
  );

  const items: Omit<AgendaItem, 'seq'>[] = [];
  const host = secretary && !absent.has(secretary.id) ? secretary.id : null;
  items.push({ kind: 'open', title: '书记主持会议，通报会议议程和准备情况', personId: host });
  if (!opts.skipRectificationReport)
    items.push({ kind: 'report-rectification', title: '通报上一年度查摆问题整改落实情况', personId: host });
  items.push({ kind: 'report-opinions', title: '通报会前征求意见情况', personId: host });
  if (host) items.push({ kind: 'speech', title: `书记代表${groupLabel}作对照检查`, personId: host, subject: 'group' });
  for (const s of speakers) {
    const critics = speakers.filter((c) => c.id !== s.id).map((c) => c.id);
    const title =
      s.id === host
        ? '书记作个人对照检查发言，其他同志逐一提出批评意见'
        : `${s.name ?? '参会同志'}作个人对照检查发言，其他同志逐一提出批评意见`;
    items.push({ kind: 'speech', title, personId: s.id, subject: 'self', critics });
  }
  if (opts.includeAppraisal ?? branch) items.push({ kind: 'appraisal', title: '开展民主评议党员', personId: host });
  const supervisors = people.filter((p) => p.roles.includes('supervisor') && !absent.has(p.id)).map((p) => p.id);
  if (supervisors.length)
    items.push({
      kind: 'supervisor-comment',
      title: '上级督导组点评讲话',
      personId: supervisors[0],
      personIds: supervisors,
    });
  items.push({ kind: 'summary', title: '书记作总结讲话', personId: host });
  return { items: items.map((it, i) => ({ seq: i + 1, ...it })), skipped, problems };
}

export interface CriticismRecord {
  targetPersonId: string;
  criticId: string | null;
}

export interface SpeakerCriticisms {
  speakerId: string;
  expected: string[];
  /** Critics who spoke (each once even if they raised several points). */
  from: string[];
  missing: string[];
  count: number;
}

/**
 * Did every speaker receive the criticisms the agenda expects? A criticism with no critic
 * (entered as "其他同志") counts for the speaker but for no one in particular.
 */
export function criticismCoverage(agenda: Agenda, criticisms: readonly CriticismRecord[]): SpeakerCriticisms[] {
  return agenda.items
    .filter((i) => i.kind === 'speech' && i.subject === 'self' && i.personId)
    .map((i) => {
      const mine = criticisms.filter((c) => c.targetPersonId === i.personId);
      const from = [...new Set(mine.map((c) => c.criticId).filter((x): x is string => !!x))];
      const expected = i.critics ?? [];
      return {
        speakerId: i.personId!,
        expected,
        from,
        missing: expected.filter((x) => !from.includes(x)),
        count: mine.length,
      };
    });
}

/** Validate a stored agenda (JSON from the client or the database). Returns Chinese problems. */
/**
 * A stored agenda as the record shows it. `validateAgenda` checks what a save must have (kind,
 * title); this gives every item its number (its place when it has none) and its speaker (null when
 * none), and leaves out optional fields of the wrong type — so an agenda saved by another client
 * reads back in the shape of `AgendaItem`.
 */
export function storedAgendaItems(items: unknown): (AgendaItem & { done?: boolean })[] {
  if (!Array.isArray(items)) return [];
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((y) => typeof y === 'string');
  return items.map((x: Partial<Record<keyof AgendaItem | 'done', unknown>>, i) => ({
    seq: typeof x.seq === 'number' && Number.isFinite(x.seq) ? x.seq : i + 1,
    kind: x.kind as AgendaItemKind,
    title: typeof x.title === 'string' ? x.title : '',
    personId: typeof x.personId === 'string' ? x.personId : null,
    ...(x.subject === 'group' || x.subject === 'self' ? { subject: x.subject } : {}),
    ...(strings(x.critics) ? { critics: x.critics } : {}),
    ...(strings(x.personIds) ? { personIds: x.personIds } : {}),
    ...(typeof x.done === 'boolean' ? { done: x.done } : {}),
  }));
}

export function validateAgenda(items: unknown): string[] {
  if (!Array.isArray(items)) return ['议程须为列表。'];
  const problems: string[] = [];
  const kinds = new Set<AgendaItemKind>(AGENDA_ITEM_KINDS);
  items.forEach((x, i) => {
    const it = x as Partial<AgendaItem>;
    if (!it || typeof it !== 'object') return problems.push(`第${i + 1}项议程格式错误。`);
    if (!it.kind || !kinds.has(it.kind)) problems.push(`第${i + 1}项议程的类型无效。`);
    if (typeof it.title !== 'string' || !it.title.trim() || it.title.length > 200)
      problems.push(`第${i + 1}项议程须有标题（不超过200字）。`);
    return undefined;
  });
  if (items.length > 200) problems.push('议程不能超过200项。');
  return problems;
}
