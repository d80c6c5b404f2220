/**
 * The outline parser: cleaned paragraphs → Material.
 *
 * The three parts (问题 / 原因 / 措施) are recognised by the meaning of their headings, not by
 * position; items by the numbering style that follows a part heading (or run-in 一是/二是, or
 * aspect run-ins "在理论学习方面，"); problems are mapped to the aspects of a framework. A text
 * without clear parts gives a partial result with warnings — never an exception.
 */
import type { Cause, Material, Measure, PartInfo, PartKind, Problem, Span, Warning, Encoding } from './model.js';
import type { ParagraphHint } from './hints.js';
import type { Line } from '../text/clean.js';
import { BLOCK_STYLES, inlineEnumeration, markerAt, type Marker, type MarkerStyle } from './outline.js';
import {
  aspectEvidence,
  aspectShaped,
  assignAspects,
  builtinFrameworks,
  detectFrameworkWithFit,
  meetingOf,
  findFramework,
  matchAspect,
  yearOf,
  type Framework,
} from '../frameworks/framework.js';
import { extractDeadline } from './deadline.js';
import { toSimplified } from '../text/t2s.js';
import { CN_NUMERALS } from '../text/numerals.js';

export interface ParseOptions {
  /** Framework id (built-in or in `customFrameworks`) or a framework object; detected when absent. */
  framework?: string | Framework | null;
  customFrameworks?: readonly Framework[];
  encoding?: Encoding;
  /** Lines the cleaning removed as the page's own title: the material's title when a line repeats one. */
  pageTitles?: readonly string[];
}

interface Para {
  i: number;
  text: string;
  start: number;
  end: number;
  hint?: ParagraphHint;
  marker: Marker | null;
}

type SectionKind = PartKind | 'prior';

// ---------------------------------------------------------------- classification of headings

const CAUSE_WORDS = /原因|根源|根子|症结|剖析|病根|思想根源/;
const MEASURE_WORDS =
  /措施|努力方向|改进方向|整改方向|整改打算|今后.{0,6}(?:打算|方向|努力|措施)|下一步|下步|打算|努力的方向|整改(?:举措|思路|计划|目标)|改进措施|努力方向/;
const PROBLEM_WORDS = /问题|差距|不足|短板|表现|查摆|检视|对照检查|对照|弱项/;
const PRIOR_WORDS =
  /上一?年度|上次|去年|前期|以往|上年|落实情况|整改(?:落实)?情况|会前准备|准备情况|学习情况|征求意见情况|开展情况|工作开展|主要成效|取得的成效/;

/** What a short heading announces, by its words. */
export function classifyHeading(h: string): SectionKind | null {
  const s = h.replace(/[\s“”"]/g, '');
  if (!s || s.length > 40) return null;
  if (PRIOR_WORDS.test(s) && !/存在的问题|原因|今后|下一步/.test(s)) return 'prior';
  // "存在的主要问题及原因": the part of the problems, whose causes may follow in it.
  if (/(?:问题|不足|差距|短板)(?:及其?|和|与|、|以及)(?:其?产生的?|存在的?)?(?:原因|根源)/.test(s)) return 'problems';
  if (/原因|根源|根子|症结|病根/.test(s)) return 'causes';
  if (MEASURE_WORDS.test(s)) return 'measures';
  if (/剖析/.test(s) && !PROBLEM_WORDS.test(s)) return 'causes';
  if (/整改/.test(s) && !/问题/.test(s)) return 'measures';
  if (PROBLEM_WORDS.test(s)) return 'problems';
  if (CAUSE_WORDS.test(s)) return 'causes';
  return null;
}

/** Opening words of an unnumbered paragraph that starts a part ("究其原因，…", "下一步，我将…"). */
const SOFT_START: { kind: PartKind; re: RegExp }[] = [
  {
    // A lead-in sentence that announces the problems: "对照检查，我主要有以下几点不足：".
    kind: 'problems',
    re: /^(?:[^。；]{0,20}[，,])?[^。；，,]{0,16}(?:有|存在|查摆出|检视出|找出|找到|梳理出|归纳为|表现在)了?(?:以下|如下|下列|这样|一些|几个方面的?)?[^。；]{0,12}(?:问题|不足|差距|短板|弱项|方面)[^。；]{0,10}[：:]$/,
  },
  {
    kind: 'causes',
    re: /^(?:[^。；]{0,12}(?:产生|出现|存在)[^。；，,]{0,10}(?:问题|差距|不足)[^。；，,]{0,6}(?:原因|根源)|(?:[^。，,]{0,10}[，,])?究其(?:原因|根源|根本|根子)|深挖根源|[^。；]{0,12}(?:问题|差距|不足)的(?:根源|原因|根子|症结)(?:主要)?在于|分析原因|原因(?:主要)?(?:有|是|在于)|[^。；]{0,30}(?:有|存在|归纳为|概括为|总结为|以下|如下)[^。；]{0,12}(?:原因|根源|根子)[^。；]{0,6}(?:[：:]|[，,]?\s*一是))/,
  },
  {
    kind: 'measures',
    re: /^(?:下一步|下步|今后|在今后的工作中|针对(?:以上|上述|这些|查摆出的|检视出的)?(?:问题|不足)|整改措施|努力方向|我将(?:从以下|着重|重点)|接下来|[^。；]{0,16}从(?:以下|如下)[^。；]{0,12}(?:改进|整改|努力|着手|加以|做起))/,
  },
];

function softStart(text: string): PartKind | null {
  for (const s of SOFT_START) if (s.re.test(text)) return s.kind;
  return null;
}

const CLOSING =
  /批评指正|不妥之处|请.{0,8}同志们|以上(?:是|为|就是|发言|剖析|检查|报告|材料)|恳请|敬请|谢谢大家|欢迎.{0,8}批评|帮助指正|特此报告|^\d{4}年\d{1,2}月\d{1,2}日$/;
const TITLE_WORDS = /材料|发言|提纲|报告|检查|剖析|对照|讲话|民主生活会|组织生活会|检视/;
/** A document's title by its shape: "…关于…的通报", "…起草指南". */
const DOC_TITLE = /关于.{2,60}的(?:通报|报告|通知|意见|方案|决定|总结|说明|情况)$|(?:指南|通报|要点)$/;
const TABLE_ROW = /^\|?(?:[^|]*\|){2,}/;

/**
 * Texts of the genre that are not a 对照检查 material — speeches, study talks, writing guides,
 * articles, notices: their 一、二、 are sections, not problems. Read from the title's last words.
 */
const NOT_MATERIAL =
  /(?:讲话|致辞|主持词|主持稿|点评|分析报告|(?<!整改[^，。]{0,8})情况报告|总结报告|自查报告|自查自纠报告|调研报告|述职报告|工作总结|总结|制度|实施办法|办法|规定|细则|纪要|简报|党课|辅导(?:报告|讲稿)?|指南|研讨发言|交流发言|表态发言|上的(?:表态|交流|研讨|主持|总结)?发言|学习发言|讲稿|发言稿|心得体会|体会|研究|论文|思考|启示|浅析|浅谈|探析|探讨|解读|通知|方案|要点|对策建议|对策|建议)(?:稿|提纲)?(?:[（(][^）)]{0,10}[）)])?$/;
/** A paragraph opened by a short sentence stating a problem: "理想信念模糊。", "党的宗旨意识不强。". */
const STATEMENT_LEAD =
  /^[^，,。；：:！？]{2,14}(?:不够|不强|不足|不高|不实|不严|不深|淡薄|淡化|淡漠|模糊|弱化|缺失|缺乏|欠缺|松懈|滑坡|退化|动摇|有待提高|有待加强)[^，,。；：:]{0,4}。/;

/** An article's own voice in its opening: "本文以…为研究对象", "笔者认为". */
const ARTICLE_VOICE = /本文(?:以|从|结合|拟|试|将|通过|旨在|围绕)|笔者/;
/** A heading that names a part: it ends in the part's word ("存在问题", "原因分析", "整改措施"). */
const PART_NAME_END = /(?:问题|不足|差距|短板|原因|根源|剖析|分析|措施|方向|打算|举措|要求|建议|对策|思路|路径|办法)$/;
const MATERIAL_TITLE = /对照|检视|检查材料|剖析|查摆|问题清单|整改措施|存在的问题|党性分析(?:材料|报告)/;
export function notAMaterial(title: string): boolean {
  // Labels of template sites after the document's name ("…分析报告通用模板", "…制度范文") say nothing of its kind.
  const s = title
    .replace(/\s/g, '')
    .replace(/(?:[（(【][^）)】]{0,10}[）)】])+$/, '')
    .replace(/(?:通用|精选|最新|优秀)?(?:模板|范文|范本|样本|全文|大全|范例)$/, '');
  // "浅谈…对照检查材料的撰写" speaks about materials: it is not one, whatever it names.
  if (aboutMaterials(s)) return true;
  return NOT_MATERIAL.test(s) && !MATERIAL_TITLE.test(s);
}
/** An article's or a guide's title by its first or last words: "浅谈…", "如何写好…", "…的撰写". */
const ARTICLE_START = /^(?:浅谈|浅析|试论|略论|谈谈|漫谈|如何|怎样|怎么)/;
const GUIDE_END = /(?:的撰写|的写法|的写作|怎么写|写作技巧|写作要点|撰写要点|撰写指南)$/;
function aboutMaterials(title: string): boolean {
  const s = title.replace(/\s/g, '');
  return s.length <= 60 && (ARTICLE_START.test(s) || GUIDE_END.test(s));
}
/**
 * A superior's voice in the opening of a speech: "刚才，…同志作了对照检查", "我先代表督导组谈几点意见".
 */
