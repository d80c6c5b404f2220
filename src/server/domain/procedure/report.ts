/**
 * The meeting report: assembled from what the procedure recorded (opinions, talks, attendance,
 * speeches, criticisms, comments, appraisal) and from the meeting's materials (their problems and
 * the 班子 material's measures), rendered by the core and laid out as .docx.
 */
import { createHash } from 'node:crypto';
import type { Repositories } from '../../../storage/repositories/index.js';
import type { ActorContext } from '../../domain/context.js';
import { summarizeOpinions } from '../../../core/meeting/opinions.js';
import { defaultTalkRules, requiredPairs, talkCoverage } from '../../../core/meeting/talks.js';
import { appraisalResults } from '../../../core/meeting/appraisal.js';
import { groupName, renderReport, type ReportContent, type ReportInput } from '../../../core/meeting/report.js';
import { DEFAULT_REPORT_DAYS, deadlineState, reportDeadline } from '../../../core/meeting/deadline.js';
import { coreParticipants } from '../../../core/meeting/participants.js';
import { meetingReportFileName, meetingReportToDocx } from '../../../formats/meeting-report.js';
import { authorizeProcedure, loadMeeting, mayProcedure, today, type MeetingCtx } from './meeting-context.js';
import { ledgerDrafts } from '../../../core/meeting/ledger-drafts.js';
import { opinionTargets } from './opinions.js';
import { ORG_SETTING_KEYS } from '../../../core/org/settings.js';
import { JianshiError } from '../../../core/errors.js';
import { stripLeadingMarker } from '../../../core/text/numerals.js';
import type { Organization } from '../../../storage/repositories/orgs.js';

/**
 * Days after the meeting the report is due: an explicit value (query), else the organization's
 * setting (its own or the nearest ancestor's, `org_settings`), else 15.
 */
export async function deadlineDaysFor(
  repos: Repositories,
  org: Pick<Organization, 'path'>,
  explicit?: number | null,
): Promise<number> {
  if (explicit) return explicit;
  const v = (await repos.orgSettings.effective<number>(org.path, ORG_SETTING_KEYS.reportDeadlineDays))?.value;
  return Number.isInteger(v) && v! >= 1 && v! <= 365 ? v! : DEFAULT_REPORT_DAYS;
}

/** The report deadline setting of an organization, for its secretary or administrator. */
export async function reportSettings(repos: Repositories, actor: ActorContext, orgId: string) {
  const org = await settingsOrg(repos, actor, orgId);
  const own = await repos.orgSettings.get<number>(org.id, ORG_SETTING_KEYS.reportDeadlineDays);
  const eff = await repos.orgSettings.effective<number>(org.path, ORG_SETTING_KEYS.reportDeadlineDays);
  return {
    orgId: org.id,
    reportDeadlineDays: own,
    effectiveDays: await deadlineDaysFor(repos, org),
    inheritedFrom: eff && eff.orgId !== org.id ? eff.orgId : null,
    defaultDays: DEFAULT_REPORT_DAYS,
  };
}

export async function saveReportSettings(repos: Repositories, actor: ActorContext, orgId: string, days: number | null) {
  const org = await settingsOrg(repos, actor, orgId);
  await repos.transaction(async (tx) => {
    const s = tx.orgSettings;
    const before = await s.get<number>(org.id, ORG_SETTING_KEYS.reportDeadlineDays);
    if (days === null) await s.remove(org.id, ORG_SETTING_KEYS.reportDeadlineDays);
    else await s.set(org.id, ORG_SETTING_KEYS.reportDeadlineDays, days);
    await tx.audit.append({
      actorId: actor.personId,
      action: 'org_settings.set',
      entity: 'organization',
      entityId: org.id,
      before: { reportDeadlineDays: before },
      after: { reportDeadlineDays: days },
    });
  });
  return reportSettings(repos, actor, orgId);
}

/** Settings are the secretary's (of the organization) or an administrator's (of it or above). */
async function settingsOrg(repos: Repositories, actor: ActorContext, orgId: string): Promise<Organization> {
  const org = await repos.orgs.get(orgId);
  if (!org) throw new JianshiError('E_NOT_FOUND', '未找到该组织。');
  const ok =
    actor.isAdmin ||
    actor.memberships.some(
      (m) => (m.role === 'secretary' && m.orgId === org.id) || (m.role === 'admin' && org.path.startsWith(m.orgPath)),
    );
  if (!ok) throw new JianshiError('E_FORBIDDEN', '只有本组织书记或管理员可以修改报送期限。');
  return org;
}

