/**
 * Frameworks (aspect sets) and the matching of a heading to its aspect.
 *
 * Matching is by name and aliases, tolerant of small wording differences:
 *   matchAspect(fw, '（三）能力本领方面')        → { aspect: '能力本领', score: 1 }
 *   matchAspect(fw, '在履职能力上存在的差距')    → { aspect: '能力本领', score: ≥ 0.8 }
 */
import { BUILTIN_FRAMEWORKS } from './builtin.js';
import { stripLeadingMarker } from '../text/numerals.js';

export type MeetingKind = '民主生活会' | '组织生活会';

export interface Aspect {
  id: string;
  name: string;
  aliases: string[];
}

export interface Framework {
  id: string;
  name: string;
  year: number | null;
  source: string;
  /** True when only some aspects are known (the rest come from the year's notice). */
  partial?: boolean;
  /** Words in a title that point at this framework ("主题教育", "党史学习教育"). */
  keywords?: string[];
  /** The meetings it is for; a title naming another kind of meeting rules it out. Absent: any. */
  meetings?: MeetingKind[];
  aspects: Aspect[];
}

export function builtinFrameworks(): readonly Framework[] {
  return BUILTIN_FRAMEWORKS;
}

export function findFramework(id: string, custom: readonly Framework[] = []): Framework | undefined {
  return [...custom, ...BUILTIN_FRAMEWORKS].find((f) => f.id === id);
}

/** Validate and normalise a user-defined framework; throws a message list on problems. */
export function defineFramework(input: {
  id: string;
  name: string;
  year?: number | null;
  aspects: { id?: string; name: string; aliases?: string[] }[];
}): Framework {
  const problems: string[] = [];
  if (!input.id || !/^[\w\u4e00-\u9fff-]{1,64}$/.test(input.id))
    problems.push('框架编号须为1–64个字母、数字、汉字或连字符');
  if (!input.name?.trim()) problems.push('框架名称不能为空');
  if (!Array.isArray(input.aspects) || input.aspects.length === 0) problems.push('至少需要一个方面');
  if (input.aspects?.length > 20) problems.push('方面不能超过20个');
  const seen = new Set<string>();
  const aspects: Aspect[] = (input.aspects ?? []).map((a, i) => {
    const name = (a.name ?? '').trim();
    if (!name) problems.push(`第${i + 1}个方面的名称不能为空`);
    const id = (a.id ?? name).trim();
    if (seen.has(id)) problems.push(`方面“${id}”重复`);
    seen.add(id);
    const aliases = [...new Set([name, ...(a.aliases ?? []).map((s) => s.trim()).filter(Boolean)])];
    return { id, name, aliases };
  });
  if (problems.length) throw new Error(problems.join('；'));
  return { id: input.id, name: input.name.trim(), year: input.year ?? null, source: '自定义', aspects };
}

const STRIP_PREFIX = /^(?:在|从|关于|对照|聚焦|围绕|是|一是|二是|三是|四是|五是|六是)+/;
const STRIP_SUFFIX = /(?:方面)?(?:存在的|的)?(?:问题|不足|差距|短板|情况)?(?:方面)?$/;