const SPEECH_VOICE =
  /^刚才[，,]|(?:我|下面)[^。]{0,4}(?:代表[^。，,]{0,12})?(?:讲|谈|提)(?:几点|三点|两点|四点|几个方面的?|一些)(?:意见|看法|要求|体会)/;
const TERMINAL_END = /[。！？；!?;]$/;
const BYLINE =
  /^(?:[（(].{1,28}[）)]|[—－-]{1,2}.{1,20}|\d{4}年\d{1,2}月(?:\d{1,2}日)?|.{0,12}(?:同志|书记|委员|局长|主任|部长|县长|市长|乡长|镇长)(?:[（(].{0,10}[）)])?)$/;

/** Index of the first character of `set` outside brackets and quotes, or -1. */
export function searchOutside(s: string, set: RegExp, from = 0): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '（' || c === '(' || c === '“' || c === '《' || c === '【') depth++;
    else if ((c === '）' || c === ')' || c === '”' || c === '》' || c === '】') && depth > 0) depth--;
    else if (depth === 0 && set.test(c)) return i;
  }
  return -1;
}

function headingOf(p: Para): string {
  const rest = p.text.slice(p.marker?.length ?? 0);
  const cut = searchOutside(rest, /[。：:！？；]/);
  return cut >= 0 ? rest.slice(0, cut) : rest;
}

function isHeadingLike(p: Para): boolean {
  if (p.hint?.style && p.hint.style !== 'title') return true;
  if (p.hint?.bold && (p.hint.boldChars ?? p.text.length) >= p.text.length - 1) return true;
  return false;
}

// ---------------------------------------------------------------- the parser

/**
 * Parse cleaned paragraphs. A text in traditional characters is read in simplified form (one
 * character for one, so every offset holds) and its strings are then taken from the original.
 */
export function parseLines(lines: readonly Line<ParagraphHint>[], opts: ParseOptions = {}): Material {
  const simplified = lines.map((l) => ({ ...l, text: toSimplified(l.text) }));
  if (simplified.every((l, i) => l.text === lines[i].text)) return parseSimplified(lines, opts);
  return restoreOriginal(parseSimplified(simplified, opts), lines);
}

/** Take every string of a material parsed in simplified form from the original text. */
function restoreOriginal(m: Material, lines: readonly Line<ParagraphHint>[]): Material {
  const orig = lines
    .map((l) => l.text)
    .filter(Boolean)
    .join('\n');
  const simp = m.text;
  // A string of the parse is a subsequence of the text from `from` on (a slice, trimmed, perhaps with
  // examples or line breaks left out): walk both texts together and take the original characters.
  const back = (s: string, from: number): string => {
    let i = Math.max(0, from);
    let out = '';
    for (const c of s) {
      while (i < simp.length && simp[i] !== c) i++;
      if (i >= simp.length) return s;
      out += orig[i];
      i++;
    }
    return out;
  };
  m.text = orig;
  m.title = back(m.title, m.titleSpan.start);
  if (m.byline) m.byline = back(m.byline, m.titleSpan.end);
  m.preface = back(m.preface, m.prefaceSpan.start);
  m.closing = back(m.closing, m.closingSpan.start);
  for (const p of m.problems) {
    p.heading = back(p.heading, p.headingSpan.start);
    p.text = back(p.text, p.textSpan.start);
    p.points = p.points.map((x, k) => back(x, p.pointSpans[k]?.start ?? p.textSpan.start));
    p.examples = p.examples.map((x, k) => back(x, p.exampleSpans[k]?.start ?? p.textSpan.start));
  }
  for (const c of [...m.causes, ...m.measures]) {
    c.heading = back(c.heading, c.headingSpan.start);
    c.text = back(c.text, c.textSpan.start);
  }
  for (const x of m.measures) if (x.deadline) x.deadline = back(x.deadline, x.span.start);
  for (const part of m.parts) {
    part.heading = back(part.heading, part.span.start);
    part.intro = back(part.intro, part.span.start);
  }
  for (const w of m.warnings)
    if (w.span) w.message = w.message.replace(/“([^”]*)”/, (_, q: string) => `“${back(q, w.span!.start)}”`);
  return m;
}

/**
 * The steps of the parse, in order: paragraphs → title (and byline) → genre → sections (part headings,
 * a problems part without one) → preface → items of each part and the closing → aspects → warnings.
 */
