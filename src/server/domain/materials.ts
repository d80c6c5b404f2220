/**
 * Materials: create (structured content, pasted text or an uploaded file), read, list, save
 * (every save is a version), compare versions, export, and the review workflow
 * (submit → return with comments → resubmit → approve).
 *
 * Content is normalised on every save: the structured content is rendered to its canonical text
 * and parsed again (core/material), so the stored model always has valid offsets into its text
 * and review comments can point at places. The author's own aspect choices are kept.
 */
import { createHash } from 'node:crypto';
import type { Repositories } from '../../storage/repositories/index.js';
import type {
  MaterialRecord,
  MaterialSummary,
  ReviewComment,
  ReviewCommentThread,
  ReviewReply,
  VersionSummary,
  WorkflowEvent,
} from '../../storage/repositories/materials.js';
import type { ReadView } from '../../storage/prepared.js';
import { JianshiError } from '../../core/errors.js';
import { materialOverLimit } from '../../core/limits.js';
import { contentOf, type Material, type MaterialContent, type StructureFix } from '../../core/material/model.js';
import { chosenFramework } from '../../core/material/restructure.js';
import { renderText } from '../../core/material/render.js';
import { can, materialReadScope, type MaterialKind, type Target } from '../../core/auth/policy.js';
import { materialWriters } from '../../core/meeting/participants.js';
import { assertEditable, transition, EDITABLE_STATES } from '../../core/workflow/material.js';
import { reviewNotifications, type ReviewEvent } from '../../core/workflow/notify.js';
import { submissionSummary, type SubmissionSummary } from '../../core/workflow/submit-check.js';
import type { SimilarityIndex } from '../../core/similarity/port.js';
import { similarityOf } from './similarity.js';
import { diffLines, diffStats, type DiffOp } from '../../core/workflow/diff.js';
import { exportMaterial, type ExportFormat } from '../../formats/import.js';
import { compute, OFFLOAD_MIN_CHARS, uploadTask } from '../compute/index.js';
import { storedJson, type Prepared } from '../compute/tasks.js';
import { authorize, loadActor, type ActorContext } from './context.js';
import { ByteCache } from './byte-cache.js';
import { resolveFramework } from './meetings.js';
import type { EarlierLedgerItem, Finding } from '../../core/lint/types.js';
import { dueState } from '../../core/ledger/model.js';
import { today } from '../../core/meeting/dates.js';

export interface MaterialView extends MaterialSummary {
  model: Record<string, unknown>;
}

function view(r: MaterialRecord): MaterialView {
  const { content, ...summary } = r;
  return { ...summary, model: content as Record<string, unknown> };
}

async function targetOf(repos: Repositories, m: MaterialSummary): Promise<Target> {
  const org = await repos.orgs.get(m.orgId);
  return { orgPath: org?.path ?? '/', authorId: m.authorId, kind: m.kind };
}

async function loadFor(repos: Repositories, actor: ActorContext, id: string, action: Parameters<typeof authorize>[1]) {
  const m = await repos.materials.get(id);
  if (!m) throw new JianshiError('E_NOT_FOUND', '未找到该材料。');
  const target = await targetOf(repos, m);
  authorize(actor, action, target, 'material.read');
  return m;
}

/**
 * Normalise structured content, text or an uploaded file into a Material under the meeting's
 * framework, with the digests the save stores (compute/tasks.ts 'prepare'). Large inputs are
 * parsed and hashed in the compute pool, small ones here: same result.
 */
async function prepare(
  repos: Repositories,
  meetingFramework: string | null,
  input: { content?: MaterialContent; text?: string; file?: { bytes: Uint8Array; fileName: string } },
  before: unknown = null,
  fixes?: readonly StructureFix[],
  /** Refuse a material over LIMITS.material (an import: a new material, or a file as a new version). */
  limited = false,
): Promise<Prepared> {
  // The meeting's framework is binding; without one, the framework the author chose for the material.
  const chosen = meetingFramework ? null : chosenFramework(fixes ?? input.content?.fixes);
  const fw = await resolveFramework(repos, meetingFramework ?? chosen);
  if (chosen && !fw && input.content) throw new JianshiError('E_VALIDATION', `未知的检视框架：${chosen}`);
  const opts = fw ? { framework: fw } : {};
  const task = input.file
    ? await uploadTask(input.file.bytes, input.file.fileName, opts)
    : input.text !== undefined
      ? { op: 'text' as const, text: input.text, opts }
      : { op: 'content' as const, content: input.content!, opts };
  const prepared = await compute({ op: 'prepare', input: task, before, ...(fixes?.length ? { fixes } : {}) });
  // The limits of a saved material, for an imported one too: an import that could never be saved
  // is refused here, with the numbers, instead of failing at the editor's first save.
  const over = limited ? materialOverLimit(prepared.model) : null;
  if (over)
    throw new JianshiError('E_MATERIAL_TOO_MANY_ITEMS', over.message, {
      part: over.part,
      count: over.count,
      max: over.max,
    });
  return prepared;
}

