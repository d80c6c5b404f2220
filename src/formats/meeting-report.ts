/**
 * The meeting report (会议情况报告) as a .docx in the GB/T 9704 layout: the blocks of
 * core/meeting/report.ts set with the shared layout helpers (gbt9704.ts) — title in 小标宋 2号,
 * 主送 flush left, body in 仿宋 3号, "一、" headings in 黑体, run-in "（一）" headings in 楷体,
 * signature and date on the right, page numbers "— n —".
 *
 *   const bytes = await meetingReportToDocx(renderReport(input));
 */
import type { ReportBlock, ReportContent } from '../core/meeting/report.js';
import {
  addresseeParagraph,
  bodyParagraph,
  emptyParagraph,
  gbt9704Document,
  heading1Paragraph,
  rightParagraph,
  titleParagraph,
} from './gbt9704.js';
import type { Paragraph } from 'docx';
import { cutChars, xmlSafe } from '../core/text/xml-safe.js';

function toParagraphs(blocks: readonly ReportBlock[]): Paragraph[] {
  const out: Paragraph[] = [];
  for (const b of blocks) {
    switch (b.role) {
      case 'title':
        out.push(titleParagraph(b.text));
        break;
      case 'addressee':
        out.push(addresseeParagraph(b.text));
        break;
      case 'h1':
        out.push(heading1Paragraph(b.text));
        break;
      case 'signature':
        // One empty line between the body and the signature.
        out.push(emptyParagraph(), rightParagraph(b.text, 4));
        break;
      case 'date':
        out.push(rightParagraph(b.text, 4));
        break;
      case 'h2':
      case 'body':
        out.push(bodyParagraph(b.text, b.role === 'h2' ? b.text.length : (b.headChars ?? 0)));
        break;
      default: {
        const never: never = b.role;
        throw new Error(`unknown block ${String(never)}`);
      }
    }
  }
  return out;
}

export async function meetingReportToDocx(content: ReportContent, opts: { author?: string } = {}): Promise<Uint8Array> {
  return gbt9704Document({ title: content.title, author: opts.author, children: toParagraphs(content.blocks) });
}

/** A file name for the download: the title, without characters file systems refuse. */
export function meetingReportFileName(content: ReportContent): string {
  return `${cutChars(xmlSafe(content.title).replace(/[\\/:*?"<>|\s]+/g, ''), 80) || '会议情况报告'}.docx`;
}