function parseSimplified(lines: readonly Line<ParagraphHint>[], opts: ParseOptions = {}): Material {
  const { paras, full } = readParagraphs(lines);
  const material = emptyMaterial(full, opts);
  if (!paras.length) {
    material.warnings.push({ code: 'W_EMPTY', message: '没有可解析的正文。' });
    return material;
  }
  const bodyFrom = readTitle(paras, material, opts);
  const fw = resolveFramework(opts);
  const notMaterial = readsAsOtherGenre(paras, material);
  const sections = findSections(paras, bodyFrom, fw, notMaterial, material.warnings);
  readPreface(paras, full, bodyFrom, sections, material);
  readParts(paras, full, sections, fw, material);
  mapAspects(material, fw, opts);
  warnMissingParts(material);
  return material;
}

function readParagraphs(lines: readonly Line<ParagraphHint>[]): { paras: Para[]; full: string } {
  const paras: Para[] = [];
  let pos = 0;
  const texts: string[] = [];
  for (const l of lines) {
    const text = l.text;
    if (!text) continue;
    if (texts.length) pos += 1;
    paras.push({ i: paras.length, text, start: pos, end: pos + text.length, hint: l.hint, marker: markerAt(text) });
    texts.push(text);
    pos += text.length;
  }
  return { paras, full: texts.join('\n') };
}

function emptyMaterial(full: string, opts: ParseOptions): Material {
  const empty: Span = { start: 0, end: 0 };
  return {
    title: '',
    encoding: opts.encoding ?? 'utf-8',
    framework: null,
    preface: '',
    problems: [],
    causes: [],
    measures: [],
    closing: '',
    removed: [],
    warnings: [],
    text: full,
    titleSpan: empty,
    prefaceSpan: empty,
    closingSpan: empty,
    parts: [],
  };
}

