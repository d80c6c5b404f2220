/**
 * The meeting report to the superior (会议情况报告): its content model, built from what the
 * procedure recorded, and its text as typed blocks that a writer lays out (formats/meeting-report.ts
 * sets them in the GB/T 9704 layout). No I/O.
 *
 *   const content = renderReport(buildReportFigures(input), input);
 *   content.blocks → [{ role: 'title', … }, { role: 'addressee', text: '中共某某县委组织部：' }, …]
 *
 * Shape (customary): title; addressee; an opening paragraph; 一、会前准备情况 (studies, opinions,
 * talks, materials); 二、会议召开情况 (attendance, supervisors, speeches, criticisms, appraisal,
 * comments, summary); 三、查摆的主要问题; 四、相互批评情况; 五、整改措施; 六、下一步工作; the
 * signature (organization and date).
 */
import { toChineseNumeral } from '../text/numerals.js';
import { attendanceSentence, type QuorumResult } from './attendance.js';
import { chineseDate } from './dates.js';
import { DEFAULT_REPORT_DAYS, reportDeadline } from './deadline.js';
import { opinionPrefaceSentence, type OpinionSummary } from './opinions.js';
import { nameOf, type MeetingPerson } from './participants.js';
import type { TalkCoverage } from './talks.js';
import type { AppraisalSummary } from './appraisal.js';

export interface ReportCriticism {
  targetPersonId: string;
  criticId: string | null;
  body: string;
}

export interface ReportProblems {
  /** "领导班子" or a person's name. */
  subject: string;
  items: string[];
}

export interface ReportInput {
  orgName: string;
  /** The superior the report goes to (主送). */
  superiorName?: string | null;
  /** 民主生活会 | 组织生活会 | 专题 */
  meetingKind: string;
  year: number;
  theme?: string | null;
  heldOn: string;
  location?: string | null;
  people: readonly MeetingPerson[];
  quorum: QuorumResult;
  studySessions?: number | null;
  studyNote?: string | null;
  opinions: OpinionSummary;
  talks: TalkCoverage;
  /** Materials written (班子 + personal). */
  materials?: number | null;
  speeches: number;
  criticisms: readonly ReportCriticism[];
  problems: readonly ReportProblems[];
  measures: readonly string[];
  supervisorComments: readonly string[];
  summary?: string | null;
  appraisal?: AppraisalSummary | null;
  /** Date of the report (落款日期). */
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
  materials: number | null;
  expected: number;
  present: number;
  quorumMet: boolean;
  speeches: number;
  criticisms: number;
  problems: number;
  measures: number;
  dueOn: string;
}

export type ReportBlockRole = 'title' | 'addressee' | 'h1' | 'h2' | 'body' | 'signature' | 'date';

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
}

export function meetingLabel(kind: string): string {
  return kind === '专题' ? '专题民主生活会' : kind;
}

export function buildReportFigures(input: ReportInput): ReportFigures {
  return {
    studySessions: input.studySessions ?? null,
    opinionsTotal: input.opinions.total,
    opinionsGroup: input.opinions.group.count,
    opinionsPersonal: input.opinions.total - input.opinions.group.count,
    talkCount: input.talks.talkCount,
    talkPersonTimes: input.talks.personTimes,
    talkPairsRequired: input.talks.required,
    talkPairsDone: input.talks.done,
    materials: input.materials ?? null,
    expected: input.quorum.expected,
    present: input.quorum.present,
    quorumMet: input.quorum.met,
    speeches: input.speeches,
    criticisms: input.criticisms.length,
    problems: input.problems.reduce((s, p) => s + p.items.length, 0),
    measures: input.measures.length,
    dueOn: reportDeadline(input.heldOn, input.deadlineDays ?? DEFAULT_REPORT_DAYS),
  };
}

const ORDINALS = ['一是', '二是', '三是', '四是', '五是', '六是', '七是', '八是', '九是', '十是'];

/** "一是……；二是……。" from separate points (beyond ten: numbered with Chinese numerals). */
export function enumeratePoints(items: readonly string[]): string {
  const clean = items.map((x) => x.trim().replace(/[。；;，,\s]+$/u, '')).filter(Boolean);
  return (
    clean.map((x, i) => `${ORDINALS[i] ?? `${toChineseNumeral(i + 1)}是`}${x}`).join('；') + (clean.length ? '。' : '')
  );
}