export interface CreateInput {
  meetingId: string;
  kind: MaterialKind;
  content?: MaterialContent;
  text?: string;
  file?: { bytes: Uint8Array; fileName: string; mime: string };
}

export async function createMaterial(
  repos: Repositories,
  actor: ActorContext,
  input: CreateInput,
): Promise<MaterialView> {
  const meeting = await repos.meetings.get(input.meetingId);
  if (!meeting) throw new JianshiError('E_NOT_FOUND', '未找到该会议。');
  const org = await repos.orgs.get(meeting.orgId);
  const meetingTarget = {
    orgPath: org!.path,
    participantIds: meeting.participants.map((p) => p.personId),
    writerIds: materialWriters(meeting.participants).map((p) => p.personId),
  };
  authorize(actor, 'meeting.read', meetingTarget, 'meeting.read');
  authorize(actor, input.kind === 'leadership' ? 'material.create.leadership' : 'material.create.own', meetingTarget);
  const { model, digest, afterDigest } = await prepare(repos, meeting.frameworkId, input, null, undefined, true);
  const json = storedJson(model);
  return repos.transaction(async (tx) => {
    const id = crypto.randomUUID();
    let fileId: string | null = null;
    // The material row must exist before its file (foreign key); create, then attach.
    const created = await tx.materials.create({
      id,
      meetingId: meeting.id,
      orgId: meeting.orgId,
      kind: input.kind,
      authorId: actor.personId,
      title: model.title || '（无标题）',
      content: json,
      digest,
      note: input.file ? `导入 ${input.file.fileName}` : null,
    });
    if (input.file) {
      const f = await tx.materials.addFile({
        materialId: id,
        fileName: input.file.fileName,
        mime: input.file.mime,
        bytes: input.file.bytes,
        sha256: createHash('sha256').update(input.file.bytes).digest('hex'),
        uploadedBy: actor.personId,
      });
      fileId = f.id;
      await tx.materials.setVersionFile(id, 1, fileId);
    }
    // 查重 of the new version, off the request: queued in its transaction, so it is never lost.
    await tx.jobs.enqueue(id, 1);
    await tx.audit.append({
      actorId: actor.personId,
      action: 'material.create',
      entity: 'material',
      entityId: id,
      after: json,
      afterDigest,
      details: { meetingId: meeting.id, kind: input.kind, version: 1, fileId },
    });
    return view(created);
  });
}

/** Stored JSON of material versions (immutable), shared by the requests of this process. */
const versionCache = new ByteCache(32 * 1024 * 1024);

/**
 * A material's view (summary + model) as JSON bytes: the stored model is spliced in unparsed (the most
 * frequent read of the application; parsing and re-serialising 20–60 KB of JSON dominated it).
 * The summary is read every time (status and version are always current); the model is the
 * version's, which never changes, so it may come from the cache. Key (the version) and tag (the
 * summary) name the bytes exactly, for the transport to cache their compressed form.
 */
/** A summary's cache key and JSON, worked out once per summary object (kept ones are shared: storage's stateCache). */
const summaryKeys = new WeakMap<Readonly<MaterialSummary>, { versionKey: string; head: string }>();
function keysOf(summary: Readonly<MaterialSummary>): { versionKey: string; head: string } {
  let k = summaryKeys.get(summary);
  if (!k)
    summaryKeys.set(
      summary,
      (k = { versionKey: `${summary.id}\n${summary.version}\n${summary.digest}`, head: JSON.stringify(summary) }),
    );
  return k;
}