export interface ReportOptions {
  /** Sessions of study before the meeting (not recorded elsewhere yet). */
  studySessions?: number | null;
  studyNote?: string | null;
  /** Addressee; default: the parent organization's name. */
  superiorName?: string | null;
  reportOn?: string | null;
  deadlineDays?: number | null;
}

interface MaterialJson {
  problems?: { aspect?: string | null; heading?: string; text?: string; points?: string[] }[];
  measures?: { heading?: string; text?: string }[];
}

async function materialsOf(repos: Repositories, ctx: MeetingCtx) {
  const list = await repos.materials.list({ meetingId: ctx.meeting.id, limit: 500 }, { all: true });
  const out: { id: string; kind: string; authorId: string; status: string; content: MaterialJson }[] = [];
  for (const m of list) {
    const full = await repos.materials.get(m.id);
    if (full)
      out.push({
        id: m.id,
        kind: m.kind,
        authorId: m.authorId,
        status: m.status,
        content: (full.content ?? {}) as MaterialJson,
      });
  }
  return out;
}

/** The first sentence of a passage, without its numbering, at most 120 characters. */
function firstSentence(t: string | undefined): string {
  const s = stripLeadingMarker((t ?? '').trim());
  const cut = s.split(/[。；;！!？?\n]/u)[0]?.trim() ?? '';
  return cut.length > 120 ? `${cut.slice(0, 119)}…` : cut;
}

/** An aspect's heading ("理论学习方面", "…方面存在的问题", "联系服务群众情况") names no problem. */
const ASPECT_HEADING = /(?:方面|情况)(?:存在的(?:主要)?问题|的问题|存在的不足)?$/u;

/**
 * The problems a material states: each claim (point) of each problem, else the problem's first
 * sentence, else its heading — never an aspect's heading standing in for a problem.
 */
export function problemStatements(c: MaterialJson): string[] {
  const out: string[] = [];
  const claim = (s: string) => !!s && !ASPECT_HEADING.test(s);
  for (const p of c.problems ?? []) {
    const claims = (p.points ?? []).map(firstSentence).filter(claim);
    if (claims.length) out.push(...claims);
    else {
      const t = [firstSentence(p.text), firstSentence(p.heading)].find(claim);
      if (t) out.push(t);
    }
  }
  return out;
}

/** The measures a material states: each measure's heading, else its first sentence. */
export function measureStatements(c: MaterialJson): string[] {
  return (c.measures ?? []).map((m) => firstSentence(m.heading) || firstSentence(m.text)).filter(Boolean);
}

