/**
 * The 查重 report as .docx (DOMAIN.md §6), in the GB/T 9704 layout of the other documents Jianshi
 * writes (src/formats/gbt9704.ts): summary figures (overall ratio, ratio excluding shared official
 * phrasing, largest single source, longest copied run, per-part ratios), the list of sources with
 * their labels, the text with copied passages coloured by source and marked 〔n〕 with the source's
 * number, and every passage side by side with its source. It presents evidence, not a verdict.
 *
 * Kept beside the index adapters because the document core (src/core) stays free of I/O and of the
 * docx package; it depends only on the CheckResult.
 */
import { AlignmentType, Paragraph, Table, TableCell, TableRow, WidthType, ShadingType } from 'docx';
import {
  bodyParagraph,
  EXACT,
  FONTS,
  gbt9704Document,
  heading1Paragraph,
  run,
  titleParagraph,
} from '../../formats/gbt9704.js';
import type { CheckResult } from '../../core/similarity/engine.js';

const PART_NAMES = { problems: '问题查摆', causes: '原因剖析', measures: '整改措施' } as const;
const COLORS = ['F8D7DA', 'FFF3CD', 'D1ECF1', 'D4EDDA', 'E2D9F3', 'FDE2CF'];
/** Stock passages (text many materials share) are shaded grey and marked 〔通〕, apart from sources. */
const STOCK_COLOR = 'E7E6E6';
const SMALL = 24; // 小四
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function para(children: ReturnType<typeof run>[], indent = true): Paragraph {
  return new Paragraph({
    spacing: { ...EXACT, line: 400 },
    indent: indent ? { firstLine: 480 } : undefined,
    alignment: AlignmentType.JUSTIFIED,
    children,
  });
}

function cell(text: string, shade?: string, bold = false): TableCell {
  return new TableCell({
    width: { size: 50, type: WidthType.PERCENTAGE },
    shading: shade ? { type: ShadingType.CLEAR, color: 'auto', fill: shade } : undefined,
    children: [
      new Paragraph({
        spacing: { before: 0, after: 0, line: 360 },
        children: [run(text, FONTS.body, SMALL, bold ? { bold: true } : {})],
      }),
    ],
  });
}

/**
 * The query text, copied passages shaded by source and followed by the source's number; stock
 * passages (not copied from a source) shaded grey and marked 〔通〕.
 */
function markedText(r: CheckResult, text: string): Paragraph[] {
  const ranges = [
    ...r.matches.flatMap((m, i) => m.passages.map((p) => ({ s: p.q[0], e: p.q[1], src: i }))),
    ...r.stock.map((p) => ({ s: p.q[0], e: p.q[1], src: -1 })),
  ].sort((a, b) => a.s - b.s || b.src - a.src);
  const out: Paragraph[] = [];
  let runs: ReturnType<typeof run>[] = [];
  const push = (t: string, src: number | null) => {
    const lines = t.split('\n');
    lines.forEach((line, k) => {
      if (k > 0) {
        out.push(para(runs));
        runs = [];
      }
      if (!line) return;
      runs.push(
        src === null
          ? run(line, FONTS.body, SMALL)
          : run(line, FONTS.body, SMALL, {
              shading: {
                type: ShadingType.CLEAR,
                color: 'auto',
                fill: src < 0 ? STOCK_COLOR : COLORS[src % COLORS.length],
              },
            }),
      );
    });
  };
  let at = 0;
  for (const x of ranges) {
    if (x.e <= at) continue;
    const s = Math.max(x.s, at);
    push(text.slice(at, s), null);
    push(text.slice(s, x.e), x.src);
    runs.push(
      x.src < 0
        ? run('〔通〕', FONTS.body, SMALL, { superScript: true, color: '666666' })
        : run(`〔${x.src + 1}〕`, FONTS.body, SMALL, { superScript: true, color: '990000' }),
    );
    at = x.e;
  }
  push(text.slice(at), null);
  if (runs.length) out.push(para(runs));
  return out;
}

/**
 * Render a check result as .docx bytes.
 *
 * @example await writeFile('报告.docx', await docxReport('张三发言', r, text, sources));
 */
