/**
 * Cleaning of web-scraping and copy artifacts, found from the text itself.
 *
 * Materials arrive bought from template sites (watermark phrases inserted mid-sentence, paywall
 * markers), copied out of PDFs (page numbers, running headers, hard line breaks inside sentences),
 * or pasted from web pages (markup, advertisement lines). `cleanLines` removes these and reports
 * every removal with its kind, text and count; legitimate repetition of the text itself
 * ("学习、学习、再学习", a slogan used twice) is kept.
 *
 * The input is a list of paragraphs, each with an opaque `hint` (e.g. the Word style of a .docx
 * paragraph) that travels with it through the cleaning.
 */
import type { Removal, RemovalKind, Warning } from '../material/model.js';
import { LIMITS } from '../limits.js';
import { findFurniture } from './furniture.js';
import { CN_NUMERALS, fromChineseNumeral, LEADING_MARKER, startsWithMarker } from './numerals.js';

export interface Line<H = unknown> {
  text: string;
  hint?: H;
}

export interface Cleaned<H = unknown> {
  lines: Line<H>[];
  removed: Removal[];
  /** What the reader should know about the cleaning (e.g. a page held several articles). */
  warnings?: Warning[];
}

export class Report {
  private map = new Map<string, Removal>();
  add(kind: RemovalKind, text: string, n = 1, reason?: string) {
    const key = kind + '\u0000' + text;
    const r = this.map.get(key);
    if (r) r.count += n;
    else this.map.set(key, reason ? { kind, text, count: n, reason } : { kind, text, count: n });
  }
  list(): Removal[] {
    return [...this.map.values()];
  }
}

// ---------------------------------------------------------------- whitespace and markup

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const CJK = '\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef\\u2014-\\u2027';

/** Split raw text into lines, normalise line ends, zero-width characters, full-width spaces and indentation. */
export function splitLines(raw: string): string[] {
  return raw.replace(/\r\n?/g, '\n').replace(ZERO_WIDTH, '').split('\n');
}

const SPACE_BETWEEN_CJK = new RegExp(`([${CJK}])[ \\t\\u00a0\\u3000]+(?=[${CJK}])`, 'g');
const SPACE_AROUND_CJK_PUNCT = /[ \t\u00a0\u3000]*([，。、；：！？“”‘’（）《》【】])[ \t\u00a0\u3000]*/g;

export function normalizeLine(s: string): string {
  // Full-width digits and Latin letters → ASCII (full-width punctuation stays: it is the norm in Chinese).
  let t = s.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  t = t.replace(/[\t\u00a0\u2002\u2003\u2009]/g, ' ');
  t = t.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  // Markdown heading and emphasis markers (materials exported as .md come back through here).
  // Only the bold our Markdown export writes: a whole line, or a run-in heading ending in its full
  // stop. Elsewhere "**" is the placeholder of an anonymised template ("**镇", "**县**局") and stays.
  t = t.replace(/^#{1,6}\s+/, '').replace(/^\*\*([^*\n]{1,200}?)\*\*(?=$|(?<=[。：:！？!?]\*\*))/, '$1');
  t = t.replace(SPACE_BETWEEN_CJK, '$1').replace(SPACE_AROUND_CJK_PUNCT, '$1');
  t = t.replace(/\u3000+/g, '').replace(/ {2,}/g, ' ');
  return t;
}

const SCRIPT_BLOCK = /<(script|style|head|title|noscript|template)\b[^>]*>[\s\S]{0,200000}?<\/\1\s*>/gi;
const BLOCK_TAG = /<\/?(?:p|div|br|li|h[1-6]|tr|section|article)\b[^>]{0,500}>/gi;
const ANY_TAG = /<\/?[a-zA-Z][a-zA-Z0-9-]{0,20}(?:\s[^<>]{0,500})?\/?>/g;
const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  ldquo: '“',
  rdquo: '”',
  mdash: '—',
  hellip: '…',
};

