/**
 * 查重 reports, like a thesis-checking report (DOMAIN.md §6): overall ratio, ratio excluding shared
 * official phrasing, largest single source, per-part ratios, longest copied run, and every passage
 * with its source. Three renderings of one CheckResult: the JSON line of `corpus check --jsonl`,
 * a terminal text, and a self-contained HTML page (text with copied passages coloured and linked
 * to the source shown beside it). The report shows evidence; a person decides.
 */
import { materialFromText } from '../material/pipeline.js';
import type { PartKind } from '../material/model.js';
import type { CheckResult } from './engine.js';

const PART_NAMES: Record<PartKind, string> = { problems: '问题查摆', causes: '原因剖析', measures: '整改措施' };

/** Code-point offset of every UTF-16 offset (identity for texts without astral characters). */
function codePointOffsets(text: string): (i: number) => number {
  if (!/[\ud800-\udbff]/.test(text)) return (i) => i;
  const map = new Uint32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const c = text.charCodeAt(i);
    if (!(c >= 0xd800 && c <= 0xdbff && i + 1 < text.length)) cp++;
  }
  map[text.length] = cp;
  return (i) => map[i];
}

/**
 * The JSON line of `corpus check --jsonl`: offsets are in characters (code points) of the file
 * text as read (UTF-8, BOM removed); `coverage` is the fraction of the query's characters
 * (normalized: punctuation and whitespace not counted) covered by passages from that source.
 */
export function jsonLine(
  query: string,
  r: CheckResult,
  queryText: string,
  sourceTexts: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const qcp = codePointOffsets(queryText);
  return {
    query,
    matches: r.matches.map((m) => {
      const st = sourceTexts.get(m.id);
      const scp = st ? codePointOffsets(st) : (i: number) => i;
      return {
        id: m.id,
        score: round(m.score),
        coverage: round(m.coverage),
        passages: m.passages.map((p) => ({ q: [qcp(p.q[0]), qcp(p.q[1])], s: [scp(p.s[0]), scp(p.s[1])] })),
      };
    }),
    ms: Math.round(r.ms * 100) / 100,
  };
}

const round = (x: number) => Math.round(x * 10000) / 10000;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Greedy map from offsets of the cleaned text to offsets of the raw text it was cleaned from. */
export function cleanedToRaw(cleaned: string, raw: string): Uint32Array {
  const map = new Uint32Array(cleaned.length + 1);
  let r = 0;
  for (let k = 0; k < cleaned.length; k++) {
    const c = cleaned[k];
    if (/\s/.test(c)) {
      map[k] = r;
      continue;
    }
    const j = raw.indexOf(c, r);
    if (j >= 0 && j - r < 2000) {
      map[k] = j;
      r = j + 1;
    } else map[k] = r;
  }
  map[cleaned.length] = raw.length;
  return map;
}

/** Ranges of the three parts (问题 / 原因 / 措施) in the raw text, from the material parser. */
export function partsOf(raw: string): { kind: PartKind; start: number; end: number }[] {
  try {
    const m = materialFromText(raw);
    const map = cleanedToRaw(m.text, raw);
    return m.parts.map((p) => ({
      kind: p.kind,
      start: map[p.span.start],
      end: map[Math.min(p.span.end, m.text.length)],
    }));
  } catch {
    return [];
  }
}

function snippet(text: string, s: number, e: number, max = 60): string {
  const t = text.slice(s, e).replace(/\s+/g, ' ');
  return t.length > max ? t.slice(0, max / 2) + '……' + t.slice(-max / 2 + 2) : t;
}