export async function getMaterialJson(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  view?: ReadView,
): Promise<{ key: string; tag: string; body(): Buffer }> {
  const r = await repos.materials.getHead(id, view);
  if (!r) throw new JianshiError('E_NOT_FOUND', '未找到该材料。');
  authorize(
    actor,
    'material.read',
    { orgPath: r.orgPath, authorId: r.summary.authorId, kind: r.summary.kind },
    'material.read',
  );
  const { versionKey, head } = keysOf(r.summary);
  let model = versionCache.get(versionKey);
  if (!model) {
    const json = await repos.materials.versionJson(id, r.summary.version);
    if (json === null) throw new JianshiError('E_NOT_FOUND', '未找到该材料。');
    model = typeof json === 'string' ? Buffer.from(json) : Buffer.from(json.buffer, json.byteOffset, json.byteLength);
    versionCache.set(versionKey, model);
  }
  const bytes = model;
  return {
    key: versionKey,
    tag: head,
    body: () => Buffer.concat([Buffer.from(`${head.slice(0, -1)},"model":`), bytes, Buffer.from('}')]),
  };
}

/** The cursor of a list page: where the next one starts (opaque to clients). */
const cursorOf = (m: MaterialSummary) => Buffer.from(`${m.updatedAt}\n${m.id}`).toString('base64url');
function fromCursor(c: string): { updatedAt: string; id: string } {
  const [updatedAt, id, ...rest] = Buffer.from(c, 'base64url').toString('utf8').split('\n');
  if (rest.length || !id || !/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(updatedAt ?? ''))
    throw new JianshiError('E_VALIDATION', '分页参数 after 无效：请使用上一页返回的 next。');
  return { updatedAt, id };
}

export async function listMaterials(
  repos: Repositories,
  actor: ActorContext,
  filter: {
    meetingId?: string;
    orgId?: string;
    status?: string;
    kind?: string;
    authorId?: string;
    limit?: number;
    offset?: number;
    after?: string;
  },
): Promise<{ items: (MaterialSummary & { authorName: string | null })[]; next: string | null }> {
  const { after, ...rest } = filter;
  const limit = filter.limit ?? 100;
  const items = await repos.materials.list(
    { ...rest, limit, ...(after ? { after: fromCursor(after) } : {}) },
    materialReadScope(actor),
  );
  // Whoever may read a material sees who wrote it (the secretary's and reviewer's 待办 name the author).
  const names = await repos.people.names(items.map((m) => m.authorId));
  return {
    items: items.map((m) => ({ ...m, authorName: names.get(m.authorId) ?? null })),
    next: items.length === limit ? cursorOf(items[items.length - 1]) : null,
  };
}

export interface SaveInput {
  baseVersion: number;
  content?: MaterialContent;
  text?: string;
  file?: { bytes: Uint8Array; fileName: string; mime: string };
  note?: string | null;
}

export async function saveMaterial(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  input: SaveInput,
): Promise<MaterialView> {
  const m = await loadFor(repos, actor, id, 'material.edit');
  assertEditable(m.status);
  if (m.version !== input.baseVersion)
    throw new JianshiError(
      'E_CONFLICT',
      `材料已更新到第 ${m.version} 版（您基于第 ${input.baseVersion} 版修改），请刷新后再保存。`,
      { currentVersion: m.version },
    );
  const meeting = await repos.meetings.get(m.meetingId);
  // A file or text brought again: the corrections the author made to the structure of the
  // previous version are replayed on its new parse (structured content already carries them).
  const previousFixes = input.content ? undefined : (m.content as { fixes?: StructureFix[] } | null)?.fixes;
  const { model, digest, afterDigest, beforeDigest } = await prepare(
    repos,
    meeting?.frameworkId ?? null,
    input,
    m.content,
    previousFixes,
    !!input.file,
  );
  const json = storedJson(model);
  // Serialised outside the transaction, which holds the database connection (and, for a large
  // material, in a turn of the event loop of its own).
  const contentJson = JSON.stringify(json);
  if (contentJson.length >= OFFLOAD_MIN_CHARS) await new Promise((r) => setImmediate(r));
  return repos.transaction(async (tx) => {
    let fileId: string | null = null;
    if (input.file)
      fileId = (
        await tx.materials.addFile({
          materialId: id,
          fileName: input.file.fileName,
          mime: input.file.mime,
          bytes: input.file.bytes,
          sha256: createHash('sha256').update(input.file.bytes).digest('hex'),
          uploadedBy: actor.personId,
        })
      ).id;
    const saved = await tx.materials.saveVersion(id, {
      baseVersion: input.baseVersion,
      expectStatus: EDITABLE_STATES,
      content: json,
      contentJson,
      digest,
      title: model.title || '（无标题）',
      authorId: actor.personId,
      fileId,
      note: input.note ?? null,
    });
    // A version was made: the working copy is in it (or, made elsewhere, outdated by it).
    await tx.drafts.remove(id);
    await tx.jobs.enqueue(id, saved.version);
    // Last: the audit chain's lock (PostgreSQL) is held only from here to the commit.
    await tx.audit.append({
      actorId: actor.personId,
      action: 'material.save',
      entity: 'material',
      entityId: id,
      before: m.content,
      after: json,
      beforeDigest,
      afterDigest,
      details: { version: saved.version, fileId },
    });
    return view(saved);
  });
}

