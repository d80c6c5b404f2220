/**
 * Site furniture around a material copied from a web page: welcome banners, navigation bars,
 * breadcrumbs, metadata lines (浏览量、发布时间、来源…), collection labels (篇一、…4篇、（个人通用）),
 * a page number glued to the title, the page's own title repeated above the material's title, and
 * the other articles of a page that holds several (篇一/篇二…).
 *
 * Everything is found from the shape of a line, its position (before the title, right after it,
 * between articles, after the end) and repetition — never from a list of site names. Each removal
 * is reported with its text and the reason, so that the cleaned text is exactly the input minus
 * what is reported.
 */

import { toSimplified } from './t2s.js';
import { CN_NUMERALS, fromChineseNumeral } from './numerals.js';

export interface FurnitureRemoval {
  text: string;
  reason: FurnitureReason;
}

export type FurnitureReason =
  | 'banner'
  | 'navigation'
  | 'breadcrumb'
  | 'metadata'
  | 'collection-label'
  | 'page-number'
  | 'page-title'
  | 'other-article'
  | 'related-links'
  | 'table-of-contents'
  | 'paywall-notice'
  | 'site-intro'
  | 'page-controls'
  | 'site-name';

export interface FurnitureResult {
  /** The lines, with furniture lines set to null and labels cut from the lines that keep content. */
  lines: (string | null)[];
  removed: FurnitureRemoval[];
  /** Number of articles found on the page (1 when it holds one). */
  articles: number;
}

const SENTENCE = /[。！？；]/;
/** A line as the shape tests read it: simplified characters (繁体 pages too), spaces collapsed. */
const t = (s: string) =>
  toSimplified(s.length > 600 ? s.slice(0, 600) : s)
    .replace(/[\s\u3000\u00a0]+/g, ' ')
    .trim();

// ---------------------------------------------------------------- shapes of lines

const BANNER =
  /欢迎(?:您|你|各位)?(?:来到|访问|光临|使用|进入|浏览)|欢迎您[！!。]?|^.{0,30}(?:网|文库|平台|站)[，,]\s*欢迎|记住(?:我|本站|我们|网址|本站网址)[，,。!！~～]|收藏本站|设为首页|^.{0,50}(?:立即|马上|赶快|现在就?|点击)(?:了解|体验|使用|下载|领取|查看|试用|注册|开通|咨询)\s*[>》→]*$/;

/** A welcome banner ("某某文库，欢迎您！"), possibly followed by a run of category words. */
export function isBanner(s: string): boolean {
  const x = t(s);
  return x.length <= 200 && BANNER.test(x) && !/批评|指正|监督/.test(x);
}

/** A run of short category words ("首页 范文大全 心得体会 工作总结 …"): a navigation bar. */
export function isNavigation(s: string, min = 4): boolean {
  const x = t(s);
  if (x.length > 200 || SENTENCE.test(x) || /[，,：:]/.test(x)) return false;
  // A row of a table ("问题类型 | 思想根源 | 整改方向 |", "---|---|") is the text's, not a menu.
  if (/^\|.*\|$|\|\s*$|^[-:\s|]+$/.test(x)) return false;
  const tokens = x.split(/\s*[|｜丨·•/]\s*|\s+/).filter(Boolean);
  if (tokens.length < min) return false;
  // "2023年度 民主生活会 对照检查材料" is a title with spaces, not a menu.
  if (tokens.length < 5 && TITLE_WORDS.test(x)) return false;
  return tokens.every((w) => w.length >= 2 && w.length <= 8 && !/\d{3,}/.test(w));
}

const CRUMB_LEAD = /^(?:您?(?:当前|现在)?(?:所在)?的?位置|当前(?:所在)?位置|所在位置|现在位置)\s*[:：]/;
const CRUMB_SEP = /\s*(?:>|＞|»|›|→|>>)\s*/;

/** A breadcrumb: "当前位置：首页 > 范文大全 > 整改报告 > 正文", "某某网 > 范文大全 > 读书笔记 >". */
export function isBreadcrumb(s: string): boolean {
  const x = t(s);
  if (x.length > 160) return false;
  if (CRUMB_LEAD.test(x)) return true;
  if (SENTENCE.test(x)) return false;
  const segs = x.split(CRUMB_SEP);
  if (segs.length < 3) return false;
  return segs.every((g) => g.length <= 24 && !/[，,]/.test(g));
}