export async function docxReport(
  name: string,
  r: CheckResult,
  queryText: string,
  sourceTexts: ReadonlyMap<string, string>,
  maxPassagesPerSource = 30,
): Promise<Uint8Array> {
  const title = `查重报告：${name}`;
  const children: (Paragraph | Table)[] = [titleParagraph('查重报告'), bodyParagraph(`材料：${name}`)];
  children.push(heading1Paragraph('一、总体情况'));
  const summary = [
    `比对库：${r.corpus.size} 份材料；规范表述及高频表述不计为重复（文档频次上限 ${r.corpus.cap}）。`,
    `总重复率：${pct(r.copyRatio)}；去除规范表述后：${pct(r.copyRatioExcludingShared)}。`,
    `最大单一来源：${r.largest ? `${r.largest.id}（${pct(r.largest.coverage)}）` : '无'}；最长重复片段：${r.longestRun} 字。`,
  ];
  if (r.parts.length)
    summary.push('分部分重复率：' + r.parts.map((p) => `${PART_NAMES[p.kind]} ${pct(p.ratio)}`).join('；') + '。');
  const stock = r.stock;
  summary.push(
    stock.length
      ? `常见套话、通用段落：${stock.length} 处，占全文 ${pct(r.stockRatio)}。这些文字许多材料中都有，不是从某一份材料抄来的，不计入任何来源（见第三部分）。`
      : '常见套话、通用段落：未发现。',
  );
  for (const s of summary) children.push(bodyParagraph(s));
  children.push(heading1Paragraph('二、重复来源（抄自具体材料）'));
  if (!r.matches.length) children.push(bodyParagraph('未发现与库内材料或网络范文重复的段落。'));
  r.matches.forEach((m, i) => {
    const meta = [m.label, m.meta.org, m.meta.year ? `${m.meta.year}年` : null].filter(Boolean).join('，');
    children.push(
      bodyParagraph(
        `〔${i + 1}〕${m.id}（${meta}）：覆盖 ${pct(m.coverage)}，片段 ${m.passages.length} 处，最长 ${m.longest} 字。`,
      ),
    );
  });
  children.push(heading1Paragraph('三、常见套话、通用段落（不计为抄袭来源）'));
  if (!stock.length) children.push(bodyParagraph('未发现许多材料共有的通用段落。'));
  stock.forEach((p) => {
    const share = r.chars ? (p.qn[1] - p.qn[0]) / r.chars : 0;
    const also = p.sources.length
      ? `；其中与来源${p.sources.map((i) => `〔${i + 1}〕`).join('')}文字相同，已计入该来源`
      : '';
    children.push(
      bodyParagraph(
        `〔通〕约 ${p.support} 份材料中也有（占全文 ${pct(share)}${also}）：${queryText.slice(p.q[0], p.q[1]).replace(/\s+/g, ' ')}`,
      ),
    );
  });
  children.push(heading1Paragraph('四、全文标注'));
  children.push(...markedText(r, queryText));
  if (r.matches.length) {
    children.push(heading1Paragraph('五、片段对照'));
    r.matches.forEach((m, i) => {
      const src = sourceTexts.get(m.id) ?? '';
      const rows = [
        new TableRow({
          tableHeader: true,
          children: [cell('本文', undefined, true), cell(`来源〔${i + 1}〕${m.id}`, undefined, true)],
        }),
      ];
      for (const p of m.passages.slice(0, maxPassagesPerSource)) {
        rows.push(
          new TableRow({
            children: [
              cell(`${p.q[0]}–${p.q[1]}：${queryText.slice(p.q[0], p.q[1])}`, COLORS[i % COLORS.length]),
              cell(`${p.s[0]}–${p.s[1]}：${src.slice(p.s[0], p.s[1])}`),
            ],
          }),
        );
      }
      children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }));
      if (m.passages.length > maxPassagesPerSource)
        children.push(bodyParagraph(`……另有 ${m.passages.length - maxPassagesPerSource} 处。`));
    });
  }
  children.push(bodyParagraph('说明：本报告只列出证据，是否构成抄袭由审核人判断。'));
  return gbt9704Document({ title, children: children as Paragraph[] });
}
