/**
 * Corrections of a material's structure by its author, where the parser read it wrong: a paragraph
 * becomes the heading of a problem / cause / measure, an item becomes body text again, two items
 * are joined, an item moves to another part, a problem gets its aspect. No text is typed again.
 *
 * The content is seen as one sequence of paragraphs in document order (`flatten`), each with a
 * role: preface, a part's lead-in (intro), an item's heading (head), body text of the item before
 * it, closing. A correction changes roles and moves blocks in that sequence, and the content is
 * built again from it.
 *
 * Every correction is a `StructureFix` naming its paragraph by the paragraph's normalised opening
 * text (numbering, punctuation and spaces left out), not by position: the editor applies it with
 * `applyFix` and keeps it in the material's `fixes`; when the same text is imported again and parsed
 * again, `applyFixes` replays the list on the new parse and reports the ones whose paragraph is no
 * longer there.
 */
import type { MaterialContent, PartKind, StructureFix } from './model.js';
import { extractDeadline } from './deadline.js';
import { CN_NUMERALS } from '../text/numerals.js';
import { DEFAULT_PART_HEADINGS } from './render.js';
import { assignAspects, type Framework } from '../frameworks/framework.js';

export const PART_KINDS: readonly PartKind[] = ['problems', 'causes', 'measures'];
export const PART_LABELS: Record<PartKind, string> = { problems: '问题', causes: '原因', measures: '措施' };

type PartLike = { kind: PartKind; heading: string; intro?: string };
export type Restructurable = MaterialContent & { parts?: readonly PartLike[] };

type Problem = MaterialContent['problems'][number];
type Cause = MaterialContent['causes'][number];
type Measure = MaterialContent['measures'][number];
type Item = Problem | Cause | Measure;

export type EntryRole = 'preface' | 'intro' | 'head' | 'body' | 'closing';

export interface Entry {
  role: EntryRole;
  /** Part of a lead-in or an item heading. */
  kind?: PartKind;
  /** The paragraph; for a head, the item's heading. */
  text: string;
  /** A problem's aspect (heads of problems). */
  aspect?: string | null;
  /** The item as it was before any correction (its points, examples and deadline are reused if unchanged). */
  orig?: Item;
}

/** An entry with the name a correction gives it. */
export interface KeyedEntry extends Entry {
  key: string;
  n: number;
}

/** Characters of the normalised opening that name a paragraph. */
export const KEY_CHARS = 60;

// The markers a paragraph's key leaves out; keys are stored with the author's fixes, so this stays as it was.
const LEADING_MARKER = new RegExp(
  String.raw`^(?:[（(][${CN_NUMERALS}百\d]+[）)]|[${CN_NUMERALS}百]+[、.．]|\d+[、.．)）]|[①-⑳]|第[${CN_NUMERALS}]+[，,、：:]?|[${CN_NUMERALS}]+是[，,：:]?)`,
);

/** A paragraph's name: its text without leading numbering, punctuation and spaces, cut to KEY_CHARS. */
export function paragraphKey(text: string): string {
  let s = text.trim();
  for (let i = 0; i < 2; i++) {
    const m = LEADING_MARKER.exec(s);
    if (!m) break;
    s = s.slice(m[0].length).trim();
  }
  return s.replace(/[^\p{L}\p{N}]/gu, '').slice(0, KEY_CHARS);
}

const RUN_IN_END = /[。！？：:；]$/;

/** An item's heading and first paragraph as one paragraph (as the canonical text writes it). */
export function runIn(heading: string, body: string): string {
  const h = heading.trim();
  if (!h) return body;
  if (!body) return h;
  return h + (RUN_IN_END.test(h) ? '' : '。') + body;
}

/** Endings of a lead-in phrase a parser may have cut off at its comma ("具体来说，…", "一是，…"). */
const LEAD_IN_END =
  /(?:来说|来看|而言|看来|是|如|例如|比如|首先|其次|再次|最后|同时|此外|另外|具体|尤其|特别|总之|一方面|另一方面|对此|为此|因此|其中)$/;

