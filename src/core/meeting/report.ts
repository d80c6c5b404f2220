/**
 * The meeting report to the superior (会议情况报告): its content model, built from what the
 * procedure recorded, and its text as typed blocks that a writer lays out (formats/meeting-report.ts
 * sets them in the GB/T 9704 layout). No I/O.
 *
 *   const content = renderReport(input);
 *   content.blocks → [{ role: 'title', … }, { role: 'addressee', text: '中共某某县委组织部：' }, …]
 *   content.gaps   → what was not recorded and is therefore not in the text (shown on the page only)
 *
 * Every sentence states a recorded fact: who spoke (and whether someone spoke for the 班子 on the
 * strength of a 班子 material), who attended, the opinions, talks, criticisms, comments and votes
 * recorded, the problems and measures of the approved materials, the items in the ledger. Where
 * nothing was recorded the report says nothing (no stock phrase stands in for a missing fact), and
 * a section without facts is left out; `gaps` tells the secretary what is missing.
 *
 * Shape (customary): title; addressee; an opening paragraph; 一、会前准备情况 (studies, opinions,
 * talks, materials); 二、会议召开情况 (attendance, supervisors, speeches, criticisms, appraisal,
 * comments, summary); 三、查摆的主要问题; 四、相互批评情况; 五、整改措施; 六、下一步工作; the
 * signature (organization and date — never before the meeting).
 */
import { toChineseNumeral } from '../text/numerals.js';
import { attendanceSentence, quorum, type AttendanceEntry, type QuorumResult } from './attendance.js';
import { chineseDate } from './dates.js';
import { DEFAULT_REPORT_DAYS, reportDeadline } from './deadline.js';
import type { OpinionSummary } from './opinions.js';
import { CORE_ROLES, hasRole, nameOf, type MeetingPerson } from './participants.js';
import type { TalkCoverage } from './talks.js';
import type { AppraisalSummary } from './appraisal.js';

export interface ReportCriticism {
  targetPersonId: string;
  criticId: string | null;
  body: string;
}

/** Problems (or measures) of one subject, taken from an approved material. */
export interface ReportProblems {
  /** "领导班子" / "支部委员会" or a person's name with 同志. */
  subject: string;
  items: string[];
}

/** A speech recorded at the meeting, in the order spoken. */
export interface ReportSpeech {
  speakerId: string;
  /** The speech presented the 班子 (支部委员会) material: spoken on behalf of the group. */
  forGroup?: boolean;
}

/** What was written before the meeting. */
export interface ReportMaterials {
  /** The 班子 material: none written, written (not yet approved), approved. */
  group: 'none' | 'written' | 'approved';
  /** Who wrote the 班子 material (its author as recorded); unnamed when not known. */
  groupAuthorId?: string | null;
  /** Personal materials written, and of them approved. */
  personal: number;
  personalApproved: number;
}

export interface ReportInput {
  orgName: string;
  /** 党委 | 党总支 | 党支部 | 党组 | 党小组 | 其他 — decides how the group is named at a 组织生活会. */
  orgKind?: string | null;
  /** The superior the report goes to (主送). */
  superiorName?: string | null;
  /** 民主生活会 | 组织生活会 | 专题 */
  meetingKind: string;
  year: number;
  theme?: string | null;
  /** The meeting's date (recorded, else planned); null when none is known. */
  heldOn: string | null;
  location?: string | null;
  people: readonly MeetingPerson[];
  /** Attendance as recorded (one entry per person recorded; nobody recorded = empty). */
  attendance: readonly AttendanceEntry[];
  studySessions?: number | null;
  studyNote?: string | null;
  opinions: OpinionSummary;
  talks: TalkCoverage;
  materials?: ReportMaterials | null;
  speeches: readonly ReportSpeech[];
  criticisms: readonly ReportCriticism[];
  /** Problems of the approved materials: the 班子's first, then each person's. */
  problems: readonly ReportProblems[];
  /** Measures of the approved materials, by the same subjects. */
  measures: readonly ReportProblems[];
  /** Items in the ledger from this meeting, by source (对照检查, 相互批评, 征求意见, 上级点评 …). */
  ledger?: Readonly<Record<string, number>> | null;
  /** Of those items, how many name a 责任人 and how many a 完成时限 (unknown: nothing is said of either). */
  ledgerAssigned?: { owner: number; deadline: number } | null;
  supervisorComments: readonly string[];
  summary?: string | null;
  appraisal?: AppraisalSummary | null;
  /** The day the report is made (落款); the date written is never before the meeting. */
  reportOn: string;
  /** Days after the meeting the report is due (default 15). */
  deadlineDays?: number;
}