/**
 * How long a working copy may go on without a version: an autosave after this much continuous
 * editing makes one (the version list stays readable — a version per sitting, not per pause).
 */
export const VERSION_EVERY_MS = 10 * 60_000;

export interface AutosaveInput {
  baseVersion: number;
  /** The working copy's revision this tab last wrote or read (0: none yet). */
  rev: number;
  content: MaterialContent;
}

export interface AutosaveResult {
  /** The material's version now (a new one when this autosave made a version). */
  version: number;
  /** The working copy's revision now (0 when a version was made from it). */
  rev: number;
  savedAt: string;
  /** True when this autosave made a version (VERSION_EVERY_MS of continuous editing). */
  versioned: boolean;
}

/**
 * Autosave: the author's working copy, one row written by compare-and-set. No parse, no 查重, no
 * audit entry (the version made from it has one), no read of the stored content. A second tab or
 * device writing the same copy, or a version made meanwhile, is E_CONFLICT.
 */
export async function autosaveMaterial(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  input: AutosaveInput,
  now = Date.now(),
): Promise<AutosaveResult> {
  const h = await repos.materials.getHead(id);
  if (!h) throw new JianshiError('E_NOT_FOUND', '未找到该材料。');
  const m = h.summary;
  authorize(
    actor,
    'material.edit',
    { orgPath: h.orgPath, authorId: m.authorId, kind: m.kind as MaterialKind },
    'material.read',
  );
  assertEditable(m.status);
  if (m.version !== input.baseVersion)
    throw new JianshiError(
      'E_CONFLICT',
      `材料已更新到第 ${m.version} 版（您基于第 ${input.baseVersion} 版修改），请刷新后再保存。`,
      { currentVersion: m.version },
    );
  const d = await repos.drafts.put({
    materialId: id,
    baseVersion: input.baseVersion,
    baseRev: input.rev,
    authorId: actor.personId,
    contentJson: JSON.stringify(input.content),
  });
  if (now - Date.parse(d.startedAt) < VERSION_EVERY_MS)
    return { version: m.version, rev: d.rev, savedAt: d.savedAt, versioned: false };
  // Long enough without a version: this copy becomes one (the copy is kept until it commits).
  const saved = await saveMaterial(repos, actor, id, { baseVersion: input.baseVersion, content: input.content });
  return { version: saved.version, rev: 0, savedAt: d.savedAt, versioned: true };
}

/** The author's working copy (what autosave wrote since the last version), or null. */
export async function getDraft(
  repos: Repositories,
  actor: ActorContext,
  id: string,
): Promise<{ baseVersion: number; rev: number; savedAt: string; content: unknown; current: boolean } | null> {
  const m = await loadHeadFor(repos, actor, id, 'material.edit');
  const d = await repos.drafts.get(id);
  if (!d) return null;
  // current: made on the version the material is at (else a version was made meanwhile elsewhere:
  // the copy is still handed out, so that nothing typed is lost, but it cannot be autosaved again).
  return {
    baseVersion: d.baseVersion,
    rev: d.rev,
    savedAt: d.savedAt,
    content: d.content,
    current: d.baseVersion === m.version,
  };
}

/**
 * A working copy left when the material is submitted becomes a version first: the author submits
 * what he typed. Returns the version the material is at afterwards.
 */
async function versionFromDraft(repos: Repositories, actor: ActorContext, id: string): Promise<number | null> {
  const d = await repos.drafts.get(id);
  const h = await repos.materials.getHead(id);
  if (!d || !h || d.baseVersion !== h.summary.version || d.authorId !== actor.personId) return null;
  const saved = await saveMaterial(repos, actor, id, {
    baseVersion: d.baseVersion,
    content: d.content as MaterialContent,
    note: '提交时保存的修改',
  });
  return saved.version;
}

async function loadHeadFor(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  action: Parameters<typeof authorize>[1],
) {
  const h = await repos.materials.getHead(id);
  if (!h) throw new JianshiError('E_NOT_FOUND', '未找到该材料。');
  const m = h.summary;
  authorize(actor, action, { orgPath: h.orgPath, authorId: m.authorId, kind: m.kind as MaterialKind }, 'material.read');
  return m;
}

