/**
 * Which problem each measure of a material answers — proposed from the material's structure, shown
 * to the author and the secretary before ledger items are made, and correctable by them.
 *
 *   linkMeasures(material.measures, material.problems)
 *   → [{ measureIndex: 0, problemIndex: 0, basis: 'aspect', confidence: 'high' }, …]
 *
 * Evidence, strongest first:
 *   1. aspect  — the measure's heading names the problem's aspect ("加强理论学习" ↔ 理论学习方面,
 *                "充分发挥先锋模范作用" ↔ 发挥先锋模范作用情况);
 *   2. wording — the measure shares key terms with the problem's heading, text and points
 *                (generic words such as 加强、进一步、不够 do not count); a measure's heading in the
 *                customary words of the problem's aspect ("争当表率" ↔ 先锋模范, "践行为民宗旨" ↔
 *                服务群众) counts as wording too (ASPECT_WORDS);
 *   3. order   — the n-th measure answers the n-th problem, as materials are usually written.
 * The proposal is the one-to-one assignment with the most evidence (every problem gets at most one
 * measure while there are no more measures than problems, so two measures never land on one problem
 * while another is left without); measures beyond the number of problems go to the problem they
 * match best. Each link reports its basis and a confidence, so the page can point at the weak ones.
 */
import { headingCore } from '../frameworks/framework.js';

export interface LinkMeasure {
  heading: string;
  text: string;
}

export interface LinkProblem {
  aspect: string | null;
  heading: string;
  text?: string;
  points?: readonly string[];
}

export const LINK_BASES = ['aspect', 'wording', 'order', 'none'] as const;
export type LinkBasis = (typeof LINK_BASES)[number];

export interface MeasureLink {
  measureIndex: number;
  /** The problem answered, or null (no problems, or the author/secretary unlinked it). */
  problemIndex: number | null;
  basis: LinkBasis;
  confidence: 'high' | 'medium' | 'low';
  /** The evidence score of the chosen pair (0–1.5). */
  score: number;
}

/** Character bigrams that say nothing about what a problem is (they occur in every material). */
const GENERIC = new Set(
  (
    '加强 强化 进一步 一步 不够 不足 不强 不高 不到 不深 不实 存在 问题 方面 工作 提高 提升 坚持 做到 做好 ' +
    '认真 切实 深入 持续 着力 推动 推进 落实 完善 建立 健全 有待 还有 自己 本人 我们 个人 同志 情况 ' +
    '带头 进行 开展 作为 重要 全面 扎实 积极 主动 时间 要求 能够 将会 以上 以及 通过 结合'
  )
    .split(/\s+/)
    .flatMap((w) => (w.length <= 2 ? [w] : Array.from({ length: w.length - 1 }, (_, i) => w.slice(i, i + 2)))),
);

