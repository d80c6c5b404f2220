import { describe, expect, it } from 'vitest';
import { cleanText } from './clean.js';
import { checkRemovals } from './invariant.js';
import { toSimplified } from './t2s.js';
import { materialFromText } from '../material/pipeline.js';

const body = [
  '一、存在的问题',
  '（一）理论学习方面。学习不够深入，全年只参加了3次集中学习。',
  '二、原因剖析',
  '（一）思想不够重视。',
];

describe('site furniture', () => {
  it('removes head furniture found by shape and reports each piece with its reason', () => {
    const raw = [
      '某某网 > 范文大全 > 读书笔记 >',
      '| 浏览次数：',
      '2023年度民主生活会对照检查材料(2)',
      '发布时间：2026-01-30',
      ...body,
    ].join('\n');
    const c = cleanText(raw);
    expect(c.lines[0]).toBe('2023年度民主生活会对照检查材料');
    expect(c.removed.map((r) => r.reason).sort()).toEqual(['breadcrumb', 'metadata', 'metadata', 'page-number']);
    expect(checkRemovals(raw, c.text, c.removed).ok).toBe(true);
  });

  it('keeps a material without furniture exactly, including body lines that look like labels', () => {
    const raw = ['2023年度 民主生活会 对照检查材料', '问题来源：巡察反馈', '时间：2023年12月', ...body].join('\n');
    const c = cleanText(raw);
    expect(c.removed).toEqual([]);
    expect(c.lines.slice(1, 3)).toEqual(['问题来源：巡察反馈', '时间：2023年12月']);
  });

  it('imports the first article of a collection page and says so', () => {
    const raw = [
      '政治方面存在的问题及整改措施3篇',
      '篇一：政治方面存在的问题及整改措施',
      ...body,
      '篇二：另一篇',
      ...body,
    ].join('\n');
    const m = materialFromText(raw);
    expect(m.title).toBe('政治方面存在的问题及整改措施');
    expect(m.problems).toHaveLength(1);
    expect(m.warnings.map((w) => w.code)).toContain('W_SEVERAL_ARTICLES');
    expect(m.removed.find((r) => r.reason === 'other-article')?.text).toContain('篇二：另一篇');
  });

  it('removes paywall notices and a table of contents before the title', () => {
    const raw = [
      '一、存在的问题',
      '（一）理论学习方面',
      '二、原因剖析',
      '三、整改措施',
      '某局班子2024年度民主生活会对照检查材料',
      ...body,
      '---此处隐藏3111字，下载后查看---',
    ].join('\n');
    const m = materialFromText(raw);
    expect(m.title).toBe('某局班子2024年度民主生活会对照检查材料');
    expect(m.problems).toHaveLength(1);
    expect(m.text).not.toContain('隐藏');
    expect(m.removed.map((r) => r.reason)).toContain('table-of-contents');
  });
});

