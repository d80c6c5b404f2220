import { describe, expect, it } from 'vitest';
import { GOOD_CAUSES, GOOD_MEASURES, GOOD_PROBLEMS, material, run } from '../test-util.js';
import { BOILERPLATE_GRAM, densities } from './boilerplate-density.js';
import { norm } from '../util.js';

const base = { problems: GOOD_PROBLEMS, causes: GOOD_CAUSES, measures: GOOD_MEASURES };

const TEMPLATE = [
  '理论学习方面。学习浅尝辄止，只了解皮毛，没有做到真学真懂，学用脱节，满足于读原文，对精神实质理解不够透彻，泛泛而读，缺乏深层次思考。',
  '政治素质方面。政治敏锐性和政治鉴别力不强，就事论事，不善于从政治上观察问题，上有政策下有对策，打折扣搞变通，好人主义，一团和气。',
  '工作作风方面。高高在上，隔靴搔痒，蜻蜓点水，走马观花，按部就班，墨守成规，凭老经验老办法，守摊子，缺乏钉钉子精神，深入一线调查研究少。',
];

describe('boilerplate-density', () => {
  it('reports a template text once, at its densest paragraph, and marks other dense paragraphs', () => {
    const m = material({ ...base, problems: [...TEMPLATE, ...GOOD_PROBLEMS.slice(3)] });
    const f = run('boilerplate-density', m);
    expect(f.length).toBeGreaterThanOrEqual(2);
    expect(f.filter((x) => x.severity === 'warning')).toHaveLength(1);
    expect(f.find((x) => x.severity === 'warning')!.message).toMatch(/全文约\d+%/);
    expect(f.every((x) => x.part === 'problems')).toBe(true);
  });
  it('is silent on a material in its own words', () => {
    expect(run('boilerplate-density', base)).toEqual([]);
  });
  it('counts grams frequent in the stored corpus', () => {
    const m = material(base);
    const para = m.problems[0].text;
    const common = new Set<string>();
    const n = norm(para);
    for (let i = 0; i + BOILERPLATE_GRAM <= n.length; i++) common.add(n.slice(i, i + BOILERPLATE_GRAM));
    const d = densities(m.text, m.problems[0].span.start, (g) => (common.has(g) ? 0.5 : 0))[0];
    expect(d.covered / d.chars).toBeGreaterThan(0.75);
    expect(run('boilerplate-density', m, { commonPhrases: (g) => (common.has(g) ? 0.5 : 0) })).toEqual([]); // one paragraph is not the text
  });
});

