/**
 * The archive a branch keeps of its meeting, as documents and tables built from recorded facts
 * only: the 会议记录 (attendance, agenda, speeches, criticisms, the superior's comments, the
 * summary), the 谈心谈话记录 and its register, the 征求意见汇总表 and the 民主评议 results.
 *
 * Pure: data in, blocks (for a GB/T 9704 .docx, formats/archive-docx.ts) and sheets (for .xlsx,
 * formats/archive-xlsx.ts) out. Nothing is invented: where nothing was recorded the document says
 * "未记录" instead of a sentence that did not happen.
 *
 * ANONYMITY of the opinion summary: it is built from `summarizeOpinions` only — merged texts with
 * counts, ordered by count and text (never by submission), categories, and the first and last *day*
 * of submissions. No opinion id, no collection, no time finer than the day reaches it.
 */
import type { AgendaItem } from './agenda.js';
import { ATTENDANCE_LABELS, attendanceSentence, type AttendanceEntry, type QuorumResult } from './attendance.js';
import { GRADES, type AppraisalSummary, type Grade } from './appraisal.js';
import { chineseDate, knownDate } from './dates.js';
import type { OpinionSummary } from './opinions.js';
import { rolesLabel, type MeetingPerson } from './participants.js';
import { groupName } from './report.js';
import { toChineseNumeral } from '../text/numerals.js';
import { cutChars, xmlSafe } from '../text/xml-safe.js';

/** The records of a meeting that download one by one (the .zip holds them all), with their names. */
export const ARCHIVE_PARTS = ['record', 'talks', 'opinions', 'appraisal'] as const;
export type ArchivePart = (typeof ARCHIVE_PARTS)[number];
export const ARCHIVE_PART_LABELS: Record<ArchivePart, string> = {
  record: '会议记录',
  talks: '谈心谈话记录',
  opinions: '征求意见汇总表',
  appraisal: '民主评议结果',
};
export const ARCHIVE_FORMATS = ['docx', 'xlsx'] as const;
export type ArchiveFormat = (typeof ARCHIVE_FORMATS)[number];

export interface ArchiveColumn {
  header: string;
  /** Relative width (characters in a sheet; shares of the type area in a document). */
  width: number;
}

export type ArchiveBlock =
  | { role: 'title' | 'subtitle' | 'h1' | 'h2' | 'body' | 'signature' | 'date'; text: string }
  | { role: 'table'; columns: ArchiveColumn[]; rows: string[][] };

/** A document: what formats/archive-docx.ts sets in the official layout. */
export interface ArchiveDoc {
  title: string;
  fileName: string;
  blocks: ArchiveBlock[];
}

/** A table: what formats/archive-xlsx.ts writes as one worksheet. */
export interface ArchiveSheet {
  title: string;
  sheetName: string;
  fileName: string;
  columns: ArchiveColumn[];
  rows: (string | number)[][];
  /** Lines under the table (totals, notes). */
  notes: string[];
}

export interface MeetingHead {
  orgName: string;
  orgKind?: string | null;
  meetingKind: string;
  year: number;
  theme?: string | null;
}

const NOT_RECORDED = '未记录';

/** 第一党支部2023年度组织生活会 */
export function meetingName(m: MeetingHead): string {
  return `${m.orgName}${m.year}年度${m.meetingKind}`;
}

