/**
 * The archive a branch keeps of its meeting: each record as a file (会议记录 .docx, 谈心谈话记录 .docx
 * and 登记表 .xlsx, 征求意见汇总表 .docx/.xlsx, 民主评议结果 .docx/.xlsx), and the whole file set as
 * one .zip with a 目录 (the report, those records, every approved material's .docx, the meeting's
 * ledger .xlsx).
 *
 * Authorization is that of the pages that show the same data (core/meeting/policy.ts): the record
 * for those who read it (participants, recorder, secretary, superior); talks in full for the
 * secretary and the superior, a member gets the talks he took part in; the opinion summary and the
 * appraisal results for the secretary and the superior; the whole set for those who receive the
 * report (secretary, recorder, superior), each part only when the reader may see it — the 目录 says
 * what was left out. Every export is written to the audit log (what, never the content).
 */
import type { Repositories } from '../../../storage/repositories/index.js';
import type { ActorContext } from '../../domain/context.js';
import { JianshiError } from '../../../core/errors.js';
import { quorum } from '../../../core/meeting/attendance.js';
import type { AgendaItem } from '../../../core/meeting/agenda.js';
import { appraisalResults, type Grade } from '../../../core/meeting/appraisal.js';
import { coreParticipants } from '../../../core/meeting/participants.js';
import { summarizeOpinions } from '../../../core/meeting/opinions.js';
import { renderReport } from '../../../core/meeting/report.js';
import {
  appraisalDoc,
  appraisalSheet,
  archiveFileName,
  archiveIndexDoc,
  meetingName,
  opinionSummaryDoc,
  opinionSummarySheet,
  recordDoc,
  talkRegisterSheet,
  talksDoc,
  type ArchiveDoc,
  type ArchiveFormat,
  type ArchivePart,
  type ArchiveSheet,
  type MeetingHead,
} from '../../../core/meeting/archive.js';
import { ledgerDecision } from '../../../core/ledger/policy.js';
import { archiveDocToDocx } from '../../../formats/archive-docx.js';
import { archiveSheetToXlsx } from '../../../formats/archive-xlsx.js';
import { checkArchiveSize, type ArchiveEntry } from '../../../formats/archive-zip.js';
import { meetingReportToDocx } from '../../../formats/meeting-report.js';
import { exportLedgerXlsx } from '../../../formats/ledger-xlsx.js';
import { exportOne } from '../../domain/materials.js';
import { ledgerService } from '../ledger/service.js';
import { authorizeProcedure, loadMeeting, mayProcedure, today, type MeetingCtx } from './meeting-context.js';
import { defaultAgenda } from './record.js';
import { opinionTargets } from './opinions.js';
import { buildReportInput } from './report.js';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type { ArchiveFormat, ArchivePart };

export interface ArchiveFile {
  bytes: Uint8Array;
  fileName: string;
  mime: string;
}

const head = (ctx: MeetingCtx): MeetingHead => ({
  orgName: ctx.org.name,
  orgKind: ctx.org.kind,
  meetingKind: ctx.meeting.kind,
  year: ctx.meeting.year,
  theme: ctx.meeting.theme,
});

/** Names of people outside the meeting that a record mentions (a talk with a department head, a recorder). */
async function namesOf(repos: Repositories, ctx: MeetingCtx, ids: Iterable<string | null | undefined>) {
  const out: Record<string, string> = {};
  for (const id of new Set(ids)) {
    if (!id || ctx.people.some((p) => p.id === id)) continue;
    const p = await repos.people.get(id);
    if (p) out[id] = p.name;
  }
  return out;
}

// ---------------------------------------------------------------- the parts (data → model)