export function renderReport(input: ReportInput, figures: ReportFigures = buildReportFigures(input)): ReportContent {
  const label = meetingLabel(input.meetingKind);
  const yearLabel = input.meetingKind === '专题' ? '' : `${input.year}年度`;
  const title = `${input.orgName}关于召开${yearLabel}${label}情况的报告`;
  const blocks: ReportBlock[] = [{ role: 'title', text: title }];
  if (input.superiorName?.trim()) blocks.push({ role: 'addressee', text: `${input.superiorName.trim()}：` });
  const body = (text: string) => blocks.push({ role: 'body', text });
  const h1 = (n: number, text: string) => blocks.push({ role: 'h1', text: `${toChineseNumeral(n)}、${text}` });
  const runIn = (n: number, head: string, text: string) => {
    const h = `（${toChineseNumeral(n)}）${head}。`;
    blocks.push({ role: 'body', text: h + text, headChars: h.length });
  };
  const people = input.people;
  const secretary = people.find((p) => p.roles.includes('secretary'));
  const host = secretary?.name ?? '书记';
  const branch = input.meetingKind === '组织生活会';
  const group = branch ? '支部委员会' : '领导班子';
  const ofGroup = branch ? '支委和党员' : '班子成员';

  body(
    `根据上级关于召开${yearLabel}${label}的有关要求，${input.orgName}于${chineseDate(input.heldOn)}${input.location?.trim() ? `在${input.location.trim()}` : ''}召开了${yearLabel}${label}${input.theme?.trim() ? `，会议主题为“${input.theme.trim()}”` : ''}。现将有关情况报告如下。`,
  );

  let part = 1;
  h1(part++, '会前准备情况');
  let sub = 1;
  const studies =
    figures.studySessions !== null ? `会前组织集中学习研讨${figures.studySessions}次，` : '会前组织集中学习研讨，';
  runIn(
    sub++,
    '深入开展学习研讨',
    `${studies}${input.studyNote?.trim() || '围绕会议主题读原著、学原文、悟原理，为开好会议打牢思想基础'}。`.replace(
      /。。$/,
      '。',
    ),
  );
  runIn(
    sub++,
    '广泛征求意见建议',
    `${opinionPrefaceSentence(input.opinions, undefined, { personLabel: branch ? '党员个人' : '班子成员个人' }).replace(/^会前/, '')}征求到的意见建议已逐条梳理，原汁原味反馈给${ofGroup}本人。`,
  );
  const coverage =
    figures.talkPairsRequired === 0
      ? ''
      : figures.talkPairsDone >= figures.talkPairsRequired
        ? `按要求应谈${figures.talkPairsRequired}对，实现应谈尽谈。`
        : `按要求应谈${figures.talkPairsRequired}对，已谈${figures.talkPairsDone}对，未谈的将在会后补谈。`;
  runIn(
    sub++,
    '认真开展谈心谈话',
    `${ofGroup}之间开展谈心谈话${figures.talkCount}次、${figures.talkPersonTimes}人次，${coverage || '做到了相互提醒、坦诚交流。'}`,
  );
  runIn(
    sub++,
    '认真撰写对照检查材料',
    `${figures.materials !== null ? `共撰写对照检查材料${figures.materials}份，` : ''}书记牵头起草${group}对照检查材料，${ofGroup}亲自撰写个人对照检查材料，并按要求报送审核。`,
  );

  h1(part++, '会议召开情况');
  const supervisors = people.filter((p) => p.roles.includes('supervisor')).map((p) => p.name ?? p.id);
  body(
    `会议由${host}主持。${attendanceSentence(people, input.quorum)}，符合规定。${supervisors.length ? `${supervisors.join('、')}到会指导。` : ''}`.replace(
      '，符合规定',
      input.quorum.met ? '，符合规定' : '，未达到规定人数',
    ),
  );
  body(
    `会上，${host}通报了上一年度查摆问题整改落实情况和会前征求意见情况，代表${group}作对照检查，并带头作个人对照检查发言；其他同志逐一作对照检查发言，开展批评与自我批评。共有${figures.speeches}名同志作对照检查发言，相互提出批评意见${figures.criticisms}条。`,
  );
  if (input.appraisal) {
    const c = input.appraisal.proposedCounts;
    body(
      `会上开展了民主评议党员，经个人自评、党员互评和民主测评，评定优秀${c.优秀}名、合格${c.合格}名、基本合格${c.基本合格}名、不合格${c.不合格}名。`,
    );
  }
  for (const c of input.supervisorComments) if (c.trim()) body(`督导组点评指出：${c.trim()}`);
  if (input.summary?.trim()) body(`${host}在总结讲话中指出：${input.summary.trim()}`);

  h1(part++, '查摆的主要问题');
  const withItems = input.problems.filter((p) => p.items.length);
  if (!withItems.length) body('查摆的问题见各同志对照检查材料。');
  withItems.forEach((p, i) => runIn(i + 1, `${p.subject}方面`, enumeratePoints(p.items)));

  h1(part++, '相互批评情况');
  const byTarget = new Map<string, number>();
  for (const c of input.criticisms) byTarget.set(c.targetPersonId, (byTarget.get(c.targetPersonId) ?? 0) + 1);
  if (!byTarget.size) body('会上未记录相互批评意见。');
  else {
    const order = people.map((p) => p.id).filter((id) => byTarget.has(id));
    for (const id of byTarget.keys()) if (!order.includes(id)) order.push(id);
    body(
      `会上共提出批评意见${figures.criticisms}条，其中：${order.map((id) => `${nameOf(people, id)}${byTarget.get(id)}条`).join('，')}。批评意见已逐条反馈本人，纳入整改台账。`,
    );
  }

  h1(part++, '整改措施');
  if (!input.measures.length) body('整改措施将在整改方案中逐项明确。');
  input.measures.forEach((m, i) => body(`${i + 1}. ${m.trim()}`));

  h1(part++, '下一步工作');
  body(
    `针对会上查摆的问题和提出的批评意见，${group}将制定整改方案，建立问题清单、任务清单、责任清单，明确责任人和完成时限，逐项整改、挂账销号，并在下一年度${label}上通报整改落实情况。`,
  );

  blocks.push({ role: 'signature', text: input.orgName });
  blocks.push({ role: 'date', text: chineseDate(input.reportOn) });
  return { title, figures, blocks };
}
