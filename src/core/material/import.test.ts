import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { materialFromBytes, materialFromText } from './pipeline.js';
import { JianshiError } from '../errors.js';
import { LIMITS } from '../limits.js';

const fx = (name: string) => readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url));

describe('the sample material (剖析发言材料 bought from a template site)', () => {
  const raw = fx('sample-2023.txt');
  const m = materialFromBytes(raw);

  it('imports to its title, six problems on the six aspects, four causes and five measures', () => {
    expect(m.title).toBe('2023年第二批主题教育专题民主生活会剖析发言材料');
    expect(m.encoding).toBe('utf-8');
    expect(m.framework).toBe('2023-theme-education');
    expect(m.problems.map((p) => p.aspect)).toEqual([
      '理论学习',
      '政治素质',
      '能力本领',
      '担当作为',
      '工作作风',
      '廉洁自律',
    ]);
    expect(m.problems.map((p) => p.heading)).toEqual([
      '理论学习方面',
      '政治素质方面',
      '能力本领方面',
      '担当作为方面',
      '工作作风方面',
      '廉洁自律方面',
    ]);
    expect(m.causes.map((c) => c.heading)).toEqual([
      '理想信念有所淡漠',
      '宗旨意识有所减弱',
      '党性修养有所放松',
      '落实全面从严治党责任不够到位',
    ]);
    expect(m.measures.map((c) => c.heading)).toEqual([
      '加强理论学习',
      '严守纪律和规矩',
      '勇于担当重担',
      '坚决反对“四风”现象',
      '坚守廉洁从政底线',
    ]);
    expect(m.preface).toMatch(/^按照中央关于主题教育中对照检视问题的要求/);
    expect(m.warnings).toEqual([]);
  });

  it('finds the concrete examples introduced by 比如/再如', () => {
    expect(m.problems[2].examples).toHaveLength(2);
    expect(m.problems[2].examples[0]).toMatch(/^比如，在党费的缴纳上/);
    expect(m.problems[5].examples[1]).toMatch(/^再如，平时对党员的教育管理监督不够/);
    expect(m.problems[0].examples).toEqual([]);
  });

  it('removes the 4 watermark insertions and 2 paywall markers and leaves the rest of the text unchanged', () => {
    expect(m.removed).toEqual(
      expect.arrayContaining([
        { kind: 'watermark', text: '稿子铺整理', count: 4 },
        { kind: 'paywall', text: '##paidbegin##', count: 1 },
        { kind: 'paywall', text: '##paidend##', count: 1 },
      ]),
    );
    expect(m.removed).toHaveLength(3);
    const expected = raw
      .toString('utf8')
      .replaceAll('稿子铺整理，', '')
      .replaceAll('##paidbegin##', '')
      .replaceAll('##paidend##', '')
      .trim();
    expect(m.text).toBe(expected);
    expect(m.text).toContain('学习、学习、再学习'); // legitimate repetition stays
  });

  it('keeps offsets that point at the source text of every node', () => {
    for (const p of m.problems) {
      expect(m.text.slice(p.headingSpan.start, p.headingSpan.end)).toBe(p.heading);
      expect(m.text.slice(p.textSpan.start, p.textSpan.end)).toBe(p.text);
      p.examples.forEach((e, i) => expect(m.text.slice(p.exampleSpans[i].start, p.exampleSpans[i].end)).toBe(e));
    }
    for (const c of [...m.causes, ...m.measures]) expect(m.text.slice(c.textSpan.start, c.textSpan.end)).toBe(c.text);
    expect(m.text.slice(m.titleSpan.start, m.titleSpan.end)).toBe(m.title);
  });
});