describe('furniture of the genre (shapes, not sites)', () => {
  it('removes share, audio and print bars and document-site buttons around the title, and keeps the title', () => {
    const raw = [
      '手机版',
      '1 1 1',
      '2024年度组织生活会个人对照检查材料',
      '某某网 打印 纠错',
      '微信扫一扫 ×',
      '收听本文 00:00/00:00',
      '分享到： 微信 微博 QQ空间',
      '字号：大 中 小',
      'admin 分享 时间: 加入收藏 共计4209个字,预计阅读时长15分钟',
      '【字体：大 中 小】【打印】【关闭】',
      '扫一扫在手机打开当前页',
      '2023-01-05 阅读(1234)',
      ...body,
      '展开全文',
      '下载文档',
    ].join('\n');
    const c = cleanText(raw);
    expect(c.lines[0]).toBe('2024年度组织生活会个人对照检查材料');
    expect(c.lines.slice(1)).toEqual(body);
    expect(c.removed.filter((r) => r.reason === 'page-controls').length).toBeGreaterThanOrEqual(11);
    expect(checkRemovals(raw, c.text, c.removed).ok).toBe(true);
  });

  it("removes a document site's summary that repeats the opening of the text, cut with an ellipsis", () => {
    const intro = '根据上级党组织的统一部署，本人认真学习了党的二十大精神，广泛征求了意见，现将对照检查情况报告如下。';
    const raw = ['2024年度组织生活会对照检查材料', '文档简介', intro.slice(0, 30) + '...', intro, ...body].join('\n');
    const m = materialFromText(raw);
    expect(m.text.split(intro.slice(0, 30)).length).toBe(2);
    expect(m.preface).toBe(intro);
    expect(checkRemovals(raw, m.text, m.removed).ok).toBe(true);
  });

  it('removes pagers, read-more prompts, upload credits and download tips', () => {
    const raw = [
      '2024年度组织生活会对照检查材料',
      '本文由网友投稿',
      '温馨提示：本文档共12页，下载后可编辑',
      ...body,
      '展开剩余85%',
      '首页 上一页 1 2 3 下一页 尾页',
    ].join('\n');
    const c = cleanText(raw);
    expect(c.lines).toEqual(['2024年度组织生活会对照检查材料', ...body]);
    expect(checkRemovals(raw, c.text, c.removed).ok).toBe(true);
  });

  it('keeps sentences of the material that name the same things', () => {
    const lines = [
      '党支部要加强学习，打印材料分发给大家。',
      '（三）对群众举报的问题回应不及时。',
      '收藏的资料没有读完。',
    ];
    const raw = ['2024年度组织生活会对照检查材料', ...body, ...lines].join('\n');
    const c = cleanText(raw);
    expect(c.removed).toEqual([]);
    expect(c.lines.slice(-3)).toEqual(lines);
  });

  it('removes a government page information table, labels with spaces in them and values on lines of their own', () => {
    const raw = [
      '- 索 引 号:3704063704060004/2023-00364',
      '- 主题分类:公示、公告、通知',
      '发文机关',
      '中共某镇委员会',
      '成文日期',
      '2023年11月23日',
      '文 号:无',
      '某镇党委关于巡察整改进展情况的通报',
      '根据区委统一部署，区委第五巡察组对某镇进行了巡察。现将整改进展情况予以公布。',
      ...body,
    ].join('\n');
    const m = materialFromText(raw);
    expect(m.title).toBe('某镇党委关于巡察整改进展情况的通报');
    expect(m.text).not.toContain('索');
    expect(m.text).not.toContain('中共某镇委员会');
    expect(checkRemovals(raw, m.text, m.removed).ok).toBe(true);
  });

  it('cuts a bracketed site label and a site name glued into sentences, and nothing else of the line', () => {
    const raw = [
      '（写作参考）2024年度民主生活会对照检查材料',
      '一、存在的问题',
      '（一）理论学习方面。学习不够(某某励志网)深入，只参加了3次集中学习。',
      '（二）担当作为方面。遇到难题(某某励志网)绕着走。',
    ].join('\n');
    const m = materialFromText(raw);
    expect(m.title).toBe('2024年度民主生活会对照检查材料');
    expect(m.text).toContain('学习不够深入，只参加了3次集中学习。');
    expect(m.text).toContain('遇到难题绕着走。');
    expect(m.removed.map((r) => r.reason)).toEqual(expect.arrayContaining(['site-intro', 'site-name']));
    expect(checkRemovals(raw, m.text, m.removed).ok).toBe(true);
  });

  it('keeps a unit name in brackets that is part of the sentence', () => {
    const raw = ['某公司2024年度民主生活会对照检查材料', ...body, '（三）与国家电网（省电力公司）对接不够。'].join(
      '\n',
    );
    const m = materialFromText(raw);
    expect(m.text).toContain('国家电网（省电力公司）对接');
    expect(m.removed).toEqual([]);
  });

  it('removes a document-site disclaimer at the head and a footer after the material', () => {
    const raw = [
      '版权说明：本文档由用户提供并上传，收益归属内容提供方，若内容存在侵权，请进行举报或认领',
      '文档简介',
      '2024年度组织生活会对照检查材料',
      ...body,
      '免责声明',
      '本站所有文章均为网友上传，仅代表作者观点，不代表本站立场，如有侵权请联系删除。',
      '网友评论',
    ].join('\n');
    const m = materialFromText(raw);
    expect(m.title).toBe('2024年度组织生活会对照检查材料');
    expect(m.text).not.toMatch(/版权|免责|网友|文档简介/);
    expect(m.causes).toHaveLength(1);
    expect(checkRemovals(raw, m.text, m.removed).ok).toBe(true);
  });

  it('drops the page title above the material title when they differ only by a placeholder or a generic word', () => {
    const a = materialFromText(
      ['某小学党支部书记对照检查材料', '〔*〕某小学党支部书记对照检查材料', ...body].join('\n'),
    );
    expect(a.title).toBe('〔*〕某小学党支部书记对照检查材料');
    const b = materialFromText(['某医院领导班子政治建设剖析材料', '某医院领导班子政治建设剖析', ...body].join('\n'));
    expect(b.title).toBe('某医院领导班子政治建设剖析');
  });
});

describe('the removal invariant', () => {
  it('fails when something is removed that removed does not report', () => {
    const raw = ['标题材料', '第一句话。第二句话。'].join('\n');
    expect(checkRemovals(raw, '标题材料\n第一句话。', []).ok).toBe(false);
    expect(
      checkRemovals(raw, '标题材料\n第一句话。', [{ kind: 'page-furniture', text: '第二句话。', count: 1 }]).ok,
    ).toBe(true);
  });
});

