/**
 * Canonical rendering of a material as paragraphs: the one layout that the text, Markdown and
 * .docx exports share, and that the importer reads back to the same material
 * (`parse(render(m))` has the content of `m`).
 *
 *   2023年度民主生活会个人对照检查材料          ← title
 *   按照……                                     ← preface
 *   一、存在的问题                              ← part (黑体 in .docx)
 *   （一）理论学习方面。在学习上浅尝辄止……       ← item, run-in heading (楷体) + body
 *   二、原因剖析 …  三、整改措施 …
 *   以上发言，请同志们批评指正。               ← closing
 */
import type { MaterialContent, PartKind } from './model.js';
import { toChineseNumeral } from '../text/numerals.js';

export type LineRole = 'title' | 'byline' | 'part' | 'item' | 'body';

export interface RenderedLine {
  text: string;
  role: LineRole;
  /** For 'item' lines: characters of the run-in heading (numbering + heading + its full stop). */
  headingChars?: number;
}

export const DEFAULT_PART_HEADINGS: Record<PartKind, string> = {
  problems: '存在的问题',
  causes: '原因剖析',
  measures: '整改措施',
};

/** Part headings and lead-ins as written; positions are not needed to render. */
type Renderable = MaterialContent & {
  parts?: readonly { kind: PartKind; heading: string; intro?: string }[];
  byline?: string;
};

function paragraphs(s: string): string[] {
  return s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
}

function item(n: number, heading: string, text: string): RenderedLine[] {
  const marker = `（${toChineseNumeral(n)}）`;
  const body = paragraphs(text);
  const h = heading.trim();
  if (!h)
    return body.length
      ? [
          { text: marker + body[0], role: 'item', headingChars: marker.length },
          ...body.slice(1).map((t) => ({ text: t, role: 'body' as const })),
        ]
      : [{ text: marker, role: 'item', headingChars: marker.length }];
  const head = marker + h + (/[。！？：:；]$/.test(h) || body.length === 0 ? '' : '。');
  if (!body.length) return [{ text: head, role: 'item', headingChars: head.length }];
  return [
    { text: head + body[0], role: 'item', headingChars: head.length },
    ...body.slice(1).map((t) => ({ text: t, role: 'body' as const })),
  ];
}

export function renderLines(m: Renderable): RenderedLine[] {
  const out: RenderedLine[] = [];
  if (m.title.trim()) out.push({ text: m.title.trim(), role: 'title' });
  for (const b of paragraphs(m.byline ?? '')) out.push({ text: b, role: 'byline' });
  for (const p of paragraphs(m.preface)) out.push({ text: p, role: 'body' });
  const partHeading = (k: PartKind) => m.parts?.find((p) => p.kind === k)?.heading || DEFAULT_PART_HEADINGS[k];
  let n = 0;
  const part = (k: PartKind, items: { heading: string; text: string }[]) => {
    if (!items.length) return;
    n++;
    out.push({ text: `${toChineseNumeral(n)}、${partHeading(k)}`, role: 'part' });
    const intro = m.parts?.find((p) => p.kind === k)?.intro;
    if (intro) for (const p of paragraphs(intro)) out.push({ text: p, role: 'body' });
    items.forEach((it, i) => out.push(...item(i + 1, it.heading, it.text)));
  };
  part('problems', m.problems);
  part('causes', m.causes);
  part('measures', m.measures);
  for (const p of paragraphs(m.closing)) out.push({ text: p, role: 'body' });
  return out;
}

/** Plain text, one paragraph per line. */
export function renderText(m: Renderable): string {
  return (
    renderLines(m)
      .map((l) => l.text)
      .join('\n') + '\n'
  );
}

/** Markdown: title as #, parts as ##, run-in headings in bold. */
export function renderMarkdown(m: Renderable): string {
  return (
    renderLines(m)
      .map((l) => {
        switch (l.role) {
          case 'title':
            return `# ${l.text}`;
          case 'byline':
            return l.text;
          case 'part':
            return `## ${l.text}`;
          case 'item':
            return l.headingChars && l.headingChars < l.text.length
              ? `**${l.text.slice(0, l.headingChars)}**${l.text.slice(l.headingChars)}`
              : `**${l.text}**`;
          case 'body':
            return l.text;
        }
      })
      .join('\n\n') + '\n'
  );
}