export async function buildReportInput(
  repos: Repositories,
  ctx: MeetingCtx,
  opts: ReportOptions = {},
): Promise<ReportInput> {
  const p = repos.procedure;
  const meetingId = ctx.meeting.id;
  const [attendance, opinions, talks, speeches, criticisms, comments, record, appraisals, materials, ledger, assigned] =
    await Promise.all([
      p.listAttendance(meetingId),
      p.listOpinions({ meetingId }),
      p.listTalks(meetingId),
      p.listSpeeches(meetingId),
      p.listCriticisms(meetingId),
      p.listComments(meetingId),
      p.getRecord(meetingId),
      p.listAppraisals(meetingId),
      materialsOf(repos, ctx),
      repos.procedure.ledgerCounts(meetingId),
      repos.procedure.ledgerAssigned(meetingId),
    ]);
  const parent = ctx.org.parentId ? await repos.orgs.get(ctx.org.parentId) : null;
  const name = (id: string) => ctx.people.find((x) => x.id === id)?.name ?? '';
  const groupSubject = groupName(ctx.meeting.kind, ctx.org.kind);
  // Problems and measures: of the approved materials only — the 班子's first, then each person's
  // in the meeting's order.
  const leadership = materials.find((m) => m.kind === 'leadership');
  const approved = materials.filter((m) => m.status === 'approved');
  const subjects: { subject: string; content: MaterialJson }[] = [];
  const approvedLeadership = approved.find((m) => m.kind === 'leadership');
  if (approvedLeadership) subjects.push({ subject: groupSubject, content: approvedLeadership.content });
  for (const person of ctx.people) {
    const m = approved.find((x) => x.kind !== 'leadership' && x.authorId === person.id);
    if (m) subjects.push({ subject: `${name(person.id)}同志`, content: m.content });
  }
  // Written: submitted at least once, or a draft with problems or measures in it (an empty draft is not).
  const written = (m: (typeof materials)[number]) =>
    m.status !== 'draft' || !!m.content.problems?.length || !!m.content.measures?.length;
  const personal = materials.filter((m) => m.kind !== 'leadership' && written(m));
  const members = coreParticipants(ctx.people).map((x) => x.id);
  const votes = appraisals
    .filter((a) => a.kind !== 'final')
    .map((a) => ({ ...a, kind: a.kind as 'self' | 'peer' | 'vote' }));
  return {
    orgName: ctx.org.name,
    orgKind: ctx.org.kind,
    superiorName: opts.superiorName ?? parent?.name ?? null,
    meetingKind: ctx.meeting.kind,
    year: ctx.meeting.year,
    theme: ctx.meeting.theme,
    heldOn: record?.heldOn ?? ctx.meeting.heldOn ?? null,
    location: record?.location ?? ctx.meeting.location,
    people: ctx.people,
    attendance,
    studySessions: opts.studySessions ?? null,
    studyNote: opts.studyNote ?? null,
    opinions: summarizeOpinions(opinions, opinionTargets(ctx)),
    talks: talkCoverage(ctx.people, requiredPairs(ctx.people, defaultTalkRules(ctx.meeting.kind)), talks),
    materials: {
      group: !leadership || !written(leadership) ? 'none' : leadership.status === 'approved' ? 'approved' : 'written',
      groupAuthorId: leadership && written(leadership) ? leadership.authorId : null,
      personal: new Set(personal.map((m) => m.authorId)).size,
      personalApproved: new Set(personal.filter((m) => m.status === 'approved').map((m) => m.authorId)).size,
    },
    speeches: [...speeches]
      .sort((a, b) => a.seq - b.seq)
      .map((s) => ({ speakerId: s.speakerId, forGroup: !!leadership && s.materialId === leadership.id })),
    criticisms,
    problems: subjects.map((x) => ({ subject: x.subject, items: problemStatements(x.content) })),
    measures: subjects.map((x) => ({ subject: x.subject, items: measureStatements(x.content) })),
    ledger,
    ledgerAssigned: assigned,
    supervisorComments: comments.filter((c) => c.kind === 'supervisor').map((c) => c.body),
    summary: record?.summary ?? comments.find((c) => c.kind === 'summary')?.body ?? null,
    appraisal: votes.some((v) => v.kind === 'vote') ? appraisalResults(members, votes) : null,
    reportOn: opts.reportOn ?? today(),
    deadlineDays: await deadlineDaysFor(repos, ctx.org, opts.deadlineDays),
  };
}

export async function reportPreview(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  opts: ReportOptions = {},
): Promise<
  ReportContent & { deadlineDays: number; heldOn: string | null; deadline: ReturnType<typeof deadlineState> | null }
> {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'report.read', ctx);
  const input = await buildReportInput(repos, ctx, opts);
  const content = renderReport(input);
  const reportStage = ctx.meeting.stages.find((s) => s.stage === 'report');
  return {
    ...content,
    deadlineDays: input.deadlineDays ?? DEFAULT_REPORT_DAYS,
    heldOn: input.heldOn,
    deadline: content.figures.dueOn
      ? deadlineState(content.figures.dueOn, today(), reportStage?.doneAt?.slice(0, 10) ?? null)
      : null,
  };
}

export async function reportDocx(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  opts: ReportOptions = {},
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'report.generate', ctx);
  const content = renderReport(await buildReportInput(repos, ctx, opts));
  const bytes = await meetingReportToDocx(content, { author: ctx.org.name });
  await repos.audit.append({
    actorId: actor.personId,
    action: 'report.generate',
    entity: 'meeting',
    entityId: meetingId,
    details: { figures: content.figures },
  });
  return { bytes, fileName: meetingReportFileName(content) };
}

/** For the secretary's home page: the report deadline of a held meeting (default 15 days). */
export async function reportDeadlineOf(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  explicitDays?: number,
) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'report.read', ctx);
  const days = await deadlineDaysFor(repos, ctx.org, explicitDays);
  const heldOn = (await repos.procedure.getRecord(meetingId))?.heldOn ?? ctx.meeting.heldOn;
  if (!heldOn) return null;
  const doneOn = ctx.meeting.stages.find((s) => s.stage === 'report')?.doneAt?.slice(0, 10) ?? null;
  return deadlineState(reportDeadline(heldOn, days), today(), doneOn);
}