const META_LABEL =
  /(?<=^|[\s|｜丨/·•(（[【])(?:浏览量|浏览次数|浏览人次|浏览|阅读量|阅读次数|阅读数|阅读|点击量|点击数|点击率|点击|访问量|访问次数|人气|热度|发布时间|发布日期|发布者|发布人|发表时间|发表日期|更新时间|更新日期|上传时间|上传日期|上传者|上传人|贡献者|时间|日期|文章来源|信息来源|来源|责任编辑|编辑|作者|投稿人|投稿|字数|页数|文件大小|大小|下载次数|下载量|下载|收藏|评论数|评论|点赞|分享到|分享|打印|关闭窗口|字号|所属栏目|栏目|分类|标签|关键词|关键字|朗读|网站|网址|站点|格式|文档格式|文件格式|所需积分|积分|下载券|价格|文档分类|上传用户|文档类型|索引号|主题分类|主题词|发文机关|发布机构|发文单位|成文日期|生成日期|发文字号|文号|有效性|公开方式|公开范围|公开时限|信息名称|体裁分类|组配分类|所属机构|文件列表|文档页数|文档大小)\s*[:：]/g;
const META_STRONG =
  /浏览|阅读|点击|访问|人气|热度|发布|发表|更新|上传|贡献|来源|编辑|投稿|字数|页数|大小|下载|收藏|评论|点赞|分享|打印|关闭|字号|栏目|分类|标签|关键|朗读|网站|网址|站点|格式|积分|下载券|价格|索引号|发文|成文|文号|公开|体裁|组配|文档|文件名称|文件列表/;
/** Labels only a web page has (a material may well say "问题来源：巡察反馈"). */
const WEB_ONLY =
  /(?:浏览|阅读|点击|访问|人气|热度|发布|发表|更新|上传|下载|收藏|评论|点赞|分享|打印|字号|朗读|贡献者|网站|网址|索引号|主题分类|成文日期|发文机关|所需积分|下载券|文档名称|文档介绍|文档简介|文件列表)[^:：]{0,3}[:：]/;
/** A document site's name label: "文档名称:" alone, or glued before the document's name (the value stays). */
const NAME_LABEL = /^\s*(?:文档名称|资料名称|文件名称|文档标题|文档介绍|文档简介|资料简介)\s*[:：]\s*/;

/**
 * Labels of a government page's information table (索引号、主题分类、发文机关、成文日期、发布日期、
 * 文号、来源…). Such pages set them out as a block of "label：value" lines, or label and value on lines
 * of their own.
 */
const GOV_LABEL =
  /^(?:[-*•·]\s*)?(?:标题|效力状态|效力|成文时间|发文时间|发布时间|索引号|主题分类|主题词|发文机关|发布机构|发文单位|成文日期|发布日期|生成日期|发文字号|文号|有效性|公开方式|公开范围|公开时限|信息名称|名称|体裁分类|组配分类|所属机构|信息来源|来源|分类|发布时间|时效)\s*[:：]?/;

/** A line of a government page's information table: a label alone, or a label with a short value. */
export function isGovMetaLine(s: string): boolean {
  // Table cells copied with spaces inside the label ("索 引 号：", "文 号：").
  const x = t(s).replace(
    /^([-*•·]\s*)?((?:[\u4e00-\u9fff]\s){1,4}[\u4e00-\u9fff])(?=\s*[:：])/,
    (_m, b: string | undefined, l: string) => (b ?? '') + l.replace(/\s/g, ''),
  );
  if (!x || x.length > 80 || SENTENCE.test(x)) return false;
  const m = GOV_LABEL.exec(x);
  if (!m) return false;
  const rest = x.slice(m[0].length);
  // Two labels on one line ("索引号：… 主题分类：…"), or a label with a short value.
  return rest.length <= 40 && !/[，,]/.test(rest);
}

/** A government-table label standing alone, its value on the next line. */
function govBare(s: string): boolean {
  const x = t(s).replace(/\s/g, '');
  const m = GOV_LABEL.exec(x);
  return !!m && m[0].length === x.length;
}

/**
 * Buttons and widgets of a page, copied as text: share/audio/print bars ("分享到：", "朗读", "打印本页",
 * "字号：大 中 小", "【关闭窗口】"), the controls of document-sharing sites ("下载文档", "全文阅读", "展开",
 * "收藏", "正文复制", "文档简介", "用户上传"). A line made of nothing else is furniture.
 */
const CONTROL_WORDS =
  /分享到|分享|转发到?|朗读|语音播报|听全文|播报|打印本页|打印文章|打印|关闭窗口|关闭本页|关闭|收藏本页|加入收藏|收藏本文|收藏|字号|字体|扫一扫|微信扫一扫|手机扫码|微信|朋友圈|微博|QQ空间|复制链接|纠错|举报|下载文档|下载本文|下载此文档|立即下载|免费下载|下载|全文阅读|阅读全文|在线阅读|展开全文|展开阅读全文|展开|收起|文档简介|内容简介|正文复制|复制全文|复制|用户上传|网友上传|返回顶部|返回首页|返回列表|返回|点赞|评论|我要评论|顶一下|踩一下|上一页|下一页|手机版|电脑版|放大|缩小|默认|还原|阅读模式|护眼模式|纯净阅读|保存|分享给好友|相关文档|文档格式|举报文档|付费文档|VIP文档|收听本文|收听|播放|暂停|音频|资源描述|资源简介|文档描述|文档介绍|预计阅读时长|阅读时长|共计|个字|分钟|时间|作者|加入收藏|在手机上?打开(?:当前页|本页)?|手机打开|视力保护色|护眼色|听新闻|VIP专享|专享文档|查看更多|点击查看|继续阅读|展开剩余|加载中|首页|尾页|末页|文件列表|立即了解|立即体验|立即使用|免费试用|预览|%|×|✕/g;
const CONTROL_STRONG =
  /分享|转发|朗读|播报|收听|打印|关闭窗口|收藏|字号|扫一扫|复制链接|纠错|下载|全文阅读|阅读全文|在线阅读|展开|文档简介|内容简介|资源描述|资源简介|文档描述|正文复制|复制全文|用户上传|网友上传|返回顶部|我要评论|阅读模式|阅读时长|手机版|电脑版|字体|视力保护色|听新闻|举报|VIP专享|手机打开|查看更多|点击查看|继续阅读|展开剩余|上一页|下一页|尾页|文档介绍|文件列表|立即了解|立即体验|立即使用|免费试用|预览/;

/** What a widget line has besides its control words: numbers, sizes, times, formats, separators. */
const controlRest = (x: string) =>
  x
    .replace(CONTROL_WORDS, '')
    .replace(/[大中小]/g, '')
    .replace(/\d{1,2}:\d{2}(?::\d{2})?/g, '')
    .replace(/\d+(?:\.\d+)?\s*(?:KB|MB|K|M|页|次|人|积分|下载券|元|字)?/gi, '')
    .replace(/\b(?:docx?|pdf|txt|wps|pptx?|A[+-])\b/gi, '')
    .replace(/[\s|｜丨·•/:：、，,()（）[\]【】<>《》\-—_+＋－~～]/g, '');

export function isControls(s: string): boolean {
  const x = t(s);
  if (!x || x.length > 80 || SENTENCE.test(x)) return false;
  // A row of counters ("1 1 1" under share buttons), a bare counter ("阅读 1234", "2023-01-05 阅读(1234)").
  if (/^\d{1,5}(?:\s+\d{1,5}){2,}$/.test(x) || /^[-*•·]\s*\d{1,6}$/.test(x)) return true;
  if (/^(?:\d{4}-\d{1,2}-\d{1,2}\s*)?(?:阅读|浏览|点击|评论|点赞)\s*[(（]?\d{1,9}[)）]?\s*次?$/.test(x)) return true;
  if (!CONTROL_STRONG.test(x)) return false;
  if (controlRest(x).length <= 2) return true;
  // One token besides the controls: the site's or the uploader's name ("共产党员网 打印 纠错", "admin 分享").
  const tokens = x.split(/[\s|｜丨]+/).filter(Boolean);
  const others = tokens.filter((w) => controlRest(w).length > 0);
  return tokens.length - others.length >= 2 && others.length === 1 && others[0].length <= 10;
}

/**
 * A site's name in brackets glued into a sentence ("…加强学习(中华励志网)，提高…"): a short
 * bracketed name ending in 网/网站/文库/范文/站, between characters of the text (never at a line end or
 * as a line of its own, where a name in brackets may be the text's own source).
 */
const GLUED_SITE = /[（(]\s*([\u4e00-\u9fffA-Za-z0-9.]{1,12}?(?:网站|网|文库|范文|文秘|站))\s*[）)]/g;
const TEXT_CHAR = /[\u4e00-\u9fff，,。、；;：:“”"]/;

/** Bracketed site names of a line, with their offsets; `recurring`: names seen more than once on the page. */
export function gluedSiteNames(line: string, recurring: ReadonlySet<string>): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  GLUED_SITE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = GLUED_SITE.exec(line))) {
    const before = line.slice(0, m.index).trimEnd();
    const after = line.slice(m.index + m[0].length).trimStart();
    if (!before || !after) continue;
    if (!TEXT_CHAR.test(before[before.length - 1]) || !TEXT_CHAR.test(after[0])) continue;
    // A unit's name after its short form is the text's ("国家电网（国网）…"): only names that recur on
    // the page, or that read like a site (范文、文库、励志、写作、文秘…), or sit between a word and its
    // continuation with no punctuation on either side.
    const name = m[1];
    const siteLike = /范文|文库|励志|写作|文秘|公文|资料|学习网|文章|作文|秘书|笔杆|材料网|文档|网站/.test(name);
    const midWord = /[\u4e00-\u9fff]/.test(before[before.length - 1]) && /[\u4e00-\u9fff]/.test(after[0]);
    if (recurring.has(name) || siteLike || midWord) out.push({ at: m.index, text: m[0] });
  }
  return out;
}
const DATETIME = /\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?/g;