describe('repeated-from-last-year', () => {
  const last = material({
    ...base,
    problems: [
      '理论学习方面。理论学习不深不透，学用结合不紧，对新思想的精神实质领会不够，今年只写了2篇心得。',
      ...GOOD_PROBLEMS.slice(1),
    ],
  });
  it("flags a point nearly identical to last year's", () => {
    const now = material({
      ...base,
      problems: [
        '理论学习方面。理论学习不深不透，学用结合不紧，对新思想的精神实质领会不够，今年只写了3篇心得。',
        '政治素质方面。今年对单位转发的2条不实信息处置不及时，意识形态责任落实不到位。',
        ...GOOD_PROBLEMS.slice(2),
      ],
    });
    const f = run('repeated-from-last-year', now, { previous: last });
    expect(f.map((x) => x.item)).toContain(0);
    expect(f.map((x) => x.item)).not.toContain(1);
    expect(f[0].message).toMatch(/相似度\d+%/);
  });
  it('is silent without a previous material or when the points are new', () => {
    expect(run('repeated-from-last-year', base)).toEqual([]);
    const fresh = material({
      ...base,
      problems: GOOD_PROBLEMS.map((p) =>
        p.replace(/。.*$/, '。今年在推进城区供水管网改造中，方案3次修改仍未定稿，群众投诉12次。'),
      ),
    });
    expect(run('repeated-from-last-year', fresh, { previous: last })).toEqual([]);
  });
  it('flags a point from a material older than last year, naming its year', () => {
    const now = material({
      ...base,
      problems: [
        '理论学习方面。理论学习不深不透，学用结合不紧，对新思想的精神实质领会不够，今年只写了3篇心得。',
        ...GOOD_PROBLEMS.slice(1).map((p) =>
          p.replace(/。.*$/, '。今年在推进城区供水管网改造中，方案3次修改仍未定稿，群众投诉12次。'),
        ),
      ],
    });
    const f = run('repeated-from-last-year', now, {
      meetingYear: 2026,
      earlierMaterials: [{ year: 2024, material: last }],
    });
    expect(f.map((x) => x.item)).toEqual([0]);
    expect(f[0].message).toContain('2024年材料');
  });
  // Last year's ledger item of the same problem still open and past its deadline; the author's
  // materials say nothing of it (a material of that year was not written in the system).
  const openItem = {
    number: '2024-第一党支部-003',
    year: 2024,
    problem: '联系服务群众不够深入，到基层调研次数少，对群众反映的停车难问题没有跟踪解决。',
    overdue: true,
  };
  const withOldProblem = material({
    ...base,
    problems: [
      GOOD_PROBLEMS[0],
      '联系群众方面。联系服务群众不够深入，到基层调研次数偏少，对群众反映的停车难问题没有持续跟踪解决。',
      ...GOOD_PROBLEMS.slice(2),
    ],
  });
  it('flags a problem whose ledger item of an earlier year is still open (and says it is overdue)', () => {
    const f = run('repeated-from-last-year', withOldProblem, { meetingYear: 2025, openLedgerItems: [openItem] });
    expect(f).toHaveLength(1);
    expect(f[0].item).toBe(1);
    expect(f[0].message).toContain('2024年整改台账 2024-第一党支部-003');
    expect(f[0].message).toContain('至今未销号且已超过整改时限');
    // Not overdue: still named, without the deadline.
    const g = run('repeated-from-last-year', withOldProblem, {
      meetingYear: 2025,
      openLedgerItems: [{ ...openItem, overdue: false }],
    });
    expect(g[0].message).not.toContain('超过整改时限');
  });
  it('ignores ledger items of the same year or of other problems', () => {
    expect(run('repeated-from-last-year', withOldProblem, { meetingYear: 2024, openLedgerItems: [openItem] })).toEqual(
      [],
    );
    expect(run('repeated-from-last-year', material(base), { meetingYear: 2025, openLedgerItems: [openItem] })).toEqual(
      [],
    );
  });
});

describe('too-short', () => {
  it('flags a material far too short', () => {
    const f = run('too-short', base);
    expect(f).toHaveLength(1);
    expect(f[0].part).toBe('title');
  });
  it('is silent on a material of normal length', () => {
    const long = {
      ...base,
      problems: GOOD_PROBLEMS.map(
        (p) =>
          p +
          p.replace(/^[^。]+。/, '') +
          '今年上半年在推进重点工作中，我对3个项目的跟踪问效不够，群众反映的2件事没有及时回应，影响了工作成效。',
      ),
    };
    expect(norm(material(long).text).length).toBeGreaterThan(800);
    expect(run('too-short', long)).toEqual([]);
  });
});

describe('part-balance', () => {
  it('flags a missing part and a much thinner part', () => {
    expect(run('part-balance', { ...base, causes: [] }).map((x) => x.message)).toEqual(['未找到“原因剖析”部分。']);
    const f = run('part-balance', { ...base, causes: ['思想有所放松。'] });
    expect(f.map((x) => x.part)).toEqual(['causes']);
  });
  it('flags a problem much thinner than its siblings', () => {
    const f = run('part-balance', { ...base, problems: [...GOOD_PROBLEMS.slice(0, 5), '廉洁自律方面。有待加强。'] });
    expect(f.map((x) => [x.part, x.item, x.severity])).toEqual([['problems', 5, 'info']]);
  });
  it('is silent on a balanced material', () => {
    expect(run('part-balance', base)).toEqual([]);
  });
  it('is silent on a speech the import already calls no material', () => {
    const speech = [
      '在2025年度民主生活会会前专题学习会上的发言',
      '一、提高政治站位，深刻认识专题学习的重要意义',
      '专题学习是开好民主生活会的前提，我今年参加集中学习12次。',
      '二、坚持问题导向，把自己摆进去',
      '要对照要求查找差距，3月以来我到基层调研8次。',
    ].join('\n');
    const m = material(speech);
    expect(m.warnings.map((w) => w.code)).toContain('W_NOT_A_MATERIAL');
    expect(run('part-balance', m)).toEqual([]);
  });
});

describe('part-balance on an unrecognized structure', () => {
  it('says once that no part was found', () => {
    const body = '我今年学习不够，6月以后两个月没有读书，调研12次只有1次住下来，这些都是我的问题。'.repeat(8);
    const f = run('part-balance', `个人对照检查材料\n${body}`);
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('未识别到');
  });
});