export async function listVersions(repos: Repositories, actor: ActorContext, id: string): Promise<VersionSummary[]> {
  await loadFor(repos, actor, id, 'material.read');
  return repos.materials.versions(id);
}

export async function getVersion(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  version: number,
): Promise<VersionSummary & { model: unknown }> {
  await loadFor(repos, actor, id, 'material.read');
  const v = await repos.materials.version(id, version);
  if (!v) throw new JianshiError('E_NOT_FOUND', `没有第 ${version} 版。`);
  const { content, ...rest } = v;
  return { ...rest, model: content };
}

export async function diffVersions(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  from: number,
  to: number,
): Promise<{ from: number; to: number; ops: DiffOp[]; stats: ReturnType<typeof diffStats> }> {
  await loadFor(repos, actor, id, 'material.read');
  const [a, b] = await Promise.all([repos.materials.version(id, from), repos.materials.version(id, to)]);
  if (!a || !b) throw new JianshiError('E_NOT_FOUND', `没有第 ${!a ? from : to} 版。`);
  const lines = (c: unknown) =>
    renderText(contentOf(c as Material))
      .split('\n')
      .filter((l) => l.trim());
  const ops = diffLines(lines(a.content), lines(b.content));
  return { from, to, ops, stats: diffStats(ops) };
}

export async function exportOne(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  format: ExportFormat,
): Promise<{ bytes: Uint8Array; mime: string; ext: string; title: string }> {
  const m = await loadFor(repos, actor, id, 'material.read');
  const author = await repos.people.get(m.authorId);
  const out = await exportMaterial(m.content as Material, format, { author: author?.name });
  return { ...out, title: m.title };
}

export interface CommentInput {
  part: 'title' | 'preface' | 'problems' | 'causes' | 'measures' | 'closing' | 'general';
  item?: number | null;
  start?: number | null;
  end?: number | null;
  quote?: string | null;
  body: string;
}

function checkAnchor(m: MaterialRecord, c: CommentInput) {
  const model = m.content as Partial<Material>;
  if (c.item !== undefined && c.item !== null) {
    const arr =
      c.part === 'problems'
        ? model.problems
        : c.part === 'causes'
          ? model.causes
          : c.part === 'measures'
            ? model.measures
            : undefined;
    if (!arr || c.item < 0 || c.item >= arr.length)
      throw new JianshiError('E_VALIDATION', `意见所指的条目不存在（${c.part} 第 ${c.item + 1} 条）。`);
  }
  const len = typeof model.text === 'string' ? model.text.length : 0;
  if ((c.start ?? null) !== null || (c.end ?? null) !== null) {
    const s = c.start ?? 0,
      e = c.end ?? s;
    if (s < 0 || e < s || e > len) throw new JianshiError('E_VALIDATION', '意见所指的文字位置超出材料范围。');
  }
}

async function addComments(
  tx: Repositories,
  m: MaterialRecord,
  actor: ActorContext,
  comments: CommentInput[],
): Promise<ReviewComment[]> {
  const out: ReviewComment[] = [];
  for (const c of comments)
    out.push(
      await tx.materials.addComment({
        materialId: m.id,
        version: m.version,
        authorId: actor.personId,
        part: c.part,
        item: c.item ?? null,
        start: c.start ?? null,
        end: c.end ?? null,
        quote: c.quote ?? null,
        body: c.body,
      }),
    );
  return out;
}

export async function comment(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  c: CommentInput,
): Promise<ReviewComment> {
  const m = await loadFor(repos, actor, id, 'material.review');
  checkAnchor(m, c);
  return repos.transaction(async (tx) => {
    const [saved] = await addComments(tx, m, actor, [c]);
    await tx.audit.append({
      actorId: actor.personId,
      action: 'material.comment',
      entity: 'material',
      entityId: id,
      after: saved,
      details: { commentId: saved.id, version: m.version },
    });
    return saved;
  });
}

export type CommentThreadView = ReviewCommentThread & {
  authorName: string | null;
  resolvedByName: string | null;
  replies: (ReviewReply & { authorName: string | null })[];
};

/**
 * The review comments of every version, each with the author's replies and whether it is handled
 * (已处理), with names: only those who may read the material (its author, the secretary, the
 * reviewers) see them.
 */