/**
 * A metadata line: "浏览量：34", "| 浏览次数：", "发布时间：2026-01-30", "时间：2024-11-01 12:36:01
 * 来源：网友投稿", "作者：佚名 编辑：某某". `head`: the line stands before or right after the title,
 * where a lone "时间：" or "作者：" is furniture too.
 */
export function isMetadata(s: string, head: boolean): boolean {
  const x = t(s);
  if (!x || x.length > 120 || SENTENCE.test(x)) return false;
  const labels = x.match(META_LABEL) ?? [];
  const dates = x.match(DATETIME) ?? [];
  if (!labels.length) {
    // A bare date-time with seconds or a "2019-03-20 17:03:08 | 来源" shape.
    if (/^\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?$/.test(x)) return true;
    // A document site's figures: "- 约3.47千字", "- 约 7页", "- 2026-01-14 发布于四川".
    if (/^[-*•·]?\s*约\s*[\d.]+\s*[千万]?\s*(?:字|页)$/.test(x)) return true;
    if (/^[-*•·]?\s*\d{4}-\d{1,2}-\d{1,2}\s*(?:\d{1,2}:\d{2}(?::\d{2})?\s*)?发布于\s*[\u4e00-\u9fff]{0,8}$/.test(x))
      return true;
    // A site's address with the page's date ("www.example.cn 2021-12-08").
    if (
      /^(?:https?:\/\/)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/\S*)?\s+\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/i.test(
        x,
      )
    )
      return true;
    // Before the title: a web date glued between a category word and a name ("发言稿2018-12-09王华老师").
    return head && /^[\u4e00-\u9fff]{0,8}\s*\d{4}-\d{1,2}-\d{1,2}\s*[\u4e00-\u9fffA-Za-z]{0,8}$/.test(x);
  }
  // What is left after the labels, dates and separators must be short values, not prose.
  const rest = x
    .replace(META_LABEL, ' ')
    .replace(DATETIME, ' ')
    .replace(/[|｜丨\s·•/()（）[\]【】<>]/g, '');
  const perLabel = rest.length / labels.length;
  if (perLabel > 16 || /[，,]/.test(rest)) return false;
  if (labels.length >= 2) return true;
  if (META_STRONG.test(labels[0] ?? '')) return true;
  // A lone "时间：" or "作者：" is furniture only with a full date, or before the title.
  return dates.length > 0 || (head && labels[0] !== undefined && !/时间|日期/.test(labels[0]));
}