/** The core words of a heading: numbering, 在…方面 and 存在的问题 removed, punctuation dropped. */
export function headingCore(heading: string): string {
  let h = stripLeadingMarker(heading).replace(/[\s“”"‘’'《》「」、，,。.：:；;！!？?（）()]/g, '');
  h = h.replace(STRIP_PREFIX, '');
  for (let i = 0; i < 2; i++) h = h.replace(STRIP_SUFFIX, '').replace(/(?:方面|上|中)$/, '');
  return h;
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Sørensen–Dice coefficient over character bigrams, in [0, 1]. */
export function dice(a: string, b: string): number {
  if (a.length < 2 || b.length < 2) return a === b && a.length > 0 ? 1 : 0;
  const A = bigrams(a);
  const B = bigrams(b);
  let inter = 0;
  for (const [g, n] of A) inter += Math.min(n, B.get(g) ?? 0);
  return (2 * inter) / (a.length - 1 + (b.length - 1));
}

export interface AspectMatch {
  aspect: string;
  score: number;
}

/** Score of a heading against one aspect, in [0, 1]. */
export function aspectScore(aspect: Aspect, heading: string): number {
  return aspectEvidence(aspect, heading).score;
}

/**
 * Score of a heading against one aspect and whether it rests only on a short common word ("政治"
 * in "政治站位不高", "群众" in "联系群众不够"): such a match may map a heading within a framework
 * the title confirms, but never chooses a framework by itself.
 */
export function aspectEvidence(aspect: Aspect, heading: string): { score: number; weak: boolean } {
  const core = headingCore(heading);
  if (!core) return { score: 0, weak: false };
  const name = headingCore(aspect.name) || aspect.name;
  if (core === name) return { score: 1, weak: false };
  let best = 0;
  let strong = 0;
  if (core.includes(name) || (name.length >= 4 && name.includes(core) && core.length >= Math.min(4, name.length)))
    best = strong = 0.95;
  for (const alias of aspect.aliases) {
    if (alias.length < 2) continue;
    let sc = 0;
    if (core === alias) sc = 0.95;
    else if (core.includes(alias)) sc = 0.5 + 0.45 * Math.min(1, alias.length / core.length);
    best = Math.max(best, sc);
    if (alias.length >= 3 || core.length <= alias.length + 2) strong = Math.max(strong, sc);
  }
  const d = dice(core, name);
  best = Math.max(best, d);
  strong = Math.max(strong, d);
  return { score: best, weak: strong < ASPECT_THRESHOLD };
}

export const ASPECT_THRESHOLD = 0.55;

/** The best aspect of `fw` for a heading, or null when none is close enough. */
export function matchAspect(fw: Framework, heading: string): AspectMatch | null {
  let best: AspectMatch | null = null;
  for (const a of fw.aspects) {
    const score = aspectScore(a, heading);
    if (!best || score > best.score) best = { aspect: a.id, score };
  }
  return best && best.score >= ASPECT_THRESHOLD ? best : null;
}

/**
 * Map headings to aspects of one framework, each aspect used at most once where possible
 * (greedy by score). Returns one entry per heading.
 */
export function assignAspects(fw: Framework, headings: readonly string[]): (AspectMatch | null)[] {
  const cands: { h: number; a: string; s: number }[] = [];
  headings.forEach((h, i) => {
    for (const a of fw.aspects) {
      const s = aspectScore(a, h);
      if (s >= ASPECT_THRESHOLD) cands.push({ h: i, a: a.id, s });
    }
  });
  cands.sort((x, y) => y.s - x.s || x.h - y.h);
  const out: (AspectMatch | null)[] = headings.map(() => null);
  const used = new Set<string>();
  for (const c of cands) {
    if (out[c.h] || used.has(c.a)) continue;
    out[c.h] = { aspect: c.a, score: c.s };
    used.add(c.a);
  }
  // A second heading on an already-used aspect still maps to it (two sub-headings of one aspect).
  headings.forEach((h, i) => {
    if (!out[i]) out[i] = matchAspect(fw, h);
  });
  return out;
}

export interface FrameworkHints {
  /** The year the material is for ("2024年度民主生活会" → 2024). */
  year?: number | null;
  /** Title (and opening) text, searched for framework keywords. */
  text?: string;
}

/** The year a title speaks of: "2024年度…" or "2023年…民主生活会". */
export function yearOf(title: string): number | null {
  const m = /(20\d{2})\s*年度?/.exec(title);
  return m ? Number(m[1]) : null;
}

/** The kind of meeting a title names, or null. */
export function meetingOf(title: string): MeetingKind | null {
  const s = title
    .replace(/會/g, '会')
    .replace(/組織/g, '组织')
    .replace(/民主生活/g, '民主生活');
  if (/组织生活会|组织生活/.test(s)) return '组织生活会';
  if (/民主生活会/.test(s)) return '民主生活会';
  return null;
}

/** Whether a framework fits what the title says of year, kind of meeting and campaign. */
export function titleFit(fw: Framework, hints: FrameworkHints): 'confirmed' | 'possible' | 'unlikely' | 'excluded' {
  const text = hints.text ?? '';
  const keyword = !!fw.keywords?.some((k) => text.includes(k));
  const meeting = text ? meetingOf(text) : null;
  // A branch's 组织生活会 sometimes checks against the 民主生活会 set: only a clear fit counts then.
  if (meeting && fw.meetings && !fw.meetings.includes(meeting))
    return hints.year && fw.year && fw.year !== hints.year ? 'excluded' : 'unlikely';
  if (keyword) return 'confirmed';
  // Another campaign's keyword in the title rules out a campaign set without it.
  if (hints.year && fw.year && fw.year !== hints.year) return 'excluded';
  if (hints.year && fw.year === hints.year)
    return !fw.keywords?.length || (meeting && fw.meetings?.includes(meeting)) ? 'confirmed' : 'possible';
  return 'possible';
}

/** Words of a problem statement ("理论学习不够深入"), as opposed to an aspect heading ("理论学习方面"). */
const STATEMENT =
  /不够|不足|不强|不深|不高|不实|不严|不到位|不细|不精|有所|欠缺|缺乏|淡化|弱化|松懈|放松|差距|减退|滑坡|偏差|较少|较弱|薄弱|有待/;

/** Whether a heading names an aspect rather than states a problem: only such headings choose a framework. */
export function aspectShaped(heading: string): boolean {
  return /方面|情况|领域/.test(heading) || !STATEMENT.test(heading);
}

/**
 * Choose the framework whose aspects explain the headings best, among those the title allows
 * (its year, its kind of meeting, its campaign). Only matches that do not rest on a single
 * common word count. A framework the title does not confirm must explain at least two distinct
 * aspects and half of the headings (or of its aspects); otherwise no framework is chosen and the
 * problems stay unmapped — a guess into another campaign's set would be wrong more often than not.
 */
export function detectFramework(
  headings: readonly string[],
  candidates: readonly Framework[] = BUILTIN_FRAMEWORKS,
  hints: FrameworkHints = {},
): Framework | null {
  return detectFrameworkWithFit(headings, candidates, hints)?.fw ?? null;
}

export function detectFrameworkWithFit(
  headings: readonly string[],
  candidates: readonly Framework[] = BUILTIN_FRAMEWORKS,
  hints: FrameworkHints = {},
): { fw: Framework; confirmed: boolean } | null {
  let best: { fw: Framework; key: number; confirmed: boolean } | null = null;
  for (const fw of candidates) {
    const fit = titleFit(fw, hints);
    if (fit === 'excluded') continue;
    const m = assignAspects(fw, headings);
    const strongAspects = new Set<string>();
    let score = 0;
    m.forEach((x, i) => {
      if (!x) return;
      const a = fw.aspects.find((y) => y.id === x.aspect);
      // In a set the title confirms, any match counts; otherwise only aspect headings on more than a common word.
      if (a && (fit === 'confirmed' || (aspectShaped(headings[i]) && !aspectEvidence(a, headings[i]).weak))) {
        strongAspects.add(x.aspect);
        score += x.score;
      }
    });
    const distinct = strongAspects.size;
    if (distinct === 0) continue;
    const confirmed = fit === 'confirmed';
    const need = Math.min(headings.length, fw.aspects.length);
    // Another kind of meeting's set of the same year fits when every heading quotes one of its aspects
    // nearly word for word ("带头强化政治忠诚、提高政治能力方面" in a 党支部书记's 组织生活会 material).
    const quoted = !!fw.year && fw.year === hints.year && m.length > 0 && m.every((x) => !!x && x.score >= 0.9);
    if (!confirmed && !quoted && (distinct < 2 || distinct * 2 < need)) continue;
    if (fit === 'unlikely' && !quoted && (distinct < 3 || distinct * 4 < need * 3)) continue;
    let key = distinct * 10 + score * 2 - Math.abs(fw.aspects.length - headings.length) * 0.01;
    if (confirmed) key += 15;
    if (!best || key > best.key) best = { fw, key, confirmed };
  }
  return best ? { fw: best.fw, confirmed: best.confirmed } : null;
}