/** A file name from a title: without the characters file systems refuse, at most 80 characters. */
export function archiveFileName(title: string, ext: 'docx' | 'xlsx' | 'zip'): string {
  const base = cutChars(xmlSafe(title).replace(/[\\/:*?"<>|\s\u0000-\u001f]+/g, ''), 80) || '会议档案';
  return `${base}.${ext}`;
}

const dateText = (d: string | null | undefined) => {
  const k = knownDate(d ?? null);
  return k ? chineseDate(k) : null;
};

/** "14:30" from an ISO timestamp, read in China Standard Time. */
function clock(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const d = new Date(t + 8 * 3600_000);
  return `${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

type Names = (id: string | null | undefined) => string;
const namer =
  (people: readonly MeetingPerson[], extra: Readonly<Record<string, string>> = {}): Names =>
  (id) =>
    !id ? '' : (people.find((p) => p.id === id)?.name ?? extra[id] ?? '（未知人员）');

function rolesText(p: MeetingPerson, meetingKind: string): string {
  return rolesLabel(p.roles, meetingKind);
}

const paragraphs = (t: string | null | undefined) =>
  (t ?? '')
    .split(/\n+/)
    .map((x) => x.trim())
    .filter(Boolean);

const cn = (i: number) => toChineseNumeral(i + 1);

// ---------------------------------------------------------------- 会议记录

export interface RecordArchiveInput extends MeetingHead {
  people: readonly MeetingPerson[];
  heldOn: string | null;
  startedAt?: string | null;
  endedAt?: string | null;
  location: string | null;
  recorderId?: string | null;
  attendance: readonly AttendanceEntry[];
  quorum: QuorumResult;
  agenda: readonly AgendaItem[];
  /** Whether the agenda was stored by the recorder (else it is the computed default). */
  agendaStored: boolean;
  speeches: readonly {
    id: string;
    seq: number;
    speakerId: string;
    notes: string | null;
    materialTitle?: string | null;
  }[];
  criticisms: readonly { speechId: string | null; targetPersonId: string; criticId: string | null; body: string }[];
  comments: readonly { kind: string; authorId: string; targetPersonId: string | null; body: string }[];
  summary: string | null;
  /** Names of people who are not participants (e.g. a recorder named elsewhere). */
  names?: Readonly<Record<string, string>>;
}

export function recordDoc(input: RecordArchiveInput): ArchiveDoc {
  const name = namer(input.people, input.names);
  const title = `${meetingName(input)}会议记录`;
  const b: ArchiveBlock[] = [{ role: 'title', text: title }];
  if (input.theme?.trim()) b.push({ role: 'subtitle', text: `主题：${input.theme.trim()}` });

  b.push({ role: 'h1', text: '一、会议基本情况' });
  const start = clock(input.startedAt);
  const end = clock(input.endedAt);
  const time = [dateText(input.heldOn), start && end ? `${start}—${end}` : start ? `${start}开始` : null]
    .filter(Boolean)
    .join(' ');
  b.push({ role: 'body', text: `时间：${time || NOT_RECORDED}` });
  b.push({ role: 'body', text: `地点：${input.location?.trim() || NOT_RECORDED}` });
  const secretary = input.people.find((p) => p.roles.includes('secretary'));
  b.push({ role: 'body', text: `主持人：${secretary ? name(secretary.id) : NOT_RECORDED}` });
  b.push({ role: 'body', text: `记录人：${input.recorderId ? name(input.recorderId) : NOT_RECORDED}` });
  const supervisors = input.people.filter((p) => p.roles.includes('supervisor'));
  if (supervisors.length) b.push({ role: 'body', text: `督导人员：${supervisors.map((p) => name(p.id)).join('、')}` });

  b.push({ role: 'h1', text: '二、出席情况' });
  if (!input.attendance.length) b.push({ role: 'body', text: '未登记出席情况。' });
  else b.push({ role: 'body', text: `${attendanceSentence(input.people, input.quorum)}。` });
  const byPerson = new Map(input.attendance.map((a) => [a.personId, a]));
  b.push({
    role: 'table',
    columns: [
      { header: '序号', width: 3 },
      { header: '姓名', width: 6 },
      { header: '会议角色', width: 8 },
      { header: '出席情况', width: 5 },
      { header: '说明', width: 10 },
    ],
    rows: input.people.map((p, i) => {
      const a = byPerson.get(p.id);
      return [
        String(i + 1),
        name(p.id),
        rolesText(p, input.meetingKind),
        a ? ATTENDANCE_LABELS[a.status] : '未登记',
        a?.reason?.trim() ?? '',
      ];
    }),
  });

  b.push({ role: 'h1', text: '三、会议议程' });
  if (!input.agenda.length) b.push({ role: 'body', text: '未记录议程。' });
  input.agenda.forEach((a, i) => {
    const who = a.personId
      ? `（${name(a.personId)}）`
      : a.personIds?.length
        ? `（${a.personIds.map(name).join('、')}）`
        : '';
    b.push({ role: 'body', text: `${i + 1}. ${a.title}${who}` });
  });
  if (input.agenda.length && !input.agendaStored)
    b.push({ role: 'body', text: '（以上为按参会人员生成的默认议程。）' });

  b.push({ role: 'h1', text: '四、发言和批评意见' });
  const speeches = [...input.speeches].sort((x, y) => x.seq - y.seq);
  if (!speeches.length) b.push({ role: 'body', text: '未记录发言。' });
  const used = new Set<number>();
  speeches.forEach((s, i) => {
    const material = s.materialTitle ? `（对照《${s.materialTitle}》）` : '';
    b.push({ role: 'h2', text: `（${cn(i)}）${name(s.speakerId)}发言${material}` });
    const notes = paragraphs(s.notes);
    if (notes.length) for (const n of notes) b.push({ role: 'body', text: n });
    else b.push({ role: 'body', text: '发言要点未记录。' });
    const crit = input.criticisms
      .map((c, k) => ({ c, k }))
      .filter(({ c }) => c.speechId === s.id || (!c.speechId && c.targetPersonId === s.speakerId));
    crit.forEach(({ c, k }) => {
      if (used.has(k)) return;
      used.add(k);
      b.push({ role: 'body', text: `${c.criticId ? name(c.criticId) : '与会同志'}提出批评：${c.body.trim()}` });
    });
  });
  const rest = input.criticisms.filter((_c, k) => !used.has(k));
  if (rest.length) {
    b.push({ role: 'h2', text: `（${cn(speeches.length)}）其他批评意见` });
    for (const c of rest)
      b.push({
        role: 'body',
        text: `${c.criticId ? name(c.criticId) : '与会同志'}对${name(c.targetPersonId)}提出批评：${c.body.trim()}`,
      });
  }

  b.push({ role: 'h1', text: '五、上级点评' });
  const sup = input.comments.filter((c) => c.kind === 'supervisor');
  if (!sup.length) b.push({ role: 'body', text: '未记录上级点评。' });
  for (const c of sup) {
    const on = c.targetPersonId ? `（对${name(c.targetPersonId)}）` : '';
    b.push({ role: 'body', text: `${name(c.authorId)}点评${on}：${c.body.trim()}` });
  }

  b.push({ role: 'h1', text: '六、会议总结' });
  const summary = [
    ...paragraphs(input.summary),
    ...input.comments.filter((c) => c.kind === 'summary').flatMap((c) => paragraphs(c.body)),
  ];
  const uniq = [...new Set(summary)];
  if (!uniq.length) b.push({ role: 'body', text: '未记录会议总结。' });
  for (const s of uniq) b.push({ role: 'body', text: s });

  b.push({ role: 'signature', text: `记录人：${input.recorderId ? name(input.recorderId) : '        '}` });
  b.push({ role: 'signature', text: `主持人：${secretary ? name(secretary.id) : '        '}` });
  return { title, fileName: archiveFileName(title, 'docx'), blocks: b };
}

// ---------------------------------------------------------------- 谈心谈话

export interface TalkArchiveInput extends MeetingHead {
  people: readonly MeetingPerson[];
  talks: readonly {
    personAId: string;
    personBId: string;
    heldOn: string | null;
    topics: string | null;
    notes: string | null;
  }[];
  names?: Readonly<Record<string, string>>;
  /** Set when the reader sees only the talks he took part in (a member): the titles say so. */
  ownOnly?: { personId: string };
}

function sortedTalks(input: TalkArchiveInput) {
  const name = namer(input.people, input.names);
  return [...input.talks]
    .map((t) => ({ ...t, a: name(t.personAId), b: name(t.personBId), on: knownDate(t.heldOn) }))
    .sort((x, y) => (x.on ?? '9999').localeCompare(y.on ?? '9999') || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}

function talkTitle(input: TalkArchiveInput, what: string): string {
  const own = input.ownOnly ? `（${namer(input.people, input.names)(input.ownOnly.personId)}本人参加）` : '';
  return `${meetingName(input)}${what}${own}`;
}

export function talksDoc(input: TalkArchiveInput): ArchiveDoc {
  const title = talkTitle(input, '谈心谈话记录');
  const talks = sortedTalks(input);
  const b: ArchiveBlock[] = [{ role: 'title', text: title }];
  const persons = new Set(talks.flatMap((t) => [t.personAId, t.personBId]));
  b.push({
    role: 'body',
    text: talks.length
      ? `共登记谈心谈话${talks.length}次、${talks.length * 2}人次，涉及${persons.size}人。`
      : '未登记谈心谈话。',
  });
  talks.forEach((t, i) => {
    b.push({ role: 'h2', text: `（${cn(i)}）${t.a}与${t.b}` });
    b.push({ role: 'body', text: `谈话时间：${dateText(t.on) ?? NOT_RECORDED}` });
    b.push({ role: 'body', text: `谈话主题：${t.topics?.trim() || NOT_RECORDED}` });
    const notes = paragraphs(t.notes);
    if (notes.length) {
      b.push({ role: 'body', text: `谈话内容：${notes[0]}` });
      for (const n of notes.slice(1)) b.push({ role: 'body', text: n });
    } else b.push({ role: 'body', text: `谈话内容：${NOT_RECORDED}` });
  });
  return { title, fileName: archiveFileName(title, 'docx'), blocks: b };
}

export function talkRegisterSheet(input: TalkArchiveInput): ArchiveSheet {
  const title = talkTitle(input, '谈心谈话登记表');
  const talks = sortedTalks(input);
  return {
    title,
    sheetName: '谈心谈话登记表',
    fileName: archiveFileName(title, 'xlsx'),
    columns: [
      { header: '序号', width: 6 },
      { header: '谈话人', width: 12 },
      { header: '谈话对象', width: 12 },
      { header: '谈话时间', width: 14 },
      { header: '谈话主题', width: 30 },
      { header: '谈话内容', width: 60 },
    ],
    rows: talks.map((t, i) => [i + 1, t.a, t.b, dateText(t.on) ?? '', t.topics?.trim() ?? '', t.notes?.trim() ?? '']),
    notes: [`共${talks.length}次、${talks.length * 2}人次。`],
  };
}

// ---------------------------------------------------------------- 征求意见汇总表

export interface OpinionArchiveInput extends MeetingHead {
  summary: OpinionSummary;
  /** Names of the people opinions were about, by id (the targets). */
  people: readonly MeetingPerson[];
}

/** The rows of the summary: the group first, then each person in the meeting's order; merged texts only. */
function opinionRows(input: OpinionArchiveInput) {
  const name = namer(input.people);
  const group = groupName(input.meetingKind, input.orgKind);
  const sections = [
    { target: `对${group}`, g: input.summary.group },
    ...input.summary.persons.map((p) => ({ target: `对${name(p.personId)}`, g: p })),
  ];
  return sections;
}

function opinionPeriod(s: OpinionSummary): string | null {
  const a = dateText(s.firstOn);
  const z = dateText(s.lastOn);
  if (!a || !z) return null;
  return a === z ? a : `${a}至${z}`;
}

export function opinionSummaryDoc(input: OpinionArchiveInput): ArchiveDoc {
  const title = `${meetingName(input)}征求意见汇总表`;
  const b: ArchiveBlock[] = [{ role: 'title', text: title }];
  const s = input.summary;
  const period = opinionPeriod(s);
  const sections = opinionRows(input);
  const persons = sections.slice(1).reduce((n, x) => n + x.g.count, 0);
  b.push({
    role: 'body',
    text: s.total
      ? `${period ? `${period}，` : ''}共征求到意见建议${s.total}条，其中${sections[0].target}的${s.group.count}条、对个人的${persons}条。意见以匿名方式收集，相同内容已合并，本表不含任何提交人信息。`
      : '未征集到意见建议。',
  });
  const cats = Object.entries(s.byCategory).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  if (cats.length) b.push({ role: 'body', text: `按类别：${cats.map(([c, n]) => `${c}${n}条`).join('，')}。` });
  sections.forEach((x, i) => {
    b.push({ role: 'h1', text: `${cn(i)}、${x.target}的意见建议（${x.g.count}条）` });
    if (!x.g.items.length) {
      b.push({ role: 'body', text: '无。' });
      return;
    }
    b.push({
      role: 'table',
      columns: [
        { header: '序号', width: 3 },
        { header: '类别', width: 6 },
        { header: '意见建议', width: 24 },
        { header: '条数', width: 3 },
      ],
      rows: x.g.items.map((o, k) => [String(k + 1), o.category ?? '未分类', o.body, String(o.count)]),
    });
  });
  return { title, fileName: archiveFileName(title, 'docx'), blocks: b };
}

export function opinionSummarySheet(input: OpinionArchiveInput): ArchiveSheet {
  const title = `${meetingName(input)}征求意见汇总表`;
  const rows: (string | number)[][] = [];
  let n = 0;
  for (const x of opinionRows(input))
    for (const o of x.g.items) rows.push([++n, x.target.replace(/^对/, ''), o.category ?? '未分类', o.body, o.count]);
  const period = opinionPeriod(input.summary);
  return {
    title,
    sheetName: '征求意见汇总表',
    fileName: archiveFileName(title, 'xlsx'),
    columns: [
      { header: '序号', width: 6 },
      { header: '意见对象', width: 14 },
      { header: '类别', width: 14 },
      { header: '意见建议', width: 70 },
      { header: '条数', width: 8 },
    ],
    rows,
    notes: [
      `共${input.summary.total}条${period ? `（${period}）` : ''}；相同内容已合并。意见以匿名方式收集，本表不含提交人信息。`,
    ],
  };
}

// ---------------------------------------------------------------- 民主评议

export interface AppraisalArchiveInput extends MeetingHead {
  people: readonly MeetingPerson[];
  results: AppraisalSummary;
  finals: Readonly<Record<string, Grade | null>>;
}

const gradeCounts = (c: Record<Grade, number>) => GRADES.map((g) => `${g}${c[g]}`).join('，');

export function appraisalDoc(input: AppraisalArchiveInput): ArchiveDoc {
  const name = namer(input.people);
  const r = input.results;
  const title = `${meetingName(input)}民主评议党员结果`;
  const b: ArchiveBlock[] = [{ role: 'title', text: title }];
  const ballots = Math.max(0, ...r.members.map((m) => m.votes));
  const finals = GRADES.map((g) => [g, r.members.filter((m) => input.finals[m.personId] === g).length] as const);
  const decided = r.members.filter((m) => input.finals[m.personId]).length;
  b.push({
    role: 'body',
    text: `参加评议党员${r.members.length}名，收回民主测评票${ballots}张。${
      decided
        ? `经支部研究确定：${finals
            .filter(([, n]) => n > 0)
            .map(([g, n]) => `${g}${n}名`)
            .join('，')}${decided < r.members.length ? `，尚有${r.members.length - decided}名未确定等次` : ''}。`
        : '评议等次尚未确定。'
    }优秀等次不超过参评党员的三分之一（本次至多${r.maxExcellent}名）。`,
  });
  b.push({
    role: 'table',
    columns: [
      { header: '序号', width: 3 },
      { header: '姓名', width: 5 },
      { header: '自评', width: 4 },
      { header: '互评（优秀/合格/基本合格/不合格）', width: 9 },
      { header: '民主测评（优秀/合格/基本合格/不合格）', width: 9 },
      { header: '评定等次', width: 4 },
    ],
    rows: r.members.map((m, i) => [
      String(i + 1),
      name(m.personId),
      m.self ?? '未自评',
      GRADES.map((g) => m.peer[g]).join('/'),
      GRADES.map((g) => m.vote[g]).join('/'),
      input.finals[m.personId] ?? '未确定',
    ]),
  });
  const comments = r.members.filter((m) => m.peerComments.length || m.selfComment?.trim());
  if (comments.length) {
    b.push({ role: 'h1', text: '一、评议意见' });
    comments.forEach((m, i) => {
      b.push({ role: 'h2', text: `（${cn(i)}）${name(m.personId)}` });
      if (m.selfComment?.trim()) b.push({ role: 'body', text: `自评：${m.selfComment.trim()}` });
      // Peer comments without their authors, in text order.
      for (const c of [...m.peerComments].sort()) b.push({ role: 'body', text: `互评意见：${c}` });
    });
  }
  return { title, fileName: archiveFileName(title, 'docx'), blocks: b };
}

export function appraisalSheet(input: AppraisalArchiveInput): ArchiveSheet {
  const name = namer(input.people);
  const r = input.results;
  const title = `${meetingName(input)}民主评议党员结果`;
  return {
    title,
    sheetName: '民主评议结果',
    fileName: archiveFileName(title, 'xlsx'),
    columns: [
      { header: '序号', width: 6 },
      { header: '姓名', width: 12 },
      { header: '自评等次', width: 10 },
      ...GRADES.map((g) => ({ header: `互评${g}`, width: 10 })),
      ...GRADES.map((g) => ({ header: `测评${g}`, width: 10 })),
      { header: '测评票数', width: 10 },
      { header: '建议等次', width: 10 },
      { header: '评定等次', width: 10 },
    ],
    rows: r.members.map((m, i) => [
      i + 1,
      name(m.personId),
      m.self ?? '未自评',
      ...GRADES.map((g) => m.peer[g]),
      ...GRADES.map((g) => m.vote[g]),
      m.votes,
      m.proposed ?? '',
      input.finals[m.personId] ?? '未确定',
    ]),
    notes: [`参评党员${r.members.length}名；建议等次：${gradeCounts(r.proposedCounts)}；优秀至多${r.maxExcellent}名。`],
  };
}

// ---------------------------------------------------------------- 目录

export interface ArchiveIndexEntry {
  fileName: string;
  what: string;
  bytes: number;
}

export function archiveIndexDoc(
  head: MeetingHead,
  entries: readonly ArchiveIndexEntry[],
  left: readonly string[],
  madeOn: string,
): ArchiveDoc {
  const title = `${meetingName(head)}档案目录`;
  const kb = (n: number) => (n < 1024 ? `${n} B` : `${Math.ceil(n / 1024)} KB`);
  const b: ArchiveBlock[] = [
    { role: 'title', text: title },
    { role: 'body', text: `本档案共${entries.length}个文件（不含本目录），${dateText(madeOn) ?? madeOn}生成。` },
    {
      role: 'table',
      columns: [
        { header: '序号', width: 3 },
        { header: '文件名', width: 16 },
        { header: '内容', width: 10 },
        { header: '大小', width: 4 },
      ],
      rows: entries.map((e, i) => [String(i + 1), e.fileName, e.what, kb(e.bytes)]),
    },
  ];
  if (left.length) b.push({ role: 'body', text: `未收入：${left.join('；')}。` });
  return { title, fileName: '00目录.docx', blocks: b };
}

/** What one download of the whole file set may hold (the server refuses more with E_TOO_LARGE). */
export const ARCHIVE_LIMITS = {
  maxEntries: 1000,
  maxBytes: 200 * 1024 * 1024,
} as const;
