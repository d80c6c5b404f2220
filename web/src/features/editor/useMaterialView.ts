/**
 * What the editor and the review page share: the rendered text of a content, the checks of it
 * (in a worker), findings with ids, and the marks to draw in the preview.
 */
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { renderLines } from '../../../../src/core/material/render';
import type { Framework, CommentThread } from '../../api/types';
import type { SimilarityPending, SimilarityReport } from '../../api/endpoints';
import type { EditorContent } from './content';
import { useChecks } from './useChecks';
import type { CheckResponse } from './checks.worker';
import type { IdFinding } from './ChecksPanel';
import type { Mark } from './TextPreview';
import { itemKey } from './MaterialForm';

const nothingToCheck: CheckResponse = {
  seq: 0,
  text: '',
  findings: [],
  outline: { problems: [], causes: [], measures: [] },
  ms: 0,
  engine: 'lint',
};

export function useMaterialView(
  content: EditorContent | null,
  opts: {
    framework: Framework | null;
    kind: '个人' | '班子';
    meetingYear?: number;
    comments: CommentThread[];
    /** The 查重 report (a version still being indexed has none: no marks). */
    similarity?: SimilarityReport | SimilarityPending;
    showSavedMarks: boolean;
  },
) {
  // The text preview follows the form: never on the keystroke's path, and not in the first paint.
  const deferred = useDeferredValue(content, null);
  const lines = useMemo(() => (deferred ? renderLines(deferred) : []), [deferred]);
  const text = useMemo(() => lines.map((l) => l.text).join('\n'), [lines]);
  const aspects = useMemo(() => deferred?.problems.map((p) => p.aspect), [deferred]);
  const ran = useChecks(text, {
    framework: opts.framework ?? undefined,
    kind: opts.kind,
    meetingYear: opts.meetingYear,
    aspects,
  });
  // A blank material has nothing to check (the worker is not asked): an empty answer, so that the
  // panel, which says 检查中 until there is an answer, does not wait for one forever.
  const checks = deferred !== null && !text.trim() && !ran.result ? { ...ran, result: nothingToCheck } : ran;
  const stale = !!checks.result && checks.result.text !== text;
  const findings = useMemo<IdFinding[]>(
    () => (checks.result?.findings ?? []).map((f, i) => ({ ...f, id: `f-${i}-${f.rule}-${f.start}` })),
    [checks.result],
  );
  const [activeId, setActiveId] = useState<string | null>(null);

  const marks = useMemo<Mark[]>(() => {
    const out: Mark[] = [];
    if (!stale)
      for (const f of findings)
        if (f.end > f.start)
          out.push({
            id: f.id,
            start: f.start,
            end: f.end,
            className: `sev-${f.severity}${f.id === activeId ? ' active' : ''}`,
            title: f.message,
          });
    const sim = opts.similarity && 'matches' in opts.similarity ? opts.similarity : undefined;
    if (opts.showSavedMarks) {
      sim?.matches.forEach((m, i) =>
        m.passages.forEach((p, j) =>
          out.push({
            id: `s-${i}-${j}`,
            start: p.q[0],
            end: p.q[1],
            className: `copied${activeId?.startsWith(`s-${i}-`) ? ' active' : ''}`,
            title: `与“${m.meta?.title ?? m.id}”重复（${m.label}）`,
          }),
        ),
      );
      sim?.stock?.forEach((p, k) =>
        out.push({
          id: `t-${k}`,
          start: p.q[0],
          end: p.q[1],
          className: `stock${activeId === `t-${k}` ? ' active' : ''}`,
          title: `通用段落：约 ${p.support} 份材料中也有，不是抄自某一份材料`,
        }),
      );
      for (const c of opts.comments)
        if (c.start !== null && c.end !== null && c.end > c.start)
          out.push({
            id: `c-${c.id}`,
            start: c.start,
            end: c.end,
            className: `comment${activeId === `c-${c.id}` ? ' active' : ''}`,
            title: `审核意见：${c.body}`,
          });
    }
    return out;
  }, [findings, stale, activeId, opts.similarity, opts.comments, opts.showSavedMarks]);

  // Marks change when the save state flips (saved passages hide while the text is being edited)
  // or a check finishes: the preview redraws them in the background, never on a keystroke's path —
  // a material that copied a template carries dozens of passages.
  const deferredMarks = useDeferredValue(marks);

  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const f of findings) {
      const k = itemKey(f.part, f.item);
      c[k] = (c[k] ?? 0) + 1;
    }
    return c;
  }, [findings]);

  /** Select a finding / passage / comment: highlight it and scroll both the text and the form to it. */
  const select = useCallback((id: string, part: string, item: number | null) => {
    setActiveId(id);
    requestAnimationFrame(() => {
      const mark = document.querySelector(`[data-mark-id="${CSS.escape(id)}"]`);
      mark?.scrollIntoView({ block: 'center', behavior: 'auto' });
      const card = document.getElementById(itemKey(part, item)) ?? document.getElementById(itemKey(part, null));
      if (card) {
        card.scrollIntoView({ block: 'nearest', behavior: 'auto' });
        card.classList.remove('flash');
        void (card as HTMLElement).offsetWidth;
        card.classList.add('flash');
      }
    });
  }, []);

  /** A click on a mark in the text: select its finding or comment (and scroll the form to it). */
  const comments = opts.comments;
  const onMarkClick = useCallback(
    (mid: string) => {
      const f = findings.find((x) => x.id === mid);
      const c = comments.find((x) => `c-${x.id}` === mid);
      select(mid, f?.part ?? c?.part ?? 'general', f?.item ?? c?.item ?? null);
    },
    [findings, select, comments],
  );

  return {
    lines,
    text,
    /** Whether lines and text are the content's (false until the deferred render has run). */
    textReady: deferred !== null,
    checks,
    stale,
    findings,
    marks: deferredMarks,
    counts,
    activeId,
    setActiveId,
    select,
    onMarkClick,
  };
}