/** A plain-text report for the terminal. */
export function terminalReport(
  name: string,
  r: CheckResult,
  queryText: string,
  sourceTexts: ReadonlyMap<string, string>,
  maxPassages = 5,
): string {
  const out: string[] = [];
  out.push(`【查重报告】${name}`);
  out.push(`  比对库：${r.corpus.size} 份材料；规范表述及高频表述不计为重复（文档频次上限 ${r.corpus.cap}）。`);
  const stock = () => {
    if (!r.stock.length) return;
    out.push(
      `  常见套话、通用段落（许多材料共有，不是抄自某一份材料）：${r.stock.length} 处，占全文 ${pct(r.stockRatio)}`,
    );
    for (const p of r.stock.slice(0, maxPassages)) {
      const also = p.sources.length ? `；与来源 ${p.sources.map((i) => r.matches[i]?.id).join('、')} 文字相同` : '';
      out.push(`      约 ${p.support} 份材料中也有${also}：${snippet(queryText, p.q[0], p.q[1])}`);
    }
    if (r.stock.length > maxPassages) out.push(`      ……另有 ${r.stock.length - maxPassages} 处`);
  };
  if (!r.matches.length) {
    out.push('  未发现与库内材料或网络范文重复的段落。');
    stock();
    return out.join('\n') + '\n';
  }
  out.push(`  总重复率：${pct(r.copyRatio)}    去除规范表述后：${pct(r.copyRatioExcludingShared)}`);
  if (r.largest)
    out.push(`  最大单一来源：${r.largest.id}（${pct(r.largest.coverage)}）    最长重复片段：${r.longestRun} 字`);
  if (r.parts.length) out.push('  分部分：' + r.parts.map((p) => `${PART_NAMES[p.kind]} ${pct(p.ratio)}`).join('；'));
  out.push('  来源：');
  for (const m of r.matches) {
    out.push(
      `  · ${m.id}［${m.label}${m.meta.year ? '，' + m.meta.year + '年' : ''}］覆盖 ${pct(m.coverage)}，片段 ${m.passages.length} 处`,
    );
    const src = sourceTexts.get(m.id) ?? '';
    const ps = [...m.passages].sort((a, b) => b.qn[1] - b.qn[0] - (a.qn[1] - a.qn[0])).slice(0, maxPassages);
    for (const p of ps) {
      out.push(`      本文 ${p.q[0]}–${p.q[1]}：${snippet(queryText, p.q[0], p.q[1])}`);
      out.push(`      来源 ${p.s[0]}–${p.s[1]}：${snippet(src, p.s[0], p.s[1])}`);
    }
    if (m.passages.length > ps.length) out.push(`      ……另有 ${m.passages.length - ps.length} 处`);
  }
  stock();
  out.push('  说明：本报告只列出证据，是否构成抄袭由审核人判断。');
  return out.join('\n') + '\n';
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const COLORS = ['#f8d7da', '#fff3cd', '#d1ecf1', '#d4edda', '#e2d9f3', '#fde2cf'];

/** Mark `ranges` (sorted or not, may overlap) of `text` with spans; each range carries a class and an id. */
function highlight(text: string, ranges: { s: number; e: number; cls: number; ref: string }[]): string {
  const rs = [...ranges].sort((a, b) => a.s - b.s);
  let out = '';
  let at = 0;
  for (const r of rs) {
    if (r.e <= at) continue;
    const s = Math.max(r.s, at);
    out += esc(text.slice(at, s));
    out += `<a class="c${r.cls % COLORS.length}" href="#${r.ref}" id="q-${r.ref}">${esc(text.slice(s, r.e))}</a>`;
    at = r.e;
  }
  return (out + esc(text.slice(at))).replace(/\n/g, '<br>');
}

/** A self-contained HTML report: the query with copied passages coloured, each source beside it. */
export function htmlReport(
  name: string,
  r: CheckResult,
  queryText: string,
  sourceTexts: ReadonlyMap<string, string>,
): string {
  const qRanges = r.matches.flatMap((m, i) =>
    m.passages.map((p, j) => ({ s: p.q[0], e: p.q[1], cls: i, ref: `s${i}-${j}` })),
  );
  const sources = r.matches
    .map((m, i) => {
      const src = sourceTexts.get(m.id) ?? '';
      const body = highlight(
        src,
        m.passages
          .map((p, j) => ({ s: p.s[0], e: p.s[1], cls: i, ref: `s${i}-${j}` }))
          .map((x) => ({ ...x, ref: x.ref })),
      );
      return `<section><h3><span class="c${i % COLORS.length}">来源 ${i + 1}</span> ${esc(m.id)}［${esc(m.label)}］覆盖 ${pct(m.coverage)}</h3><div class="text">${body.replace(/id="q-/g, 'id="').replace(/href="#/g, 'href="#q-')}</div></section>`;
    })
    .join('\n');
  const parts = r.parts.map((p) => `<li>${PART_NAMES[p.kind]}：${pct(p.ratio)}</li>`).join('');
  const stock = r.stock.length
    ? `<section class="stock"><h3>常见套话、通用段落（许多材料共有，不是抄自某一份材料，不计入来源）</h3><ul>${r.stock
        .map(
          (p) =>
            `<li>约 ${p.support} 份材料中也有（占全文 ${pct(r.chars ? (p.qn[1] - p.qn[0]) / r.chars : 0)}）${
              p.sources.length ? '，与' + p.sources.map((i) => `来源 ${i + 1}`).join('、') + '文字相同' : ''
            }：${esc(snippet(queryText, p.q[0], p.q[1], 80))}</li>`,
        )
        .join('')}</ul></section>`
    : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>查重报告 ${esc(name)}</title>
<style>
body{font-family:"Noto Serif CJK SC","仿宋",serif;margin:1.5em;line-height:1.8}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}.text{border:1px solid #ccc;padding:.8em;max-height:80vh;overflow:auto}
a{color:inherit;text-decoration:none}${COLORS.map((c, i) => `.c${i}{background:${c}}`).join('')}
.note{color:#555;font-size:.9em}
</style></head><body>
<h1>查重报告：${esc(name)}</h1>
<ul><li>总重复率：${pct(r.copyRatio)}（去除规范表述后 ${pct(r.copyRatioExcludingShared)}）</li>
<li>最大单一来源：${r.largest ? esc(r.largest.id) + '（' + pct(r.largest.coverage) + '）' : '无'}</li>
<li>最长重复片段：${r.longestRun} 字</li>${parts}
<li>常见套话、通用段落：${r.stock.length} 处，占全文 ${pct(r.stockRatio)}（不计为抄袭来源）</li>
<li>比对库：${r.corpus.size} 份；规范表述与高频表述不计为重复</li></ul>
<p class="note">本报告只列出证据，是否构成抄袭由审核人判断。</p>
<div class="grid"><section><h2>本文</h2><div class="text">${highlight(queryText, qRanges)}</div></section>
<div>${sources || '<p>未发现重复来源。</p>'}${stock}</div></div>
</body></html>
`;
}
