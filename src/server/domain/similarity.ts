/**
 * 查重 in the server: every saved material is indexed (name = material id), and
 * `similarityOf` checks a material's current version against all other stored materials and the
 * template library, with per-part ratios from its parsed structure.
 *
 * Where the index lives is the composition root's choice (storage/similarity/open.ts).
 *
 * Privacy: a reader sees the sources he may read himself with their titles; any other source is
 * shown only by its label (库内材料 / 网络范文 / 与本人往年材料重复), coverage and the passages in
 * his own text — never another person's title, author or text.
 */
import type { Repositories } from '../../storage/repositories/index.js';
import type { MaterialRecord } from '../../storage/repositories/materials.js';
import type { Material } from '../../core/material/model.js';
import type { IndexedDoc, SimilarityIndex } from '../../core/similarity/port.js';
import { checkText, indexDocument, type CheckResult } from '../../core/similarity/engine.js';
import { can, type Target } from '../../core/auth/policy.js';
import { JianshiError } from '../../core/errors.js';
import type { ActorContext } from './context.js';
import { authorize } from './context.js';
import { compute } from '../compute/index.js';

/** Stored name of a template (网络范文): materials are stored under their ids, so the two never collide. */
export const templateName = (title: string) => `template:${title}`;

/** A template of the library, ready for the index. */
export function templateDocument(title: string, text: string): IndexedDoc {
  return indexDocument(templateName(title), text, { kind: 'template', title });
}

function textOf(rec: MaterialRecord): string {
  return String((rec.content as Partial<Material> | null)?.text ?? '');
}

/** Index (or re-index) one material's current version. */
export async function indexMaterial(repos: Repositories, index: SimilarityIndex, rec: MaterialRecord): Promise<void> {
  const text = textOf(rec);
  if (!text.trim()) return;
  const meeting = await repos.meetings.get(rec.meetingId);
  // A large text is fingerprinted in the compute pool (compute/), a small one here: same document.
  await index.put([
    await compute({
      op: 'index',
      name: rec.id,
      text,
      meta: { kind: 'material', org: rec.orgId, year: meeting?.year ?? null, author: rec.authorId, title: rec.title },
    }),
  ]);
}

/** Index every stored material the index does not hold yet (on start; cheap when in step). */
export async function syncSimilarityIndex(repos: Repositories, index: SimilarityIndex): Promise<number> {
  let added = 0;
  for (let offset = 0; ; offset += 500) {
    const page = await repos.materials.list({ limit: 500, offset }, { all: true });
    for (const s of page) {
      if ((await index.idOf(s.id)) !== null) continue;
      const rec = await repos.materials.get(s.id);
      if (rec) {
        await indexMaterial(repos, index, rec);
        added++;
      }
    }
    if (page.length < 500) return added;
  }
}

export interface SimilarityView extends Omit<CheckResult, 'matches'> {
  version: number;
  matches: (Omit<CheckResult['matches'][number], 'passages'> & {
    passages: { q: [number, number] }[];
    readable: boolean;
  })[];
}

async function targetOf(repos: Repositories, m: { orgId: string; authorId: string; kind: string }): Promise<Target> {
  const org = await repos.orgs.get(m.orgId);
  return { orgPath: org?.path ?? '/', authorId: m.authorId, kind: m.kind as Target['kind'] };
}

/** The 查重 of a version not yet indexed (its outbox job still runs): the editor shows 查重中…. */
export interface SimilarityPending {
  version: number;
  pending: true;
  /** The job failed for good: no result will come (the message says why). */
  failed?: string;
}

export async function similarityOf(
  repos: Repositories,
  index: SimilarityIndex,
  actor: ActorContext,
  id: string,
): Promise<SimilarityView | SimilarityPending> {
  const head = await repos.materials.getSummary(id);
  if (!head) throw new JianshiError('E_NOT_FOUND', '未找到该材料。');
  authorize(actor, 'material.read', await targetOf(repos, head), 'material.read');
  // The result belongs to the current version: only once its indexing job is done (on any instance).
  const job = await repos.jobs.get(id, head.version);
  if (!job) {
    // A version saved before the outbox existed: queued now, like a save would.
    await repos.jobs.enqueue(id, head.version);
    return { version: head.version, pending: true };
  }
  if (job.state === 'failed') return { version: head.version, pending: true, failed: job.error ?? '查重索引失败' };
  if (job.state !== 'done') return { version: head.version, pending: true };
  const rec = await repos.materials.get(id);
  if (!rec || rec.version !== head.version) return { version: rec?.version ?? head.version, pending: true };
  const model = rec.content as Partial<Material>;
  const parts = (['problems', 'causes', 'measures'] as const)
    .map((kind) => model.parts?.find((p) => p.kind === kind))
    .filter((p): p is NonNullable<typeof p> => !!p)
    .map((p) => ({ kind: p.kind, start: p.span.start, end: p.span.end }));
  const r = await checkText(index, textOf(rec), { name: rec.id, author: rec.authorId, parts });
  const matches: SimilarityView['matches'] = [];
  let hidden = 0;
  for (const m of r.matches) {
    const src = m.meta.kind === 'template' ? null : await repos.materials.get(m.id);
    const readable = m.meta.kind === 'template' || (!!src && can(actor, 'material.read', await targetOf(repos, src)));
    const passages = m.passages.map((p) => ({ q: p.q }));
    if (readable) matches.push({ ...m, passages, readable });
    else
      matches.push({
        id: `source-${++hidden}`,
        label: m.label,
        meta: { kind: m.meta.kind, year: m.meta.year ?? null },
        score: m.score,
        coverage: m.coverage,
        longest: m.longest,
        passages,
        readable,
      });
  }
  const largest = r.largest
    ? {
        id: matches.find((x, i) => r.matches[i]?.id === r.largest!.id)?.id ?? r.largest.id,
        coverage: r.largest.coverage,
      }
    : null;
  return { ...r, largest, matches, version: rec.version };
}