const ARTICLE_LABEL = new RegExp(
  String.raw`^(?:[【[]\s*)?(?:篇([${CN_NUMERALS}\d]{1,3})|第([${CN_NUMERALS}\d]{1,3})篇|范文([${CN_NUMERALS}\d]{1,3}))(?:\s*[】\]])?(?:\s*[:：、.．]\s*|\s+|$)`,
);

const ordinal = (s: string): number => fromChineseNumeral(s);

const ARTICLE_SUFFIX = new RegExp(
  String.raw`\s*(?:[【[]\s*)?(?:篇([${CN_NUMERALS}\d]{1,3})|第([${CN_NUMERALS}\d]{1,3})篇|范文([${CN_NUMERALS}\d]{1,3}))(?:\s*[】\]])?$`,
);

/**
 * The article label of a line: at its start ("篇一：", "【篇二】", "第3篇", "范文一") or at the end
 * of an article's title ("…整改措施【第一篇】", "…对策篇1"); null when there is none.
 */
export function articleLabel(s: string): { n: number; length: number; suffix?: boolean } | null {
  const m = ARTICLE_LABEL.exec(toSimplified(s.slice(0, 40)).trimStart());
  if (m) {
    const n = ordinal(m[1] ?? m[2] ?? m[3] ?? '');
    if (n >= 1) return { n, length: m[0].length + (s.length - s.trimStart().length) };
  }
  const x = s.trimEnd();
  if (x.length > 90 || SENTENCE.test(x)) return null;
  const e = ARTICLE_SUFFIX.exec(toSimplified(x));
  if (!e || e.index < 4) return null;
  const n = ordinal(e[1] ?? e[2] ?? e[3] ?? '');
  return n >= 1 ? { n, length: x.length - e.index, suffix: true } : null;
}

/** A collection title: "政治定力方面存在的问题4篇", "…整改措施 3 篇", "…范文(精选5篇)". */
const COLLECTION_COUNT = new RegExp(
  String.raw`\s*(?:范例|范文|模板|例文)?\s*(?:[（(【[]\s*)?(?:精选|最新|优选|通用|热门|推荐|优秀|优质|共|个人通用|通用版?)?\s*(?:\d{1,2}|[${CN_NUMERALS}两]{1,2})\s*篇(?:\s*[）)】\]])?$`,
);

/** A line that is only a collection's count ("范文3篇", "【精选五篇】", "共3篇"). */
const COLLECTION_ONLY = new RegExp(
  String.raw`^(?:[（(【[]\s*)?(?:范例|范文|模板|例文|精选|最新|优选|通用|热门|推荐|优秀|优质|合集|共)+\s*(?:\d{1,2}|[${CN_NUMERALS}两]{1,2})\s*篇(?:\s*[）)】\]])?$`,
);

/** Labels of template sites at the end of a title: "（个人通用）", "(精选)", "【通用版】", "(2)". */
const TITLE_LABEL = new RegExp(
  String.raw`\s*(?:[（(【[]\s*(?:个人通用|党员通用|通用版?|精选|最新|范文|范本|模板|完整版?|word版|Word版|可编辑|合集|推荐|优秀|优质|热门|全文|多篇|精编|最新版|\d{4}版|\d{4}最新版?|\d{1,2})\s*[）)】\]]|【[${CN_NUMERALS}\d]{1,2}】)$`,
);

/** A line that opens with a numbering marker ("一、", "（二）", "3、"). */
const NUMBERED = new RegExp(String.raw`^(?:[${CN_NUMERALS}]{1,2}[、.．]|[（(]|\d{1,2}[、.．](?!\d))`);

const TITLE_WORDS = /材料|发言|提纲|报告|检查|剖析|对照|讲话|民主生活会|组织生活会|检视|清单|措施|整改|分析/;

function looksLikeTitle(s: string): boolean {
  const x = t(s);
  return x.length >= 6 && x.length <= 90 && !SENTENCE.test(x.replace(/[！？]$/, '')) && TITLE_WORDS.test(x);
}

/** Title and label cut apart: "XX党性分析报告(2)" → { title: "XX党性分析报告", labels: ["(2)"] }. */
export function splitTitleLabels(s: string): { title: string; labels: string[] } {
  let x = toSimplified(s);
  let o = s;
  const labels: string[] = [];
  for (let k = 0; k < 3; k++) {
    const m = TITLE_LABEL.exec(x) ?? COLLECTION_COUNT.exec(x);
    if (!m || m.index === 0) break;
    // A bare page number "(2)" only on a line that reads like a title.
    if (/^\s*[（(]\s*\d{1,2}\s*[）)]$/.test(m[0]) && !looksLikeTitle(x.slice(0, m.index))) break;
    labels.unshift(o.slice(m.index).trim());
    x = x.slice(0, m.index);
    o = o.slice(0, m.index);
  }
  return { title: o, labels };
}

