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
import {
  AlignmentType,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IRunOptions,
} from 'docx';
import type { MaterialContent, Material } from '../core/material/model.js';
import { renderLines, type RenderedLine } from '../core/material/render.js';

// ---------------------------------------------------------------- layout constants (twips = 1/20 pt)

export const LAYOUT = {
  /** A4 in twips (docx's mm conversion gives 11905; the exact A4 value is 11906). */
  pageWidth: 11906,
  pageHeight: 16838,
  marginTop: 2098, // 37 mm
  marginBottom: 1984, // 35 mm
  marginLeft: 1587, // 28 mm
  marginRight: 1474, // 26 mm
  /** Footer distance from the page bottom: the top of the 4号 page number sits about 7 mm below the type area. */
  footer: 1304, // 23 mm
  /** Exact line height of the footer paragraph (so the footer never eats into the type area). */
  footerLine: 400, // 20 pt
  header: 851, // 15 mm
  /** Exact line spacing: 225 mm / 22 lines ≈ 28.95 pt. */
  line: 579,
  /**
   * Character spacing of 3号 text, in 1/20 pt: 156 mm = 442.2 pt holds 27.6 characters of 16 pt, so
   * each character is narrowed by 0.25 pt to give 28 per line. (A `linesAndChars` document grid would
   * do this in Word, but LibreOffice renders such a grid with 18 characters per line.)
   */
  charSpacing: -5,
  titleSize: 44, // half-points: 2号 = 22 pt
  bodySize: 32, // 3号 = 16 pt
  footerSize: 28, // 4号 = 14 pt
  /** One 4号 character, for the page number's distance from the edge. */
  footerIndent: 280,
} as const;

export const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

function font(name: string) {
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}

const LANG = { value: 'zh-CN', eastAsia: 'zh-CN' } as const;

function run(text: string, fontName: string, size: number = LAYOUT.bodySize, extra: Partial<IRunOptions> = {}): TextRun {
  return new TextRun({ text, font: font(fontName), size, language: LANG, ...(size === LAYOUT.bodySize ? { characterSpacing: LAYOUT.charSpacing } : {}), ...extra });
}

const exact = { line: LAYOUT.line, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const;
/** First-line indent of two characters (w:firstLineChars = 200, with a twips fallback of 2 × 16 pt). */
const indent2 = { firstLine: 640, firstLineChars: 200 } as const;

function pageNumberFooter(align: 'right' | 'left'): Footer {
  const r = (children: (string | (typeof PageNumber)[keyof typeof PageNumber])[]) =>
    new TextRun({ children, font: font(FONTS.pageNumber), size: LAYOUT.footerSize, language: LANG });
  return new Footer({
    children: [
      new Paragraph({
        alignment: align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        spacing: { line: LAYOUT.footerLine, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
        indent: align === 'right' ? { right: LAYOUT.footerIndent } : { left: LAYOUT.footerIndent },
        children: [r(['— ']), r([PageNumber.CURRENT]), r([' —'])],
      }),
    ],
  });
}

interface LayoutParagraph {
  role: 'title' | 'byline' | 'part' | 'item' | 'body';
  text: string;
  headingChars?: number;
}

function toParagraph(l: LayoutParagraph): Paragraph {
  switch (l.role) {
    case 'title':
      return new Paragraph({
        style: 'Title',
        alignment: AlignmentType.CENTER,
        spacing: { ...exact, after: LAYOUT.line },
        children: [run(l.text, FONTS.title, LAYOUT.titleSize)],
      });
    case 'byline':
      return new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact, children: [run(l.text, FONTS.heading2)] });
    case 'byline':
      return new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact, children: [run(l.text, FONTS.heading2)] });
    case 'part':
      return new Paragraph({
        style: 'Heading1',
        alignment: AlignmentType.JUSTIFIED,
        spacing: exact,
        indent: indent2,
        children: [run(l.text, FONTS.heading1)],
      });
    case 'item': {
      const h = Math.max(0, Math.min(l.text.length, l.headingChars ?? 0));
      const children = [run(l.text.slice(0, h), FONTS.heading2)];
      if (h < l.text.length) children.push(run(l.text.slice(h), FONTS.body));
      return new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: exact, indent: indent2, children });
    }
    case 'body':
    default:
      return new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: exact, indent: indent2, children: [run(l.text, FONTS.body)] });
  }
}

async function build(lines: LayoutParagraph[], title: string, author?: string): Promise<Uint8Array> {
  const styleRun = (name: string, size: number) => ({ font: font(name), size, bold: false, color: '000000', language: LANG });
  const doc = new Document({
    creator: author ?? 'Jianshi',
    lastModifiedBy: author ?? 'Jianshi',
    title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font(FONTS.body), size: LAYOUT.bodySize, language: LANG },
          paragraph: { spacing: exact },
        },
      },
      paragraphStyles: [
        { id: 'Title', name: 'Title', basedOn: 'Normal', next: 'Normal', run: styleRun(FONTS.title, LAYOUT.titleSize), paragraph: { alignment: AlignmentType.CENTER } },
        { id: 'Heading1', name: 'heading 1', basedOn: 'Normal', next: 'Normal', run: styleRun(FONTS.heading1, LAYOUT.bodySize), paragraph: { outlineLevel: 0 } },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: LAYOUT.pageWidth, height: LAYOUT.pageHeight },
            margin: {
              top: LAYOUT.marginTop,
              bottom: LAYOUT.marginBottom,
              left: LAYOUT.marginLeft,
              right: LAYOUT.marginRight,
              header: LAYOUT.header,
              footer: LAYOUT.footer,
              gutter: 0,
            },
          },
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children: lines.length ? lines.map(toParagraph) : [new Paragraph({ children: [] })],
      },
    ],
  });
  const buf = await Packer.toBuffer(doc);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** The material as a .docx in the official layout; its paragraphs are exactly `renderLines(m)`. */
export async function materialToDocx(m: MaterialContent | Material, opts: { author?: string } = {}): Promise<Uint8Array> {
  return build(renderLines(m), m.title, opts.author);
}

/**
 * A plain document in the same layout: an optional title, then body paragraphs (a paragraph that
 * starts with "一、" is set in 黑体, one with a leading "（一）…。" heading gets it in 楷体).
 */
export async function paragraphsToDocx(title: string, paragraphs: string[], opts: { author?: string } = {}): Promise<Uint8Array> {
  const lines: LayoutParagraph[] = [];
  if (title.trim()) lines.push({ role: 'title', text: title.trim() });
  for (const raw of paragraphs) {
    for (const t of raw.split('\n').map((x) => x.trim()).filter(Boolean)) {
      if (/^[一二三四五六七八九十]{1,3}、/.test(t) && t.length <= 40 && !/[。；]./.test(t)) lines.push({ role: 'part', text: t });
      else {
        const m = /^[（(][一二三四五六七八九十]{1,3}[）)][^。！？：:]{0,40}[。！？：:]/.exec(t);
        lines.push(m ? { role: 'item', text: t, headingChars: m[0].length } : { role: 'body', text: t });
      }
    }
  }
  return build(lines, title, opts.author);
}
