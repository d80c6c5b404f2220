/**
 * The full text as it will read on paper, with marks: lint findings, 查重 passages and review
 * comments, each pointing at `[start, end)` of the text. Lines are memoized: a keystroke re-renders
 * only the changed paragraph.
 */
import { memo, useMemo } from 'react';
import type { RenderedLine } from '../../../../src/core/material/render';

export interface Mark {
  id: string;
  start: number;
  end: number;
  className: string;
  title?: string;
}

const PRIORITY = ['active', 'comment', 'sev-error', 'sev-warning', 'sev-info', 'copied', 'stock'];
const rank = (m: Mark) => {
  const i = PRIORITY.findIndex((p) => m.className.split(' ').includes(p));
  return i < 0 ? 99 : i;
};

export const TextPreview = memo(function TextPreview({
  lines,
  marks,
  onMarkClick,
  testId = 'preview',
}: {
  lines: RenderedLine[];
  marks: Mark[];
  onMarkClick?: (id: string) => void;
  testId?: string;
}) {
  const rows = useMemo(() => {
    let off = 0;
    return lines.map((l) => {
      const r = { ...l, start: off, end: off + l.text.length };
      off = r.end + 1;
      return r;
    });
  }, [lines]);
  return (
    <div className="doc" data-testid={testId} lang="zh-CN">
      {rows.map((r, i) => {
        const mine = marks.filter((m) => m.end > r.start && m.start < r.end);
        return (
          <Line
            key={i}
            text={r.text}
            role={r.role}
            headingChars={r.headingChars}
            start={r.start}
            marks={mine}
            sig={mine.map((m) => `${m.id}:${m.start}:${m.end}:${m.className}`).join('|')}
            onMarkClick={onMarkClick}
          />
        );
      })}
    </div>
  );
});

const Line = memo(
  function Line({
    text,
    role,
    headingChars,
    start,
    marks,
    onMarkClick,
  }: {
    text: string;
    role: RenderedLine['role'];
    headingChars?: number;
    start: number;
    marks: Mark[];
    sig: string;
    onMarkClick?: (id: string) => void;
  }) {
    const cls = role === 'title' ? 'doc-title' : role === 'part' ? 'doc-part' : undefined;
    const bounds = new Set<number>([0, text.length]);
    if (role === 'item' && headingChars) bounds.add(Math.min(headingChars, text.length));
    for (const m of marks) {
      bounds.add(Math.max(0, m.start - start));
      bounds.add(Math.min(text.length, m.end - start));
    }
    const cuts = [...bounds].sort((a, b) => a - b);
    const out = [];
    for (let k = 0; k + 1 < cuts.length; k++) {
      const a = cuts[k];
      const b = cuts[k + 1];
      if (b <= a) continue;
      const seg = text.slice(a, b);
      const over = marks.filter((m) => m.start - start < b && m.end - start > a).sort((x, y) => rank(x) - rank(y));
      const isHead = role === 'item' && headingChars && a < headingChars;
      let node: React.ReactNode = seg;
      if (over.length) {
        const top = over[0];
        node = (
          <mark
            key={`m${a}`}
            className={[...new Set(over.flatMap((m) => m.className.split(' ')))].join(' ')}
            data-mark-id={top.id}
            title={
              over
                .map((m) => m.title)
                .filter(Boolean)
                .join('\n') || undefined
            }
            onClick={onMarkClick ? () => onMarkClick(top.id) : undefined}
          >
            {seg}
          </mark>
        );
      }
      out.push(
        isHead ? (
          <span key={`h${a}`} className="doc-item-head">
            {node}
          </span>
        ) : (
          <span key={`s${a}`}>{node}</span>
        ),
      );
    }
    return (
      <p className={cls} data-offset={start}>
        {out.length ? out : '\u00a0'}
      </p>
    );
  },
  (a, b) =>
    a.text === b.text &&
    a.role === b.role &&
    a.start === b.start &&
    a.sig === b.sig &&
    a.headingChars === b.headingChars &&
    a.onMarkClick === b.onMarkClick,
);