const PUNCT = /[\s“”"‘’'《》「」、，,。.：:；;！!？?（）()【】\-—…·0-9０-９a-zA-Z]/gu;

function bigrams(s: string): Set<string> {
  const t = s.replace(PUNCT, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) {
    const g = t.slice(i, i + 2);
    if (!GENERIC.has(g)) out.add(g);
  }
  return out;
}

/** Share of `needle`'s key bigrams found in `hay` (0 when the needle has none). */
function containment(needle: Set<string>, hay: Set<string>): number {
  if (!needle.size) return 0;
  let hit = 0;
  for (const g of needle) if (hay.has(g)) hit++;
  return hit / needle.size;
}

/** Key bigrams both sides share, weighed against the smaller side (a Szymkiewicz–Simpson overlap). */
function overlap(a: Set<string>, b: Set<string>): number {
  const n = Math.min(a.size, b.size);
  if (!n) return 0;
  let hit = 0;
  for (const g of a) if (b.has(g)) hit++;
  return hit / n;
}

/**
 * The customary words of the usual aspects (DOMAIN.md §2): authors rarely repeat an aspect's name in
 * a measure's heading; they write "争当表率" for 先锋模范, "锤炼党性" for 党性修养. An aspect (or a
 * problem heading) matched by `aspect` is answered by a measure whose heading uses one of `words`.
 */
const ASPECT_WORDS: { aspect: RegExp; words: string[] }[] = [
  {
    aspect: /理论|学习|思想武装/u,
    words: ['理论', '学习', '思想根基', '学深', '悟透', '原著', '原文', '武装', '信仰', '铸魂', '新思想'],
  },
  {
    aspect: /政治(?!生活)|两个确立|两个维护|全面领导/u,
    words: ['政治', '两个维护', '两个确立', '看齐', '忠诚', '站位', '决策部署', '纪律', '规矩', '请示报告'],
  },
  { aspect: /党性/u, words: ['党性', '政治生活', '组织生活', '批评与自我批评', '修养', '组织观念', '三会一课'] },
  { aspect: /群众|人民|宗旨|为民/u, words: ['群众', '为民', '宗旨', '民生', '急难愁盼', '走访', '人民', '办实事'] },
  {
    aspect: /先锋|模范/u,
    words: ['先锋', '模范', '表率', '冲锋', '急难险重', '岗位建功', '建功立业', '标杆', '争先', '创先争优'],
  },
  { aspect: /能力|本领|(?<!政治)素质/u, words: ['本领', '能力', '专业', '履职'] },
  { aspect: /担当|作为|斗争|担责/u, words: ['担当', '攻坚', '斗争', '担责', '迎难', '克难', '敢于'] },
  { aspect: /作风/u, words: ['作风', '调查研究', '调研', '形式主义', '官僚主义', '四风', '务实'] },
  { aspect: /廉洁|自律|廉政/u, words: ['廉洁', '廉政', '自律', '底线', '红线', '清正', '八项规定', '家风', '亲清'] },
  {
    aspect: /从严治党|管党治党|主体责任|一岗双责/u,
    words: ['管党治党', '从严治党', '一岗双责', '主体责任', '党建'],
  },
];

/** The customary words of the problem's aspect (every family its aspect or heading names). */
function aspectWords(p: LinkProblem): string[] {
  const name = p.aspect ?? headingCore(p.heading) ?? p.heading;
  return ASPECT_WORDS.filter((f) => f.aspect.test(name)).flatMap((f) => f.words);
}

interface Evidence {
  aspect: number;
  wording: number;
}

interface MeasureTerms {
  head: Set<string>;
  all: Set<string>;
  /** The heading as written (else the opening of the text), for the aspect's customary words. */
  title: string;
}
interface ProblemTerms {
  key: Set<string>;
  all: Set<string>;
  hasAspect: boolean;
  words: string[];
}

const measureTerms = (m: LinkMeasure): MeasureTerms => ({
  head: bigrams(headingCore(m.heading) || m.heading),
  all: bigrams(`${m.heading}${m.text}`),
  title: m.heading.trim() || m.text.slice(0, 30),
});
const problemTerms = (p: LinkProblem): ProblemTerms => ({
  key: bigrams(p.aspect ?? headingCore(p.heading)),
  all: bigrams(`${p.heading}${p.text ?? ''}${(p.points ?? []).join('')}`),
  hasAspect: !!p.aspect,
  words: aspectWords(p),
});

function evidence(m: MeasureTerms, p: ProblemTerms): Evidence {
  // The problem's aspect (or heading) named in the measure's heading; in its body it counts less.
  const named = p.key.size >= 2 ? Math.max(containment(p.key, m.head), 0.6 * containment(p.key, m.all)) : 0;
  // Key terms shared by the whole measure and the whole problem; the aspect's customary words in
  // the measure's heading count as much as a fair share of key terms.
  const customary = p.words.some((w) => m.title.includes(w)) ? CUSTOMARY : 0;
  const wording = Math.min(1, Math.max(overlap(m.head, p.all), 0.8 * overlap(m.all, p.all), customary));
  // Without an aspect, a heading echoed is wording like any other.
  return p.hasAspect ? { aspect: named, wording } : { aspect: 0, wording: Math.max(wording, named) };
}

/** Maximum-weight assignment of rows to distinct columns (rows ≤ columns), Hungarian method. */
function assign(w: number[][], cols: number): number[] {
  const n = w.length;
  const INF = Number.POSITIVE_INFINITY;
  const max = Math.max(0, ...w.flat());
  // Minimise cost = max − weight on a square-free (n ≤ cols) matrix, 1-based potentials.
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(cols + 1).fill(0);
  const p = new Array<number>(cols + 1).fill(0);
  const way = new Array<number>(cols + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(cols + 1).fill(INF);
    const used = new Array<boolean>(cols + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0];
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const cur = max - w[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const out = new Array<number>(n).fill(-1);
  for (let j = 1; j <= cols; j++) if (p[j]) out[p[j] - 1] = j - 1;
  return out;
}

const ASPECT_SURE = 0.6;
const WORDING_SURE = 0.34;
const WORDING_SOME = 0.15;
const CUSTOMARY = 0.3;

export function linkMeasures(measures: readonly LinkMeasure[], problems: readonly LinkProblem[]): MeasureLink[] {
  const n = measures.length;
  const k = problems.length;
  if (!k)
    return measures.map((_, i) => ({
      measureIndex: i,
      problemIndex: null,
      basis: 'none',
      confidence: 'low',
      score: 0,
    }));
  const pt = problems.map(problemTerms);
  const ev = measures.map((m) => {
    const mt = measureTerms(m);
    return pt.map((p) => evidence(mt, p));
  });
  // Position: the same relative place in both lists (ties go to the written order).
  const pos = (i: number, j: number) => 1 - Math.abs((n > 1 ? i / (n - 1) : 0) - (k > 1 ? j / (k - 1) : 0));
  const weight = (i: number, j: number) =>
    (ev[i][j].aspect >= ASPECT_SURE ? 1 + ev[i][j].aspect * 0.5 : ev[i][j].aspect * 0.5) +
    ev[i][j].wording +
    0.05 * pos(i, j);
  const w = ev.map((row, i) => row.map((_, j) => weight(i, j)));
  const chosen = new Array<number>(n).fill(-1);
  // Measures placed by position alone where the lists are of different lengths: with nothing in
  // common with any problem, such a measure answers none in particular (the person can link it).
  const unplaced = new Set<number>();
  const nothingShared = (i: number) => ev[i].every((e) => e.aspect === 0 && e.wording === 0);
  if (n <= k) {
    assign(w, k).forEach((j, i) => (chosen[i] = j));
    if (n < k && k > 1) for (let i = 0; i < n; i++) if (nothingShared(i)) unplaced.add(i);
  } else {
    // Every problem gets the measure that answers it best (one each), the rest their best problem.
    const byProblem = assign(
      problems.map((_, j) => measures.map((_, i) => w[i][j])),
      n,
    );
    byProblem.forEach((i, j) => (chosen[i] = j));
    for (let i = 0; i < n; i++)
      if (chosen[i] < 0) {
        if (nothingShared(i) && k > 1) unplaced.add(i);
        let best = 0;
        for (let j = 1; j < k; j++) if (w[i][j] > w[i][best] + 1e-9) best = j;
        chosen[i] = best;
      }
  }
  return chosen.map((j, i): MeasureLink => {
    if (unplaced.has(i)) return { measureIndex: i, problemIndex: null, basis: 'none', confidence: 'low', score: 0 };
    const e = ev[i][j];
    const others = ev[i].filter((_, x) => x !== j);
    const rival = Math.max(0, ...others.map((o) => Math.max(o.aspect, o.wording)));
    const basis: LinkBasis =
      e.aspect >= ASPECT_SURE ? 'aspect' : e.wording >= WORDING_SOME && e.wording > rival ? 'wording' : 'order';
    const confidence =
      basis === 'aspect'
        ? e.aspect > rival
          ? 'high'
          : 'medium'
        : basis === 'wording'
          ? e.wording >= WORDING_SURE
            ? 'high'
            : 'medium'
          : n === k && i === j
            ? 'medium'
            : 'low';
    return { measureIndex: i, problemIndex: j, basis, confidence, score: Math.round(w[i][j] * 100) / 100 };
  });
}

/**
 * Links chosen by a person (`problemIndex` per measure; null = answers no particular problem)
 * checked against the material: each measure at most once, every index in range. Measures not
 * listed keep the proposed link. Returns the problem index of every measure, or the problems found.
 */
export function applyLinks(
  proposed: readonly MeasureLink[],
  chosen: readonly { measureIndex: number; problemIndex: number | null }[],
  problems: number,
): { ok: true; byMeasure: (number | null)[] } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const byMeasure: (number | null)[] = proposed.map((l) => l.problemIndex);
  const seen = new Set<number>();
  for (const l of chosen) {
    const m = l.measureIndex + 1;
    if (!Number.isInteger(l.measureIndex) || l.measureIndex < 0 || l.measureIndex >= proposed.length)
      errors.push(`第 ${m} 条整改措施不存在（材料共 ${proposed.length} 条）。`);
    else if (seen.has(l.measureIndex)) errors.push(`第 ${m} 条整改措施对应了两次。`);
    else if (
      l.problemIndex !== null &&
      (!Number.isInteger(l.problemIndex) || l.problemIndex < 0 || l.problemIndex >= problems)
    )
      errors.push(`第 ${m} 条整改措施对应的问题不存在（材料共 ${problems} 个问题）。`);
    else {
      seen.add(l.measureIndex);
      byMeasure[l.measureIndex] = l.problemIndex;
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, byMeasure };
}
