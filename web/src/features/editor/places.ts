/** Where each rendered line belongs (part and item), and the text offset of a DOM selection. */
import type { RenderedLine } from '../../../../src/core/material/render';
import type { EditorContent } from './content';

export interface LinePlace {
  part: string;
  item: number | null;
  start: number;
  end: number;
}

export function linePlaces(content: EditorContent, lines: RenderedLine[]): LinePlace[] {
  const parts = (['problems', 'causes', 'measures'] as const).filter((k) => content[k].length > 0);
  let partIdx = -1;
  let item = -1;
  let where: string = 'preface';
  let off = 0;
  return lines.map((l, i) => {
    let part = where;
    let it: number | null = null;
    if (l.role === 'title') part = 'title';
    else if (l.role === 'part') {
      partIdx++;
      item = -1;
      where = parts[partIdx] ?? 'closing';
      part = where;
    } else if (l.role === 'item') {
      item++;
      it = item;
    } else if (where !== 'preface' && where !== 'title') {
      it = item >= 0 ? item : null;
    }
    // Body lines after the last item that are not part of it: the closing (rendered last).
    const closingLines = content.closing.split('\n').filter((s) => s.trim()).length;
    if (l.role === 'body' && i >= lines.length - closingLines && where !== 'preface') {
      part = 'closing';
      it = null;
    }
    const r = { part, item: it, start: off, end: off + l.text.length };
    off = r.end + 1;
    return r;
  });
}

/** `[start, end)` of the current selection inside a `.doc` preview, or null. */
export function selectionOffsets(container: HTMLElement | null): { start: number; end: number; quote: string } | null {
  const sel = window.getSelection();
  if (!container || !sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  const at = (node: Node, offset: number): number | null => {
    const el = (node.nodeType === 1 ? (node as Element) : node.parentElement)?.closest(
      'p[data-offset]',
    ) as HTMLElement | null;
    if (!el || !container.contains(el)) return null;
    const pre = document.createRange();
    pre.setStart(el, 0);
    pre.setEnd(node, offset);
    return Number(el.dataset.offset) + pre.toString().length;
  };
  const s = at(r.startContainer, r.startOffset);
  const e = at(r.endContainer, r.endOffset);
  if (s === null || e === null || e <= s) return null;
  return { start: s, end: e, quote: sel.toString().slice(0, 200) };
}