/**
 * The secretary's home page: report deadlines of the meetings he may report on, soonest first
 * (held meetings only; a meeting whose report stage is done shows as done).
 */
export async function myReportDeadlines(repos: Repositories, actor: ActorContext, explicitDays?: number) {
  const orgIds = actor.memberships
    .filter((m) => m.role === 'secretary' || m.role === 'recorder' || m.role === 'admin')
    .map((m) => m.orgId);
  const meetings = await repos.meetings.list({ orgIds, participantId: actor.personId });
  const out = [];
  for (const m of meetings) {
    const ctx = await loadMeeting(repos, m.id);
    if (!mayProcedure(actor, 'report.generate', ctx)) continue;
    const heldOn = (await repos.procedure.getRecord(m.id))?.heldOn ?? m.heldOn;
    if (!heldOn || heldOn > today()) continue;
    const doneOn = ctx.meeting.stages.find((s) => s.stage === 'report')?.doneAt?.slice(0, 10) ?? null;
    const days = await deadlineDaysFor(repos, ctx.org, explicitDays);
    out.push({
      meetingId: m.id,
      orgName: ctx.org.name,
      kind: m.kind,
      year: m.year,
      theme: m.theme,
      heldOn,
      days,
      deadline: deadlineState(reportDeadline(heldOn, days), today(), doneOn),
    });
  }
  return out.sort((a, b) => a.deadline.dueOn.localeCompare(b.deadline.dueOn));
}

/** The key opinions are merged under (core/meeting/opinions.ts groupOf): target, category, text without punctuation. */
const opinionMergeKey = (o: {
  targetKind: string;
  targetPersonId: string | null;
  category: string | null;
  body: string;
}) =>
  `${o.targetKind === 'person' ? o.targetPersonId : 'group'}\u0000${o.category ?? ''}\u0000${o.body.replace(/[\s，。、；！？,.;!?]/g, '')}`;

/**
 * Criticisms, opinions and supervisors' comments as drafts of ledger items (the ledger stores them).
 *
 * Every draft has a stable `key` (the same on every call, so the page can tell which drafts are
 * already in the ledger) and a `sourceRef` that survives resealing: an opinion draft never names
 * opinion rows (their ids are replaced each time a collection is resealed, and naming rows would
 * weaken anonymity); it names the meeting, the collections the merged text came from, and the count.
 */
export async function meetingLedgerDrafts(repos: Repositories, actor: ActorContext, meetingId: string) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'opinions.read.all', ctx);
  const p = repos.procedure;
  const [criticisms, opinions, comments] = await Promise.all([
    p.listCriticisms(meetingId),
    p.listOpinions({ meetingId }),
    p.listComments(meetingId),
  ]);
  const collectionsOf = new Map<string, Set<string>>();
  for (const o of opinions) {
    const k = opinionMergeKey(o);
    collectionsOf.set(k, (collectionsOf.get(k) ?? new Set()).add(o.collectionId));
  }
  const drafts = ledgerDrafts({ criticisms, opinions: summarizeOpinions(opinions, opinionTargets(ctx)), comments });
  return drafts.map((d) => {
    const ownerName = d.ownerId ? (ctx.people.find((x) => x.id === d.ownerId)?.name ?? '') : null;
    const ref = d.sourceRef;
    if (ref.kind !== 'opinion')
      return {
        ...d,
        key: `${ref.kind}:${ref.id}`,
        sourceRef: { ...ref, kind: ref.kind, meetingId },
        ownerName,
      };
    const merge = opinionMergeKey({
      targetKind: d.ownerId ? 'person' : 'group',
      targetPersonId: d.ownerId,
      category: d.aspect,
      body: d.problem,
    });
    const key = `opinion:${createHash('sha256').update(merge).digest('hex').slice(0, 32)}`;
    return {
      ...d,
      key,
      sourceRef: {
        kind: 'opinion' as const,
        meetingId,
        collectionIds: [...(collectionsOf.get(merge) ?? [])].sort(),
        count: d.sourceRef.count ?? 1,
      },
      ownerName,
    };
  });
}