async function recordModel(repos: Repositories, ctx: MeetingCtx): Promise<ArchiveDoc> {
  const p = repos.procedure;
  const id = ctx.meeting.id;
  const [record, attendance, speeches, criticisms, comments, materials] = await Promise.all([
    p.getRecord(id),
    p.listAttendance(id),
    p.listSpeeches(id),
    p.listCriticisms(id),
    p.listComments(id),
    materialsOfMeeting(repos, id),
  ]);
  const titles = new Map(materials.map((m) => [m.id, m.title]));
  const agenda = (record?.agenda as AgendaItem[] | null) ?? defaultAgenda(ctx, attendance).items;
  return recordDoc({
    ...head(ctx),
    people: ctx.people,
    heldOn: record?.heldOn ?? ctx.meeting.heldOn ?? null,
    startedAt: record?.startedAt,
    endedAt: record?.endedAt,
    location: record?.location ?? ctx.meeting.location ?? null,
    // The meeting's named 记录人, else whoever kept the record.
    recorderId: ctx.people.find((x) => x.roles.includes('recorder'))?.id ?? record?.recorderId ?? null,
    attendance,
    quorum: quorum(ctx.people, attendance),
    agenda,
    agendaStored: !!record?.agenda,
    speeches: speeches.map((s) => ({ ...s, materialTitle: s.materialId ? (titles.get(s.materialId) ?? null) : null })),
    criticisms,
    comments,
    summary: record?.summary ?? null,
    names: await namesOf(repos, ctx, [record?.recorderId, ...comments.map((c) => c.authorId)]),
  });
}

/** The talks the actor may read: all of them (secretary, superior) or the ones he took part in. */
async function talksInput(repos: Repositories, actor: ActorContext, ctx: MeetingCtx) {
  const all = mayProcedure(actor, 'talks.read.all', ctx);
  if (!all) authorizeProcedure(actor, 'talks.read.own', ctx, actor.personId);
  const talks = await repos.procedure.listTalks(ctx.meeting.id, all ? undefined : { personId: actor.personId });
  return {
    ...head(ctx),
    people: ctx.people,
    talks,
    names: await namesOf(
      repos,
      ctx,
      talks.flatMap((t) => [t.personAId, t.personBId]),
    ),
    ownOnly: all ? undefined : { personId: actor.personId },
  };
}

async function opinionsInput(repos: Repositories, ctx: MeetingCtx) {
  // Hidden opinions (junk the secretary hid) are left out, as in the summary on the page.
  const ops = await repos.procedure.listOpinions({ meetingId: ctx.meeting.id });
  const targets = opinionTargets(ctx);
  return { ...head(ctx), summary: summarizeOpinions(ops, targets), people: targets };
}

async function appraisalInput(repos: Repositories, ctx: MeetingCtx) {
  const all = await repos.procedure.listAppraisals(ctx.meeting.id);
  const entries = all
    .filter((a) => a.kind !== 'final')
    .map((a) => ({ ...a, kind: a.kind as 'self' | 'peer' | 'vote' }));
  const members = coreParticipants(ctx.people);
  const finals: Record<string, Grade | null> = {};
  for (const a of all) if (a.kind === 'final') finals[a.rateeId] = a.grade;
  return {
    ...head(ctx),
    people: ctx.people,
    results: appraisalResults(
      members.map((p) => p.id),
      entries,
    ),
    finals,
  };
}

// ---------------------------------------------------------------- one file

const docx = async (ctx: MeetingCtx, d: ArchiveDoc): Promise<ArchiveFile> => ({
  bytes: await archiveDocToDocx(d, { author: ctx.org.name }),
  fileName: d.fileName,
  mime: DOCX_MIME,
});
const xlsx = async (ctx: MeetingCtx, s: ArchiveSheet): Promise<ArchiveFile> => ({
  bytes: await archiveSheetToXlsx(s, { creator: ctx.org.name }),
  fileName: s.fileName,
  mime: XLSX_MIME,
});

async function build(
  repos: Repositories,
  actor: ActorContext,
  ctx: MeetingCtx,
  part: ArchivePart,
  format: ArchiveFormat,
): Promise<ArchiveFile> {
  switch (part) {
    case 'record':
      authorizeProcedure(actor, 'record.read', ctx);
      if (format !== 'docx') break;
      return docx(ctx, await recordModel(repos, ctx));
    case 'talks': {
      const input = await talksInput(repos, actor, ctx);
      return format === 'docx' ? docx(ctx, talksDoc(input)) : xlsx(ctx, talkRegisterSheet(input));
    }
    case 'opinions': {
      authorizeProcedure(actor, 'opinions.read.all', ctx);
      const input = await opinionsInput(repos, ctx);
      return format === 'docx' ? docx(ctx, opinionSummaryDoc(input)) : xlsx(ctx, opinionSummarySheet(input));
    }
    case 'appraisal': {
      authorizeProcedure(actor, 'appraisal.results', ctx);
      const input = await appraisalInput(repos, ctx);
      return format === 'docx' ? docx(ctx, appraisalDoc(input)) : xlsx(ctx, appraisalSheet(input));
    }
    default: {
      const never: never = part;
      throw new JianshiError('E_VALIDATION', `未知的档案类型：${String(never)}`);
    }
  }
  throw new JianshiError('E_VALIDATION', '会议记录只提供 .docx 格式。');
}