export async function listComments(repos: Repositories, actor: ActorContext, id: string): Promise<CommentThreadView[]> {
  await loadFor(repos, actor, id, 'material.read');
  const threads = await repos.materials.threads(id);
  const names = await repos.people.names(
    threads.flatMap((c) => [c.authorId, ...(c.resolvedBy ? [c.resolvedBy] : []), ...c.replies.map((r) => r.authorId)]),
  );
  return threads.map((c) => ({
    ...c,
    authorName: names.get(c.authorId) ?? null,
    resolvedByName: c.resolvedBy ? (names.get(c.resolvedBy) ?? null) : null,
    replies: c.replies.map((r) => ({ ...r, authorName: names.get(r.authorId) ?? null })),
  }));
}

/** The comment `commentId` of material `id`, for its author to answer (only the author: material.submit). */
async function commentForAuthor(repos: Repositories, actor: ActorContext, id: string, commentId: string) {
  const m = await loadFor(repos, actor, id, 'material.submit');
  const c = (await repos.materials.comments(id)).find((x) => x.id === commentId);
  if (!c) throw new JianshiError('E_NOT_FOUND', '未找到该审核意见。');
  if (m.status === 'approved') throw new JianshiError('E_REVIEW_CLOSED');
  return { m, c };
}

/** The author answers a review comment (the reviewer sees the reply on the review page). */
export async function replyToComment(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  commentId: string,
  body: string,
): Promise<ReviewReply & { authorName: string | null }> {
  const { m } = await commentForAuthor(repos, actor, id, commentId);
  return repos.transaction(async (tx) => {
    const r = await tx.materials.addReply({ commentId, materialId: id, authorId: actor.personId, body });
    await tx.audit.append({
      actorId: actor.personId,
      action: 'material.comment.reply',
      entity: 'material',
      entityId: id,
      after: r,
      details: { commentId, replyId: r.id, version: m.version },
    });
    return { ...r, authorName: actor.person.name };
  });
}

/** The author marks a review comment handled (已处理), or open again. */
export async function setCommentHandled(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  commentId: string,
  handled: boolean,
): Promise<{ id: string; resolvedAt: string | null; resolvedBy: string | null }> {
  const { m, c } = await commentForAuthor(repos, actor, id, commentId);
  return repos.transaction(async (tx) => {
    const at = await tx.materials.setResolved(commentId, handled ? actor.personId : null);
    await tx.audit.append({
      actorId: actor.personId,
      action: handled ? 'material.comment.handle' : 'material.comment.reopen',
      entity: 'material',
      entityId: id,
      before: { resolvedAt: c.resolvedAt },
      after: { resolvedAt: at },
      details: { commentId, version: m.version },
    });
    return { id: commentId, resolvedAt: at, resolvedBy: handled ? actor.personId : null };
  });
}

/**
 * Everyone who may review the material (core/auth: material.review): the secretary of its
 * organization (member materials) and the reviewers of the organizations above it; never its author.
 */
export async function reviewersOf(repos: Repositories, m: MaterialSummary): Promise<string[]> {
  const target = await targetOf(repos, m);
  const orgIds = (target.orgPath ?? '').split('/').filter(Boolean);
  const candidates = new Set<string>();
  for (const orgId of orgIds)
    for (const ms of await repos.memberships.forOrg(orgId))
      if (ms.role === 'secretary' || ms.role === 'reviewer') candidates.add(ms.personId);
  const out: string[] = [];
  for (const personId of candidates) {
    const a = await loadActor(repos, personId);
    if (a && can(a, 'material.review', target)) out.push(personId);
  }
  return out;
}

/** The material's workflow history, each event with its actor's name (whoever may read the material sees who acted on it). */
export async function listEvents(
  repos: Repositories,
  actor: ActorContext,
  id: string,
): Promise<(WorkflowEvent & { actorName: string | null })[]> {
  await loadFor(repos, actor, id, 'material.read');
  const events = await repos.materials.events(id);
  const names = await repos.people.names(events.map((e) => e.actorId));
  return events.map((e) => ({ ...e, actorName: names.get(e.actorId) ?? null }));
}

/** Options of a workflow event: `mail` queues the notifications' e-mails (SMTP configured). */
export interface FireOptions {
  comments?: CommentInput[];
  note?: string | null;
  version?: number;
  mail?: boolean;
}

