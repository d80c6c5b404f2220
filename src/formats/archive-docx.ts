/**
 * The meeting archive's documents (会议记录, 谈心谈话记录, 征求意见汇总表, 民主评议结果, 目录) as
 * .docx in the GB/T 9704 layout: the blocks of core/meeting/archive.ts set with the shared layout
 * helpers (gbt9704.ts). Tables (出席情况, registers) span the type area with thin borders, a header
 * row in 黑体 repeated on every page, cells in 仿宋 4号 (a table's usual size in official documents).
 *
 *   const bytes = await archiveDocToDocx(recordDoc(input), { author: org.name });
 */
import {
  AlignmentType,
  BorderStyle,
  LineRuleType,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { ArchiveBlock, ArchiveColumn, ArchiveDoc } from '../core/meeting/archive.js';
import {
  EXACT,
  FONTS,
  LAYOUT,
  bodyParagraph,
  emptyParagraph,
  gbt9704Document,
  heading1Paragraph,
  rightParagraph,
  run,
  titleParagraph,
} from './gbt9704.js';

/** The type area's width in twips (A4 minus the left and right margins). */
const TYPE_WIDTH = LAYOUT.pageWidth - LAYOUT.marginLeft - LAYOUT.marginRight;
/** 4号 = 14 pt, in half-points. */
const TABLE_SIZE = 28;
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

function cellParagraph(text: string, head: boolean, center: boolean): Paragraph {
  return new Paragraph({
    alignment: center ? AlignmentType.CENTER : AlignmentType.LEFT,
    spacing: { line: 360, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
    children: [run(text, head ? FONTS.heading1 : FONTS.body, TABLE_SIZE)],
  });
}

function table(columns: readonly ArchiveColumn[], rows: readonly string[][]): Table {
  const total = columns.reduce((s, c) => s + c.width, 0) || 1;
  const widths = columns.map((c) => Math.floor((TYPE_WIDTH * c.width) / total));
  // Short cells (序号, 姓名, 等次, 条数) centred; running text flush left.
  const centred = columns.map((_c, i) => rows.every((r) => (r[i] ?? '').length <= 8));
  const row = (cells: readonly string[], head: boolean) =>
    new TableRow({
      tableHeader: head,
      cantSplit: true,
      children: widths.map(
        (w, i) =>
          new TableCell({
            width: { size: w, type: WidthType.DXA },
            verticalAlign: VerticalAlign.CENTER,
            margins: { top: 40, bottom: 40, left: 80, right: 80 },
            children: (cells[i] ?? '').split('\n').map((t) => cellParagraph(t, head, head || centred[i])),
          }),
      ),
    });
  return new Table({
    width: { size: TYPE_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE },
    rows: [
      row(
        columns.map((c) => c.header),
        true,
      ),
      ...rows.map((r) => row(r, false)),
    ],
  });
}

function toChildren(blocks: readonly ArchiveBlock[]): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  let signed = false;
  for (const b of blocks) {
    switch (b.role) {
      case 'title':
        out.push(titleParagraph(b.text));
        break;
      case 'subtitle':
        out.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { ...EXACT, after: LAYOUT.line },
            children: [run(b.text, FONTS.heading2)],
          }),
        );
        break;
      case 'h1':
        out.push(heading1Paragraph(b.text));
        break;
      case 'h2':
        out.push(bodyParagraph(b.text, b.text.length));
        break;
      case 'body':
        out.push(bodyParagraph(b.text));
        break;
      case 'signature':
        // One empty line between the body and the first signature line.
        if (!signed) out.push(emptyParagraph());
        signed = true;
        out.push(rightParagraph(b.text, 4));
        break;
      case 'date':
        out.push(rightParagraph(b.text, 4));
        break;
      case 'table':
        out.push(table(b.columns, b.rows));
        break;
      default: {
        const never: never = b;
        throw new Error(`unknown block ${JSON.stringify(never)}`);
      }
    }
  }
  return out;
}

export function archiveDocToDocx(doc: ArchiveDoc, opts: { author?: string } = {}): Promise<Uint8Array> {
  return gbt9704Document({ title: doc.title, author: opts.author, children: toChildren(doc.blocks) });
}