/** The figures the report quotes — also shown on the secretary's page and checked in tests. */
export interface ReportFigures {
  studySessions: number | null;
  opinionsTotal: number;
  opinionsGroup: number;
  opinionsPersonal: number;
  talkCount: number;
  talkPersonTimes: number;
  talkPairsRequired: number;
  talkPairsDone: number;
  /** Materials written (班子 + personal), null when unknown. */
  materials: number | null;
  expected: number;
  present: number;
  quorumMet: boolean;
  /** Everyone expected has an attendance entry. */
  attendanceRecorded: boolean;
  /** People who spoke (each counted once). */
  speeches: number;
  criticisms: number;
  problems: number;
  measures: number;
  ledgerItems: number;
  dueOn: string | null;
}

export const REPORT_BLOCK_ROLES = ['title', 'addressee', 'h1', 'h2', 'body', 'signature', 'date'] as const;
export type ReportBlockRole = (typeof REPORT_BLOCK_ROLES)[number];

export interface ReportBlock {
  role: ReportBlockRole;
  text: string;
  /** For a body paragraph opening with a run-in （一）heading: its length in characters (set in 楷体). */
  headChars?: number;
}

export interface ReportContent {
  title: string;
  figures: ReportFigures;
  blocks: ReportBlock[];
  /** What was not recorded, hence not in the text (for the page, never in the document). */
  gaps: string[];
}

export function meetingLabel(kind: string): string {
  return kind === '专题' ? '专题民主生活会' : kind;
}

const isBranch = (kind: string) => kind === '组织生活会';

/**
 * The group examined: the 领导班子 at a 民主生活会; at a 组织生活会 the organization's committee
 * (支部委员会, 党总支委员会, 党委) or, for a 党小组, the 党小组 itself.
 */
export function groupName(meetingKind: string, orgKind?: string | null): string {
  if (!isBranch(meetingKind)) return '领导班子';
  if (orgKind === '党总支') return '党总支委员会';
  if (orgKind === '党小组') return '党小组';
  if (orgKind === '党委') return '党委';
  return '支部委员会';
}

/** What the ledger items of each source answer, as the closing paragraph names them. */
const LEDGER_SOURCE_PHRASE: Record<string, string> = {
  对照检查: '查摆的问题',
  自查: '查摆的问题',
  相互批评: '会上提出的批评意见',
  征求意见: '征求到的意见建议',
  谈心谈话: '谈心谈话中指出的问题',
  上级点评: '督导组点评指出的问题',
  巡视巡察: '巡视巡察反馈的问题',
  审计: '审计指出的问题',
};

export function buildReportFigures(input: ReportInput, q: QuorumResult = quorum(input.people, input.attendance)) {
  const materials = input.materials ? (input.materials.group === 'none' ? 0 : 1) + input.materials.personal : null;
  return {
    studySessions: input.studySessions ?? null,
    opinionsTotal: input.opinions.total,
    opinionsGroup: input.opinions.group.count,
    opinionsPersonal: input.opinions.total - input.opinions.group.count,
    talkCount: input.talks.talkCount,
    talkPersonTimes: input.talks.personTimes,
    talkPairsRequired: input.talks.required,
    talkPairsDone: input.talks.done,
    materials,
    expected: q.expected,
    present: q.present,
    quorumMet: q.met,
    attendanceRecorded: q.expected > 0 && q.unrecorded.length === 0,
    speeches: new Set(input.speeches.map((s) => s.speakerId)).size,
    criticisms: input.criticisms.length,
    problems: input.problems.reduce((s, p) => s + p.items.length, 0),
    measures: input.measures.reduce((s, p) => s + p.items.length, 0),
    ledgerItems: Object.values(input.ledger ?? {}).reduce((s, n) => s + n, 0),
    dueOn: input.heldOn ? reportDeadline(input.heldOn, input.deadlineDays ?? DEFAULT_REPORT_DAYS) : null,
  } satisfies ReportFigures;
}