async function fire(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  event: ReviewEvent,
  opts: FireOptions,
): Promise<MaterialView> {
  const byAuthor = event === 'submit' || event === 'withdraw';
  const m = await loadFor(repos, actor, id, byAuthor ? 'material.submit' : 'material.review');
  if (opts.version !== undefined && opts.version !== m.version)
    throw new JianshiError('E_CONFLICT', `材料已更新到第 ${m.version} 版，请刷新后再操作。`, {
      currentVersion: m.version,
    });
  for (const c of opts.comments ?? []) checkAnchor(m, c);
  const all = event === 'submit' ? [] : await repos.materials.comments(id);
  const existing = event === 'return' ? all.filter((c) => c.version === m.version).length : 0;
  const to = transition(m.status, event, { comments: (opts.comments?.length ?? 0) + existing });
  // A reviewer who has started (comments written since this submission) has acted: too late to withdraw.
  const reviewStarted = (list: readonly ReviewComment[]) => {
    const started = list.filter((c) => c.version === m.version && m.submittedAt && c.createdAt >= m.submittedAt);
    if (started.length)
      throw new JianshiError(
        'E_WITHDRAW_TOO_LATE',
        `审核人已开始审核（已填写 ${started.length} 条意见），不能撤回；如需修改，请等待退回。`,
        { comments: started.length },
      );
  };
  if (event === 'withdraw') reviewStarted(all);
  const reviewerIds = byAuthor ? await reviewersOf(repos, m) : [];
  const names = await repos.people.names([m.authorId, actor.personId]);
  return repos.transaction(async (tx) => {
    // Again inside the transaction: a comment written meanwhile still stops the withdrawal.
    if (event === 'withdraw') reviewStarted(await tx.materials.comments(id));
    if (opts.comments?.length) await addComments(tx, m, actor, opts.comments);
    const now = new Date().toISOString();
    await tx.materials.setStatus(
      id,
      m.status,
      to,
      event === 'submit'
        ? { submittedAt: now }
        : event === 'approve'
          ? { approvedAt: now, approvedBy: actor.personId }
          : {},
    );
    await tx.materials.addEvent({
      materialId: id,
      action: event,
      fromStatus: m.status,
      toStatus: to,
      actorId: actor.personId,
      version: m.version,
      note: opts.note ?? null,
    });
    await tx.audit.append({
      actorId: actor.personId,
      action: `material.${event}`,
      entity: 'material',
      entityId: id,
      before: { status: m.status, version: m.version },
      after: { status: to, version: m.version },
      details: { from: m.status, to, version: m.version, comments: opts.comments?.length ?? 0 },
    });
    // The bell (and, with SMTP, the mail outbox) of those concerned, in the same transaction.
    const comments =
      event === 'return'
        ? existing + (opts.comments?.length ?? 0)
        : event === 'approve'
          ? all.length + (opts.comments?.length ?? 0)
          : 0;
    await tx.ledger.notify(
      reviewNotifications({
        event,
        material: { id, kind: m.kind, title: m.title, authorId: m.authorId, version: m.version },
        from: m.status,
        authorName: names.get(m.authorId) ?? null,
        actorId: actor.personId,
        actorName: names.get(actor.personId) ?? null,
        reviewerIds,
        comments,
        note: opts.note ?? null,
        at: now,
      }),
      now,
      { mail: () => !!opts.mail },
    );
    return view({ ...m, status: to, updatedAt: now, ...(event === 'submit' ? { submittedAt: now } : {}) });
  });
}

export const submitMaterial = async (
  repos: Repositories,
  actor: ActorContext,
  id: string,
  o: { version?: number; note?: string | null; mail?: boolean } = {},
) => {
  // Unsaved edits of the author are submitted with the material (a version of their own).
  const before = o.version;
  const made = await versionFromDraft(repos, actor, id);
  return fire(repos, actor, id, 'submit', made && before === made - 1 ? { ...o, version: made } : o);
};
export const returnMaterial = (
  repos: Repositories,
  actor: ActorContext,
  id: string,
  o: { comments: CommentInput[]; note?: string | null; version?: number; mail?: boolean },
) => fire(repos, actor, id, 'return', o);
export const approveMaterial = (
  repos: Repositories,
  actor: ActorContext,
  id: string,
  o: { note?: string | null; version?: number; mail?: boolean } = {},
) => fire(repos, actor, id, 'approve', o);
/** 撤回: the author takes back a submission the reviewer has not acted on (back to draft / returned). */
export const withdrawMaterial = (
  repos: Repositories,
  actor: ActorContext,
  id: string,
  o: { note?: string | null; version?: number; mail?: boolean } = {},
) => fire(repos, actor, id, 'withdraw', o);

/**
 * What the author is shown before submitting (and the submit answer carries): the open findings of
 * the stored version and its 查重 result, summarised (core/workflow/submit-check.ts). A 查重 that
 * cannot run leaves `copy` null; it never stands in the way of a submission.
 */