const PAYWALL_NOTICE =
  /预览结束|试读结束|阅读结束|阅读已结束|已结束阅读|此处隐藏\s*\d+\s*字|隐藏了?\s*\d+\s*字|全文共\s*\d+\s*字|仅显示\s*\d+\s*字|下载后(?:查看|阅读)|登录后(?:查看|阅读|下载|继续)|免费获取全文|定制代笔|(?:查看|阅读|下载)(?:完整|全文)(?:内容|版)?(?:请|需)|[（(]未完[，,]/;
const SITE_INTRO =
  /(?:以下|下面)(?:是|为)[^。！!]{0,40}(?:分享|整理|收集|推荐|带来|提供|编辑)的|希望(?:能|可以|会)?(?:对|帮助|帮到)[^。！!，,]{0,6}(?:大家|您|你)|下载(?:后|得到)[^。]{0,40}(?:文档|文件|格式|图纸|源代码)|(?:小编|网友|本站|我们)(?:为(?:大家|您|你))?(?:精心)?(?:整理|精选|收集|搜集|推荐)(?:了|的)|为您精选的|供(?:大家|您|你)(?:参考|写作参考|借鉴)|希望对(?:您|你|大家)有所帮助|喜欢就(?:复制|下载|收藏)|赏(?:杯|个|点)?(?:茶钱|咖啡)|打赏|整理不易|整理文档很辛苦|本文档由用户(?:提供|上传)|收益归属内容提供方|(?:若|如)(?:内容)?(?:存在|有)侵权|版权说明[:：]|本文(?:由|为|系)[^。，,]{0,16}(?:投稿|上传|整理|发布|提供)(?:[，,。!！]|$)|温馨提示[:：][^。]{0,60}(?:下载|阅读|页|会员|复制|格式)|[【[（(]\s*(?:写作参考|仅供参考|供参考|参考范文|范文参考)\s*[】\]）)]/;
/** A site's bracketed label inside a line that also carries the text ("…对照检查材料（写作参考）"). */
const SITE_LABEL = /[【[（(]\s*(?:写作参考|仅供参考|供参考|参考范文|范文参考)\s*[】\]）)]/g;
const RELATED =
  /^(?:[【[]\s*)?(?:上一篇|下一篇|上一页|下一页|相关(?:推荐|文章|阅读|范文|内容|热词|搜索|文档|资料|链接)|猜你喜欢|推荐阅读|热门(?:文章|推荐|范文|文档)|延伸阅读|本文链接|最新(?:文章|范文|推荐)|精选(?:文章|推荐)|看了.{0,20}的人还看了|版权所有|版权声明|免责声明|网友评论|发表评论|我要评论|全部评论|热门评论|评论列表|文章评论|(?:本站|本网)(?:声明|所有|郑重声明))/;
/** A long line of a page's footer (a disclaimer), as opposed to a paragraph of the material. */
const FOOTER_PROSE = /本站|本网|网站|版权|侵权|删除|联系我们|转载|用户上传|网友|观点|仅代表|不代表|立场|责任|免责/;

/**
 * Two lines that are the same title: equal, or one is the other with a few characters more that
 * are no words (a placeholder "〔*〕", a number) or a generic word of template sites ("…材料", "…范文").
 */
function sameTitle(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (short.length < 6) return false;
  const at = long.indexOf(short);
  if (at < 0) return false;
  const extra = long.slice(0, at) + long.slice(at + short.length);
  return (
    (extra.length <= 4 && /^[^\u4e00-\u9fff]+$/.test(extra)) ||
    (extra.length <= 8 &&
      new RegExp(
        String.raw`^(?:材料|范文|全文|模板|范本|发言|报告|通用|精选|最新|合集|大全|版|篇|word|docx?|pdf|\d|[${CN_NUMERALS}])+$`,
        'i',
      ).test(extra))
  );
}

const core = (s: string) => t(s).replace(/[\s“”"'‘’《》「」、，,。.：:；;！!？?（）()【】[\]—-]/g, '');

// ---------------------------------------------------------------- the pass

/**
 * Find the site furniture of a page. `raw`: the lines as they came (spaces still in them, since
 * navigation bars are runs of space-separated words).
 */
export function findFurniture(raw: readonly string[]): FurnitureResult {
  const lines: (string | null)[] = [...raw];
  const removed: FurnitureRemoval[] = [];
  const drop = (i: number, reason: FurnitureReason) => {
    const x = lines[i];
    if (x === null || !x.trim()) return;
    removed.push({ text: x.trim(), reason });
    lines[i] = null;
  };
  const nonEmpty = () => lines.map((l, i) => (l && l.trim() ? i : -1)).filter((i) => i >= 0);

  // How many articles the page says it holds ("…范文3篇", "（精选五篇）") in its first lines.
  const declared = nonEmpty()
    .slice(0, 4)
    .map((i) => COLLECTION_COUNT.exec(t(lines[i]!))?.[0] ?? '')
    .map((m) => new RegExp(String.raw`(\d{1,2}|[${CN_NUMERALS}两]{1,2})\s*篇`).exec(m)?.[1] ?? '')
    .map((n) => (n ? ordinal(n) : 0))
    .reduce((a, b) => Math.max(a, b), 0);

  // Articles of a collection: keep the first, drop the rest; labels are cut from their lines.
  const labels: { i: number; n: number; length: number; suffix?: boolean }[] = [];
  lines.forEach((l, i) => {
    if (!l) return;
    const a = articleLabel(l);
    if (a) labels.push({ i, ...a });
  });
  let articles = 1;
  let firstArticle = -1;
  const seq = labels;
  const one = seq.find((x) => x.n === 1);
  if (one) {
    const two = seq.find((x) => x.i > one.i && x.n === 2);
    firstArticle = one.i;
    if (two) {
      articles = seq.filter((x) => x.i >= one.i).length;
      // Everything from the second article on belongs to the other articles: one removal.
      const rest = lines.slice(two.i).filter((x): x is string => !!x && !!x.trim());
      removed.push({ text: rest.map((x) => x.trim()).join('\n'), reason: 'other-article' });
      for (let i = two.i; i < lines.length; i++) lines[i] = null;
    }
    // The label itself.
    const l = lines[one.i]!;
    if (one.suffix) {
      const x = l.trimEnd();
      removed.push({ text: x.slice(x.length - one.length).trim(), reason: 'collection-label' });
      lines[one.i] = x.slice(0, x.length - one.length);
    } else {
      const rest = l.slice(one.length);
      if (rest.trim()) {
        removed.push({ text: l.slice(0, one.length).trim(), reason: 'collection-label' });
        lines[one.i] = rest;
      } else drop(one.i, 'collection-label');
    }
    // What stands before the first article is the page: its title, banner, introduction.
    for (let i = 0; i < one.i; i++) {
      const x = lines[i];
      if (!x || !x.trim()) continue;
      if (x.length <= 400) drop(i, shapeReason(x, true) ?? 'page-title');
    }
  }

  // A page marker glued to a line ("第1页共4页学校…报告"), a document site's name label ("文档名称:…"),
  // a line that is only a collection's count ("范文3篇").
  lines.forEach((l, i) => {
    if (!l || !l.trim()) return;
    const pm =
      /^\s*第\s*\d{1,4}\s*页\s*[,，/、]?\s*共\s*\d{1,4}\s*页\s*|\s*第\s*\d{1,4}\s*页\s*[,，/、]?\s*共\s*\d{1,4}\s*页\s*$/.exec(
        l,
      );
    if (pm && pm[0].length < l.length) {
      removed.push({ text: pm[0].trim(), reason: 'page-number' });
      l = lines[i] = l.slice(0, pm.index) + l.slice(pm.index + pm[0].length);
    }
    const nl = NAME_LABEL.exec(l);
    if (nl) {
      if (nl[0].length >= l.trimEnd().length) return drop(i, 'metadata');
      // A summary under the label is the site's, not the text's.
      if (t(l).length - nl[0].length > 60 || SENTENCE.test(l)) return drop(i, 'site-intro');
      removed.push({ text: nl[0].trim(), reason: 'metadata' });
      lines[i] = l.slice(nl[0].length);
    } else if (COLLECTION_ONLY.test(t(l))) drop(i, 'collection-label');
  });

  // A table of contents before the title: a run of short heading lines that come again after it.
  {
    const ne = nonEmpty();
    let k = 0;
    while (k < ne.length && k < 40 && t(lines[ne[k]]!).length <= 50 && !SENTENCE.test(lines[ne[k]]!)) k++;
    const titleAt = ne
      .slice(0, k)
      .findIndex(
        (i) => looksLikeTitle(lines[i]!) && !new RegExp(String.raw`^[${CN_NUMERALS}（(\d]`).test(t(lines[i]!)),
      );
    if (titleAt >= 3 && new RegExp(String.raw`^[${CN_NUMERALS}]、`).test(t(lines[ne[0]]!))) {
      const later = ne.slice(titleAt + 1).map((i) => core(lines[i]!));
      const again = ne.slice(0, titleAt).filter((i) => {
        const c = core(lines[i]!);
        return c.length >= 4 && later.some((l) => l.startsWith(c));
      });
      // Headings with no text under any of them are a table of contents, even when the excerpt ends
      // before they come again.
      const bare = ne
        .slice(0, titleAt)
        .every((i) =>
          new RegExp(String.raw`^(?:[${CN_NUMERALS}]{1,2}、|[（(][${CN_NUMERALS}\d]{1,2}[）)]|\d{1,2}[、.．])`).test(
            t(lines[i]!),
          ),
        );
      if ((bare && titleAt >= 4) || again.length * 10 >= titleAt * 6)
        for (const i of ne.slice(0, titleAt)) drop(i, 'table-of-contents');
    }
  }

  // Paywall notices ("预览结束", "---此处隐藏3111字,下载后查看---", "试读结束，请点击…登录后", "（未完，全文共
  // 9066字，当前仅显示2476字…"), and the short prompts right after a truncation ("请点击").
  lines.forEach((l, i) => {
    if (!l || !l.trim()) return;
    const x = t(l);
    if (x.length > 160 || !PAYWALL_NOTICE.test(x)) return;
    drop(i, 'paywall-notice');
    for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
      const y = lines[j];
      if (y === null || !y.trim()) continue;
      if (t(y).length <= 24 && !SENTENCE.test(y) && /点击|登录|下载|获取|购买|开通|阅读|查看|全文|会员/.test(t(y)))
        drop(j, 'paywall-notice');
      else break;
    }
  });
  // A site's label inside a line that carries text ("…对照检查材料（写作参考）"): the label goes.
  lines.forEach((l, i) => {
    if (!l || !l.trim()) return;
    SITE_LABEL.lastIndex = 0;
    const cut = l.replace(SITE_LABEL, (m) => {
      removed.push({ text: m.trim(), reason: 'site-intro' });
      return '';
    });
    if (cut !== l) lines[i] = cut.trim() ? cut : null;
  });
  // A site's introduction of what it offers ("下面是小编为大家整理的…，供大家参考。", "为您精选的…").
  lines.forEach((l, i) => {
    if (!l || !l.trim() || t(l).length > 300) return;
    if (SITE_INTRO.test(t(l))) drop(i, 'site-intro');
  });
  // A document site's summary: the opening of the text, cut with "…", above the text itself.
  {
    const ne = nonEmpty().slice(0, 20);
    for (const i of ne) {
      const x = lines[i];
      if (!x) continue;
      const m = /^(.*?)(?:\.{3,}|…+)\s*$/.exec(x.trim());
      if (!m) continue;
      const head = core(m[1]);
      if (head.length < 20) continue;
      const after = lines
        .slice(i + 1)
        .filter((l): l is string => !!l)
        .map(core)
        .join('')
        .slice(0, 4000);
      if (after.includes(head)) drop(i, 'site-intro');
    }
  }
  // A site's name in brackets glued into sentences ("…加强学习(中华励志网)，提高…").
  {
    const seen = new Map<string, number>();
    for (const l of lines) {
      if (!l) continue;
      GLUED_SITE.lastIndex = 0;
      for (const m of l.matchAll(GLUED_SITE)) seen.set(m[1], (seen.get(m[1]) ?? 0) + 1);
    }
    const recurring = new Set([...seen].filter(([, n]) => n >= 2).map(([k]) => k));
    lines.forEach((l, i) => {
      if (!l) return;
      const found = gluedSiteNames(l, recurring);
      if (!found.length) return;
      let out = '';
      let a = 0;
      for (const f of found) {
        out += l.slice(a, f.at);
        a = f.at + f.text.length;
        removed.push({ text: f.text, reason: 'site-name' });
      }
      lines[i] = out + l.slice(a);
    });
  }
  // A government page's information table (索引号、主题分类、发文机关、成文日期、文号…): a run of label
  // lines, with the values on their own lines under a bare label.
  {
    const ne = nonEmpty();
    for (let k = 0; k < ne.length; k++) {
      if (!isGovMetaLine(lines[ne[k]]!)) continue;
      const run: number[] = [ne[k]];
      let labels = 1;
      let bare = govBare(lines[ne[k]]!);
      let j = k + 1;
      for (; j < ne.length; j++) {
        const x = lines[ne[j]]!;
        if (isGovMetaLine(x)) {
          labels++;
          bare = govBare(x);
          run.push(ne[j]);
        } else if (bare && t(x).length <= 60 && !SENTENCE.test(x)) {
          bare = false;
          run.push(ne[j]);
        } else break;
      }
      if (labels >= 2) for (const i of run) drop(i, 'metadata');
      k = j - 1;
    }
  }

  // The head of the page: banners, navigation, breadcrumbs, metadata before the title.
  const idx = nonEmpty();
  const window = idx.slice(0, 16);
  let lastFurniture = -1;
  for (let k = 0; k < window.length; k++) {
    const i = window[k];
    const x = lines[i]!;
    if (t(x).length > 120 && SENTENCE.test(x)) break; // the body has begun
    const r = shapeReason(x, true);
    // A sentence of the text (…。) that is no furniture: the body has begun, nothing after it is the page's head.
    if (!r && t(x).length >= 15 && /。$/.test(t(x))) break;
    // Metadata and page controls stand right under the title too: they do not mark the page's head.
    if (r && r !== 'metadata' && r !== 'page-controls') lastFurniture = k;
  }
  if (lastFurniture >= 0 && firstArticle < 0) {
    for (let k = 0; k <= lastFurniture; k++) {
      const i = window[k];
      if (t(lines[i]!).length <= 120) drop(i, shapeReason(lines[i]!, true) ?? 'page-title');
    }
  }
  // Metadata and furniture right before and after the title.
  const after = nonEmpty();
  let title = after.findIndex((i) => !shapeReason(lines[i]!, true));
  if (title >= 0) {
    for (let k = 0; k < title; k++) drop(after[k], shapeReason(lines[after[k]]!, true) ?? 'page-title');
    for (let k = title + 1; k < Math.min(after.length, title + 8); k++) {
      const x = lines[after[k]]!;
      if (isMetadata(x, true)) drop(after[k], 'metadata');
      else if (isControls(x)) drop(after[k], 'page-controls');
      else break;
    }
  }
  // The page's title, then a blurb about the site or the collection, then the material's title again:
  // the first copy and what stands between the two go.
  {
    const ne = nonEmpty().slice(0, 8);
    const titleish = (x: string) =>
      t(x).length >= 4 &&
      t(x).length <= 60 &&
      !SENTENCE.test(x) &&
      !new RegExp(String.raw`^[${CN_NUMERALS}（(\d]`).test(t(x));
    outer: for (let a = 0; a < Math.min(3, ne.length); a++) {
      const x = lines[ne[a]]!;
      if (!titleish(x)) continue;
      for (let b = a + 2; b < Math.min(ne.length, a + 5); b++) {
        const y = lines[ne[b]]!;
        if (!titleish(y) || !sameTitle(core(splitTitleLabels(t(x)).title), core(splitTitleLabels(t(y)).title)))
          continue;
        const between = ne.slice(a + 1, b);
        if (
          between.some(
            (i) =>
              t(lines[i]!).length > 300 ||
              new RegExp(String.raw`^[${CN_NUMERALS}]{1,2}[、.．]|^[（(][${CN_NUMERALS}]`).test(t(lines[i]!)),
          )
        )
          break outer;
        for (let k = 0; k < a; k++) drop(ne[k], shapeReason(lines[ne[k]]!, true) ?? 'page-title');
        drop(ne[a], 'page-title');
        for (const i of between) drop(i, shapeReason(lines[i]!, true) ?? 'site-intro');
        break outer;
      }
    }
  }
  const rest = nonEmpty();
  if (rest.length) {
    let ti = rest[0];
    // A collection title above the material's own title ("…存在的问题4篇"), or the page's title
    // repeated above it: the first of two title lines goes.
    for (let guard = 0; guard < 3; guard++) {
      const cur = lines[ti]!;
      const nextIdx = rest.find((i) => i > ti && lines[i] !== null);
      if (nextIdx === undefined) break;
      const next = lines[nextIdx]!;
      const isCollection = COLLECTION_COUNT.test(t(cur)) && !/^\s*\d{1,2}\s*[、.．]/.test(t(cur));
      const bare = (x: string) => core(splitTitleLabels(t(x)).title).replace(/\d{1,2}$/, '');
      // A page title may carry the site after a dash ("…对照检查材料 - 某某文库", "…材料_某某网").
      const siteless = (x: string) => t(x).replace(/\s*(?:\s[-—–|｜]+\s|_)\s*[^-—–|｜_\s]{1,16}$/, '');
      const same = sameTitle(bare(cur), bare(next)) || sameTitle(bare(siteless(cur)), bare(next));
      // The page's title in brackets above the material's own ("【专项整治自查自纠报告】").
      const bracketed = /^【[^【】]{4,40}】$/.test(t(cur)) && looksLikeTitle(next);
      if ((isCollection && looksLikeTitle(next)) || (same && core(cur).length >= 4) || bracketed) {
        drop(ti, isCollection ? 'collection-label' : 'page-title');
        ti = nextIdx;
      } else break;
    }
    // Labels glued to the title.
    const cur = lines[ti]!;
    const sp = splitTitleLabels(cur.trimEnd());
    if (sp.labels.length && sp.title.trim().length >= 4) {
      for (const lb of sp.labels)
        removed.push({ text: lb, reason: /^[（(]\s*\d{1,2}\s*[）)]$/.test(lb) ? 'page-number' : 'collection-label' });
      lines[ti] = sp.title;
    }
    // The page's title in brackets glued before the material's ("【专项整治自查自纠报告】专项整治自查报告").
    const glued = /^\s*(【[^【】]{4,40}】)\s*(?=\S)/.exec(lines[ti]!);
    if (glued && looksLikeTitle(glued[1]) && looksLikeTitle(lines[ti]!.slice(glued[0].length))) {
      removed.push({ text: glued[1], reason: 'page-title' });
      lines[ti] = lines[ti]!.slice(glued[0].length);
    }
    // Metadata right under the (possibly new) title.
    const below = nonEmpty().filter((i) => i > ti);
    for (const i of below.slice(0, 8)) {
      if (isMetadata(lines[i]!, true)) drop(i, 'metadata');
      else if (isControls(lines[i]!)) drop(i, 'page-controls');
      else break;
    }
  }

  // A page that says it holds several articles ("…范文（通用3篇）") but labels none of them: the next
  // article starts at a title line after the first article's outline, where the numbering starts again.
  if (articles === 1 && declared >= 2) {
    const ne = nonEmpty();
    let outline = false;
    for (let k = 1; k < ne.length; k++) {
      const x = t(lines[ne[k]]!);
      if (new RegExp(String.raw`^[${CN_NUMERALS}]{1,2}[、.．]`).test(x)) outline = true;
      if (!outline || !looksLikeTitle(x) || x.length > 60 || NUMBERED.test(x)) continue;
      const following = ne.slice(k + 1, k + 4).map((i) => t(lines[i]!));
      if (!following.some((y) => /^(?:一[、.．]|[（(]一[）)])/.test(y))) continue;
      const restLines = ne.slice(k).map((i) => lines[i]!.trim());
      articles =
        1 +
        restLines.filter(
          (y, j) =>
            looksLikeTitle(y) &&
            t(y).length <= 60 &&
            !NUMBERED.test(t(y)) &&
            /^(?:一[、.．]|[（(]一[）)])/.test(t(restLines[j + 1] ?? '')),
        ).length;
      removed.push({ text: restLines.join('\n'), reason: 'other-article' });
      for (const i of ne.slice(k)) lines[i] = null;
      break;
    }
  }

  // Anywhere: strong metadata lines, breadcrumbs, banners.
  lines.forEach((l, i) => {
    if (!l || !l.trim()) return;
    if (isBreadcrumb(l)) drop(i, 'breadcrumb');
    else if (isFileName(l)) drop(i, 'page-title');
    else if (isControls(l)) drop(i, 'page-controls');
    else if (isBanner(l) && t(l).length <= 80) drop(i, 'banner');
    else if (isMetadata(l, false) && (WEB_ONLY.test(l) || (l.match(META_LABEL) ?? []).length >= 2)) drop(i, 'metadata');
  });

  // The tail: "上一篇：…", "相关推荐" and the links after them.
  const tail = nonEmpty();
  for (let k = Math.max(0, tail.length - 30); k < tail.length; k++) {
    const i = tail[k];
    if (!RELATED.test(t(lines[i]!))) continue;
    const rest2 = tail.slice(k);
    // The links after it are short; a disclaimer is longer but speaks of the site, not of the material.
    if (
      rest2.every((j) => t(lines[j]!).length <= 80 || (t(lines[j]!).length <= 300 && FOOTER_PROSE.test(t(lines[j]!))))
    ) {
      for (const j of rest2) drop(j, 'related-links');
      break;
    }
  }
  return { lines, removed, articles };
}

/** A document's file name on a line of its own ("党员意识淡薄现象及原因.docx"): the site's listing. */
export function isFileName(s: string): boolean {
  return /^[^。，,；;：:]{2,60}\.(?:docx?|pdf|wps|txt|pptx?|xlsx?|rtf)$/i.test(t(s));
}

/** The furniture shape of a line, or null. */
function shapeReason(s: string, head: boolean): FurnitureReason | null {
  if (isBreadcrumb(s)) return 'breadcrumb';
  if (isFileName(s)) return 'page-title';
  if (isBanner(s)) return 'banner';
  if (isMetadata(s, head)) return 'metadata';
  if (isControls(s)) return 'page-controls';
  if (isNavigation(s, head ? 3 : 4)) return 'navigation';
  return null;
}
