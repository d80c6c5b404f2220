/**
 * Building blocks of the GB/T 9704-2012 layout (DOMAIN.md §5) for any generated document — the
 * material export (docx-write.ts), the meeting report, the 查重 report — so every document Jianshi
 * writes has one layout.
 *
 *   const bytes = await gbt9704Document({ title, children: [titleParagraph(title), bodyParagraph('正文')] });
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
  type Table,
} from 'docx';
import { xmlSafe } from '../core/text/xml-safe.js';
// Layout constants (twips = 1/20 pt)

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

export function font(name: string) {
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}

export const LANG = { value: 'zh-CN', eastAsia: 'zh-CN' } as const;

/** A run of text in a named font; 3号 runs are narrowed so that a line holds 28 characters. */
export function run(
  text: string,
  fontName: string,
  size: number = LAYOUT.bodySize,
  extra: Partial<IRunOptions> = {},
): TextRun {
  return new TextRun({
    text: xmlSafe(text),
    font: font(fontName),
    size,
    language: LANG,
    ...(size === LAYOUT.bodySize ? { characterSpacing: LAYOUT.charSpacing } : {}),
    ...extra,
  });
}

/** Exact line spacing giving 22 lines per page. */
export const EXACT = { line: LAYOUT.line, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const;
/** First-line indent of two characters. */
export const INDENT_2 = { firstLine: 640, firstLineChars: 200 } as const;
/** One 3号 character, in twips. */
export const CHAR = 320;

/** "— 1 —" in 宋体 4号, right on odd pages and left on even ones, one character in from the edge. */
export function pageNumberFooter(align: 'right' | 'left'): Footer {
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

/** Title: 2号 小标宋, centred, followed by one empty line. */
export function titleParagraph(text: string): Paragraph {
  return new Paragraph({
    style: 'Title',
    alignment: AlignmentType.CENTER,
    spacing: { ...EXACT, after: LAYOUT.line },
    children: [run(text, FONTS.title, LAYOUT.titleSize)],
  });
}

/** 主送机关: flush left, no indent, 仿宋 3号. */
export function addresseeParagraph(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.LEFT, spacing: EXACT, children: [run(text, FONTS.body)] });
}

/** "一、……" in 黑体 3号, indented like the body. */
export function heading1Paragraph(text: string): Paragraph {
  return new Paragraph({
    style: 'Heading1',
    alignment: AlignmentType.JUSTIFIED,
    spacing: EXACT,
    indent: INDENT_2,
    children: [run(text, FONTS.heading1)],
  });
}

/** A body paragraph in 仿宋; its first `headChars` characters (a run-in "（一）……。" heading) in 楷体. */
export function bodyParagraph(text: string, headChars = 0): Paragraph {
  const h = Math.max(0, Math.min(text.length, headChars));
  const children = h ? [run(text.slice(0, h), FONTS.heading2)] : [];
  if (h < text.length) children.push(run(text.slice(h), FONTS.body));
  return new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: EXACT, indent: INDENT_2, children });
}

/** 署名 / 成文日期: right-aligned, `rightChars` characters in from the right margin. */
export function rightParagraph(text: string, rightChars = 4): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.RIGHT,
    spacing: EXACT,
    indent: { right: rightChars * CHAR },
    children: [run(text, FONTS.body)],
  });
}

export function emptyParagraph(): Paragraph {
  return new Paragraph({ spacing: EXACT, children: [] });
}

/** A complete A4 document in the official layout with page numbers. */
export async function gbt9704Document(opts: {
  title: string;
  author?: string;
  /** Paragraphs, and tables where a document has them (the archive's registers). */
  children: (Paragraph | Table)[];
}): Promise<Uint8Array> {
  const styleRun = (name: string, size: number) => ({
    font: font(name),
    size,
    bold: false,
    color: '000000',
    language: LANG,
  });
  const doc = new Document({
    creator: xmlSafe(opts.author ?? 'Jianshi'),
    lastModifiedBy: xmlSafe(opts.author ?? 'Jianshi'),
    title: xmlSafe(opts.title),
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font(FONTS.body), size: LAYOUT.bodySize, language: LANG },
          paragraph: { spacing: EXACT },
        },
      },
      paragraphStyles: [
        {
          id: 'Title',
          name: 'Title',
          basedOn: 'Normal',
          next: 'Normal',
          run: styleRun(FONTS.title, LAYOUT.titleSize),
          paragraph: { alignment: AlignmentType.CENTER },
        },
        {
          id: 'Heading1',
          name: 'heading 1',
          basedOn: 'Normal',
          next: 'Normal',
          run: styleRun(FONTS.heading1, LAYOUT.bodySize),
          paragraph: { outlineLevel: 0 },
        },
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
        children: opts.children.length ? opts.children : [emptyParagraph()],
      },
    ],
  });
  const buf = await Packer.toBuffer(doc);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
