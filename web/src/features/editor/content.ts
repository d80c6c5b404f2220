/** The editable content of a material and small edits on it. */
import { contentOf, type Material, type MaterialContent } from '../../../../src/core/material/model';
import { extractDeadline } from '../../../../src/core/material/deadline';

export type EditorContent = MaterialContent & { parts?: Material['parts'] };

export function toEditorContent(m: Partial<Material> | null | undefined): EditorContent {
  if (!m || typeof m !== 'object') return emptyContent('');
  const c = contentOf({
    title: m.title ?? '',
    byline: m.byline,
    preface: m.preface ?? '',
    problems: (m.problems ?? []) as Material['problems'],
    causes: (m.causes ?? []) as Material['causes'],
    measures: (m.measures ?? []) as Material['measures'],
    closing: m.closing ?? '',
  });
  return { ...c, parts: m.parts?.map((p) => ({ ...p })), ...(m.fixes?.length ? { fixes: [...m.fixes] } : {}) };
}

export function emptyContent(title: string, aspects: { id: string; name: string }[] = []): EditorContent {
  return {
    title,
    preface: '',
    problems: aspects.map((a) => ({
      aspect: a.id,
      heading: `${a.name.replace(/方面$/, '')}方面`,
      text: '',
      points: [],
      examples: [],
    })),
    causes: [],
    measures: [],
    closing: '以上发言，请同志们批评指正。',
  };
}

/** Put a deadline phrase into a measure's text, replacing the one already stated. */
export function withDeadline(text: string, phrase: string | null): string {
  let t = text;
  const old = extractDeadline(t);
  if (old) {
    // Drop "（完成时限：…）" wrappers around the old phrase as well.
    const wrapped = new RegExp(`[（(]?(?:完成)?(?:时限|期限)[：:]?\\s*${escapeRe(old.text)}[）)]?[。；]?`);
    if (wrapped.test(t)) t = t.replace(wrapped, '');
    else if (old.kind === 'date') t = t.replace(old.text, '');
  }
  t = t.replace(/\s+$/, '');
  if (!phrase) return t;
  const sep = t && !/[。！？；]$/.test(t) ? '。' : '';
  return `${t}${sep}（完成时限：${phrase}）`;
}

function escapeRe(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const isBlank = (c: EditorContent) =>
  !c.title.trim() && !c.preface.trim() && !c.problems.length && !c.causes.length && !c.measures.length;