/** One record of the meeting as a file, for the reader's role; the download is written to the audit log. */
export async function exportPart(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  part: ArchivePart,
  format: ArchiveFormat,
): Promise<ArchiveFile> {
  const ctx = await loadMeeting(repos, meetingId);
  const file = await build(repos, actor, ctx, part, format);
  await repos.audit.append({
    actorId: actor.personId,
    action: 'archive.export',
    entity: 'meeting',
    entityId: meetingId,
    details: { part, format },
  });
  return file;
}

// ---------------------------------------------------------------- the whole file set

export interface ArchiveSet {
  entries: ArchiveEntry[];
  fileName: string;
  /** Sum of the entries' sizes: the client shows progress against it (the zip is slightly larger). */
  bytes: number;
  date: Date;
}

/**
 * Building a set is CPU work on the request thread (each .docx is built and packed): between two
 * files the event loop gets a turn, so other requests are served while a large meeting is packed,
 * and one set is built at a time per process — a few more wait their turn, beyond that E_BUSY; one
 * person has one set in flight at a time.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
const ARCHIVE_QUEUE = 4;
let building = false;
const waiting: (() => void)[] = [];
/** People with a set in flight (built or waiting): one each, so one reader cannot fill the queue. */
const inFlight = new Set<string>();
async function oneAtATime<T>(who: string, work: () => Promise<T>): Promise<T> {
  if (inFlight.has(who)) throw new JianshiError('E_BUSY', '您已有一份会议档案正在打包，请等它下载完成后再试。');
  inFlight.add(who);
  try {
    return await queued(work);
  } finally {
    inFlight.delete(who);
  }
}
async function queued<T>(work: () => Promise<T>): Promise<T> {
  if (building) {
    if (waiting.length >= ARCHIVE_QUEUE) throw new JianshiError('E_BUSY', '正在为其他用户打包会议档案，请稍后再试。');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  building = true;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else building = false;
  }
}