/** Remove HTML markup pasted from web pages: script/style blocks entirely, other tags to line breaks or nothing. */
export function stripMarkup(raw: string, report: Report = new Report()): string {
  if (!/<\/?[a-zA-Z][^>]{0,500}>/.test(raw)) return raw;
  let n = 0;
  let t = raw.replace(SCRIPT_BLOCK, (m) => {
    n++;
    report.add('markup', m.length > 40 ? m.slice(0, 40) + '…' : m);
    return '';
  });
  t = t.replace(BLOCK_TAG, () => {
    n++;
    return '\n';
  });
  t = t.replace(ANY_TAG, () => {
    n++;
    return '';
  });
  t = t.replace(/&(#\d{1,6}|#x[0-9a-f]{1,5}|[a-z]{2,8});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp < 0x110000 ? String.fromCodePoint(cp) : '';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
  if (n) report.add('markup', 'HTML 标签', n);
  return t;
}

// ---------------------------------------------------------------- paywall markers

const PAYWALL =
  /#{2,3}\s*[A-Za-z][A-Za-z0-9_\- ]{1,30}?\s*#{2,3}|\[\[?\s*(?:paid|vip|pay)[a-z_]{0,20}\s*\]\]?|【\s*(?:付费|VIP|会员)(?:内容|阅读)?(?:开始|结束)?\s*】/gi;

function removePaywall(text: string, report: Report): string {
  return text.replace(PAYWALL, (m) => {
    report.add('paywall', m.trim());
    return '';
  });
}

// ---------------------------------------------------------------- page furniture

const PAGE_LINE = [
  /^第\s*\d{1,4}\s*页\s*[,，/、]?\s*(?:共\s*\d{1,4}\s*页)?$/,
  /^共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页$/,
  /^[-—–－]*\s*\d{1,4}\s*[-—–－]*$/,
  /^\d{1,4}\s*\/\s*\d{1,4}$/,
  /^(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i,
  /^[（(]\s*\d{1,4}\s*[）)]$/,
];

export function isPageNumberLine(s: string): boolean {
  return s.length <= 24 && PAGE_LINE.some((r) => r.test(s));
}

// ---------------------------------------------------------------- advertisements

const AD_STRONG =
  /(?:https?:\/\/|www\.|\.com\b|\.cn\b|公众号|微信号|扫码|二维码|QQ群|关注我们|客服|加微信|VIP会员|开通会员|免费下载|付费下载|下载全文|全文下载|点击下载|原文链接|文章来源[:：]|本文来源[:：]|转载请注明|版权所有|版权归|更多.{0,12}(?:范文|材料|资料|文章|精彩).{0,10}(?:请|敬请|尽在|访问|关注|搜索))/i;
const AD_WEAK = /(?:范文|文库|下载|会员|付费|整理|来源|原创|关注|收藏|点赞|转发|免费|网站|网址|搜索|微信|购买|优惠)/;

function isAdLine(s: string, trailing: boolean): boolean {
  if (s.length > 120) return false;
  if (AD_STRONG.test(s)) return true;
  if (!trailing || s.length > 60 || STARTS_WITH_MARKER.test(s)) return false;
  // A trailing short line that names downloads, sites, memberships … twice over is no sentence of the material.
  const hits = new Set(s.match(new RegExp(AD_WEAK.source, 'g')) ?? []);
  return hits.size >= 2;
}

/**
 * Remove the advertisement from a line that also holds content: a bracketed credit
 * ("（文章来源：www.x.com）") or the clause with the URL. Null when the line is all advertisement.
 */
function stripAdSegments(s: string): { text: string; removed: string } | null {
  const bracket = /[（(【\[][^（）()【】\[\]]{0,80}[）)】\]]/g;
  let removed = '';
  let t = s.replace(bracket, (m) => {
    if (AD_STRONG.test(m)) {
      removed += m;
      return '';
    }
    return m;
  });
  if (!removed) {
    const clauses = t.split(/(?<=[，,。；;！？])/);
    const kept = clauses.filter((c) => {
      if (AD_STRONG.test(c)) {
        removed += c;
        return false;
      }
      return true;
    });
    t = kept.join('');
  }
  const content = t.replace(/[\s，,。；;：:！？、“”（）()]/g, '');
  if (!removed || content.length < 12) return null;
  return { text: t.replace(/[，,；;]$/, '。'), removed };
}

// ---------------------------------------------------------------- hard line breaks

const TERMINAL = /[。！？!?；;：:…”」』）)】]$/;
/** A line that opens a numbered item (一、 （二） 3、 ① 一是 第一， 首先…) is never joined to the line before. */
const STARTS_WITH_MARKER = {
  test: (s: string) => startsWithMarker(s) || /^(?:首先|其次|最后)/.test(s),
};

/**
 * Join lines that a PDF copy broke inside sentences. A text is treated as hard-wrapped only when
 * many of its lines are about the same length and end without punctuation; then a line that
 * reaches that width and ends mid-sentence is joined with the next, unless the next starts a
 * numbered item.
 */
function joinWrapped<H>(lines: Line<H>[], report: Report): Line<H>[] {
  const body = lines.filter((l) => l.text.length > 0);
  if (body.length < 4) return lines;
  const lens = body.map((l) => l.text.length).sort((a, b) => a - b);
  const width = lens[Math.floor(lens.length * 0.8)];
  if (width < 12) return lines;
  const isFull = (n: number) => n >= width * 0.85 && n <= width * 1.25;
  const fullOpen = body.filter((l) => isFull(l.text.length) && !TERMINAL.test(l.text)).length;
  if (fullOpen < 3 || fullOpen / body.length < 0.25) return lines;
  const out: Line<H>[] = [];
  let lastPhysical = 0; // length of the last physical line appended to out's last entry
  let joins = 0;
  for (const cur of lines) {
    const prev = out[out.length - 1];
    if (
      prev &&
      cur.text &&
      prev.text &&
      isFull(lastPhysical) &&
      !TERMINAL.test(prev.text) &&
      !STARTS_WITH_MARKER.test(cur.text)
    ) {
      const glue = /[A-Za-z0-9]$/.test(prev.text) && /^[A-Za-z0-9]/.test(cur.text) ? ' ' : '';
      prev.text += glue + cur.text;
      lastPhysical = cur.text.length;
      joins++;
      continue;
    }
    out.push({ ...cur });
    lastPhysical = cur.text.length;
  }
  if (joins) report.add('line-break', '段内硬换行', joins);
  return out;
}

// ---------------------------------------------------------------- watermarks

const DELIM = new Set('，,、；;。！？!?：:“”"‘’「」『』（）()《》【】…\n'.split(''));
const MID_LEFT = new Set('，,、；;“”"‘’「」『』（）()《》'.split(''));
const CONNECTIVE = new RegExp(
  `^(?:同时|与此同时|另外|此外|总之|总而言之|一方面|另一方面|特别是|尤其是|比如|例如|再如|譬如|又如|因此|所以|但是|然而|不过|首先|其次|再次|最后|[${CN_NUMERALS}]是|反思自己|究其原因|具体来说|具体而言|主要表现在|表现在|客观上|主观上|归根结底|说到底|也就是说|换句话说|实际上|事实上|当前|目前|今后|近年来|长期以来|一直以来|多年来|由此|对此|为此|据此|在此基础上|综上所述|由此可见|可以说|应该说|坦率地说)$`,
);
const CONNECTIVE_END = /(?:地说|地讲|来说|而言|来看|看来|地看)$/;
const WATERMARK_WORDS =
  /(?:整理|来源|出品|原创|发布|转载|版权|下载|收集|提供|分享|编辑|网|铺|库|帮|站|吧|文库|范文|素材|文秘|写作|笔杆|公众号|微信|[A-Za-z]{2,}|\d{3,})/;

/** A pinyin syllable with its tone mark: mirror sites annotate characters this way; no site credit has tone marks. */
const PINYIN = /^[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*$/i;

interface Clause {
  text: string;
  start: number;
  end: number;
  left: string;
  right: string;
  prevText: string;
  nextText: string;
}

function clausesOf(s: string): Clause[] {
  const out: Clause[] = [];
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || DELIM.has(s[i])) {
      if (i > start)
        out.push({
          text: s.slice(start, i),
          start,
          end: i,
          left: start > 0 ? s[start - 1] : '\n',
          right: i < s.length ? s[i] : '\n',
          prevText: '',
          nextText: '',
        });
      start = i + 1;
    }
  }
  for (let k = 0; k < out.length; k++) {
    out[k].prevText = k > 0 ? out[k - 1].text : '';
    out[k].nextText = k + 1 < out.length ? out[k + 1].text : '';
  }
  return out;
}

/**
 * Find watermark phrases from the text itself: a short clause that recurs as a whole clause in
 * unrelated places (never with the same neighbouring clause, which would make it part of a longer
 * repeated phrase), mostly in the middle of sentences, and that is not a discourse connective.
 * Two occurrences suffice when the phrase reads like a site credit or breaks an enumeration.
 */
export function findWatermarks(joined: string): string[] {
  const groups = new Map<string, Clause[]>();
  for (const c of clausesOf(joined)) {
    if (c.text.length < 3 || c.text.length > 20) continue;
    const g = groups.get(c.text);
    if (g) g.push(c);
    else groups.set(c.text, [c]);
  }
  const found: string[] = [];
  for (const [text, occ] of groups) {
    if (CONNECTIVE.test(text) || CONNECTIVE_END.test(text)) continue;
    if (PINYIN.test(text)) continue; // 風(fēng): a reading glued to a character on 繁体 mirror pages, part of the text
    const single = occ.length === 1;
    if (
      single &&
      !(
        /(?:整理|来源|出品|原创|发布|转载|版权|下载)/.test(text) &&
        /(?:网|铺|库|帮|文库|范文|公众号|微信|[A-Za-z]{2,}|站)/.test(text)
      )
    )
      continue;
    const prevs = new Set(occ.map((c) => c.prevText));
    const nexts = new Set(occ.map((c) => c.nextText));
    if (prevs.size < occ.length || nexts.size < occ.length) continue; // part of a longer repeat
    const mid = occ.filter((c) => MID_LEFT.has(c.left) && c.right !== '\n').length;
    if (!single && mid < 2) continue;
    if (occ.some((c) => /[“"‘「『《]/.test(c.left) || /[”"’」』》]/.test(c.right))) continue; // quoted: the author's words
    const strong = single || occ.length >= 3 || WATERMARK_WORDS.test(text);
    if (strong) found.push(text);
  }
  return found.sort((a, b) => b.length - a.length);
}

/** Remove every occurrence of a watermark phrase, with one of the delimiters around it. */
function removePhrase(s: string, phrase: string): { text: string; count: number } {
  let count = 0;
  let out = '';
  let i = 0;
  for (;;) {
    const j = s.indexOf(phrase, i);
    if (j < 0) break;
    count++;
    let a = j;
    let b = j + phrase.length;
    const left = a > 0 ? s[a - 1] : '';
    const right = b < s.length ? s[b] : '';
    if (/[，,、；;]/.test(right) && (left === '' || DELIM.has(left))) b++;
    else if (/[，,、；;]/.test(left) && (right === '' || /[。！？!?：:；;”"’）)]/.test(right))) a--;
    out += s.slice(i, a);
    i = b;
  }
  return { text: out + s.slice(i), count };
}

// ---------------------------------------------------------------- jammed lines

const JAM = new RegExp(
  `(?:([${CN_NUMERALS}]{1,2})[、．]|[（(]([${CN_NUMERALS}]{1,2})[）)]|(\\d{1,2})[、．](?!\\d)|[（(](\\d{1,2})[）)])`,
  'g',
);
type JamStyle = 'cn' | 'pcn' | 'ar' | 'par';
const LEVEL: JamStyle[] = ['cn', 'pcn', 'ar', 'par'];

function jamAt(m: RegExpExecArray): { style: JamStyle; n: number } {
  if (m[1]) return { style: 'cn', n: fromChineseNumeral(m[1]) };
  if (m[2]) return { style: 'pcn', n: fromChineseNumeral(m[2]) };
  if (m[3]) return { style: 'ar', n: Number(m[3]) };
  return { style: 'par', n: Number(m[4]) };
}

/** A part heading and nothing else: "存在的问题", "二、原因剖析", "整改措施". */
const PART_HEAD =
  /^(?:[^，。；！？：:,]{0,12}(?:存在的?|查摆的?|检视的?|主要|突出)?(?:问题|不足|差距)|[^，。；！？：:,]{0,8}(?:原因(?:分析|剖析)?|根源剖析|剖析|整改措施|努力方向|改进措施|整改方向))$/;
const JAM_AT_START = LEADING_MARKER;
const PART_START = /^(?:存在|查摆|检视|对照|主要问题|问题|产生|原因|根源|剖析|整改|努力|下一步|今后|改进)/;
const TITLE_END = /(?:材料|提纲|发言|报告|措施|方向|问题|剖析|清单|检查)$/;
const DOC_END = /(?:材料|提纲|发言|发言稿|报告|剖析|清单|检查|模板|范文|方案|总结|讲话|通报|意见)$/;

/**
 * Split lines that hold several paragraphs run together (a title, a part heading and item 1 in
 * one line: "…存在的问题及整改措施一、存在的主要问题：1、政治思想意识不够强。…2、…"). A numbering
 * marker inside a line starts a new line when it continues the numbering the text has used so far
 * (二、 after 一、, 2、 after 1、) right after a sentence end, or starts a list (1、 after a colon),
 * or when a title runs into "一、" + a part heading. Sub-points of the line's own item ("表现在：1.…；
 * 2.…") are left alone.
 */
export function splitJammed<H>(lines: Line<H>[]): Line<H>[] {
  const last: Record<JamStyle, number> = { cn: 0, pcn: 0, ar: 0, par: 0 };
  const open = (style: JamStyle, n: number) => {
    last[style] = n;
    for (const l of LEVEL.slice(LEVEL.indexOf(style) + 1)) last[l] = 0;
  };
  const out: Line<H>[] = [];
  for (const line of lines) {
    const s = line.text;
    const cuts: number[] = [];
    JAM.lastIndex = 0;
    let own: JamStyle | null = null;
    const rejected = new Set<JamStyle>();
    let m: RegExpExecArray | null;
    let segStart = 0;
    while ((m = JAM.exec(s))) {
      const { style, n } = jamAt(m);
      const at = m.index;
      if (at === segStart) {
        // The marker that opens the line (or the segment just cut).
        if (at === 0) own = style;
        open(style, n);
        continue;
      }
      const before = s[at - 1];
      const head = s.slice(segStart, at);
      let ok = false;
      if (rejected.has(style) || style === own) ok = false;
      else if (/[。！？]/.test(before) && n === last[style] + 1 && last[style] > 0) ok = true;
      else if (/[：:]/.test(before) && n === 1 && head.length <= 40) ok = true;
      else if (n === 1 && style !== own && PART_HEAD.test(head.replace(JAM_AT_START, '')) && head.length <= 24)
        // "一、存在的问题（一）理论学习方面。…": a part heading run into its first item.
        ok = true;
      else if (
        segStart === 0 &&
        at >= 6 &&
        style === 'cn' &&
        n === 1 &&
        !/[，。；！？：:,]/.test(head) &&
        ((TITLE_END.test(head) && PART_START.test(s.slice(at + m[0].length))) ||
          // The first line of the text: a document's name run into its outline ("…报告通用模板一、总体态势…。二、…").
          (out.length === 0 && DOC_END.test(head) && /[。！？]\s*(?:二[、．]|一是)/.test(s.slice(at))))
      )
        ok = true;
      if (style === own && !/[。！？]/.test(before)) rejected.add(style);
      if (style === own && /[。！？]/.test(before) && n === last[style] + 1 && !rejected.has(style)) ok = true;
      if (!ok) {
        if (n === 1) rejected.add(style);
        continue;
      }
      cuts.push(at);
      segStart = at;
      open(style, n);
    }
    if (!cuts.length) {
      out.push(line);
      continue;
    }
    let a = 0;
    for (const c of [...cuts, s.length]) {
      const piece = s.slice(a, c).trim();
      if (piece) out.push({ text: piece, hint: line.hint });
      a = c;
    }
  }
  return out;
}

// ---------------------------------------------------------------- running headers

function removeRunningHeaders<H>(lines: Line<H>[], pageEvidence: boolean, report: Report): Line<H>[] {
  const counts = new Map<string, number>();
  for (const l of lines) if (l.text && l.text.length <= 40) counts.set(l.text, (counts.get(l.text) ?? 0) + 1);
  const headers = new Set<string>();
  for (const [t, n] of counts) {
    if (STARTS_WITH_MARKER.test(t) || /[。！？]$/.test(t)) continue;
    if (n >= 3 || (n >= 2 && pageEvidence)) headers.add(t);
  }
  if (!headers.size) return lines;
  const firstIdx = lines.findIndex((l) => l.text.length > 0);
  const out: Line<H>[] = [];
  lines.forEach((l, i) => {
    if (headers.has(l.text) && i !== firstIdx) {
      report.add('page-furniture', l.text);
      return;
    }
    out.push(l);
  });
  return out;
}

// ---------------------------------------------------------------- the pipeline

/** Split over-long paragraphs at sentence ends so that no later step sees a giant line. */
function boundLines<H>(lines: Line<H>[]): Line<H>[] {
  const max = LIMITS.maxParagraphChars;
  if (!lines.some((l) => l.text.length > max)) return lines;
  const out: Line<H>[] = [];
  for (const l of lines) {
    let t = l.text;
    while (t.length > max) {
      const cut = Math.max(t.lastIndexOf('。', max), t.lastIndexOf('！', max), t.lastIndexOf('？', max));
      const at = cut > max / 2 ? cut + 1 : max;
      out.push({ text: t.slice(0, at), hint: l.hint });
      t = t.slice(at);
    }
    if (t) out.push({ text: t, hint: l.hint });
  }
  return out;
}

/**
 * A title run into the first sentence of the text ("…调研报告党支部组织生活是实现…。", "…自身总结根据区委的统一
 * 部署，…"): the first line is split after the document's name when a sentence opener follows it.
 */
const TITLE_RUN =
  /^(?!本文|笔者|我)([^。！？；，,：:“”]{4,40}?(?:调研报告|报告|总结|材料|提纲|清单|剖析|讲话))(?!会)(?=(?:根据|按照|为了|近年来|近期|今年以来|今年|当前|自|通过|随着|结合|本人|我|党支部|党委|党组)[^。]{8,}。)/;

function splitTitleRun<H>(lines: Line<H>[]): Line<H>[] {
  const i = lines.findIndex((l) => l.text.trim().length > 0);
  if (i < 0 || lines[i].text.length <= 30) return lines;
  const m = TITLE_RUN.exec(lines[i].text);
  if (!m) return lines;
  const out = [...lines];
  out.splice(
    i,
    1,
    { text: m[1], hint: lines[i].hint },
    { text: lines[i].text.slice(m[1].length), hint: lines[i].hint },
  );
  return out;
}

export function cleanLines<H>(input: Line<H>[]): Cleaned<H> {
  const report = new Report();
  const warnings: Warning[] = [];
  // Site furniture first: navigation bars are runs of space-separated words, seen before spaces go.
  const fur = findFurniture(input.map((l) => l.text));
  for (const r of fur.removed)
    report.add('page-furniture', r.text.split('\n').map(normalizeLine).join('\n'), 1, r.reason);
  if (fur.articles > 1)
    warnings.push({
      code: 'W_SEVERAL_ARTICLES',
      message: `页面包含 ${fur.articles} 篇材料，只导入了第一篇；其余各篇已列入“已清除”。`,
    });
  let lines: Line<H>[] = input.map((l, i) => ({
    text: normalizeLine(removePaywall(fur.lines[i] ?? '', report)),
    hint: l.hint,
  }));
  lines = boundLines(lines);

  // Page furniture: page-number lines, then repeated running headers.
  let pageEvidence = false;
  lines = lines.filter((l) => {
    if (l.text && isPageNumberLine(l.text) && !/^\d{1,3}[、.．]$/.test(l.text)) {
      pageEvidence = true;
      report.add('page-furniture', l.text);
      return false;
    }
    return true;
  });
  lines = removeRunningHeaders(lines, pageEvidence, report);

  // Advertisements: a line that is an advertisement goes; inside a line of real content, only the
  // bracketed credit or the clause that carries the advertisement goes.
  lines = lines.filter((l) => {
    if (!l.text || !isAdLine(l.text, false)) return true;
    const stripped = stripAdSegments(l.text);
    if (stripped !== null) {
      report.add('advertisement', stripped.removed);
      l.text = stripped.text;
      return true;
    }
    report.add('advertisement', l.text);
    return false;
  });
  for (let i = lines.length - 1, seen = 0; i >= 0 && seen < 4; i--) {
    const t = lines[i].text;
    if (!t) continue;
    seen++;
    if (isAdLine(t, true)) {
      report.add('advertisement', t);
      lines.splice(i, 1);
    } else break;
  }

  lines = joinWrapped(lines, report);

  // Watermarks, found over the whole text, removed line by line.
  const marks = findWatermarks(lines.map((l) => l.text).join('\n'));
  if (marks.length) {
    for (const l of lines) {
      for (const m of marks) {
        if (!l.text.includes(m)) continue;
        const r = removePhrase(l.text, m);
        l.text = r.text;
        if (r.count) report.add('watermark', m, r.count);
      }
    }
  }

  lines = splitJammed(
    splitTitleRun(lines.filter((l) => l.text.trim().length > 0).map((l) => ({ ...l, text: l.text.trim() }))),
  );
  lines = boundLines(lines);
  return { lines, removed: report.list(), warnings };
}

/** Clean raw text (any line ends, markup allowed). */
export function cleanText(raw: string): { text: string; lines: string[]; removed: Removal[]; warnings: Warning[] } {
  const report = new Report();
  const unmarked = stripMarkup(raw, report);
  const r = cleanLines(splitLines(unmarked).map((text) => ({ text })));
  const lines = r.lines.map((l) => l.text);
  const removed = [...report.list(), ...r.removed];
  return { text: lines.join('\n'), lines, removed, warnings: r.warnings ?? [] };
}

/** Same as cleanText but keeps per-line hints (for .docx paragraphs); markup is not expected there. */
export function cleanParagraphs<H>(paragraphs: Line<H>[]): Cleaned<H> {
  return cleanLines(paragraphs.flatMap((p) => splitLines(p.text).map((text) => ({ text, hint: p.hint }))));
}