describe('texts of the genre that are not quite materials', () => {
  it('a speech or study talk with 一、二、 sections gets no invented problems, and a warning', () => {
    const m = materialFromText(
      [
        '在2025年度民主生活会会前专题学习会上的发言',
        '按照安排，我谈几点学习体会。',
        '一、提高政治站位，深刻认识专题学习的重要意义',
        '专题学习是开好民主生活会的前提。',
        '二、坚持问题导向，把自己摆进去',
        '要对照要求查找差距。',
      ].join('\n'),
    );
    expect(m.problems).toEqual([]);
    expect(m.warnings.map((w) => w.code)).toContain('W_NOT_A_MATERIAL');
  });

  it('a speech with an explicit problems part still yields its problems', () => {
    const m = materialFromText(
      ['会前学习研讨发言', '一、学习体会', '体会很深。', '二、存在问题', '1.学习不够深入。', '2.担当不够。'].join('\n'),
    );
    expect(m.problems.map((p) => p.heading)).toEqual(['学习不够深入', '担当不够']);
  });

  it('a speech that announces its problems in a lead-in sentence keeps them and its measures', () => {
    const m = materialFromText(
      [
        '在专题民主生活会会前学习会上的发言',
        '对照检查，我主要有以下几点不足：',
        '一是学习不够深入，今年只读完2本书。',
        '二是调研不够，下基层3次。',
        '今后，我准备从以下几个方面加以改进：',
        '一是每月读1本书。',
      ].join('\n'),
    );
    expect(m.problems).toHaveLength(2);
    expect(m.measures).toHaveLength(1);
  });

  it('an article (本文…) reads no parts from section titles such as 根源剖析的深刻性', () => {
    const m = materialFromText(
      [
        '本文以2016年典型党性分析材料为研究对象，剖析这一文体的特征。',
        '一、问题查摆的系统性',
        '材料呈现结构化特征。',
        '二、根源剖析的深刻性',
        '问题类型 | 思想根源 | 整改方向 |',
        '---|---|---|',
      ].join('\n'),
    );
    expect(m.problems).toEqual([]);
    expect(m.causes).toEqual([]);
  });

  it('"存在的主要问题及原因" heads the problems, not the causes', () => {
    const m = materialFromText(
      [
        '2024年度组织生活会对照检查材料',
        '一、存在的主要问题及原因',
        '（一）理论学习方面。学习不深。',
        '（二）作风方面。调研少。',
        '二、整改措施',
        '（一）加强学习。',
      ].join('\n'),
    );
    expect(m.problems).toHaveLength(2);
    expect(m.causes).toEqual([]);
  });

  it('a quoted "四风" part heading keeps the items under it as problems', () => {
    const m = materialFromText(
      [
        '一、在“四风”方面存在的主要问题',
        '（一）形式主义方面。开会多。',
        '（二）官僚主义方面。调研少。',
        '（三）享乐主义方面。标准低。',
        '（四）奢靡之风方面。有苗头。',
      ].join('\n'),
    );
    expect(m.problems.map((p) => p.heading)).toEqual(['形式主义方面', '官僚主义方面', '享乐主义方面', '奢靡之风方面']);
  });

  it('a whole material on one line is split into its parts and items', () => {
    const m = materialFromText(
      '一、存在的问题（一）理论学习方面。学习不深。（二）担当作为方面。不够。二、原因剖析（一）思想认识不足。三、整改措施（一）加强学习。',
    );
    expect(m.problems.map((p) => p.heading)).toEqual(['理论学习方面', '担当作为方面']);
    expect(m.causes).toHaveLength(1);
    expect(m.measures).toHaveLength(1);
    const t = materialFromText('2024年度民主生活会个人对照检查材料');
    expect(t.title).toBe('2024年度民主生活会个人对照检查材料');
    expect(t.problems).toEqual([]);
  });

  it('titles of other shapes: a problem list, …问题及对策, two lines ending in 材料, a title run into the first sentence', () => {
    const list = materialFromText(
      ['两学一做查摆问题清单', '一、学习方面', '1.学习不深。学习只读原文。', '2.学用脱节。'].join('\n'),
    );
    expect(list.title).toBe('两学一做查摆问题清单');
    const duice = materialFromText(
      ['当前干部作风存在的问题及对策', '干部作风事关形象。', '一、存在的主要问题', '首先，缺乏担当。'].join('\n'),
    );
    expect(duice.title).toBe('当前干部作风存在的问题及对策');
    const two = materialFromText(
      ['“解放思想、转变作风”大讨论', '个人剖析材料', '一、存在的主要问题', '（一）学习不够。'].join('\n'),
    );
    expect(two.title).toBe('“解放思想、转变作风”大讨论个人剖析材料');
    const run = materialFromText(
      '严格规范党内组织生活调研报告党支部组织生活是实现党内生活正常化的根本保证，是加强党内监督的重要途径。\n一、存在的问题\n（一）组织生活不规范。',
    );
    expect(run.title).toBe('严格规范党内组织生活调研报告');
    expect(run.preface).toContain('党支部组织生活是实现党内生活正常化的根本保证');
  });

  it('a page that starts mid-way with problems opened by 第一，/第二， on their own lines parses them', () => {
    const m = materialFromText(
      [
        '四风问题积弊甚深，我决定剖析自己，做如下对照检查：',
        '第一，形式主义之风要挖除。',
        '今年我参加会议42次，其中一半没有准备发言。',
        '第二，官僚主义之风要根除。',
        '下基层调研只有3次，一是时间短，二是没有住下来。',
      ].join('\n'),
    );
    expect(m.problems.map((p) => p.heading)).toEqual(['形式主义之风要挖除', '官僚主义之风要根除']);
  });

  it('paragraphs opened by a short statement of a problem, after a paragraph on problems, are the problems', () => {
    const m = materialFromText(
      [
        '但是，对照党的要求，一些党员党性不强的问题还比较突出。',
        '理想信念模糊。有的同志平时不读书不看报，今年只参加了2次学习。',
        '党员意识淡薄。有的同志不按时交纳党费，3月至5月未交。',
        '宗旨意识不强。有的同志群众观念淡漠。',
      ].join('\n'),
    );
    expect(m.problems.map((p) => p.heading)).toEqual(['理想信念模糊', '党员意识淡薄', '宗旨意识不强']);
    // Without a paragraph speaking of problems before them, such paragraphs stay body text.
    const n = materialFromText(
      [
        '2024年工作总结',
        '今年完成了各项任务。',
        '理想信念模糊。有的同志不读书。',
        '党员意识淡薄。有的同志不交党费。',
      ].join('\n'),
    );
    expect(n.problems).toEqual([]);
  });

  it('problems enumerated 一是…二是… after "…突出问题：" inside one paragraph are one problem each', () => {
    const m = materialFromText(
      '找准问题是关键。我这里再强调3个方面突出问题：一是部分党员意识淡化，党性不强。今年有5人未按时交党费。二是部分党员精神不佳，得过且过。三是一些基层党组织建设薄弱，3个支部没有按期换届。',
    );
    expect(m.problems.map((p) => p.heading)).toEqual([
      '部分党员意识淡化',
      '部分党员精神不佳',
      '一些基层党组织建设薄弱',
    ]);
  });

  it('a notice opening with its addressee has no title', () => {
    const m = materialFromText(['各党支部：', '现将抽查情况通报如下：', '一、存在问题', '1.记录不规范。'].join('\n'));
    expect(m.title).toBe('');
    expect(m.problems).toHaveLength(1);
  });
});

