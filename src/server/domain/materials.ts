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
  VersionSummary,
  WorkflowEvent,
} from '../../storage/repositories/materials.js';
import type { ReadView } from '../../storage/prepared.js';
import { JianshiError } from '../../core/errors.js';
import { materialOverLimit } from '../../core/limits.js';
import { contentOf, type Material, type MaterialContent, type StructureFix } from '../../core/material/model.js';
import { chosenFramework } from '../../core/material/restructure.js';
import { renderText } from '../../core/material/render.js';
import { materialReadScope, type MaterialKind, type Target } from '../../core/auth/policy.js';
import { materialWriters } from '../../core/meeting/participants.js';
import { assertEditable, transition, EDITABLE_STATES } from '../../core/workflow/material.js';
import { diffLines, diffStats, type DiffOp } from '../../core/workflow/diff.js';
import { exportMaterial, type ExportFormat } from '../../formats/import.js';
import { compute, OFFLOAD_MIN_CHARS, uploadTask } from '../compute/index.js';
import { storedJson, type Prepared } from '../compute/tasks.js';
import { authorize, type ActorContext } from './context.js';
import { ByteCache } from './byte-cache.js';
import { resolveFramework } from './meetings.js';
import type { EarlierLedgerItem, Finding } from '../../core/lint/types.js';
import { dueState } from '../../core/ledger/model.js';
import { ledgerRepository } from '../../storage/repositories/ledger.js';

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
      await tx.db
        .updateTable('material_versions')
        .set({ file_id: fileId })
        .where('material_id', '=', id)
        .where('version', '=', 1)
        .execute();
    }
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
  },
): Promise<MaterialSummary[]> {
  return repos.materials.list(filter, materialReadScope(actor));
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

export async function listComments(repos: Repositories, actor: ActorContext, id: string): Promise<ReviewComment[]> {
  await loadFor(repos, actor, id, 'material.read');
  return repos.materials.comments(id);
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

async function fire(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  event: 'submit' | 'return' | 'approve',
  opts: { comments?: CommentInput[]; note?: string | null; version?: number },
): Promise<MaterialView> {
  const m = await loadFor(repos, actor, id, event === 'submit' ? 'material.submit' : 'material.review');
  if (opts.version !== undefined && opts.version !== m.version)
    throw new JianshiError('E_CONFLICT', `材料已更新到第 ${m.version} 版，请刷新后再操作。`, {
      currentVersion: m.version,
    });
  for (const c of opts.comments ?? []) checkAnchor(m, c);
  const existing =
    event === 'return' ? (await repos.materials.comments(id)).filter((c) => c.version === m.version).length : 0;
  const to = transition(m.status, event, { comments: (opts.comments?.length ?? 0) + existing });
  return repos.transaction(async (tx) => {
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
    return view({ ...m, status: to, updatedAt: now });
  });
}

export const submitMaterial = (
  repos: Repositories,
  actor: ActorContext,
  id: string,
  o: { version?: number; note?: string | null } = {},
) => fire(repos, actor, id, 'submit', o);
export const returnMaterial = (
  repos: Repositories,
  actor: ActorContext,
  id: string,
  o: { comments: CommentInput[]; note?: string | null; version?: number },
) => fire(repos, actor, id, 'return', o);
export const approveMaterial = (
  repos: Repositories,
  actor: ActorContext,
  id: string,
  o: { note?: string | null; version?: number } = {},
) => fire(repos, actor, id, 'approve', o);

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
    const today = new Date().toISOString().slice(0, 10);
    const items = await ledgerRepository(repos.db, repos.dialect).recurrenceCandidates({
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
          overdue: dueState(it, today) === 'overdue',
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
