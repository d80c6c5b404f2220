import { describe, expect, it } from 'vitest';
import { GOOD_CAUSES, GOOD_MEASURES, GOOD_PROBLEMS, run } from '../test-util.js';

describe('aspect-missing', () => {
  it('names the aspect no problem addresses', () => {
    const f = run(
      'aspect-missing',
      { problems: GOOD_PROBLEMS.filter((p) => !p.startsWith('廉洁')), causes: GOOD_CAUSES, measures: GOOD_MEASURES },
      { framework: '2023-theme-education' },
    );
    expect(f.map((x) => x.message)).toEqual(['缺少“廉洁自律”方面的问题查摆。']);
    expect(f[0].part).toBe('problems');
  });
  it('is silent when every aspect is covered, or one heading covers two', () => {
    expect(run('aspect-missing', { problems: GOOD_PROBLEMS, causes: GOOD_CAUSES, measures: GOOD_MEASURES })).toEqual(
      [],
    );
    const merged = [
      ...GOOD_PROBLEMS.slice(0, 2),
      '能力本领和担当作为方面。今年对接的3个项目没有落地，2宗土地纠纷没有在9月前化解。',
      ...GOOD_PROBLEMS.slice(4),
    ];
    expect(
      run(
        'aspect-missing',
        { problems: merged, causes: GOOD_CAUSES, measures: GOOD_MEASURES },
        { framework: '2023-theme-education' },
      ),
    ).toEqual([]);
  });
  it('is silent without a framework', () => {
    expect(
      run('aspect-missing', {
        problems: ['有关情况。今年6月以后有两个月没有学习。'],
        causes: GOOD_CAUSES,
        measures: GOOD_MEASURES,
      }),
    ).toEqual([]);
  });
});

describe('aspect-unknown', () => {
  it('points at a problem under no aspect of the framework', () => {
    const f = run(
      'aspect-unknown',
      {
        problems: [...GOOD_PROBLEMS, '家庭生活方面。今年春节期间陪伴家人时间少，对孩子学习关心不够。'],
        causes: GOOD_CAUSES,
        measures: GOOD_MEASURES,
      },
      { framework: '2023-theme-education' },
    );
    expect(f).toHaveLength(1);
    expect(f[0].item).toBe(6);
  });
  it('is silent when every problem has its aspect', () => {
    expect(
      run(
        'aspect-unknown',
        { problems: GOOD_PROBLEMS, causes: GOOD_CAUSES, measures: GOOD_MEASURES },
        { framework: '2023-theme-education' },
      ),
    ).toEqual([]);
  });
});
