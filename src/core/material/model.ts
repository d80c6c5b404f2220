/**
 * The model of a material (对照检查材料 / 检视剖析材料): what every part of Jianshi reads.
 *
 * A material is parsed from its *cleaned text* (`text`); every node keeps `[start, end)` character
 * offsets into that text so that checks, 查重 passages and review comments can point at a place.
 * The JSON fields required by the CLI contract (`title`, `problems[].points`, …) are plain strings;
 * offsets live beside them (`span`, `pointSpans`, …).
 */

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gbk' | 'gb18030';

/** Half-open character range `[start, end)` in `Material.text`. */
export interface Span {
  start: number;
  end: number;
}

export type PartKind = 'problems' | 'causes' | 'measures';

export interface Problem {
  /** Aspect id of the framework (e.g. `"理论学习"`), or null when the heading matched no aspect. */
  aspect: string | null;
  /** Heading without its numbering, e.g. "理论学习方面". */
  heading: string;
  /** Body after the heading. */
  text: string;
  /** The claims of the problem: enumerated items (一是/二是, 1. …) or, if none, the body without examples. */
  points: string[];
  /** Concrete cases introduced by 比如/例如/再如 …, each one sentence or more. */
  examples: string[];
  span: Span;
  headingSpan: Span;
  textSpan: Span;
  pointSpans: Span[];
  exampleSpans: Span[];
  /** For each example, the index of the point it belongs to. */
  exampleOf: number[];
}

export interface Cause {
  heading: string;
  text: string;
  span: Span;
  headingSpan: Span;
  textSpan: Span;
}

export interface Measure {
  heading: string;
  text: string;
  /** The deadline as the text states it ("2024年3月底前", "立行立改", "长期坚持"), or null. */
  deadline: string | null;
  /** The deadline as an ISO date (YYYY-MM-DD) when it names a date; the end of a month/quarter/year is used. */
  deadlineDate: string | null;
  span: Span;
  headingSpan: Span;
  textSpan: Span;
}

export type RemovalKind = 'watermark' | 'paywall' | 'page-furniture' | 'advertisement' | 'line-break' | 'markup';

export interface Removal {
  kind: RemovalKind;
  text: string;
  count: number;
  /**
   * For site furniture, what it was: 'banner', 'navigation', 'breadcrumb', 'metadata',
   * 'collection-label', 'page-number', 'page-title', 'other-article', 'related-links'.
   */
  reason?: string;
}

export interface Warning {
  code: string;
  message: string;
  span?: Span;
}

/**
 * A correction of the structure made by the author where the parser was wrong, kept with the
 * material so that a re-import of the same text gets the same correction (core/material/restructure.ts).
 * `key` names the paragraph or item by its normalised opening text; `n` is the occurrence when the
 * same text appears more than once.
 */
export type StructureFix =
  /** A paragraph (or an item of another part) becomes the heading of a new item of `kind`. */
  | { op: 'heading'; key: string; n?: number; kind: PartKind }
  /** An item becomes body text again: of the item before it, or of its part's lead-in. */
  | { op: 'body'; key: string; n?: number }
  /** An item is joined to the item before it in the same part. */
  | { op: 'merge'; key: string; n?: number }
  /** An item moves to the end of another part. */
  | { op: 'move'; key: string; n?: number; to: PartKind }
  /** A problem is mapped to an aspect (or to none). */
  | { op: 'aspect'; key: string; n?: number; aspect: string | null }
  /**
   * A paragraph (or an item's heading with its first paragraph) is cut where the numbering marker
   * `at` ("二是", "2.", "（二）") starts inside it (its `k`-th occurrence at a sentence boundary);
   * in an item, the rest becomes a new item of the same part.
   */
  | { op: 'split'; key: string; n?: number; at: string; k?: number }
  /** The framework (aspect set) the author chose for the material (when the meeting sets none). */
  | { op: 'framework'; key: ''; id: string };

export interface PartInfo {
  kind: PartKind;
  /** Heading of the part as written, without numbering ("对照六个方面存在的问题"). */
  heading: string;
  span: Span;
  /** An unnumbered lead-in paragraph between the heading and the first item. */
  intro: string;
}

export interface Material {
  title: string;
  /** Lines under the title: a date, an author, a subtitle ("（2023年12月）", "张三同志"). */
  byline?: string;
  encoding: Encoding;
  /** Id of the framework (aspect set) the problems were mapped to, or null. */
  framework: string | null;
  /**
   * How the framework was chosen: 'given' (by the caller), 'title' (the title's year, meeting and
   * campaign confirm it), 'headings' (only the problem headings fit it — less certain).
   */
  frameworkFit?: 'given' | 'title' | 'headings';
  preface: string;
  problems: Problem[];
  causes: Cause[];
  measures: Measure[];
  closing: string;
  removed: Removal[];
  warnings: Warning[];
  /** The cleaned text every span points into. */
  text: string;
  titleSpan: Span;
  prefaceSpan: Span;
  closingSpan: Span;
  parts: PartInfo[];
  /** The author's corrections of the structure, re-applied when the same material is imported again. */
  fixes?: StructureFix[];
}

/** The content of a material without positions and import provenance: what `import(export(m))` preserves. */
export interface MaterialContent {
  title: string;
  byline?: string;
  preface: string;
  problems: { aspect: string | null; heading: string; text: string; points: string[]; examples: string[] }[];
  causes: { heading: string; text: string }[];
  measures: { heading: string; text: string; deadline: string | null }[];
  closing: string;
  /** The author's corrections of the structure (not part of the content's digest). */
  fixes?: StructureFix[];
}

export function contentOf(m: Pick<Material, keyof MaterialContent>): MaterialContent {
  return {
    title: m.title,
    ...(m.byline ? { byline: m.byline } : {}),
    preface: m.preface,
    problems: m.problems.map((p) => ({
      aspect: p.aspect,
      heading: p.heading,
      text: p.text,
      points: [...p.points],
      examples: [...p.examples],
    })),
    causes: m.causes.map((c) => ({ heading: c.heading, text: c.text })),
    measures: m.measures.map((x) => ({ heading: x.heading, text: x.text, deadline: x.deadline })),
    closing: m.closing,
  };
}

/** The JSON of `jianshi import --json`: the contract fields first, then offsets. */
export function toJSON(m: Material): Record<string, unknown> {
  return {
    title: m.title,
    ...(m.byline ? { byline: m.byline } : {}),
    encoding: m.encoding,
    framework: m.framework,
    ...(m.frameworkFit ? { frameworkFit: m.frameworkFit } : {}),
    preface: m.preface,
    problems: m.problems,
    causes: m.causes,
    measures: m.measures,
    closing: m.closing,
    removed: m.removed,
    warnings: m.warnings,
    parts: m.parts,
    titleSpan: m.titleSpan,
    prefaceSpan: m.prefaceSpan,
    closingSpan: m.closingSpan,
    text: m.text,
  };
}