/**
 * An item's heading joined back to its first paragraph when the item becomes body text: like
 * `runIn`, but a heading that is only a lead-in phrase ("具体来说") continues with a comma, as it
 * was written, not with a full stop.
 */
export function joinHeading(heading: string, body: string): string {
  const h = heading.trim();
  if (!h || !body || RUN_IN_END.test(h) || /[，,、]$/.test(h)) return runIn(h, body);
  return h + (LEAD_IN_END.test(h) || [...h].length <= 3 ? '，' : '。') + body;
}

/**
 * A paragraph turned into an item: a short one is all heading; a longer one gives its first
 * sentence (up to 。！？：；, outside brackets and quotes) to the heading and the rest to the body,
 * so that `runIn(heading, body)` is the paragraph again.
 */
export function splitHeading(text: string): { heading: string; body: string } {
  const t = text.trim();
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if ('（(“《【'.includes(ch)) depth++;
    else if ('）)”》】'.includes(ch) && depth > 0) depth--;
    else if (depth === 0 && '。！？：；'.includes(ch)) {
      const heading = ch === '。' ? t.slice(0, i) : t.slice(0, i + 1);
      return { heading, body: t.slice(i + 1).trim() };
    }
  }
  return { heading: t, body: '' };
}

function paras(s: string | undefined): string[] {
  return (s ?? '')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** The content as one sequence of paragraphs in document order. */
export function flatten(c: Restructurable): KeyedEntry[] {
  const out: Entry[] = [];
  for (const p of paras(c.preface)) out.push({ role: 'preface', text: p });
  for (const kind of PART_KINDS) {
    for (const p of paras(c.parts?.find((x) => x.kind === kind)?.intro)) out.push({ role: 'intro', kind, text: p });
    for (const it of c[kind] as Item[]) {
      out.push({
        role: 'head',
        kind,
        text: it.heading.trim(),
        ...(kind === 'problems' ? { aspect: (it as Problem).aspect } : {}),
        orig: it,
      });
      for (const p of paras(it.text)) out.push({ role: 'body', text: p });
    }
  }
  for (const p of paras(c.closing)) out.push({ role: 'closing', text: p });
  return withKeys(out);
}

function withKeys(entries: Entry[]): KeyedEntry[] {
  const seen = new Map<string, number>();
  return entries.map((e, i) => {
    const key = keyAt(entries, i);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return { ...e, key, n };
  });
}

function keyAt(entries: readonly Entry[], i: number): string {
  const e = entries[i];
  if (e.role !== 'head') return paragraphKey(e.text);
  const next = entries[i + 1];
  return paragraphKey(runIn(e.text, next?.role === 'body' ? next.text : ''));
}

/** End (exclusive) of the block of the head at `i`: the head and the body paragraphs after it. */
function blockEnd(entries: readonly Entry[], i: number): number {
  let j = i + 1;
  while (j < entries.length && entries[j].role === 'body') j++;
  return j;
}

function build<C extends Restructurable>(base: C, entries: readonly Entry[]): C {
  const preface: string[] = [];
  const closing: string[] = [];
  const intros: Record<PartKind, string[]> = { problems: [], causes: [], measures: [] };
  const items: Record<PartKind, { e: Entry; paras: string[] }[]> = { problems: [], causes: [], measures: [] };
  let cur: { e: Entry; paras: string[] } | null = null;
  for (const e of entries) {
    switch (e.role) {
      case 'preface':
        preface.push(e.text);
        cur = null;
        break;
      case 'closing':
        closing.push(e.text);
        cur = null;
        break;
      case 'intro':
        intros[e.kind!].push(e.text);
        cur = null;
        break;
      case 'head':
        cur = { e, paras: [] };
        items[e.kind!].push(cur);
        break;
      case 'body':
        if (cur) cur.paras.push(e.text);
        else preface.push(e.text);
        break;
    }
  }
  const unchanged = (x: { e: Entry; paras: string[] }, kind: PartKind) => {
    const o = x.e.orig;
    return (
      !!o && itemKindOf(o) === kind && o.heading.trim() === x.e.text && paras(o.text).join('\n') === x.paras.join('\n')
    );
  };
  const problems: Problem[] = items.problems.map((x) => {
    const text = x.paras.join('\n');
    const o = unchanged(x, 'problems') ? (x.e.orig as Problem) : null;
    return {
      aspect: x.e.aspect ?? null,
      heading: x.e.text,
      text,
      points: o ? [...o.points] : [],
      examples: o ? [...o.examples] : [],
    };
  });
  const causes: Cause[] = items.causes.map((x) => ({ heading: x.e.text, text: x.paras.join('\n') }));
  const measures: Measure[] = items.measures.map((x) => {
    const text = x.paras.join('\n');
    const o = unchanged(x, 'measures') ? (x.e.orig as Measure) : null;
    return {
      heading: x.e.text,
      text,
      deadline: o ? o.deadline : (extractDeadline(runIn(x.e.text, text))?.text ?? null),
    };
  });
  let parts: PartLike[] | undefined = base.parts?.map((p) => ({ ...p, intro: intros[p.kind].join('\n') }));
  for (const kind of PART_KINDS)
    if (intros[kind].length && !parts?.some((p) => p.kind === kind)) {
      // A part with a lead-in but no heading of its own: the default heading (and an empty span, as the editor keeps parts).
      const added: PartLike & { span: { start: number; end: number } } = {
        kind,
        heading: DEFAULT_PART_HEADINGS[kind],
        intro: intros[kind].join('\n'),
        span: { start: 0, end: 0 },
      };
      parts = [...(parts ?? []), added];
    }
  return {
    ...base,
    preface: preface.join('\n'),
    problems,
    causes,
    measures,
    closing: closing.join('\n'),
    ...(parts ? { parts } : {}),
  };
}

function itemKindOf(o: Item): PartKind {
  if ('aspect' in o) return 'problems';
  if ('deadline' in o) return 'measures';
  return 'causes';
}

/** Index of the entry a fix names, or -1. */
function locate(entries: readonly KeyedEntry[], key: string, n = 0): number {
  if (!key) return -1;
  return entries.findIndex((e) => e.key === key && e.n === n);
}

/** The paragraph at `i` becomes the heading of a new item of `kind` (an item of another part moves there). */
function promote(entries: Entry[], i: number, kind: PartKind): boolean {
  const e = entries[i];
  if (e.role === 'head') return e.kind === kind ? true : move(entries, i, kind);
  let at = i;
  // The first paragraph of an item without a heading: that item gets it.
  const prev = entries[i - 1];
  if (e.role === 'body' && prev?.role === 'head' && !prev.text) {
    entries.splice(i - 1, 1);
    at = i - 1;
  }
  const zone = e.role;
  const { heading, body } = splitHeading(withoutNumber(e.text));
  const head: Entry = { role: 'head', kind, text: heading, ...(kind === 'problems' ? { aspect: null } : {}) };
  entries.splice(at, 1, head, ...(body ? [{ role: 'body' as const, text: body }] : []));
  // The rest of a preface, lead-in or closing after the paragraph belongs to the new item.
  if (zone !== 'body')
    for (let j = at + (body ? 2 : 1); j < entries.length && entries[j].role === zone; j++)
      entries[j] = { role: 'body', text: entries[j].text };
  return true;
}

/** The item at `i` becomes body text: of the item before it in its part, or the part's lead-in when it is the first. */
function demote(entries: Entry[], i: number, mustMerge: boolean): boolean {
  const e = entries[i];
  // Already body text (a later parse reads it so): nothing to do.
  if (e.role === 'body') return true;
  if (e.role !== 'head') return false;
  let prevHead = -1;
  for (let j = i - 1; j >= 0; j--)
    if (entries[j].role === 'head' && entries[j].kind === e.kind) {
      prevHead = j;
      break;
    }
  if (mustMerge && prevHead < 0) return false;
  const end = blockEnd(entries, i);
  const block = entries.slice(i + 1, end).map((x) => x.text);
  const texts = block.length ? [joinHeading(e.text, block[0]), ...block.slice(1)] : e.text ? [e.text] : [];
  entries.splice(i, end - i);
  if (prevHead < 0) {
    entries.splice(i, 0, ...texts.map((text) => ({ role: 'intro' as const, kind: e.kind, text })));
    return true;
  }
  const at = blockEnd(entries, prevHead);
  entries.splice(at, 0, ...texts.map((text) => ({ role: 'body' as const, text })));
  return true;
}

/** The item at `i` moves to the end of part `to`. */
function move(entries: Entry[], i: number, to: PartKind): boolean {
  const e = entries[i];
  if (e.role !== 'head') return false;
  if (e.kind === to) return true;
  const end = blockEnd(entries, i);
  const block = entries.splice(i, end - i);
  const head: Entry = { role: 'head', kind: to, text: e.text, orig: e.orig };
  if (to === 'problems') head.aspect = null;
  block[0] = head;
  let at = -1;
  for (let j = 0; j < entries.length; j++) if (entries[j].role === 'head' && entries[j].kind === to) at = j;
  if (at >= 0) at = blockEnd(entries, at);
  else {
    // No item in that part yet: after the last item of the parts before it, else before the closing.
    const order = PART_KINDS.indexOf(to);
    at = entries.findIndex(
      (x) => x.role === 'closing' || ((x.role === 'head' || x.role === 'intro') && PART_KINDS.indexOf(x.kind!) > order),
    );
    if (at < 0) at = entries.length;
  }
  entries.splice(at, 0, ...block);
  return true;
}

/**
 * Numbering markers inside a paragraph where a new point starts: after a sentence or clause
 * boundary, "二是" / "（二）" / "2." / "②" / "第二，" / "其二，". The opening of the paragraph is not one.
 */
const INNER_MARKER = new RegExp(
  String.raw`(?<=[。；;！？!?，,：:）)\s])(?:[${CN_NUMERALS}]+是|[（(][${CN_NUMERALS}\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)|[①-⑳]|第[${CN_NUMERALS}]+[，,、：:]|其[${CN_NUMERALS}][，,、：:])`,
  'gu',
);

/** A marker inside a paragraph where it can be split: its text, its occurrence among equal markers, its position. */
export interface SplitPoint {
  at: string;
  k: number;
  index: number;
}

/** The places a paragraph can be split at (its inner numbering markers), in order. */
export function splitPoints(text: string): SplitPoint[] {
  const out: SplitPoint[] = [];
  const seen = new Map<string, number>();
  for (const m of text.matchAll(INNER_MARKER)) {
    if (!m.index || !text.slice(0, m.index).trim()) continue;
    const k = seen.get(m[0]) ?? 0;
    seen.set(m[0], k + 1);
    out.push({ at: m[0], k, index: m.index });
  }
  return out;
}

/** A paragraph without its leading numbering ("三是", "（三）", "3."): a heading is numbered by its part. */
function withoutNumber(text: string): string {
  const t = text.trim();
  const m = LEADING_MARKER.exec(t);
  const rest = m ? t.slice(m[0].length).replace(/^[\s，,、：:]+/, '') : t;
  return rest || t;
}

/** A marker's words without its punctuation, for a heading ("第二，" → "", "二是" → ""): the part's numbering replaces it. */
function withoutMarker(text: string, at: string): string {
  return text.slice(at.length).replace(/^[\s，,、：:]+/, '');
}

/**
 * The paragraph at `i` is cut at the marker; in an item (its heading or body text) the rest becomes
 * the heading of a new item of the same part (the marker dropped: the part numbers its items),
 * elsewhere a paragraph of its own.
 */
function split(entries: Entry[], i: number, at: string, k: number): boolean {
  const e = entries[i];
  const point = splitPoints(e.text).find((p) => p.at === at && p.k === k);
  if (!point) return alreadySplit(entries, i, at);
  const before = e.text.slice(0, point.index).trim();
  const after = e.text.slice(point.index).trim();
  let kind: PartKind | undefined;
  if (e.role === 'head') kind = e.kind;
  else if (e.role === 'body')
    for (let j = i - 1; j >= 0; j--)
      if (entries[j].role === 'head') {
        kind = entries[j].kind;
        break;
      }
  if (!kind) {
    entries.splice(i, 1, { ...e, text: before }, { ...e, text: after });
    return true;
  }
  if (e.role === 'head') {
    // The heading keeps its start; what follows the marker, and the item's body, go to the new item.
    const end = blockEnd(entries, i);
    const body = entries.slice(i + 1, end);
    const { heading, body: rest } = splitHeading(withoutMarker(after, at));
    const head: Entry = { role: 'head', kind, text: heading, ...(kind === 'problems' ? { aspect: null } : {}) };
    const tail: Entry[] = rest ? [{ role: 'body', text: rest }] : [];
    entries.splice(i, end - i, { ...e, text: before, orig: undefined }, head, ...tail, ...body);
    return true;
  }
  const { heading, body } = splitHeading(withoutMarker(after, at));
  const head: Entry = { role: 'head', kind, text: heading, ...(kind === 'problems' ? { aspect: null } : {}) };
  // The paragraphs after it in the same item follow the new item.
  entries.splice(
    i,
    1,
    ...(before ? [{ ...e, text: before }] : []),
    head,
    ...(body ? [{ role: 'body' as const, text: body }] : []),
  );
  return true;
}

/**
 * A split a later parse has already made at a paragraph boundary: the paragraph no longer holds
 * the marker and the next one opens with it (then, in an item, it becomes the new item's heading,
 * as the split would have made it), or the next one is an item's heading already.
 */
function alreadySplit(entries: Entry[], i: number, at: string): boolean {
  const e = entries[i];
  const next = entries[i + 1];
  if (!next || e.text.includes(at)) return false;
  if (next.role === 'head')
    return (
      (e.role === 'head' || e.role === 'body') && next.kind === (e.role === 'head' ? e.kind : ownerKind(entries, i))
    );
  if (!next.text.startsWith(at)) return false;
  if (next.role !== 'body') return next.role === e.role;
  return promote(entries, i + 1, e.role === 'head' ? e.kind! : ownerKind(entries, i)!);
}

function ownerKind(entries: readonly Entry[], i: number): PartKind | undefined {
  for (let j = i; j >= 0; j--) if (entries[j].role === 'head') return entries[j].kind;
  return undefined;
}

/** The heading a problem is matched to an aspect by (as the parser does). */
const aspectHeading = (p: Problem) => p.heading || p.text.slice(0, 30);

/** The framework the author chose for the material (the last choice in its corrections), or null. */
export function chosenFramework(fixes: readonly StructureFix[] | undefined): string | null {
  let id: string | null = null;
  for (const f of fixes ?? []) if (f.op === 'framework') id = f.id;
  return id;
}

/**
 * Apply one correction. `ok` is false when its paragraph is not found or it does not fit there
 * (joining the first item of a part, an aspect for an item that is not a problem).
 */
export function applyFix<C extends Restructurable>(
  c: C,
  fix: StructureFix,
  framework?: Framework | null,
): { content: C; ok: boolean } {
  if (fix.op === 'framework') {
    // The problems are matched again to the chosen set's aspects, when the set is at hand (the
    // editor); a new parse is made under that set already (the server), and keeps its aspects.
    if (!framework || framework.id !== fix.id) return { content: c, ok: true };
    const m = assignAspects(framework, c.problems.map(aspectHeading));
    return {
      content: { ...c, problems: c.problems.map((p, i) => ({ ...p, aspect: m[i]?.aspect ?? null })) },
      ok: true,
    };
  }
  const entries = flatten(c);
  const i = locate(entries, fix.key, fix.n ?? 0);
  if (i < 0) return { content: c, ok: false };
  const work: Entry[] = entries.map(({ key: _k, n: _n, ...e }) => e);
  let ok: boolean;
  switch (fix.op) {
    case 'heading':
      ok = promote(work, i, fix.kind);
      break;
    case 'body':
      ok = demote(work, i, false);
      break;
    case 'merge':
      ok = demote(work, i, true);
      break;
    case 'move':
      ok = move(work, i, fix.to);
      break;
    case 'aspect':
      ok = work[i].role === 'head' && work[i].kind === 'problems';
      if (ok) work[i] = { ...work[i], aspect: fix.aspect };
      break;
    case 'split':
      ok = split(work, i, fix.at, fix.k ?? 0);
      break;
  }
  return ok ? { content: build(c, work), ok } : { content: c, ok };
}

/** Apply a correction the author has just made and keep it in the content's `fixes`; null if it does not apply. */
export function withFix<C extends Restructurable & { fixes?: StructureFix[] }>(
  c: C,
  fix: StructureFix,
  framework?: Framework | null,
): C | null {
  const r = applyFix(c, fix, framework);
  if (!r.ok) return null;
  // A new aspect for the same problem replaces the one chosen before; a new framework replaces the
  // one chosen before and the aspects chosen from it.
  const nOf = (f: StructureFix) => (f.op === 'framework' ? 0 : (f.n ?? 0));
  const same = (f: StructureFix) => f.op === 'aspect' && f.key === fix.key && nOf(f) === nOf(fix);
  const kept =
    fix.op === 'aspect'
      ? (c.fixes ?? []).filter((f) => !same(f))
      : fix.op === 'framework'
        ? (c.fixes ?? []).filter((f) => f.op !== 'framework' && f.op !== 'aspect')
        : (c.fixes ?? []);
  return { ...r.content, fixes: [...kept, fix] };
}

/**
 * Replay recorded corrections on a new parse of the material (a re-import of the same text), in
 * the order they were made. `missed`: the ones whose paragraph is no longer there.
 */
export function applyFixes<C extends Restructurable>(
  c: C,
  fixes: readonly StructureFix[],
): { content: C; applied: StructureFix[]; missed: StructureFix[] } {
  let cur = c;
  const applied: StructureFix[] = [];
  const missed: StructureFix[] = [];
  for (const f of fixes) {
    const r = applyFix(cur, f);
    if (r.ok) {
      cur = r.content;
      applied.push(f);
    } else missed.push(f);
  }
  return { content: cur, applied, missed };
}

const PART_NAMES: Record<PartKind, string> = { problems: '存在的问题', causes: '原因剖析', measures: '整改措施' };

/** A correction in words, for reports ("“另外必须正视的是…”设为问题标题"). */
export function describeFix(f: StructureFix): string {
  if (f.op === 'framework') return `检视框架选为“${f.id}”`;
  const q = `“${f.key.length > 16 ? f.key.slice(0, 16) + '…' : f.key}”`;
  switch (f.op) {
    case 'heading':
      return `${q}设为${PART_LABELS[f.kind]}标题`;
    case 'body':
      return `${q}改为正文`;
    case 'merge':
      return `${q}与上一条合并`;
    case 'move':
      return `${q}移到“${PART_NAMES[f.to]}”`;
    case 'aspect':
      return f.aspect ? `${q}对应到“${f.aspect}”方面` : `${q}不对应方面`;
    case 'split':
      return `${q}在“${f.at}”处拆分`;
  }
}

/** Keep only fixes that are well-formed (for content arriving from outside). */
export function isStructureFix(x: unknown): x is StructureFix {
  if (!x || typeof x !== 'object') return false;
  const f = x as Record<string, unknown>;
  if (f.op === 'framework') return f.key === '' && typeof f.id === 'string' && f.id.length > 0;
  if (typeof f.key !== 'string' || (f.n !== undefined && (typeof f.n !== 'number' || f.n < 0))) return false;
  const kind = (k: unknown) => typeof k === 'string' && (PART_KINDS as readonly string[]).includes(k);
  switch (f.op) {
    case 'heading':
      return kind(f.kind);
    case 'move':
      return kind(f.to);
    case 'aspect':
      return f.aspect === null || typeof f.aspect === 'string';
    case 'split':
      return typeof f.at === 'string' && !!f.at && (f.k === undefined || (typeof f.k === 'number' && f.k >= 0));
    case 'body':
    case 'merge':
      return true;
    default:
      return false;
  }
}