/** Every material of the meeting, read page by page (a meeting is not cut at a page's size). */
async function materialsOfMeeting(repos: Repositories, meetingId: string) {
  const PAGE = 500;
  const all: Awaited<ReturnType<Repositories['materials']['list']>> = [];
  for (;;) {
    const last = all[all.length - 1];
    const page = await repos.materials.list(
      { meetingId, limit: PAGE, ...(last ? { after: { updatedAt: last.updatedAt, id: last.id } } : {}) },
      { all: true },
    );
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

const forbidden = (e: unknown) =>
  e instanceof JianshiError && (e.code === 'E_FORBIDDEN' || e.code === 'E_NOT_FOUND' || e.code === 'E_AUTH_REQUIRED');

/**
 * Every file of the meeting the actor may see, with a 目录 first. For those who receive the report
 * (secretary, recorder, superior); a part the actor may not read is left out and named in the 目录.
 */
export async function archiveSet(repos: Repositories, actor: ActorContext, meetingId: string): Promise<ArchiveSet> {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'report.read', ctx);
  return oneAtATime(actor.personId ?? 'anonymous', () => buildSet(repos, actor, ctx));
}

async function buildSet(repos: Repositories, actor: ActorContext, ctx: MeetingCtx): Promise<ArchiveSet> {
  const meetingId = ctx.meeting.id;
  const files: { name: string; what: string; make: () => Promise<Uint8Array> }[] = [];
  const left: string[] = [];
  const n = () => String(files.length + 1).padStart(2, '0');
  const add = (name: string, what: string, make: () => Promise<Uint8Array>) =>
    files.push({ name: `${n()}${name}`, what, make });

  add('会议情况报告.docx', '会议情况报告（GB/T 9704 版式）', async () =>
    meetingReportToDocx(renderReport(await buildReportInput(repos, ctx)), { author: ctx.org.name }),
  );
  const parts: [ArchivePart, ArchiveFormat, string, string][] = [
    ['record', 'docx', '会议记录.docx', '会议记录：出席、议程、发言、批评意见、上级点评、会议总结'],
    ['talks', 'docx', '谈心谈话记录.docx', '谈心谈话记录'],
    ['talks', 'xlsx', '谈心谈话登记表.xlsx', '谈心谈话登记表'],
    ['opinions', 'docx', '征求意见汇总表.docx', '征求意见汇总表（匿名，相同内容合并）'],
    ['opinions', 'xlsx', '征求意见汇总表.xlsx', '征求意见汇总表（表格）'],
  ];
  const appraisal = ctx.meeting.kind === '组织生活会' || (await repos.procedure.listAppraisals(meetingId)).length > 0;
  if (appraisal)
    parts.push(
      ['appraisal', 'docx', '民主评议党员结果.docx', '民主评议党员结果'],
      ['appraisal', 'xlsx', '民主评议党员结果.xlsx', '民主评议党员结果（表格）'],
    );
  const label = (what: string) => `${what.replace(/（.*$/, '')}（无权查看）`;
  for (const [part, format, name, what] of parts) {
    // The set holds the meeting's talks in full or not at all (a reader's own talks are on the talks page).
    if (part === 'talks' && !mayProcedure(actor, 'talks.read.all', ctx)) {
      if (!left.includes(label(what))) left.push(label(what));
      continue;
    }
    await breathe();
    try {
      const f = await build(repos, actor, ctx, part, format);
      add(name, what, () => Promise.resolve(f.bytes));
    } catch (e) {
      if (!forbidden(e)) throw e;
      if (!left.includes(label(what))) left.push(label(what));
    }
  }

  // Every approved material, as its .docx (the reader's own right to read it decides).
  const materials = await materialsOfMeeting(repos, meetingId);
  const order = new Map(ctx.people.map((p, i) => [p.id, i]));
  const approved = materials
    .filter((m) => m.status === 'approved')
    .sort(
      (a, b) =>
        (a.kind === 'leadership' ? -1 : 0) - (b.kind === 'leadership' ? -1 : 0) ||
        (order.get(a.authorId) ?? 999) - (order.get(b.authorId) ?? 999),
    );
  const folder = `${n()}对照检查材料`;
  let k = 0;
  let hidden = 0;
  for (const m of approved) {
    await breathe();
    try {
      const out = await exportOne(repos, actor, m.id, 'docx');
      const author = ctx.people.find((p) => p.id === m.authorId)?.name ?? '';
      const name = archiveFileName(`${String(++k).padStart(2, '0')}${author ? `${author}-` : ''}${out.title}`, 'docx');
      files.push({
        name: `${folder}/${name}`,
        what: `对照检查材料（${author || '—'}，已审核通过）`,
        make: async () => out.bytes,
      });
    } catch (e) {
      if (!forbidden(e)) throw e;
      hidden++;
    }
  }
  if (hidden) left.push(`已审核通过的材料${hidden}份（无权查看）`);
  if (!approved.length) left.push('已审核通过的对照检查材料（尚无）');

  // The meeting's ledger items, for whoever may export the organization's ledger.
  if (ledgerDecision(actor, 'ledger.export', { orgPath: ctx.org.path }) === 'allow') {
    const items = [];
    for await (const i of repos.ledger.iterate({ meetingId }, { all: true }, today(), 20_000)) items.push(i);
    const title = `${meetingName(head(ctx))}整改台账`;
    const rows = await ledgerService(repos).exportRows(items);
    add(
      '整改台账.xlsx',
      `整改台账（${items.length}项）`,
      async () => new Uint8Array(await exportLedgerXlsx(rows, { title })),
    );
  } else left.push('整改台账（无权导出）');

  const entries: ArchiveEntry[] = [];
  const index = [];
  for (const f of files) {
    await breathe();
    const bytes = await f.make();
    entries.push({ name: f.name, bytes });
    index.push({ fileName: f.name, what: f.what, bytes: bytes.byteLength });
    // Checked as the set grows, so an oversized meeting stops early rather than after building everything.
    checkArchiveSize(entries);
  }
  const on = today();
  const indexDoc = archiveIndexDoc(head(ctx), index, left, on);
  entries.unshift({ name: indexDoc.fileName, bytes: await archiveDocToDocx(indexDoc, { author: ctx.org.name }) });
  const bytes = checkArchiveSize(entries);
  await repos.audit.append({
    actorId: actor.personId,
    action: 'archive.export',
    entity: 'meeting',
    entityId: meetingId,
    details: { part: 'all', files: entries.length, bytes },
  });
  return {
    entries,
    fileName: archiveFileName(`${meetingName(head(ctx))}档案`, 'zip'),
    bytes,
    date: new Date(`${on}T00:00:00Z`),
  };
}