export async function submissionCheck(
  repos: Repositories,
  index: SimilarityIndex,
  actor: ActorContext,
  id: string,
  log?: { error(o: object, m: string): void },
): Promise<SubmissionSummary & { version: number; copyPending: boolean }> {
  const checks = await checkMaterial(repos, actor, id);
  let sim = null;
  // The version's 查重 job may still run (it is off the save's path): the author is told, and asks again.
  let copyPending = false;
  try {
    const r = await similarityOf(repos, index, actor, id);
    if ('pending' in r) copyPending = !r.failed;
    else sim = r;
  } catch (e) {
    if (e instanceof JianshiError && (e.code === 'E_NOT_FOUND' || e.code === 'E_FORBIDDEN')) throw e;
    log?.error({ err: e, materialId: id }, 'similarity check before submission failed');
  }
  return { version: checks.version, copyPending, ...submissionSummary(checks.findings, sim) };
}

export async function getOriginalFile(repos: Repositories, actor: ActorContext, id: string, fileId: string) {
  await loadFor(repos, actor, id, 'material.read');
  const f = await repos.materials.getFile(fileId);
  if (!f || f.materialId !== id) throw new JianshiError('E_NOT_FOUND');
  return f;
}

/**
 * The quality checks of the stored version (core/lint, the same rules the browser runs while the
 * author types), under the meeting's framework and year, with the author's material of the
 * previous year (same kind, same organization) for the "repeated from last year" rule and the
 * organization's names for the "residue of copying" rules.
 */
export async function checkMaterial(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  saved?: MaterialView,
): Promise<{ version: number; findings: Finding[] }> {
  // `saved`: the version this actor has just saved (the save authorized him), not read back.
  const m =
    saved && saved.id === id ? { ...saved, content: saved.model } : await loadFor(repos, actor, id, 'material.read');
  const meeting = await repos.meetings.get(m.meetingId);
  // The meeting's framework; without one, the one the material was read under (chosen by its author
  // or detected), resolved here so that a custom framework counts too.
  const stored = m.content as Material | null;
  const fw =
    (meeting?.frameworkId ? await resolveFramework(repos, meeting.frameworkId) : null) ??
    (await resolveFramework(repos, chosenFramework(stored?.fixes) ?? stored?.framework ?? null));
  const org = await repos.orgs.get(m.orgId);
  // The previous year's material of the same author and kind (read with the system's scope:
  // only its text is used, for comparison, and nothing of it is returned).
  // Older years' materials too (the three most recent), and the author's ledger items of earlier
  // years not yet closed (for a 班子 material, the organization's items without an owner): a
  // problem written again while its item is still open is the plainest repeat.
  let previous: Material | null = null;
  const earlierMaterials: { year: number; material: Material }[] = [];
  const openLedgerItems: EarlierLedgerItem[] = [];
  if (meeting) {
    const mine = await repos.materials.list(
      { authorId: m.authorId, kind: m.kind, orgId: m.orgId, limit: 50 },
      { all: true },
    );
    const byYear = new Map<number, string>();
    for (const other of mine) {
      if (other.id === m.id) continue;
      const om = await repos.meetings.get(other.meetingId);
      if (om && om.year < meeting.year && !byYear.has(om.year)) byYear.set(om.year, other.id);
    }
    for (const year of [...byYear.keys()].sort((a, b) => b - a).slice(0, 3)) {
      const rec = await repos.materials.get(byYear.get(year)!);
      if (!rec) continue;
      if (year === meeting.year - 1) previous = rec.content as Material;
      else earlierMaterials.push({ year, material: rec.content as Material });
    }
    const day = today();
    const items = await repos.ledger.recurrenceCandidates({
      ownerId: m.kind === 'leadership' ? null : m.authorId,
      orgId: m.orgId,
      year: meeting.year,
    });
    for (const it of items)
      if (it.status !== 'closed')
        openLedgerItems.push({
          number: it.number,
          year: it.year,
          problem: it.problem,
          overdue: dueState(it, day) === 'overdue',
        });
  }
  const findings = await compute({
    op: 'lint',
    material: m.content as Material,
    ctx: {
      framework: fw ?? undefined,
      kind: m.kind === 'leadership' ? '班子' : '个人',
      meetingYear: meeting?.year,
      previous,
      earlierMaterials,
      openLedgerItems,
      organization: org ? { names: [org.name] } : undefined,
    },
  });
  return { version: m.version, findings };
}