describe('jammed lines and traditional characters', () => {
  it('splits a line holding the title, a part heading and item 1; 整改措施 in the title makes no measures', () => {
    const m = materialFromText(
      '某局2024年组织生活会存在的问题及整改措施一、存在的主要问题：1、政治意识不够强。表现在：学习不系统。2、作风不够扎实。表现在：调研少。',
    );
    expect(m.title).toBe('某局2024年组织生活会存在的问题及整改措施');
    expect(m.problems.map((p) => p.heading)).toEqual(['政治意识不够强', '作风不够扎实']);
    expect(m.measures).toEqual([]);
  });

  it('leaves sub-points of an item in its line', () => {
    const c = cleanText('一、存在的问题\n1、政治站位不高。表现在：1.学习不深；2.不系统。\n2、作风不实。');
    expect(c.lines).toHaveLength(3);
  });

  it('reads 繁体 in simplified form and keeps the original text', () => {
    expect(toSimplified('存在的問題')).toBe('存在的问题');
    const m = materialFromText(
      '個人對照檢查材料\n一、存在的問題\n（一）理論學習方面。學習不夠深入。\n二、原因分析\n（一）思想重視不夠。',
    );
    expect(m.problems[0].heading).toBe('理論學習方面');
    expect(m.causes).toHaveLength(1);
    expect(m.text).toContain('存在的問題');
  });
});

describe('document-site pages and collections (shapes of a fresh batch)', () => {
  const outline = [
    '一、存在的问题',
    '（一）理论学习方面。学习不够深入，全年只参加了3次集中学习。',
    '二、整改措施',
    '（一）加强学习。每月自学4次。',
  ];
  const ok = (raw: string) => {
    const c = cleanText(raw);
    expect(checkRemovals(raw, c.text, c.removed).ok).toBe(true);
    return c;
  };

  it('cuts a page marker glued to the title and a document site’s name label, keeping the name', () => {
    const c = ok(
      ['第1页共4页学校专题民主生活会总结报告', '本校党委召开了专题民主生活会，现将情况报告如下。'].join('\n'),
    );
    expect(c.lines[0]).toBe('学校专题民主生活会总结报告');
    expect(c.removed.find((r) => r.text === '第1页共4页')?.reason).toBe('page-number');
    const d = ok(['文档名称:党员意识淡薄的现象及原因', '目前，部分党员意识淡薄，主要表现为以下几种：'].join('\n'));
    expect(d.lines[0]).toBe('党员意识淡薄的现象及原因');
    expect(d.removed.map((r) => r.text)).toContain('文档名称:');
  });

  it('removes a document site’s head: counters, figures, file name, download notices, a bracketed page title', () => {
    const raw = [
      '- 1',
      '- 约3.47千字',
      '- 约 7页',
      '- 2026-01-14 发布于四川',
      '党员意识淡薄现象及原因.docx',
      '下载后只包含 1 个 DOCX 格式的文档,没有任何的图纸或源代码,查看文件列表',
      '公文高手,超级方便的公文写作神器! 立即了解',
      '【专项整治自查自纠报告】专项整治自查报告范文3篇',
      ...outline,
    ].join('\n');
    const c = ok(raw);
    expect(c.lines[0]).toBe('专项整治自查报告');
    expect(c.lines.slice(1)).toEqual(outline);
  });

  it('drops the page’s title, the blurb under it and a site-and-date line above the material’s own title', () => {
    const raw = [
      '政治理论方面存在不足',
      'www.example.cn 2021-12-08',
      '政治理论是关于政治的思想、观点或学说体系。以下是某某网分享的政治理论方面存在不足,希望能帮助到大家!',
      '政治理论方面存在不足',
      ...outline,
    ].join('\n');
    const c = ok(raw);
    expect(c.lines[0]).toBe('政治理论方面存在不足');
    expect(c.lines.filter((l) => l === '政治理论方面存在不足')).toHaveLength(1);
    expect(materialFromText(raw).title).toBe('政治理论方面存在不足');
  });

  it('imports the first article of a collection whose articles carry no label, and says so', () => {
    const raw = [
      '2024年民主生活会对照检查材料范文（通用3篇）',
      '2024年民主生活会个人对照检查材料',
      ...outline,
      '以上发言，不妥之处，请同志们批评指正。',
      '2024年民主生活会班子对照检查材料',
      '一、存在的问题',
      '（一）宗旨意识淡化。群众观念淡薄。',
    ].join('\n');
    const m = materialFromText(raw);
    expect(m.title).toBe('2024年民主生活会个人对照检查材料');
    expect(m.problems).toHaveLength(1);
    expect(m.warnings.map((w) => w.code)).toContain('W_SEVERAL_ARTICLES');
    expect(m.removed.find((r) => r.reason === 'other-article')?.text).toMatch(/^2024年民主生活会班子对照检查材料/);
    expect(checkRemovals(raw, m.text, m.removed).ok).toBe(true);
  });

  it('counts articles written in Chinese numerals ("范文六篇")', () => {
    const raw = [
      '坚定理想信念方面存在的问题及整改措施范文六篇',
      '第一篇:坚定理想信念方面存在的问题及整改措施',
      ...outline,
      '第二篇:另一篇',
      '一、存在的问题',
    ].join('\n');
    const c = ok(raw);
    expect(c.lines[0]).toBe('坚定理想信念方面存在的问题及整改措施');
    expect(c.warnings?.map((w) => w.code)).toContain('W_SEVERAL_ARTICLES');
  });
});