describe('materials of other shapes', () => {
  it('GBK: 1. numbering, 一是/二是 points, causes as one run-in paragraph, dated measures, closing', () => {
    const m = materialFromBytes(fx('materials/member-four-checks.gbk.txt'));
    expect(m.encoding).toBe('gbk');
    expect(m.title).toBe('党员个人检视剖析材料');
    expect(m.framework).toBe('member-four-checks');
    expect(m.problems.map((p) => p.aspect)).toEqual(['创新理论', '党性修养', '服务群众', '先锋模范']);
    expect(m.problems[0].points).toHaveLength(2);
    expect(m.problems[0].points[0]).toMatch(/^学习的系统性不够/);
    expect(m.problems[0].examples[0]).toMatch(/^例如，2023年全年/);
    expect(m.problems[0].exampleOf).toEqual([0]);
    expect(m.causes.map((c) => c.heading)).toEqual(['理论学习的自觉性不强', '党性锻炼有所放松', '宗旨意识有所淡化']);
    expect(m.measures.map((x) => x.deadline)).toEqual(['2024年6月底前', '立行立改', '2024年3月底前']);
    expect(m.measures[0].deadlineDate).toBe('2024-06-30');
    expect(m.closing).toBe('以上检视，不妥之处，请同志们批评指正。');
  });

  it('GB18030 with a character outside GBK', () => {
    const m = materialFromBytes(fx('materials/member-gb18030.txt'));
    expect(m.encoding).toBe('gb18030');
    expect(m.preface).toContain('𠮷某');
    expect(m.problems).toHaveLength(4);
  });

  it('UTF-8 with BOM and CRLF, full-width indentation, run-in aspects and unnumbered parts', () => {
    const m = materialFromBytes(fx('materials/runin-bom-crlf.txt'));
    expect(m.encoding).toBe('utf-8-bom');
    expect(m.text).not.toMatch(/[\r\u3000\ufeff]/);
    expect(m.title).toBe('2023年度民主生活会个人对照检查材料');
    expect(m.preface).toMatch(/^按照县委统一部署/);
    expect(m.problems.map((p) => p.aspect)).toEqual([
      '理论学习',
      '政治素质',
      '能力本领',
      '担当作为',
      '工作作风',
      '廉洁自律',
    ]);
    expect(m.problems[0].heading).toBe('理论学习方面');
    expect(m.causes.map((c) => c.heading)).toEqual([
      '理想信念有所弱化',
      '宗旨意识有所淡化',
      '担当精神有所减退',
      '纪律意识有所松懈',
    ]);
    expect(m.measures).toHaveLength(4);
    expect(m.measures[0].heading).toBe('强化理论武装');
    expect(m.measures[0].deadline).toBe('2024年6月底前');
    expect(m.measures[2].deadline).toBeNull();
    expect(m.closing).toBe('以上发言，请同志们批评指正。');
  });

  it('text copied out of a PDF: page numbers, running header and hard line breaks', () => {
    const m = materialFromBytes(fx('materials/pdf-copy.txt'));
    expect(m.title).toBe('某局党组班子2024年度民主生活会对照检查材料');
    expect(m.framework).toBe('2024-four-take-lead');
    expect(m.problems.map((p) => p.aspect)).toEqual(['政治纪律', '党性纪律作风', '担责创新', '从严治党责任']);
    expect(m.causes).toHaveLength(3);
    expect(m.measures.map((x) => x.deadlineDate)).toEqual(['2025-03-31', null, '2025-06-30']);
    const kinds = m.removed.map((r) => r.kind);
    expect(kinds).toContain('page-furniture');
    expect(kinds).toContain('line-break');
    expect(m.removed.find((r) => r.text === '某局党组班子对照检查材料')?.count).toBe(3);
    expect(m.text).not.toMatch(/第 ?\d+ ?页/);
    expect(m.preface).toContain('征求到意见建议45条，班子成员之间开展谈心谈话30余人次'); // the broken sentence is whole again
  });

  it('HTML pasted from a web page, with a different watermark and a trailing advertisement', () => {
    const m = materialFromBytes(fx('materials/web-paste.txt'));
    expect(m.title).toBe('专题组织生活会个人对照检查发言提纲');
    expect(m.text).not.toMatch(/<|>|script|_hmt|www\./);
    expect(m.removed).toContainEqual({ kind: 'watermark', text: '第一范文网整理', count: 2 });
    expect(m.removed.some((r) => r.kind === 'advertisement')).toBe(true);
    expect(m.problems).toHaveLength(4);
    expect(m.measures.map((x) => x.deadline)).toEqual(['2024年底前', '长期坚持']);
  });

  it('arabic numbering for aspects and （1） for points', () => {
    const m = materialFromBytes(fx('materials/arabic-numbering.txt'));
    expect(m.problems.map((p) => p.aspect)).toEqual(['理论学习', '政治素质', '工作作风', '廉洁自律']);
    expect(m.problems[0].points).toEqual([
      '学习的主动性不强，存在“要我学”多、“我要学”少的现象。',
      '学用结合不够紧密，运用理论解决实际问题的能力有待提高。',
    ]);
    expect(m.problems[0].examples).toHaveLength(1);
    expect(m.causes).toHaveLength(3);
    expect(m.measures).toHaveLength(4);
  });

  it('a title over two lines, a byline, aspects as top-level headings, bracketed deadlines and a signature', () => {
    const m = materialFromBytes(fx('materials/two-line-title-signature.txt'));
    expect(m.title).toBe('2023年度民主生活会个人对照检查材料');
    expect(m.byline).toBe('（2023年12月）');
    expect(m.preface).toMatch(/^按照市委统一部署/);
    expect(m.problems.map((p) => p.aspect)).toEqual(['理论学习', '政治素质', '担当作为']);
    expect(m.causes).toHaveLength(2);
    expect(m.measures[0].heading).toBe('加强理论学习（完成时限：2024年6月）');
    expect(m.measures[0].deadlineDate).toBe('2024-06-30');
    expect(m.measures[1].text).toBe('2024年9月底前完成老旧小区改造。');
    expect(m.closing).toBe('张三\n2023年12月20日');
  });

  it('aspect sub-headings on their own line, 一是/二是 points across and within paragraphs, 首先/其次/最后 causes', () => {
    const m = materialFromBytes(fx('materials/aspect-subheadings.txt'));
    expect(m.problems.map((p) => p.aspect)).toEqual(['创新理论', '党性修养', '服务群众', '先锋模范']);
    expect(m.problems[0].points).toHaveLength(2);
    expect(m.problems[1].points).toEqual(['自我要求有所放松。', '批评与自我批评开展不够。']);
    expect(m.problems[1].exampleOf).toEqual([1]);
    expect(m.causes.map((c) => c.heading)).toEqual(['理论学习不够深入', '党性修养锤炼不够', '宗旨意识树得不牢']);
    expect(m.measures.map((x) => x.deadline)).toEqual(['2024年3月底前', '长期坚持', null]);
  });

  it("a section on last year's rectification before the problems, full-width digits, the year in the title choosing the framework", () => {
    const m = materialFromBytes(fx('materials/prior-section-fullwidth.txt'));
    expect(m.framework).toBe('2024-four-take-lead');
    expect(m.preface).toContain('已整改完成16个');
    expect(m.problems).toHaveLength(4);
    expect(m.problems.map((p) => p.aspect)).toEqual([null, '政治纪律', null, '从严治党责任']);
    expect(m.causes.map((c) => c.heading)).toEqual(['理想信念不够坚定', '党性锻炼有所放松']);
    expect(m.measures.map((x) => x.heading)).toEqual(['强化理论武装', '严明政治纪律', '压实管党治党责任']);
  });

  it('no part headings: run-in aspect, 究其原因 with a single 一是, 下一步, and a closing that says 对照检查', () => {
    const m = materialFromBytes(fx('materials/unheaded-closing-duijiancha.txt'));
    expect(m.preface).toBe('会前，我学习了有关论述，征求意见9条。');
    expect(m.problems.map((p) => p.aspect)).toEqual(['理论学习']);
    expect(m.causes.map((c) => c.heading)).toEqual(['理想信念不够坚定']);
    expect(m.measures.map((x) => x.deadline)).toEqual(['2024年3月底前', null]);
    expect(m.closing).toBe('以上对照检查，恳请同志们批评指正。');
    expect(m.warnings).toEqual([]);
  });

  it('an unknown aspect is kept with aspect null and a warning', () => {
    const m = materialFromText(
      [
        '某同志对照检查材料',
        '一、存在的问题',
        '（一）理论学习方面。学习不够深入。',
        '（二）外语水平方面。英语口语不够流利。',
        '二、原因剖析',
        '（一）放松了学习。平时不重视。',
        '三、整改措施',
        '（一）加强学习。2024年底前完成。',
      ].join('\n'),
      { framework: '2023-theme-education' },
    );
    expect(m.problems.map((p) => p.aspect)).toEqual(['理论学习', null]);
    expect(m.warnings.map((w) => w.code)).toContain('W_UNKNOWN_ASPECT');
  });

  it('a text without clear parts gives a partial result with warnings, not an exception', () => {
    const m = materialFromText('今天天气很好，我们去公园散步。\n公园里有很多人在锻炼身体。');
    expect(m.problems).toEqual([]);
    expect(m.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['W_NO_PROBLEMS', 'W_NO_CAUSES', 'W_NO_MEASURES']),
    );
  });

  it('a chosen custom framework maps headings by its names and aliases', () => {
    const m = materialFromText(
      [
        '一、存在的问题',
        '（一）安全生产方面。隐患排查不细。',
        '（二）队伍建设方面。培训不够。',
        '二、原因剖析',
        '（一）认识不到位。',
        '三、整改措施',
        '（一）加强排查。立行立改。',
      ].join('\n'),
      {
        framework: {
          id: 'custom-1',
          name: '自定义',
          year: 2024,
          source: '自定义',
          aspects: [
            { id: '安全', name: '安全生产', aliases: ['安全'] },
            { id: '队伍', name: '队伍建设', aliases: ['队伍', '培训'] },
          ],
        },
      },
    );
    expect(m.framework).toBe('custom-1');
    expect(m.problems.map((p) => p.aspect)).toEqual(['安全', '队伍']);
  });
});

