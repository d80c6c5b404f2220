import { describe, expect, it } from 'vitest';
import { GOOD_CAUSES, GOOD_MEASURES, GOOD_PROBLEMS, material, run } from '../test-util.js';
import { currentCongresses } from './residue-era.js';
import { materialFromText } from '../../material/pipeline.js';

const base = { problems: GOOD_PROBLEMS, causes: GOOD_CAUSES, measures: GOOD_MEASURES };
const withMeasure = (m: string) => ({ ...base, measures: [...GOOD_MEASURES, m] });

describe('residue-place', () => {
  it("flags a place claimed as one's own in a county material", () => {
    const m = material({
      ...base,
      preface: '按照县委部署，我带头为全县党员干部讲党课，现将对照检查情况报告如下。',
      measures: [...GOOD_MEASURES, '勇于担当。2024年起奋力托起成都改革发展稳定大局，每季度研究1次重点工作。'],
    });
    const f = run('residue-place', m);
    expect(f).toHaveLength(1);
    expect(m.text.slice(f[0].start, f[0].end)).toBe('成都');
    expect(f[0].message).toContain('全县');
  });
  it('flags 我市 in a material that speaks as 我县', () => {
    const f = run('residue-place', {
      ...base,
      preface: '今年我县经济总量增长6%，我按照要求开展检视。',
      measures: [...GOOD_MEASURES, '服务发展。2024年6月底前为我市营商环境出台3项措施。'],
    });
    expect(f.map((x) => x.message.includes('我市'))).toEqual([true]);
  });
  it('is silent on superior scopes, visits and lessons from elsewhere', () => {
    expect(
      run('residue-place', {
        ...base,
        preface: '我县考核在全市排名第5；今年我带队赴浙江学习经验，赴延安接受党性教育，学习成都改革发展经验。',
      }),
    ).toEqual([]);
  });
  it("uses the organization's places when given", () => {
    const p = { ...base, preface: '今年我带头推动青山县高质量发展，努力为江州人民群众办实事。' };
    expect(run('residue-place', p, { organization: { places: ['青山县', '江州市'] } })).toEqual([]);
    const f = run(
      'residue-place',
      { ...base, preface: '今年我带头推动成都高质量发展。' },
      { organization: { places: ['青山县', '江州市'] } },
    );
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('成都');
  });
});

describe('residue-era', () => {
  it('knows which congress is current', () => {
    expect(currentCongresses(2023)).toEqual([20]);
    expect(currentCongresses(2020)).toEqual([19]);
  });
  it('flags an old congress studied as current, last campaign as "this", and a past deadline', () => {
    const m = material({
      ...base,
      preface: '我认真学习贯彻党的十九大精神，结合本次党史学习教育，现将情况报告如下。',
      measures: [...GOOD_MEASURES, '整改作风问题。2021年底前完成。'],
    });
    const f = run('residue-era', m);
    const quoted = f.map((x) => m.text.slice(x.start, x.end));
    expect(quoted.some((q) => q.startsWith('十九'))).toBe(true);
    expect(quoted).toContain('党史学习教育');
    expect(quoted).toContain('2021年底前');
  });
  it('is silent on history ("党的十八大以来") and on the current campaign', () => {
    expect(
      run('residue-era', {
        ...base,
        preface:
          '党的十八大以来，我深入学习贯彻党的二十大精神，在本次学习贯彻习近平新时代中国特色社会主义思想主题教育中认真检视。',
      }),
    ).toEqual([]);
  });
});

describe('residue-marker', () => {
  it('reports watermarks and paywall markers the cleaner removed', () => {
    const raw = material({ ...base, preface: '我认真学习##paidbegin##，对照六个方面进行了检视，现将情况报告如下。' });
    const f = run('residue-marker', raw);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ part: 'title', item: null });
    expect(f[0].message).toContain('付费标记“##paidbegin##”');
  });
  it('flags leftovers the cleaner kept and unfilled placeholders, where they are', () => {
    const m = material({
      ...base,
      problems: [GOOD_PROBLEMS[0] + '会员专享内容。', ...GOOD_PROBLEMS.slice(1)],
      measures: [...GOOD_MEASURES, '改进作风。2024年3月底前完成XX同志交办事项整改。'],
    });
    const f = run('residue-marker', m);
    expect(f.map((x) => m.text.slice(x.start, x.end))).toEqual(['会员专享']);
    expect(f.map((x) => x.part)).toEqual(['problems']);
    const p = run('placeholder', m);
    expect(p.map((x) => m.text.slice(x.start, x.end))).toEqual(['XX']);
    expect(p.map((x) => x.part)).toEqual(['measures']);
  });
  it('is silent on a clean text', () => {
    expect(run('residue-marker', base)).toEqual([]);
  });
});

describe('placeholder', () => {
  it('flags every unfilled placeholder of an anonymised template, kept in the text', () => {
    const raw = [
      '**镇党委2023年度民主生活会对照检查材料',
      '按照要求，XX同志组织x人开展谈心谈话，*年度共收集意见____条。',
      '一、存在的问题',
      '（一）理论学习方面。×××同志学习不深，全年只参加了3次集中学习。',
      '二、原因剖析',
      '（一）思想不够重视。',
      '三、整改措施',
      '（一）加强学习。2024年6月底前完成。',
    ].join('\n');
    const m = materialFromText(raw);
    expect(m.title).toBe('**镇党委2023年度民主生活会对照检查材料');
    const f = run('placeholder', m);
    expect(f.map((x) => m.text.slice(x.start, x.end))).toEqual(['**', 'XX', 'x', '*', '____', '×××']);
    expect(f.map((x) => x.part)).toEqual(['title', 'preface', 'preface', 'preface', 'preface', 'problems']);
  });
  it('is silent on real names, numbers, Latin words and Markdown-free text', () => {
    const m = material({
      ...base,
      problems: [GOOD_PROBLEMS[0] + '我用Excel统计了3×4个表格中的20人。', ...GOOD_PROBLEMS.slice(1)],
    });
    expect(run('placeholder', m)).toEqual([]);
  });
});
