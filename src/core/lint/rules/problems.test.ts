import { describe, expect, it } from 'vitest';
import { GOOD_CAUSES, GOOD_MEASURES, GOOD_PROBLEMS, material, run } from '../test-util.js';
import { isConcrete } from './no-concrete-case.js';

const withProblem = (i: number, p: string, title?: string) => {
  const problems = [...GOOD_PROBLEMS];
  problems[i] = p;
  return { title, problems, causes: GOOD_CAUSES, measures: GOOD_MEASURES };
};

describe('no-concrete-case', () => {
  it('flags a point of general words only, pointing at the point', () => {
    const m = material(
      withProblem(
        0,
        '理论学习方面。一是学习不深不透，对精神实质理解不够透彻，没有做到真学真懂。二是学用结合不紧，比如，今年学习了教育强国的论述后，没有及时制定城乡学校结对办法。',
      ),
    );
    const f = run('no-concrete-case', m);
    expect(f).toHaveLength(1);
    expect(f[0].item).toBe(0);
    expect(m.text.slice(f[0].start, f[0].end)).toMatch(/^学习不深不透/);
    expect(f[0].message).toContain('第1条');
  });
  it('accepts a number, a time, a named document or an anonymized person as a case', () => {
    expect(isConcrete('今年6月以后有两个月没有读书')).toBe(true);
    expect(isConcrete('对《习近平著作选读》第二卷学得不细')).toBe(true);
    expect(isConcrete('对干部张某的违纪苗头没有及时提醒')).toBe(true);
    expect(isConcrete('对一些热点问题缺乏深层次思考')).toBe(false);
    expect(isConcrete('落实八项规定精神和四个意识不够到位')).toBe(false);
  });
  it('is silent on the clean base', () => {
    expect(run('no-concrete-case', withProblem(0, GOOD_PROBLEMS[0]))).toEqual([]);
  });
});

describe('achievement-disguise', () => {
  it('flags a virtue presented as a fault', () => {
    const f = run(
      'achievement-disguise',
      withProblem(3, '担当作为方面。有时工作标准过高，对下属要求太严，今年经常加班加点，顾不上家庭。'),
    );
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('不是问题');
  });
  it('is silent when the virtue is named to be rejected, or absent', () => {
    expect(
      run(
        'achievement-disguise',
        withProblem(3, '担当作为方面。今年满足于取得了一定成效，不能以成绩掩盖问题，对3个项目推进不力。'),
      ),
    ).toEqual([]);
    expect(run('achievement-disguise', withProblem(3, GOOD_PROBLEMS[3]))).toEqual([]);
  });
});

describe('work-suggestion', () => {
  it('flags requests to superiors in the problems part', () => {
    const f = run(
      'work-suggestion',
      withProblem(2, '能力本领方面。今年基层人手紧张，建议上级加大对乡镇的编制和经费投入。'),
    );
    expect(f).toHaveLength(1);
    const g = run(
      'work-suggestion',
      withProblem(2, '能力本领方面。上级部门应当加大培训力度，今年组织的2次培训都不够深入。'),
    );
    expect(g).toHaveLength(1);
  });
  it('is silent on opinions collected (意见建议) and on self-criticism', () => {
    expect(
      run(
        'work-suggestion',
        withProblem(2, '能力本领方面。对今年征求到的意见建议12条，我只办结了7条，推动数字化转型办法不多。'),
      ),
    ).toEqual([]);
  });
});

describe('group-not-self', () => {
  it('flags the group speaking in an individual material', () => {
    const f = run(
      'group-not-self',
      withProblem(4, '工作作风方面。我们调查研究不够深入，今年下基层多是听汇报、看材料。'),
      { kind: '个人' },
    );
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('我们');
  });
  it('is silent when the author speaks of himself or of how he treats others, and in a 班子 material', () => {
    expect(
      run(
        'group-not-self',
        withProblem(4, '工作作风方面。我对班子成员的意见听取不够，今年有2次会上没有让大家充分发言。'),
        { kind: '个人' },
      ),
    ).toEqual([]);
    expect(
      run(
        'group-not-self',
        withProblem(4, '工作作风方面。对有的同志迟到早退的问题，今年只提醒过1次，碍于情面没有严肃批评。'),
        { kind: '个人' },
      ),
    ).toEqual([]);
    expect(
      run('group-not-self', withProblem(4, '工作作风方面。班子调查研究不够深入，今年下基层多是听汇报、看材料。'), {
        kind: '班子',
      }),
    ).toEqual([]);
  });
  it('infers an individual material from its title', () => {
    expect(
      run(
        'group-not-self',
        withProblem(
          4,
          '工作作风方面。我们调查研究不够深入，今年下基层多是听汇报、看材料。',
          '2023年度民主生活会个人发言提纲',
        ),
      ),
    ).toHaveLength(1);
  });
});