describe('bad input', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(JianshiError);
      return (e as JianshiError).code;
    }
    return 'no error';
  };
  it('rejects empty, binary, oversize and undecodable input with stable codes', () => {
    expect(code(() => materialFromBytes(new Uint8Array()))).toBe('E_EMPTY');
    expect(code(() => materialFromBytes(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48])))).toBe(
      'E_BINARY',
    );
    expect(code(() => materialFromBytes(new Uint8Array(30 * 1024 * 1024).fill(0x41)))).toBe('E_TOO_LARGE');
    expect(code(() => materialFromBytes(Uint8Array.from([0xff, 0xfe, 0x41, 0x00])))).toBe('E_ENCODING');
    expect(code(() => materialFromText('   \n\u3000\n'))).toBe('E_EMPTY');
  });

  it('a 1 MB line without punctuation gives a bounded result', () => {
    const line = '学'.repeat(1024 * 1024);
    const t0 = Date.now();
    const m = materialFromText(line);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(m.text.replace(/\n/g, '')).toBe(line); // nothing lost
    expect(Math.max(...m.text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(LIMITS.maxParagraphChars);
  }, 10_000);

  it('HTML and script tags never reach the text', () => {
    const m = materialFromText(
      '<p>某同志检视剖析材料</p><script>alert("x")</script><p>一、存在的问题</p><p>（一）理论学习方面。学习<b>不够</b>深入。</p><img src=x onerror=alert(1)>',
    );
    expect(m.text).not.toMatch(/<|alert|onerror/);
    expect(m.problems[0].text).toBe('学习不够深入。');
  });
});