/** Words a part heading is made of; what a heading has besides them is its topic. */
const PART_WORDS =
  /存在的?|主要|突出|问题|不足|差距|短板|弱项|现象|表现|原因|根源|分析|剖析|整改|措施|方向|打算|及其?|以及|和|与|、|的|方面|产生|查摆|检视|对照|几点|若干|个人|班子|本人|我|深层次|思想|[\s“”"：:]/g;

/**
 * A first line that reads like a part heading ("…存在的问题和不足", "…的现象及原因") but names a topic of
 * its own and stands over a paragraph of text: the title of an excerpt, not the heading of a part.
 */
function topicTitle(first: Para, next: Para | undefined, fw: Framework | null): boolean {
  if (first.marker || first.text.length > 40 || TERMINAL_END.test(first.text) || /[：:，,]$/.test(first.text))
    return false;
  if (!next || next.marker || isHeadingLike(next) || next.text.length < 20) return false;
  if (first.text.replace(PART_WORDS, '').length < 4) return false;
  // "理论学习方面存在的问题" over its text is the first item of a page cut mid-way.
  if (!/方面/.test(first.text)) return true;
  return !(fw ? matchAspect(fw, first.text) : builtinFrameworks().some((f) => matchAspect(f, first.text)));
}

/** Same title, ignoring punctuation, spaces and brackets. */
const titleCore = (s: string) => toSimplified(s).replace(/[\s“”"'‘’《》「」、，,。.：:；;！!？?（）()【】[\]—-]/g, '');

/** The title (one line, or two when broken), and a byline under it; returns where the body starts. */
function readTitle(paras: Para[], material: Material, opts: ParseOptions): number {
  let bodyFrom = 0;
  const first = paras[0];
  const firstKind = classifyHeading(headingOf(first));
  // The page named this line as its title (its copy above it was removed as the page's title).
  const echoed =
    !first.marker &&
    first.text.length <= 80 &&
    (opts.pageTitles ?? []).some((t) => titleCore(t).length >= 4 && titleCore(t).includes(titleCore(first.text)));
  // A title that names the parts ("…存在的问题及整改措施") above numbered part headings is a title.
  const partsTitle =
    !first.marker &&
    first.text.length <= 80 &&
    !TERMINAL_END.test(first.text) &&
    !softStart(first.text) &&
    (/(?:问题|差距|不足).{0,8}(?:及|和|与|、).{0,8}(?:措施|打算|方向|原因|对策|建议)|^关于|20\d{2}\s*年|(?:清单|台账)$/.test(
      first.text,
    ) ||
      TITLE_WORDS.test(first.text)) &&
    !!paras[1] &&
    (paras[1].marker?.style === 'cn' || (!paras[1].marker && TERMINAL_END.test(paras[1].text)));
  // A title over two lines whose second line names the document ("…大讨论" / "个人剖析材料").
  const titleTail = (p: Para | undefined) =>
    !!p && !p.marker && p.text.length <= 40 && !TERMINAL_END.test(p.text) && /(?:材料|提纲|发言|报告)$/.test(p.text);
  const docTitle =
    !first.marker &&
    first.text.length <= 80 &&
    !TERMINAL_END.test(first.text) &&
    (DOC_TITLE.test(first.text) || (titleTail(paras[1]) && !/[：:]$/.test(first.text) && !firstKind));
  const topic = !!firstKind && !TITLE_WORDS.test(first.text) && topicTitle(first, paras[1], resolveFramework(opts));
  const titleLike =
    echoed ||
    topic ||
    partsTitle ||
    docTitle ||
    first.hint?.style === 'title' ||
    (!first.marker &&
      first.text.length <= 80 &&
      !TERMINAL_END.test(first.text) &&
      // "各党支部：" opens a notice; it names whom it is for, not what it is.
      !/[：:]$/.test(first.text) &&
      (firstKind === null || TITLE_WORDS.test(first.text)) &&
      (TITLE_WORDS.test(first.text) ||
        first.hint?.align === 'center' ||
        first.hint?.style === 'heading1' ||
        (paras[1] && paras[1].text.length > first.text.length)));
  if (!(
    titleLike &&
    (echoed || topic || partsTitle || docTitle || !(firstKind && !TITLE_WORDS.test(first.text))) &&
    !softStart(first.text)
  )) {
    material.warnings.push({ code: 'W_NO_TITLE', message: '未识别到标题。' });
    return 0;
  }
  let last = 0;
  // A title broken over two lines ("2023年度民主生活会" / "个人对照检查材料").
  const second = paras[1];
  if (
    second &&
    !second.marker &&
    second.text.length <= 40 &&
    !TERMINAL_END.test(second.text) &&
    /(?:材料|提纲|发言|报告)$/.test(second.text.replace(/[（(【][^（）()【】]{1,16}[）)】]$/, '')) &&
    !/(?:材料|提纲|发言|报告)$/.test(first.text.replace(/[（(【][^（）()【】]{1,16}[）)】]$/, ''))
  )
    last = 1;
  material.title = paras
    .slice(0, last + 1)
    .map((p) => p.text)
    .join('');
  material.titleSpan = { start: first.start, end: paras[last].end };
  bodyFrom = last + 1;
  // A byline under the title: a date or a name in brackets, or a bare short name.
  while (bodyFrom < paras.length && bodyFrom <= last + 2) {
    const p = paras[bodyFrom];
    if (
      !p.marker &&
      p.text.length <= 30 &&
      !TERMINAL_END.test(p.text) &&
      (BYLINE.test(p.text) || /^[\u4e00-\u9fff·]{2,4}$/.test(p.text)) &&
      !classifyHeading(p.text)
    ) {
      material.byline = material.byline ? material.byline + '\n' + p.text : p.text;
      bodyFrom++;
    } else break;
  }
  return bodyFrom;
}

/** A salutation that opens a speech: "同志们：", "各位领导、同志们：". */
const SALUTATION = /^(?:各位|尊敬的)?[^。，,；]{0,24}同志们[：:，,！!]$/;

/**
 * A speech, study talk, writing guide or article: its numbered sections are not problems, and only
 * headings that name a part ("二、存在问题") open one — not "二、根源剖析的深刻性", nor a speech's
 * "究其原因，…" or "下一步，…". Read from the title, or without one from the opening lines; a
 * speaker's salutation ("同志们：") marks a speech unless the title says it is a material.
 */
function readsAsOtherGenre(paras: Para[], material: Material): boolean {
  if (material.title && notAMaterial(material.title)) return true;
  const opening = paras.slice(0, 4);
  if (
    opening.some((p) => SALUTATION.test(p.text) || (!p.marker && SPEECH_VOICE.test(p.text))) &&
    !MATERIAL_TITLE.test(material.title.replace(/\s/g, ''))
  )
    return true;
  if (material.title) return false;
  return (
    paras.slice(0, 3).some((p) => p.text.length <= 60 && !p.marker && notAMaterial(p.text)) ||
    (!!paras[0] && ARTICLE_VOICE.test(paras[0].text.slice(0, 400)))
  );
}

interface Section {
  kind: SectionKind;
  head: Para | null;
  from: number;
  to: number;
  soft: boolean;
}

/** The sections of the text: its part headings, and a problems part that has no heading. */
function findSections(
  paras: Para[],
  bodyFrom: number,
  fw: Framework | null,
  notMaterial: boolean,
  warnings: Warning[],
): Section[] {
  const named = (h: Head) => !h.soft && PART_NAME_END.test(headingOf(paras[h.index]).replace(/[\s：:]/g, ''));
  const found = findPartHeadings(paras, bodyFrom, fw);
  // A speech that announces its problems ("对照检查，我主要有以下几点不足：") keeps its lead-in sentences.
  const announced = found.some((h) => h.kind === 'problems' && (named(h) || h.soft));
  // A guide or an article about materials ("浅谈…的撰写") quotes their headings and lead-in sentences:
  // none of them opens a part.
  const guide = aboutMaterials(paras[0]?.text ?? '');
  const heads = found.filter((h) => !guide && (!notMaterial || named(h) || (h.soft && announced)));
  const sections: Section[] = heads.map((h, k) => ({
    kind: h.kind,
    head: h.soft ? null : paras[h.index],
    from: h.soft ? h.index : h.index + 1,
    to: k + 1 < heads.length ? heads[k + 1].index : paras.length,
    soft: h.soft,
  }));
  if (notMaterial && !sections.some((s) => s.kind === 'problems'))
    warnings.push({
      code: 'W_NOT_A_MATERIAL',
      message: '这篇文字看来是讲话、发言、辅导或文章，不是对照检查材料：没有“存在的问题”部分，编号的段落未当作问题。',
    });
  if (!notMaterial && !sections.some((s) => s.kind === 'problems')) addHeadlessProblems(paras, bodyFrom, fw, sections);
  if (!sections.length)
    warnings.push({ code: 'W_NO_PARTS', message: '未识别到“问题、原因、措施”三个部分，请检查标题或编号。' });
  return sections;
}

/** Items reading like problems ("…不够…", "…不强") in an enumeration: three quarters of them. */
const PROBLEM_LIKE =
  /不够|不强|不足|不高|不实|不严|不深|不到位|不彻底|不全面|不扎实|不明显|淡薄|淡化|弱化|缺乏|欠缺|有待|差距|松懈|偏差|短板|问题/;

/**
 * A problems part without a heading: the aspect items, numbered paragraphs, 一是… paragraphs or
 * statements of problems between the preface and the first part found.
 */
function addHeadlessProblems(paras: Para[], bodyFrom: number, fw: Framework | null, sections: Section[]): void {
  const limit =
    sections.find((s) => s.kind !== 'prior')?.head?.i ?? sections.find((s) => s.kind !== 'prior')?.from ?? paras.length;
  const priorEnd = sections
    .filter((s) => s.kind === 'prior' && s.from < limit)
    .reduce((e, s) => Math.max(e, s.to), bodyFrom);
  let startAt = -1;
  // A numbered section reporting what was done ("一、主题教育开展情况") is skipped with its content.
  let skipStyle: MarkerStyle | null = null;
  for (let i = Math.max(bodyFrom, priorEnd); i < limit; i++) {
    const p = paras[i];
    if (p.marker && BLOCK_STYLES.includes(p.marker.style) && classifyHeading(headingOf(p)) === 'prior') {
      skipStyle = p.marker.style;
      continue;
    }
    if (skipStyle && p.marker?.style !== skipStyle) continue;
    skipStyle = null;
    const inline = inlineEnumeration(p.text);
    if (
      (p.marker && BLOCK_STYLES.includes(p.marker.style)) ||
      // 一是… paragraphs, or a page cut mid-way whose first paragraph is 三是… followed by 四是….
      (p.marker?.style === 'shi' &&
        paras[i + 1]?.marker?.style === 'shi' &&
        paras[i + 1].marker!.n === p.marker.n + 1) ||
      // Paragraphs opened by a short statement of a problem ("理想信念模糊。有的同志……"), two or more in a
      // row, after a paragraph that speaks of problems: the problems, one each.
      (!p.marker &&
        i > bodyFrom &&
        STATEMENT_LEAD.test(p.text) &&
        !!paras[i + 1] &&
        STATEMENT_LEAD.test(paras[i + 1].text) &&
        /问题|不足|短板|差距/.test(paras[i - 1].text)) ||
      // "…我这里再强调4个方面突出问题：一是……二是……" inside one paragraph: the problems, one per 一是; so
      // is a run of three or more items that read as problems ("一是学习不够深入…；二是…").
      (inline.length >= 2 &&
        (/(?:问题|不足|差距|短板)[^。；：:]{0,6}[：:]\s*一是/.test(p.text) ||
          (inline.length >= 3 &&
            inline.filter((x, k) =>
              PROBLEM_LIKE.test(p.text.slice(x.bodyStart, k + 1 < inline.length ? inline[k + 1].start : p.text.length)),
            ).length *
              4 >=
              inline.length * 3 &&
            !softStart(p.text)))) ||
      // "第一，形式主义之风要挖除。" … "第二，…" as paragraphs of their own: the problems, one each.
      (p.marker?.style === 'di' &&
        p.marker.n === 1 &&
        paras.slice(i + 1, limit).some((q) => q.marker?.style === 'di' && q.marker.n === 2)) ||
      runInAspect(p.text.slice(p.marker?.length ?? 0), fw) ||
      (fw && matchAspect(fw, headingOf(p)))
    ) {
      startAt = i;
      break;
    }
  }
  if (startAt < 0) return;
  // Truncate a prior section that would otherwise swallow the problems.
  for (const s of sections) if (s.kind === 'prior' && s.from <= startAt && s.to > startAt) s.to = startAt;
  // A page that starts in the middle of the causes part: its items say 原因/根源/在于.
  const style = paras[startAt].marker?.style;
  const items = paras.slice(startAt, limit).filter((p) => style && p.marker?.style === style);
  const causeLike = items.filter((p) => /原因|根源|根子|症结|在于/.test(headingOf(p))).length;
  const kind: PartKind =
    items.length && causeLike * 2 >= items.length && !sections.some((x) => x.kind === 'causes') ? 'causes' : 'problems';
  sections.push({ kind, head: null, from: startAt, to: limit, soft: true });
  sections.sort((a, b) => a.from - b.from);
}

/** Preface: between title and the first section, plus 'prior' sections before the first main part. */
function readPreface(paras: Para[], full: string, bodyFrom: number, sections: Section[], material: Material): void {
  const firstMain = sections.find((s) => s.kind !== 'prior');
  const prefaceTo = firstMain ? (firstMain.head ? firstMain.head.i : firstMain.from) : paras.length;
  if (prefaceTo > bodyFrom) {
    material.prefaceSpan = { start: paras[bodyFrom].start, end: paras[prefaceTo - 1].end };
    material.preface = full.slice(material.prefaceSpan.start, material.prefaceSpan.end);
  }
}

/** A signature under the text: a short name, a date, or the unit. */
const signature = (t: string) =>
  /^[\u4e00-\u9fff·]{2,4}$/.test(t) ||
  /^\d{4}年\d{1,2}月\d{1,2}日$/.test(t) ||
  (t.length <= 20 && /(?:党委|党组|支部|委员会|同志)$/.test(t));

/** The items of each main part, and the closing paragraphs at the end of the last one. */
function readParts(paras: Para[], full: string, sections: Section[], fw: Framework | null, material: Material): void {
  const mains = sections.filter((s) => s.kind !== 'prior');
  let closingFrom = -1;
  for (let si = 0; si < mains.length; si++) {
    const s = mains[si];
    let to = s.to;
    if (si === mains.length - 1) {
      let c = to;
      while (
        c - 1 > s.from &&
        !paras[c - 1].marker &&
        (CLOSING.test(paras[c - 1].text) ||
          (signature(paras[c - 1].text) && (c === to || CLOSING.test(paras[c].text) || signature(paras[c].text))))
      )
        c--;
      if (c < to) {
        closingFrom = c;
        to = c;
      }
    }
    const { items, intro } = splitItems(paras, s.from, to, s.kind as PartKind, fw, s.soft);
    const info: PartInfo = {
      kind: s.kind as PartKind,
      heading: s.head ? headingText(s.head) : '',
      span: { start: s.head ? s.head.start : (paras[s.from]?.start ?? 0), end: paras[to - 1]?.end ?? 0 },
      intro: intro ? full.slice(intro.start, intro.end) : '',
    };
    if (material.parts.some((p) => p.kind === info.kind)) continue;
    material.parts.push(info);
    for (const it of items) {
      if (s.kind === 'problems') material.problems.push(buildProblem(full, it));
      else if (s.kind === 'causes') material.causes.push(buildCause(full, it));
      else material.measures.push(buildMeasure(full, it));
    }
  }
  if (closingFrom >= 0) {
    material.closingSpan = { start: paras[closingFrom].start, end: paras[paras.length - 1].end };
    material.closing = full.slice(material.closingSpan.start, material.closingSpan.end);
  }
}

/** The framework (given, or detected from the title, the preface and the headings) and each problem's aspect. */
function mapAspects(material: Material, fw: Framework | null, opts: ParseOptions): void {
  const warnings = material.warnings;
  const headingsForAspects = material.problems.map((p) => p.heading || p.text.slice(0, 30));
  let chosen: Framework | null = fw;
  let confirmed = !!fw;
  if (!chosen && material.problems.length) {
    // The title first; without a year or meeting there, the preface's "召开2025年度民主生活会".
    const said = /(20\d{2})\s*年度?\s*(?:[^，。；,]{0,12}?)(?:专题)?(民主生活会|组织生活会)/.exec(
      material.preface.slice(0, 600),
    );
    const titleYear = yearOf(material.title);
    const hintText = meetingOf(material.title) || !said ? material.title : `${material.title}\n${said[0]}`;
    const d = detectFrameworkWithFit(headingsForAspects, [...(opts.customFrameworks ?? []), ...builtinFrameworks()], {
      year: titleYear ?? (said ? Number(said[1]) : null),
      text: hintText,
    });
    chosen = d?.fw ?? null;
    confirmed = !!d?.confirmed;
  }
  if (chosen) {
    const fwc = chosen;
    material.framework = fwc.id;
    material.frameworkFit = fw ? 'given' : confirmed ? 'title' : 'headings';
    const m = assignAspects(fwc, headingsForAspects);
    material.problems.forEach((p, i) => {
      const a = m[i] ? fwc.aspects.find((x) => x.id === m[i]!.aspect) : undefined;
      // Within a framework only the headings chose, a match on one common word stays unmapped.
      p.aspect =
        a && (confirmed || (!aspectEvidence(a, headingsForAspects[i]).weak && aspectShaped(headingsForAspects[i])))
          ? a.id
          : null;
    });
    material.problems.forEach((p) => {
      if (p.aspect === null)
        warnings.push({
          code: 'W_UNKNOWN_ASPECT',
          message: `问题“${p.heading || p.text.slice(0, 20)}”未对应到检视框架中的任何方面。`,
          span: p.headingSpan.end > p.headingSpan.start ? p.headingSpan : p.span,
        });
    });
  } else if (material.problems.length) {
    warnings.push({
      code: 'W_FRAMEWORK_UNCERTAIN',
      message:
        '未能确定检视框架：标题的年份、会议类型与问题小标题都不足以对应到已知的方面，问题暂不归类，可在会议设置中选择框架。',
    });
  }
}

function warnMissingParts(material: Material): void {
  const warnings = material.warnings;
  if (!material.problems.length) warnings.push({ code: 'W_NO_PROBLEMS', message: '未识别到“存在的问题”部分。' });
  if (!material.causes.length) warnings.push({ code: 'W_NO_CAUSES', message: '未识别到“原因剖析”部分。' });
  if (!material.measures.length) warnings.push({ code: 'W_NO_MEASURES', message: '未识别到“整改措施”部分。' });
}

function resolveFramework(opts: ParseOptions): Framework | null {
  if (!opts.framework) return null;
  if (typeof opts.framework === 'object') return opts.framework;
  return findFramework(opts.framework, opts.customFrameworks) ?? null;
}

function headingText(p: Para): string {
  return headingOf(p)
    .replace(/[：:]$/, '')
    .trim();
}

const RUN_IN_ASPECT =
  /^(?:在|从|关于)?([^。：:；！？\n]{1,40}?方面)(?:存在的问题|存在的不足|存在问题|的问题|的不足)?[，,：:。]/;

function runInAspect(rest: string, fw: Framework | null): string | null {
  const m = RUN_IN_ASPECT.exec(rest);
  if (!m) return null;
  const h = m[1];
  // "在…方面" may be long and hold a comma (2024 aspects); without 在/从 it must be a short phrase.
  if (!/^(?:在|从|关于)/.test(m[0]) && (h.length > 14 || /[，,]/.test(h))) return null;
  if (/如下[。：:]?$/.test(rest)) return null;
  if (fw) return matchAspect(fw, h) ? h : null;
  return builtinFrameworks().some((f) => matchAspect(f, h)) ? h : null;
}

interface Head {
  index: number;
  kind: SectionKind;
  soft: boolean;
}

const STYLE_RANK: Record<string, number> = { title: 0, h1: 1, cn: 2, plain: 3, h2: 4, pcn: 5, ar: 6, par: 7, circ: 8 };

/**
 * Find the part headings. Candidates are paragraphs whose heading words announce a part; they are
 * grouped by their "signature" (numbering style, Word heading level, or plain short line) and the
 * group that explains the most distinct parts wins. Unnumbered paragraphs opening with 究其原因 /
 * 下一步 … start a part softly when no heading does.
 */
function findPartHeadings(paras: Para[], from: number, fw: Framework | null): Head[] {
  const groups = new Map<string, { index: number; kind: SectionKind }[]>();
  for (let i = from; i < paras.length; i++) {
    const p = paras[i];
    const h = headingOf(p);
    const rest = p.text.slice(p.marker?.length ?? 0);
    const standalone = h.length === rest.length || rest.length - h.length <= 1;
    if (h.length > 40) continue;
    // A row of a table ("问题类型 | 思想根源 | 整改方向 |") is no heading.
    if (TABLE_ROW.test(p.text)) continue;
    if (CLOSING.test(p.text)) continue;
    const kind = classifyHeading(h);
    if (!kind) continue;
    let sig: string;
    if (p.hint?.style && p.hint.style !== 'title') sig = p.hint.style === 'heading1' ? 'h1' : 'h2';
    else if (p.marker && BLOCK_STYLES.includes(p.marker.style)) sig = p.marker.style;
    else if (
      !p.marker &&
      standalone &&
      (p.text.length <= 30 || isHeadingLike(p)) &&
      !/[，,；;]/.test(h) &&
      !softStart(p.text)
    )
      sig = 'plain';
    else continue;
    // A heading naming an aspect ("一、理论学习方面存在的问题") is an item of the problems part.
    if (
      kind === 'problems' &&
      (fw ? matchAspect(fw, h) : builtinFrameworks().some((f) => matchAspect(f, h))) &&
      // "四风" names four aspects at once (形式主义、官僚主义…): a part heading whose items are the problems.
      !/六个方面|四个方面|五个方面|几个方面|各方面|以下方面|\d个方面|四风/.test(h)
    )
      continue;
    // A numbered heading inside running text is usually an item, not a part, unless it is short.
    if (!standalone && sig !== 'cn' && sig !== 'h1' && sig !== 'h2') continue;
    const g = groups.get(sig) ?? [];
    g.push({ index: i, kind });
    groups.set(sig, g);
  }
  let best: { index: number; kind: SectionKind }[] = [];
  let bestScore = -1;
  for (const [sig, g] of groups) {
    const kinds = new Set(g.map((x) => x.kind).filter((k) => k !== 'prior'));
    const score = kinds.size * 100 - (STYLE_RANK[sig] ?? 9);
    if (kinds.size && score > bestScore) {
      bestScore = score;
      best = g;
    }
  }
  const heads: Head[] = [];
  const seen = new Set<SectionKind>();
  for (const c of best) {
    if (c.kind !== 'prior' && seen.has(c.kind)) continue;
    if (c.kind === 'prior' && seen.size > 0) continue;
    seen.add(c.kind);
    heads.push({ index: c.index, kind: c.kind, soft: false });
  }
  // Soft starts for the parts that have no heading: a lead-in sentence, or (measures) 一要….
  for (const kind of ['problems', 'causes', 'measures'] as PartKind[]) {
    if (seen.has(kind)) continue;
    const mains = heads.filter((h) => h.kind !== 'prior');
    // Problems come before any other part; causes after the problems and before the measures (a lead-in
    // sentence at the end of the problems part); measures after the parts found so far.
    const at = (k: PartKind) => mains.find((h) => h.kind === k)?.index;
    const after =
      kind === 'problems'
        ? from - 1
        : kind === 'causes' && at('measures') !== undefined
          ? (at('problems') ?? from)
          : mains.reduce((m, h) => Math.max(m, h.index), from);
    const until =
      kind === 'problems'
        ? (mains[0]?.index ?? paras.length)
        : kind === 'causes'
          ? (at('measures') ?? paras.length)
          : paras.length;
    for (let i = after + 1; i < until; i++) {
      const p = paras[i];
      if (p.marker && BLOCK_STYLES.includes(p.marker.style)) continue;
      if (
        softStart(p.text) === kind ||
        (kind === 'measures' && p.marker?.style === 'yao' && p.marker.n === 1 && i > from)
      ) {
        heads.push({ index: i, kind, soft: true });
        seen.add(kind);
        break;
      }
    }
  }
  heads.sort((a, b) => a.index - b.index);
  return heads;
}

interface RawItem {
  kind: PartKind;
  /** Whole item span, including its numbering. */
  span: Span;
  headingSpan: Span;
  textSpan: Span;
  /** Paragraph-level sub-item boundaries within textSpan (offsets in full text). */
  subStarts: number[];
}

/**
 * Split the paragraphs [from, to) of a part into items: by the first block numbering style used,
 * else by run-in 一是/首先 paragraphs or aspect run-ins, else by an inline enumeration, else one
 * item per paragraph.
 */
function splitItems(
  paras: Para[],
  from: number,
  to: number,
  kind: PartKind,
  fw: Framework | null,
  soft: boolean,
): { items: RawItem[]; intro: Span | null } {
  if (to <= from) return { items: [], intro: null };
  const range = paras.slice(from, to);
  let style: MarkerStyle | null = null;
  for (const p of range) {
    if (p.marker && BLOCK_STYLES.includes(p.marker.style)) {
      style = p.marker.style;
      break;
    }
  }
  let starts: Para[] = [];
  if (style) starts = range.filter((p) => p.marker?.style === style);
  if (!starts.length) {
    for (const st of ['shi', 'yao', 'di', 'seq'] as MarkerStyle[]) {
      const s = range.filter((p) => p.marker?.style === st);
      if (s.length >= 2) {
        starts = s;
        break;
      }
    }
  }
  if (!starts.length && kind === 'problems')
    starts = range.filter((p) => runInAspect(p.text, fw) || (p.hint?.bold && p.hint.boldChars));
  if (!starts.length && range.some((p) => isHeadingLike(p))) starts = range.filter((p) => isHeadingLike(p));

  const items: RawItem[] = [];
  let intro: Span | null = null;
  if (starts.length) {
    const firstIdx = starts[0].i;
    if (firstIdx > from && !soft) intro = { start: paras[from].start, end: paras[firstIdx - 1].end };
    else if (firstIdx > from && soft) intro = { start: paras[from].start, end: paras[firstIdx - 1].end };
    for (let k = 0; k < starts.length; k++) {
      const a = starts[k].i;
      const b = k + 1 < starts.length ? starts[k + 1].i : to;
      items.push(itemFromParas(paras, a, b, kind, fw));
    }
    return { items, intro };
  }
  // No paragraph-level items: an inline enumeration in one paragraph, or one item per paragraph.
  const withEnum = range.find((p) => inlineEnumeration(p.text).length >= 2);
  if (withEnum) {
    const en = inlineEnumeration(withEnum.text);
    if (withEnum.i > from || en[0].start > 0) intro = { start: paras[from].start, end: withEnum.start + en[0].start };
    const endAll = paras[to - 1].end;
    for (let k = 0; k < en.length; k++) {
      const s = withEnum.start + en[k].start;
      const e = k + 1 < en.length ? withEnum.start + en[k + 1].start : endAll;
      items.push(itemFromSpan(paras, s, withEnum.start + en[k].bodyStart, trimEnd(paras, e), kind, fw));
    }
    if (intro && intro.end > intro.start) intro = trimSpan(paras, intro);
    return { items, intro: intro && intro.end > intro.start ? intro : null };
  }
  if (soft && range.length >= 2 && /[：:]$/.test(range[0].text) && softStart(range[0].text)) {
    // "今后，我准备从以下几个方面加以改进：" on a line of its own: all of it is the intro.
    intro = trimSpan(paras, { start: range[0].start, end: range[0].end });
    for (const p of range.slice(1)) items.push(itemFromParas(paras, p.i, p.i + 1, kind, fw));
    return { items, intro };
  }
  if (soft && range.length) {
    // "究其原因，一是理想信念不够坚定。": the lead-in clause is the part's intro, the rest its item.
    const p0 = range[0];
    const lead = new RegExp(
      String.raw`^[^，,：:。]{2,30}[，,：:]\s*(?:[${CN_NUMERALS}]是[，,、：:]?|首先[，,、：:]?|第一[，,、：:])?`,
    ).exec(p0.text);
    if (lead && softStart(p0.text) && lead[0].length < p0.text.length) {
      const cut = lead[0].search(new RegExp(String.raw`[${CN_NUMERALS}]是|首先|第一`));
      intro = { start: p0.start, end: p0.start + (cut > 0 ? cut : lead[0].length) };
      intro = trimSpan(paras, { start: intro.start, end: intro.end });
      items.push(
        itemFromSpan(
          paras,
          p0.start + (cut > 0 ? cut : lead[0].length),
          p0.start + lead[0].length,
          trimEnd(paras, p0.end),
          kind,
          fw,
        ),
      );
      for (const p of range.slice(1)) items.push(itemFromParas(paras, p.i, p.i + 1, kind, fw));
      return { items, intro };
    }
  }
  // A first paragraph that only announces what follows ("…我看到的一些问题，这些问题大家也都看到了。") is
  // the part's intro, not an item.
  let first = 0;
  if (range.length >= 2 && range[0].text.length <= 120 && ANNOUNCES.test(range[0].text)) {
    intro = trimSpan(paras, { start: range[0].start, end: range[0].end });
    first = 1;
  }
  for (const p of range.slice(first)) items.push(itemFromParas(paras, p.i, p.i + 1, kind, fw));
  return { items, intro };
}

const ANNOUNCES =
  /(?:以下|如下|下面|一些|几点|几个|这些|下列)(?:方面的?|突出|主要)?(?:问题|不足|差距|方面|原因|措施)(?:[^。；]{0,20})[。：:]$/;

function fullText(paras: Para[]): (s: number, e: number) => string {
  return (s, e) => {
    let out = '';
    for (const p of paras) {
      if (p.end <= s || p.start >= e) continue;
      if (out) out += '\n';
      out += p.text.slice(Math.max(0, s - p.start), Math.min(p.text.length, e - p.start));
    }
    return out;
  };
}

function trimEnd(paras: Para[], e: number): number {
  const t = fullText(paras);
  let x = e;
  while (x > 0 && /[\s]/.test(t(x - 1, x))) x--;
  return x;
}

function trimSpan(paras: Para[], s: Span): Span {
  const t = fullText(paras)(s.start, s.end);
  const lead = t.length - t.trimStart().length;
  const tail = t.length - t.trimEnd().length;
  return { start: s.start + lead, end: s.end - tail };
}

/** An item made of paragraphs [a, b): heading + text split, sub-item paragraph starts. */
function itemFromParas(paras: Para[], a: number, b: number, kind: PartKind, fw: Framework | null): RawItem {
  const p = paras[a];
  const mlen =
    p.marker && (BLOCK_STYLES.includes(p.marker.style) || ['shi', 'yao', 'di', 'seq'].includes(p.marker.style))
      ? p.marker.length
      : 0;
  const rest = p.text.slice(mlen);
  const restStart = p.start + mlen;
  const cont = b > a + 1;
  const end = paras[b - 1].end;
  const { hLen, textOff } = splitHeading(
    rest,
    cont,
    kind,
    fw,
    p.hint?.bold ? Math.max(0, (p.hint.boldChars ?? 0) - mlen) : 0,
  );
  const headingSpan = { start: restStart, end: restStart + hLen };
  let textStart = restStart + textOff;
  if (textOff >= rest.length) textStart = cont ? paras[a + 1].start : p.end;
  const subStarts: number[] = [];
  for (let k = a + 1; k < b; k++) if (paras[k].marker) subStarts.push(paras[k].start);
  return {
    kind,
    span: { start: p.start, end },
    headingSpan,
    textSpan: { start: Math.min(textStart, end), end },
    subStarts,
  };
}

function itemFromSpan(
  paras: Para[],
  s: number,
  bodyStart: number,
  e0: number,
  kind: PartKind,
  fw: Framework | null,
): RawItem {
  // The separator before the next run-in item ("……；二是") belongs to neither item.
  let e = e0;
  const ft = fullText(paras);
  while (e > bodyStart && /[；;，,\s]/.test(ft(e - 1, e))) e--;
  const rest = fullText(paras)(bodyStart, e);
  let { hLen, textOff } = splitHeading(rest.split('\n')[0], rest.includes('\n'), kind, fw, 0);
  // Run-in items ("一是强化理论武装，每季度……") take their first short clause as heading.
  const clause = rest.search(/[，,。；;：:！？]/);
  if (clause > 1 && clause <= 16 && (hLen === 0 || hLen > clause)) {
    hLen = clause;
    textOff = clause + 1;
  }
  const headingSpan = { start: bodyStart, end: bodyStart + hLen };
  const textStart = Math.min(e, bodyStart + textOff);
  return { kind, span: { start: s, end: e }, headingSpan, textSpan: { start: textStart, end: e }, subStarts: [] };
}

/**
 * Where the heading of an item ends. Returns the heading length and the offset where the body
 * starts (after the heading's punctuation).
 */
function splitHeading(
  rest: string,
  hasContinuation: boolean,
  kind: PartKind,
  fw: Framework | null,
  boldChars: number,
): { hLen: number; textOff: number } {
  if (!rest) return { hLen: 0, textOff: 0 };
  if (boldChars > 1 && boldChars < rest.length) {
    let h = boldChars;
    while (h > 0 && /[。：:，,；;！？\s]/.test(rest[h - 1])) h--;
    return { hLen: h, textOff: boldChars };
  }
  if (kind === 'problems') {
    const m = RUN_IN_ASPECT.exec(rest);
    if (
      m &&
      m[1].length <= 40 &&
      (fw ? matchAspect(fw, m[1]) : builtinFrameworks().some((f) => matchAspect(f, m[1])))
    ) {
      const lead = m[0].indexOf(m[1]);
      // Keep 在…方面 whole when the heading has no punctuation of its own.
      const hEnd = m[0].length - 1;
      const body = m[0].length;
      if (/[。：:]$/.test(m[0]) || lead === 0) return { hLen: hEnd, textOff: body };
      return { hLen: hEnd, textOff: body };
    }
  }
  const cut = searchOutside(rest, /[。：:！？；;!?]/);
  if (cut >= 0 && cut <= 40 && !/^(?:比如|例如|再如)/.test(rest)) {
    // A lone sentence with no body after it: its first short clause is the heading.
    const comma = searchOutside(rest, /[，,]/);
    if (!hasContinuation && rest.slice(cut + 1).trim().length === 0 && comma > 1 && comma < cut && comma <= 16)
      return { hLen: comma, textOff: comma + 1 };
    return { hLen: cut, textOff: cut + 1 };
  }
  if (cut < 0 && (hasContinuation ? rest.length <= 60 : rest.length <= 40))
    return { hLen: rest.length, textOff: rest.length };
  return { hLen: 0, textOff: 0 };
}

// ---------------------------------------------------------------- building the nodes

const EXAMPLE_CUE = /(?:比如|例如|譬如|再如|又如|诸如|举例来说|举例而言|如[：:]|例[：:])/g;
const SENTENCE_END = /[。！？!?；;\n]/;

function examplesIn(full: string, s: number, e: number): Span[] {
  const seg = full.slice(s, e);
  const out: Span[] = [];
  EXAMPLE_CUE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EXAMPLE_CUE.exec(seg))) {
    const before = m.index > 0 ? seg[m.index - 1] : '。';
    if (!/[。！？；;，,：:\n“”（）()]/.test(before) && m.index > 0) continue;
    const a = m.index;
    let b = a;
    while (b < seg.length && !SENTENCE_END.test(seg[b])) b++;
    if (b < seg.length && seg[b] !== '\n') b++;
    if (out.length && out[out.length - 1].end > s + a) continue;
    out.push({ start: s + a, end: s + b });
    EXAMPLE_CUE.lastIndex = b;
  }
  return out;
}

function without(full: string, span: Span, holes: Span[]): string {
  let out = '';
  let at = span.start;
  for (const h of holes) {
    if (h.start > at) out += full.slice(at, h.start);
    at = Math.max(at, h.end);
  }
  if (at < span.end) out += full.slice(at, span.end);
  return out.replace(/\n+/g, '\n').trim();
}

function buildProblem(full: string, it: RawItem): Problem {
  const t = it.textSpan;
  // Points: paragraph-level sub-items, else an inline enumeration, else the whole body.
  let segs: { span: Span; body: number }[] = [];
  const blockSubs = it.subStarts.filter(
    (x) => x >= t.start && x < t.end && BLOCK_STYLES.includes(markerAt(full.slice(x, x + 12))?.style as MarkerStyle),
  );
  const en = blockSubs.length ? [] : inlineEnumeration(full.slice(t.start, t.end));
  if (en.length >= 2) {
    // 一是…二是…, in one paragraph or one per paragraph.
    if (en[0].start > 0 && full.slice(t.start, t.start + en[0].start).trim().length > 1)
      segs.push({ span: { start: t.start, end: trimBack(full, t.start, t.start + en[0].start) }, body: t.start });
    en.forEach((x, k) => {
      const s = t.start + x.start;
      const e = k + 1 < en.length ? t.start + en[k + 1].start : t.end;
      segs.push({ span: { start: s, end: trimBack(full, s, e) }, body: t.start + x.bodyStart });
    });
  } else if (blockSubs.length) {
    const bounds = [...new Set([t.start, ...blockSubs, t.end])].sort((a, b) => a - b);
    for (let k = 0; k + 1 < bounds.length; k++) {
      const s = bounds[k];
      const e = trimBack(full, s, bounds[k + 1]);
      if (e - s < 2) continue;
      const m = markerAt(full.slice(s, Math.min(e, s + 12)));
      segs.push({ span: { start: s, end: e }, body: s + (m ? m.length : 0) });
    }
  }
  if (!segs.length && t.end > t.start) segs = [{ span: t, body: t.start }];
  const points: string[] = [];
  const pointSpans: Span[] = [];
  const examples: string[] = [];
  const exampleSpans: Span[] = [];
  const exampleOf: number[] = [];
  for (const sg of segs) {
    const ex = examplesIn(full, sg.body, sg.span.end);
    const pt = without(full, { start: sg.body, end: sg.span.end }, ex);
    const idx = points.length;
    points.push(pt);
    pointSpans.push(sg.span);
    for (const e of ex) {
      examples.push(full.slice(e.start, e.end).trim());
      exampleSpans.push(e);
      exampleOf.push(idx);
    }
  }
  return {
    aspect: null,
    heading: full
      .slice(it.headingSpan.start, it.headingSpan.end)
      .replace(/^(?:在|从|关于)(?=.{2,}方面)/, '')
      .trim(),
    text: full.slice(t.start, t.end).trim(),
    points,
    examples,
    span: it.span,
    headingSpan: it.headingSpan,
    textSpan: t,
    pointSpans,
    exampleSpans,
    exampleOf,
  };
}

function trimBack(full: string, s: number, e: number): number {
  while (e > s && /\s/.test(full[e - 1])) e--;
  return e;
}

function buildCause(full: string, it: RawItem): Cause {
  return {
    heading: full.slice(it.headingSpan.start, it.headingSpan.end).trim(),
    text: full.slice(it.textSpan.start, it.textSpan.end).trim(),
    span: it.span,
    headingSpan: it.headingSpan,
    textSpan: it.textSpan,
  };
}

function buildMeasure(full: string, it: RawItem): Measure {
  const heading = full.slice(it.headingSpan.start, it.headingSpan.end).trim();
  const text = full.slice(it.textSpan.start, it.textSpan.end).trim();
  const d = extractDeadline(heading + '。' + text);
  return {
    heading,
    text,
    deadline: d?.text ?? null,
    deadlineDate: d?.date ?? null,
    span: it.span,
    headingSpan: it.headingSpan,
    textSpan: it.textSpan,
  };
}