const ORDINALS = ['一是', '二是', '三是', '四是', '五是', '六是', '七是', '八是', '九是', '十是'];

/** "一是……；二是……。" from separate points (beyond ten: numbered with Chinese numerals). */
export function enumeratePoints(items: readonly string[]): string {
  const clean = items.map((x) => x.trim().replace(/[。；;，,\s]+$/u, '')).filter(Boolean);
  return (
    clean.map((x, i) => `${ORDINALS[i] ?? `${toChineseNumeral(i + 1)}是`}${x}`).join('；') + (clean.length ? '。' : '')
  );
}

/** "甲、乙和丙" */
function names(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join('、')}和${xs.at(-1)}`;
}

/** The date written under the signature: the day of the report, but never before the meeting. */
export function signatureDate(reportOn: string, heldOn: string | null): string {
  return heldOn && reportOn < heldOn ? heldOn : reportOn;
}

export function renderReport(input: ReportInput): ReportContent {
  const q = quorum(input.people, input.attendance);
  const figures = buildReportFigures(input, q);
  const gaps: string[] = [];
  const label = meetingLabel(input.meetingKind);
  const yearLabel = input.meetingKind === '专题' ? '' : `${input.year}年度`;
  const title = `${input.orgName}关于召开${yearLabel}${label}情况的报告`;
  const blocks: ReportBlock[] = [{ role: 'title', text: title }];
  if (input.superiorName?.trim()) blocks.push({ role: 'addressee', text: `${input.superiorName.trim()}：` });
  const body = (text: string) => blocks.push({ role: 'body', text });
  let part = 1;
  const h1 = (text: string) => blocks.push({ role: 'h1', text: `${toChineseNumeral(part++)}、${text}` });
  const people = input.people;
  const name = (id: string) => nameOf(people, id);
  const branch = isBranch(input.meetingKind);
  const group = groupName(input.meetingKind, input.orgKind);
  const personLabel = branch ? '党员个人' : '班子成员个人';
  const secretary = people.find((p) => p.roles.includes('secretary')) ?? null;

  // Did the meeting take place, as far as the record shows?
  // Any record made at the meeting (a comment, the summary, the 民主评议) shows it took place.
  const held =
    q.present > 0 ||
    input.speeches.length > 0 ||
    input.criticisms.length > 0 ||
    input.supervisorComments.some((c) => c.trim()) ||
    !!input.summary?.trim() ||
    !!input.appraisal;
  if (!held) gaps.push('会议尚无出席、发言、批评意见、点评或总结的记录，报告未写会议召开情况。');

  const where = input.location?.trim() ? `在${input.location.trim()}` : '';
  const theme = input.theme?.trim() ? `，会议主题为“${input.theme.trim()}”` : '';
  // A meeting dated after the report is not yet held, or its date is wrong: no date is asserted.
  const dateAhead = !!input.heldOn && input.reportOn < input.heldOn;
  if (dateAhead)
    gaps.push(
      `会议日期（${chineseDate(input.heldOn!)}）晚于报告日期（${chineseDate(input.reportOn)}）：会议尚未召开或日期有误，报告未写会议日期，请核对。`,
    );
  const sameName = [...new Set(people.map((p) => p.name?.trim()).filter((n) => n))].filter(
    (n) => people.filter((p) => p.name?.trim() === n).length > 1,
  );
  if (sameName.length)
    gaps.push(`参会人员中有同名的（${sameName.join('、')}），报告中无法区分，请在名单中加以区别（如注明职务）。`);
  if (held && input.heldOn && !dateAhead)
    body(
      `根据上级关于召开${yearLabel}${label}的有关要求，${input.orgName}于${chineseDate(input.heldOn)}${where}召开了${yearLabel}${label}${theme}。现将有关情况报告如下。`,
    );
  else if (held)
    body(
      `根据上级关于召开${yearLabel}${label}的有关要求，${input.orgName}召开了${yearLabel}${label}${theme}。现将有关情况报告如下。`,
    );
  else
    body(`根据上级关于召开${yearLabel}${label}的有关要求，现将${input.orgName}${yearLabel}${label}有关情况报告如下。`);

  // 一、会前准备情况 — only what was recorded.
  const prep: [string, string][] = [];
  if (figures.studySessions) {
    const note = input.studyNote?.trim().replace(/[。；，\s]+$/u, '');
    prep.push(['深入开展学习研讨', `会前组织集中学习研讨${figures.studySessions}次${note ? `，${note}` : ''}。`]);
  } else if (input.studyNote?.trim())
    prep.push(['深入开展学习研讨', input.studyNote.trim().replace(/[^。]$/u, '$&。')]);
  else gaps.push('未填写会前集中学习研讨次数。');

  if (figures.opinionsTotal) {
    const parts: string[] = [];
    if (figures.opinionsGroup) parts.push(`对${group}的${figures.opinionsGroup}条`);
    if (figures.opinionsPersonal) parts.push(`对${personLabel}的${figures.opinionsPersonal}条`);
    prep.push([
      '广泛征求意见建议',
      `会前共征求到意见建议${figures.opinionsTotal}条，${parts.length === 2 ? `其中${parts.join('、')}` : `均为对${figures.opinionsGroup ? group : personLabel}的意见建议`}。`,
    ]);
  } else gaps.push('未收到（或未录入）征求意见。');

  if (figures.talkCount) {
    const coverage =
      figures.talkPairsRequired === 0
        ? ''
        : figures.talkPairsDone >= figures.talkPairsRequired
          ? `，按要求应谈${figures.talkPairsRequired}对，已全部谈到`
          : `，按要求应谈${figures.talkPairsRequired}对，已谈${figures.talkPairsDone}对`;
    prep.push(['开展谈心谈话', `会前开展谈心谈话${figures.talkCount}次、${figures.talkPersonTimes}人次${coverage}。`]);
  } else gaps.push('未记录谈心谈话。');

  const m = input.materials;
  if (m && (m.group !== 'none' || m.personal)) {
    const s: string[] = [];
    if (m.group !== 'none')
      s.push(
        `${m.groupAuthorId ? `${name(m.groupAuthorId)}牵头` : ''}起草了${group}对照检查材料${m.group === 'approved' ? '，已经审核通过' : '，尚未审核通过'}`,
      );
    if (m.personal)
      s.push(
        `${m.personal}名同志撰写了个人对照检查材料${m.personalApproved === m.personal ? '，均已审核通过' : m.personalApproved ? `，其中${m.personalApproved}份已审核通过` : '，尚未审核通过'}`,
      );
    prep.push(['撰写对照检查材料', `${s.join('；')}。`]);
  } else gaps.push('尚无对照检查材料。');
  if (m && m.group === 'none') gaps.push(`未撰写${group}对照检查材料。`);

  if (prep.length) {
    h1('会前准备情况');
    prep.forEach(([head, text], i) => {
      const h = `（${toChineseNumeral(i + 1)}）${head}。`;
      blocks.push({ role: 'body', text: h + text, headChars: h.length });
    });
  }

  // 二、会议召开情况
  if (held) {
    h1('会议召开情况');
    const first: string[] = [];
    const secretaryPresent = secretary && q.presentIds.includes(secretary.id);
    if (secretaryPresent && secretary.name) first.push(`会议由${secretary.name}主持。`);
    if (figures.attendanceRecorded)
      first.push(`${attendanceSentence(people, q)}，${q.met ? '符合规定' : '未达到规定人数'}。`);
    else if (q.expected) gaps.push(`尚有${q.unrecorded.length}人未登记出席情况，报告未写到会人数。`);
    const present = new Set(input.attendance.filter((a) => a.status === 'present').map((a) => a.personId));
    const supervisors = people
      .filter((p) => p.roles.includes('supervisor') && present.has(p.id))
      .map((p) => name(p.id));
    if (supervisors.length) first.push(`${supervisors.join('、')}到会指导。`);
    if (first.length) body(first.join(''));

    const speech: string[] = [];
    const groupSpeech = input.speeches.find((s) => s.forGroup);
    if (groupSpeech) speech.push(`${name(groupSpeech.speakerId)}代表${group}作对照检查`);
    // Only the people under examination make a 个人对照检查; a 督导组 member, the recorder or a 列席
    // attendee who spoke is said to have spoken.
    const examined = (id: string) => {
      const p = people.find((x) => x.id === id);
      return !!p && hasRole(p, CORE_ROLES);
    };
    const personal: string[] = [];
    const others: string[] = [];
    const unlisted = new Set<string>();
    for (const s of input.speeches) {
      if (!people.some((p) => p.id === s.speakerId)) {
        unlisted.add(s.speakerId);
        continue;
      }
      const list = examined(s.speakerId) ? personal : others;
      if (!s.forGroup && !list.includes(s.speakerId)) list.push(s.speakerId);
    }
    if (unlisted.size) gaps.push(`有${unlisted.size}名发言人已不在参会人员名单中，报告未写其姓名。`);
    if (personal.length) {
      const [lead, ...rest] = personal;
      if (personal.length === 1) speech.push(`${name(lead)}作个人对照检查发言`);
      else if (lead === secretary?.id)
        speech.push(
          `${name(lead)}带头作个人对照检查发言`,
          `${names(rest.map(name))}${rest.length > 1 ? '依次' : ''}作个人对照检查发言`,
        );
      else speech.push(`${names(personal.map(name))}依次作个人对照检查发言`);
    }
    if (others.length) speech.push(`${names(others.map(name))}作了发言`);
    if (figures.criticisms) speech.push(`相互提出批评意见${figures.criticisms}条`);
    if (speech.length)
      body(`会上，${speech.join('；')}。${figures.speeches ? `共有${figures.speeches}名同志发言。` : ''}`);
    else gaps.push('未记录会上发言。');
    if (!figures.criticisms) gaps.push('未记录相互批评意见。');

    if (input.appraisal) {
      const c = input.appraisal.proposedCounts;
      body(
        `会上开展了民主评议党员，评定优秀${c.优秀}名、合格${c.合格}名、基本合格${c.基本合格}名、不合格${c.不合格}名。`,
      );
    }
    for (const c of input.supervisorComments) if (c.trim()) body(`督导组点评指出：${c.trim()}`);
    // The secretary gave the summary when he is recorded present or as a speaker; else no one is named.
    const secretaryThere =
      secretaryPresent || (!!secretary && input.speeches.some((s) => s.speakerId === secretary.id));
    if (input.summary?.trim())
      body(
        secretary?.name && secretaryThere
          ? `${secretary.name}作总结讲话：${input.summary.trim()}`
          : `会议最后作了总结：${input.summary.trim()}`,
      );
  }

  // 三、查摆的主要问题 — from the approved materials.
  const withItems = input.problems.filter((p) => p.items.length);
  if (withItems.length) {
    h1('查摆的主要问题');
    withItems.forEach((p, i) => {
      const h = `（${toChineseNumeral(i + 1)}）${p.subject}。`;
      blocks.push({ role: 'body', text: h + enumeratePoints(p.items), headChars: h.length });
    });
  } else gaps.push('尚无审核通过的对照检查材料，报告未列查摆的问题。');

  // 四、相互批评情况
  if (input.criticisms.length) {
    h1('相互批评情况');
    const byTarget = new Map<string, number>();
    for (const c of input.criticisms) byTarget.set(c.targetPersonId, (byTarget.get(c.targetPersonId) ?? 0) + 1);
    const order = people.map((p) => p.id).filter((id) => byTarget.has(id));
    // Targets no longer among the participants have no name to print (never their id).
    const gone = [...byTarget.keys()].filter((id) => !order.includes(id)).reduce((n, id) => n + byTarget.get(id)!, 0);
    if (gone) gaps.push(`有${gone}条批评意见的对象已不在参会人员名单中。`);
    const parts = order.map((id) => `对${name(id)}${byTarget.get(id)}条`);
    if (gone) parts.push(`对其他同志${gone}条`);
    const inLedger = input.ledger?.['相互批评'] ?? 0;
    body(
      `会上共提出批评意见${figures.criticisms}条，其中${parts.join('，')}。${inLedger ? `已有${inLedger}条列入整改台账。` : ''}`,
    );
  }

  // 五、整改措施 — the approved materials' measures and the ledger.
  const measures = input.measures.filter((x) => x.items.length);
  const ledger = Object.entries(input.ledger ?? {}).filter(([, n]) => n > 0);
  if (measures.length || ledger.length) {
    h1('整改措施');
    if (figures.measures) body(`对照检查材料共提出整改措施${figures.measures}条。`);
    measures.forEach((p, i) => {
      const h = `（${toChineseNumeral(i + 1)}）${p.subject}。`;
      blocks.push({ role: 'body', text: h + enumeratePoints(p.items), headChars: h.length });
    });
    if (ledger.length) {
      const total = figures.ledgerItems;
      const a = input.ledgerAssigned;
      let assigned = '';
      if (a && a.owner >= total && a.deadline >= total) assigned = '，逐项明确责任人和完成时限';
      else if (a) {
        const parts = [a.owner ? `${a.owner}项已明确责任人` : '', a.deadline ? `${a.deadline}项已明确完成时限` : ''];
        if (parts.some(Boolean)) assigned = `，其中${parts.filter(Boolean).join('，')}`;
        const missing = [
          a.owner < total ? `${total - a.owner}项未明确责任人` : '',
          a.deadline < total ? `${total - a.deadline}项未明确完成时限` : '',
        ].filter(Boolean);
        gaps.push(`整改台账中有${missing.join('、')}。`);
      }
      body(`已将${total}项整改事项列入整改台账（${ledger.map(([src, n]) => `${src}${n}项`).join('，')}）${assigned}。`);
    } else gaps.push('整改事项尚未列入整改台账。');
  } else gaps.push('尚无整改措施或整改台账事项。');

  // 六、下一步工作 — a commitment, made only when there is something to rectify.
  if (withItems.length || input.criticisms.length || ledger.length) {
    h1('下一步工作');
    // What is to be rectified, named by where it came from (a ledger of opinions only is no 查摆).
    const answers: string[] = [];
    const add = (x: string) => answers.includes(x) || answers.push(x);
    if (withItems.length) add('查摆的问题');
    if (input.criticisms.length) add(LEDGER_SOURCE_PHRASE['相互批评']);
    for (const [src] of ledger) add(LEDGER_SOURCE_PHRASE[src] ?? '查摆的问题');
    // A 专题 meeting is not held every year: the report-back is at the next 民主生活会.
    const next = input.meetingKind === '专题' ? '下一次民主生活会' : `下一年度${label}`;
    body(`针对${names(answers)}，${group}将逐项抓好整改、挂账销号，并在${next}上通报整改落实情况。`);
  }

  blocks.push({ role: 'signature', text: input.orgName });
  blocks.push({ role: 'date', text: chineseDate(signatureDate(input.reportOn, input.heldOn)) });
  return { title, figures, blocks, gaps };
}
