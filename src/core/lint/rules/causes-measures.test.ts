import { describe, expect, it } from 'vitest';
import { GOOD_CAUSES, GOOD_MEASURES, GOOD_PROBLEMS, material, run } from '../test-util.js';

const base = { problems: GOOD_PROBLEMS, causes: GOOD_CAUSES, measures: GOOD_MEASURES };

describe('cause-circumstance', () => {
  it('flags a cause blamed on workload and conditions', () => {
    const m = material({
      ...base,
      causes: [...GOOD_CAUSES, '客观上工作任务重。平时工作太忙，事务性工作繁杂，学习时间有限。'],
    });
    const f = run('cause-circumstance', m);
    expect(f.length).toBeGreaterThanOrEqual(1);
    expect(f.every((x) => x.part === 'causes' && x.item === 3)).toBe(true);
  });
  it('is silent when the excuse is named to be rejected', () => {
    expect(
      run('cause-circumstance', {
        ...base,
        causes: [...GOOD_CAUSES, '自律不严。表面上是工作忙、任务重，实质上是我把学习当软任务。'],
      }),
    ).toEqual([]);
    expect(
      run('cause-circumstance', {
        ...base,
        causes: [...GOOD_CAUSES, '担当不够。不能以工作忙为借口放松学习，根子在思想上。'],
      }),
    ).toEqual([]);
    expect(run('cause-circumstance', base)).toEqual([]);
  });
  it('is silent when the attitude towards the workload is what the author confesses', () => {
    for (const c of [
      '学习不够。客观上强调工作忙、压力大，缺乏持之以恒自觉学习的精神。',
      '进取心不强。认为工作繁重而不想做、不愿做，根源在于自己的事业心、责任心不强。',
    ])
      expect(run('cause-circumstance', { ...base, causes: [...GOOD_CAUSES, c] }), c).toEqual([]);
  });
});

describe('cause-uncovered', () => {
  it('flags a problem whose roots the causes never mention', () => {
    const causes = ['理想信念有所弱化。我把理论学习当作软任务，放松了世界观的改造。'];
    const f = run('cause-uncovered', { ...base, causes }, { framework: '2023-theme-education' });
    const items = f.map((x) => x.item);
    expect(items).toContain(5); // 廉洁自律: nothing about 廉洁 / 纪律 / 党性
    expect(items).not.toContain(0); // 理论学习 is covered
  });
  it('is silent when each problem has a root', () => {
    expect(run('cause-uncovered', base, { framework: '2023-theme-education' })).toEqual([]);
  });
});

describe('measure-no-deadline', () => {
  it('flags a measure without deadline or target as a warning, one with a target but no time as info', () => {
    const f = run('measure-no-deadline', {
      ...base,
      measures: [
        ...GOOD_MEASURES,
        '坚决反对四风。要以身作则，切实改进作风，努力让工作经得起检验。',
        '加强调查研究。蹲点调研不少于10天。',
      ],
    });
    expect(f.map((x) => [x.item, x.severity])).toEqual([
      [3, 'warning'],
      [4, 'info'],
    ]);
  });
  it('accepts dates, 立行立改 and standing commitments with a cadence', () => {
    expect(
      run('measure-no-deadline', {
        ...base,
        measures: [...GOOD_MEASURES, '整改坐收坐支问题。立行立改。', '改进调研。2024年起每季度蹲点调研不少于3天。'],
      }),
    ).toEqual([]);
  });
});

describe('measure-orphan', () => {
  it('flags a measure that answers none of the problems', () => {
    const f = run(
      'measure-orphan',
      {
        ...base,
        measures: [
          ...GOOD_MEASURES,
          '抓好安全生产。2024年3月底前对辖区内危化品仓库、燃气管道和消防通道开展拉网式排查，整治隐患。',
        ],
      },
      { framework: '2023-theme-education' },
    );
    expect(f.map((x) => x.item)).toEqual([3]);
  });
  it('is silent for measures that answer the problems', () => {
    expect(run('measure-orphan', base, { framework: '2023-theme-education' })).toEqual([]);
  });
});
