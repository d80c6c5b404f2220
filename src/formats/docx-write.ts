/**
 * .docx export in the layout of Chinese official documents (GB/T 9704-2012, see DOMAIN.md §5):
 *
 *   A4, margins top 37 mm / bottom 35 mm / left 28 mm / right 26 mm (type area 156 × 225 mm)
 *   title   方正小标宋简体 2号 (22 pt), centred
 *   body    仿宋_GB2312 3号 (16 pt), first-line indent of 2 characters, exact line spacing 28.9 pt
 *           (22 lines per page), characters narrowed by 0.25 pt for 28 characters per line
 *   byline  (author, unit or date under the title) 楷体_GB2312 3号, centred
 *   一、    黑体 3号            （一）… run-in heading in 楷体_GB2312 3号, then the body in 仿宋
 *   footer  "— 1 —" in 宋体 4号 (14 pt), odd pages right, even pages left, one character in
 *
 * The paragraphs are exactly `renderLines(m)`, so importing an export gives the same material.
 * The fonts are named (with `w:eastAsia`) so that Word/WPS use them; machines without them fall back.
 */
import { AlignmentType, Paragraph } from 'docx';
import type { MaterialContent, Material } from '../core/material/model.js';
import { renderLines, type RenderedLine } from '../core/material/render.js';
import {
  EXACT,
  FONTS,
  LAYOUT,
  bodyParagraph,
  gbt9704Document,
  heading1Paragraph,
  run,
  titleParagraph,
} from './gbt9704.js';
import { CN_NUMERALS } from '../core/text/numerals.js';

export { FONTS, LAYOUT };

/** A part heading of plain text ("一、存在的问题"): a 一、 marker on a short line with no sentence after it. */
const PART_HEADING = new RegExp(`^[${CN_NUMERALS}]{1,3}、`);
/** An item opened by （一） and a short lead sentence: its heading is set in bold. */
const ITEM_HEADING = new RegExp(`^[（(][${CN_NUMERALS}]{1,3}[）)][^。！？：:]{0,40}[。！？：:]`);

interface LayoutParagraph {
  role: 'title' | 'byline' | 'part' | 'item' | 'body';
  text: string;
  headingChars?: number;
}

function toParagraph(l: LayoutParagraph): Paragraph {
  switch (l.role) {
    case 'title':
      return titleParagraph(l.text);
    case 'byline':
      return new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: EXACT,
        children: [run(l.text, FONTS.heading2)],
      });
    case 'part':
      return heading1Paragraph(l.text);
    case 'item':
      return bodyParagraph(l.text, l.headingChars ?? 0);
    case 'body':
      return bodyParagraph(l.text);
  }
}

function build(lines: LayoutParagraph[], title: string, author?: string): Promise<Uint8Array> {
  return gbt9704Document({ title, author, children: lines.map(toParagraph) });
}

/** The material as a .docx in the official layout; its paragraphs are exactly `renderLines(m)`. */
export async function materialToDocx(
  m: MaterialContent | Material,
  opts: { author?: string } = {},
): Promise<Uint8Array> {
  return build(renderLines(m), m.title, opts.author);
}

/**
 * A plain document in the same layout: an optional title, then body paragraphs (a paragraph that
 * starts with "一、" is set in 黑体, one with a leading "（一）…。" heading gets it in 楷体).
 */
export async function paragraphsToDocx(
  title: string,
  paragraphs: string[],
  opts: { author?: string } = {},
): Promise<Uint8Array> {
  const lines: LayoutParagraph[] = [];
  if (title.trim()) lines.push({ role: 'title', text: title.trim() });
  for (const raw of paragraphs) {
    for (const t of raw
      .split('\n')
      .map((x) => x.trim())
      .filter(Boolean)) {
      if (PART_HEADING.test(t) && t.length <= 40 && !/[。；]./.test(t)) lines.push({ role: 'part', text: t });
      else {
        const m = ITEM_HEADING.exec(t);
        lines.push(m ? { role: 'item', text: t, headingChars: m[0].length } : { role: 'body', text: t });
      }
    }
  }
  return build(lines, title, opts.author);
}
