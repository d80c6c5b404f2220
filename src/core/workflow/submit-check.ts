/**
 * What the author is shown before a material goes to review (and what the submit answer carries):
 * the open findings of the quality checks, counted by severity with the first few, and the 查重
 * result in brief — the share copied from identified sources, the largest source, and the stock
 * (shared) phrasing counted apart. Pure: the server computes the findings and the 查重 result; this
 * only summarises them, the same way for the web, the API and the CLI.
 *
 *   const s = submissionSummary(findings, similarity);
 *   s.copy?.level  → 'heavy' when most of the text is copied (the author gets a stronger warning)
 *
 * Submitting is never refused on these grounds: a person (the reviewer) decides.
 */
import type { Finding, Severity } from '../lint/types.js';

/**
 * Share copied from identified sources at or above which a material counts as largely copied: the
 * same line the 查重 panel draws its bar in red at (web ChecksPanel: copyRatio > 0.3).
 */
export const COPY_HEAVY_RATIO = 0.3;

/**
 * Share of the text found elsewhere — copied from an identified source, or inside stock passages
 * (whole passages that several stored materials hold) — at or above which the material counts as
 * largely copied even when no single source stands out: a template sold to many, copied again.
 */
export const SHARED_HEAVY_RATIO = 0.5;

/** How many findings the summary lists (the rest are counted). */
export const SUMMARY_FINDINGS = 5;

/** How much of the text was found elsewhere, in the summary's words (see `copy.level`). */
export const COPY_LEVELS = ['none', 'some', 'heavy'] as const;
export type CopyLevel = (typeof COPY_LEVELS)[number];

/** The part of a 查重 result the summary reads (server SimilarityView / web SimilarityReport). */
export interface SimilarityInput {
  copyRatio: number;
  copyRatioExcludingShared: number;
  stockRatio?: number;
  stock?: readonly unknown[];
  longestRun: number;
  matches: readonly { label: string; coverage: number; meta?: { title?: string | null } | null }[];
}

export interface SubmissionSummary {
  findings: {
    counts: Record<Severity, number>;
    total: number;
    /** The first few, the most serious first (error, warning, info), in text order within a severity. */
    first: Pick<Finding, 'rule' | 'severity' | 'message' | 'part' | 'item'>[];
  };
  /** null: no 查重 result (the 查重 could not run). */
  copy: {
    copyRatio: number;
    copyRatioExcludingShared: number;
    stockRatio: number;
    stockPassages: number;
    /** copyRatio + stockRatio (at most 1): the share of the text found elsewhere. */
    sharedRatio: number;
    longestRun: number;
    sources: number;
    /** The source covering the most of the text: its label and (when the reader may see it) title. */
    top: { label: string; title: string | null; coverage: number } | null;
    /** 'heavy': copyRatio ≥ COPY_HEAVY_RATIO or sharedRatio ≥ SHARED_HEAVY_RATIO; 'some': anything found; 'none': nothing. */
    level: CopyLevel;
  } | null;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function submissionSummary(
  findings: readonly Finding[],
  similarity: SimilarityInput | null | undefined,
): SubmissionSummary {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const first = [...findings]
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.f.start - b.f.start || a.i - b.i)
    .slice(0, SUMMARY_FINDINGS)
    .map(({ f }) => ({ rule: f.rule, severity: f.severity, message: f.message, part: f.part, item: f.item }));
  let copy: SubmissionSummary['copy'] = null;
  if (similarity) {
    const best = [...similarity.matches].sort((a, b) => b.coverage - a.coverage)[0];
    const ratio = similarity.copyRatio;
    const stock = similarity.stockRatio ?? 0;
    const shared = Math.min(1, ratio + stock);
    copy = {
      copyRatio: ratio,
      copyRatioExcludingShared: similarity.copyRatioExcludingShared,
      stockRatio: stock,
      stockPassages: similarity.stock?.length ?? 0,
      sharedRatio: shared,
      longestRun: similarity.longestRun,
      sources: similarity.matches.length,
      top: best ? { label: best.label, title: best.meta?.title ?? null, coverage: best.coverage } : null,
      level:
        ratio >= COPY_HEAVY_RATIO || shared >= SHARED_HEAVY_RATIO
          ? 'heavy'
          : shared > 0 || similarity.matches.length
            ? 'some'
            : 'none',
    };
  }
  return { findings: { counts, total: findings.length, first }, copy };
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** One Chinese sentence per fact, for the CLI and the confirm dialog's heading. */
export function summaryLines(s: SubmissionSummary): string[] {
  const out: string[] = [];
  const c = s.findings.counts;
  out.push(
    s.findings.total
      ? `自动检查仍有 ${s.findings.total} 条提示：问题 ${c.error} 条，注意 ${c.warning} 条，提示 ${c.info} 条。`
      : '自动检查未发现需要注意的问题。',
  );
  if (!s.copy) out.push('查重结果暂不可用。');
  else {
    const top = s.copy.top
      ? `，最大来源：${s.copy.top.label}${s.copy.top.title ? `《${s.copy.top.title}》` : ''}（覆盖 ${pct(s.copy.top.coverage)}）`
      : '';
    out.push(`查重：与已有来源重复 ${pct(s.copy.copyRatio)}${top}。`);
    if (s.copy.stockPassages)
      out.push(
        `另有常见套话、通用段落 ${s.copy.stockPassages} 处（占全文 ${pct(s.copy.stockRatio)}），不计入重复来源。`,
      );
    if (s.copy.level === 'heavy')
      out.push(
        `材料大部分与已有材料、网络范文或多份材料共有的通用段落相同（共 ${pct(s.copy.sharedRatio)}），请确认是本人对照检查的内容。`,
      );
  }
  return out;
}