describe('genre shapes of real pages', () => {
  const outline = [
    '（一）理论学习方面。学习不够深入，全年只参加了3次集中学习。',
    '（二）担当作为方面。工作不够主动，遇到难题绕着走。',
  ];

  it('a title that names a topic ("…的现象及原因") over a paragraph is the title, not a part heading', () => {
    const m = materialFromText(
      [
        '党员意识淡薄的现象及原因',
        '目前，部分农村党员意识淡薄，主要表现为以下几种：',
        '1、学习的自觉性弱化。',
        '2、宗旨意识弱化。',
      ].join('\n'),
    );
    expect(m.title).toBe('党员意识淡薄的现象及原因');
    // A bare part heading at the top of a page cut mid-way stays a heading.
    expect(materialFromText(['存在的主要问题', ...outline].join('\n')).title).toBe('');
  });

  it('reads the problems of a page that starts at 三是 and a causes lead-in inside the problems part', () => {
    const m = materialFromText(
      [
        '三是担当作为不够，遇到难题绕着走；四是联系群众不够紧密，深入基层调研少；五是廉洁自律有所放松，对身边人要求不严。',
        '二、整改措施',
        '（一）加强理论学习。每月自学不少于4次。',
      ].join('\n'),
    );
    expect(m.problems.map((p) => p.heading)).toEqual(['担当作为不够', '联系群众不够紧密', '廉洁自律有所放松']);
    const n = materialFromText(
      [
        '2024年度民主生活会个人对照检查材料',
        '一、存在的问题',
        ...outline,
        '深刻反思上述问题，主要有以下几方面原因：一是理想信念有所松懈；二是宗旨意识有所淡化。三是纪律规矩意识不强。',
        '二、整改措施',
        '（一）加强理论学习。每月自学不少于4次。',
      ].join('\n'),
    );
    expect(n.problems).toHaveLength(2);
    expect(n.causes.map((c) => c.heading)).toEqual(['理想信念有所松懈', '宗旨意识有所淡化', '纪律规矩意识不强']);
    expect(n.measures).toHaveLength(1);
  });

  it('numbered sections of a speech, a 点评, a report or a guide are not problems', () => {
    const speech = [
      '各位领导、同志们：',
      '今天召开民主生活会，大家开展了批评和自我批评。下面，我讲几点意见。',
      '一、提高政治站位，充分认识开好民主生活会的重要意义',
      '这次民主生活会准备充分，效果很好。',
      '二、强化责任担当，推动各项工作落实',
      '要把成果转化为推动工作的动力。',
    ];
    for (const text of [
      speech.join('\n'),
      ['刚才，XX单位班子成员作了对照检查。现在，我先代表督导组谈几点意见。', ...speech.slice(2)].join('\n'),
      ['2023年度推进政治生态建设情况报告', ...speech.slice(1)].join('\n'),
      ['2026年政治生态分析报告通用模板', ...speech.slice(1)].join('\n'),
      ['浅谈民主生活会班子对照检查材料的撰写', '一、存在的问题要具体', '问题要写具体。'].join('\n'),
    ]) {
      const m = materialFromText(text);
      expect(m.problems, text.slice(0, 20)).toEqual([]);
    }
  });
});
