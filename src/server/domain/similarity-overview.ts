/**
 * 查重 beyond one material's panel:
 *  - the meeting's overview (查重总览): every material of the meeting with its share copied, its share
 *    of stock phrasing (常见套话, apart) and its largest sources — for the secretary and the superior
 *    reviewers (those who may read every material of the organization), nobody else;
 *  - one source's passages side by side with the material's (core/similarity/side-by-side.ts).
 *
 * Privacy is the 查重 report's (domain/similarity.ts): a source the viewer may not read himself is
 * shown by its label and year only — never its title, author, organization or text.
 */
import type { Repositories } from '../../storage/repositories/index.js';
import type { MaterialRecord } from '../../storage/repositories/materials.js';
import type { Material } from '../../core/material/model.js';
import type { SimilarityIndex } from '../../core/similarity/port.js';
import { checkText, type CheckResult, type SourceMatch } from '../../core/similarity/engine.js';
import { sideBySide, type SidePassage } from '../../core/similarity/side-by-side.js';
import { can, type Target } from '../../core/auth/policy.js';
import { JianshiError } from '../../core/errors.js';
import { authorize, type ActorContext } from './context.js';
import { indexMaterial } from './similarity.js';
import type { OverviewRow, OverviewSource, SideBySideView, SimilarityOverview } from '../../contract/similarity.js';

const textOf = (rec: MaterialRecord) => String((rec.content as Partial<Material> | null)?.text ?? '');

async function targetOf(repos: Repositories, m: { orgId: string; authorId: string; kind: string }): Promise<Target> {
  const org = await repos.orgs.get(m.orgId);
  return { orgPath: org?.path ?? '/', authorId: m.authorId, kind: m.kind };
}

/** The check of a material's current version (indexed first when the index does not hold it yet). */
async function check(
  repos: Repositories,
  index: SimilarityIndex,
  rec: MaterialRecord,
  reindex: boolean,
): Promise<CheckResult> {
  if (reindex || (await index.idOf(rec.id)) === null) await indexMaterial(repos, index, rec);
  const model = rec.content as Partial<Material>;
  const parts = (['problems', 'causes', 'measures'] as const)
    .map((kind) => model.parts?.find((p) => p.kind === kind))
    .filter((p): p is NonNullable<typeof p> => !!p)
    .map((p) => ({ kind: p.kind, start: p.span.start, end: p.span.end }));
  return checkText(index, textOf(rec), { name: rec.id, author: rec.authorId, parts });
}

/** Whether the viewer may read a source himself (templates: always). */
async function readableSource(
  repos: Repositories,
  actor: ActorContext,
  m: SourceMatch,
): Promise<MaterialRecord | 'template' | null> {
  if (m.meta.kind === 'template') return 'template';
  const src = await repos.materials.get(m.id);
  return src && can(actor, 'material.read', await targetOf(repos, src)) ? src : null;
}

/** The meeting's 查重 overview; 404 for someone who may not see the meeting, 403 for a member who may. */
export async function meetingSimilarityOverview(
  repos: Repositories,
  index: SimilarityIndex,
  actor: ActorContext,
  meetingId: string,
): Promise<SimilarityOverview> {
  const meeting = await repos.meetings.get(meetingId);
  if (!meeting) throw new JianshiError('E_NOT_FOUND', '未找到该会议。');
  const org = await repos.orgs.get(meeting.orgId);
  const target = { orgPath: org?.path ?? '/', participantIds: meeting.participants.map((p) => p.personId) };
  if (!can(actor, 'meeting.read', target)) throw new JianshiError('E_NOT_FOUND');
  // Every material of the organization: the secretary's and the superior reviewers' relation.
  authorize(actor, 'material.read', { orgPath: target.orgPath });
  const list = await repos.materials.list({ meetingId, limit: 1000 }, { all: true });
  const names = await repos.people.names(list.map((m) => m.authorId));
  const rows: OverviewRow[] = [];
  for (const s of list) {
    const rec = await repos.materials.get(s.id);
    if (!rec || !can(actor, 'material.read', await targetOf(repos, rec))) continue;
    const base = {
      id: rec.id,
      title: rec.title,
      kind: rec.kind,
      status: rec.status,
      authorId: rec.authorId,
      authorName: names.get(rec.authorId) ?? null,
    };
    if (!textOf(rec).trim()) {
      rows.push({
        ...base,
        chars: 0,
        copyRatio: 0,
        copyRatioExcludingShared: 0,
        stockRatio: 0,
        stockPassages: 0,
        longestRun: 0,
        sources: [],
      });
      continue;
    }
    const r = await check(repos, index, rec, false);
    const sources: OverviewSource[] = [];
    for (const [i, m] of r.matches.slice(0, 3).entries()) {
      const src = await readableSource(repos, actor, m);
      sources.push({
        index: i,
        label: m.label,
        readable: !!src,
        title: src ? (m.meta.title ?? null) : null,
        year: m.meta.year ?? null,
        coverage: m.coverage,
      });
    }
    rows.push({
      ...base,
      chars: r.chars,
      copyRatio: r.copyRatio,
      copyRatioExcludingShared: r.copyRatioExcludingShared,
      stockRatio: r.stockRatio,
      stockPassages: r.stock.length,
      longestRun: r.longestRun,
      sources,
    });
  }
  rows.sort((a, b) => b.copyRatio - a.copyRatio || a.title.localeCompare(b.title));
  return { meetingId, theme: meeting.theme, materials: rows };
}

/**
 * Source number `n` of a material's 查重 report, its passages side by side. Whoever may read the
 * material may open it (as the report); the source's side only for whoever may read the source.
 */
export async function similaritySideBySide(
  repos: Repositories,
  index: SimilarityIndex,
  actor: ActorContext,
  id: string,
  n: number,
): Promise<SideBySideView> {
  const rec = await repos.materials.get(id);
  if (!rec) throw new JianshiError('E_NOT_FOUND', '未找到该材料。');
  authorize(actor, 'material.read', await targetOf(repos, rec), 'material.read');
  const r = await check(repos, index, rec, true);
  const m = r.matches[n];
  if (!m) throw new JianshiError('E_NOT_FOUND', '查重结果中没有这一来源（材料可能已修改，请刷新查重结果）。');
  const src = await readableSource(repos, actor, m);
  // The source as indexed: the passages' source offsets point into this very text.
  const stored = src ? (await index.fetch([(await index.idOf(m.id)) ?? -1]))[0] : undefined;
  const sourceText = src && stored ? stored.text : null;
  return {
    materialId: rec.id,
    title: rec.title,
    version: rec.version,
    index: n,
    source: {
      label: m.label,
      readable: sourceText !== null,
      title: sourceText !== null ? (m.meta.title ?? null) : null,
      year: m.meta.year ?? null,
      coverage: m.coverage,
    },
    passages: sideBySide(textOf(rec), sourceText, m.passages, r.stock),
  };
}
