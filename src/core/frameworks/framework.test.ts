import { describe, expect, it } from 'vitest';
import { BUILTIN_FRAMEWORKS } from './builtin.js';
import {
  defineFramework,
  detectFramework,
  detectFrameworkWithFit,
  findFramework,
  matchAspect,
  yearOf,
} from './framework.js';

const six = findFramework('2023-theme-education')!;

describe('built-in frameworks', () => {
  it('are data with a year and a source, ids unique, aspects unique within a set', () => {
    const ids = BUILTIN_FRAMEWORKS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of BUILTIN_FRAMEWORKS) {
      expect(f.source.length).toBeGreaterThan(4);
      expect(new Set(f.aspects.map((a) => a.id)).size).toBe(f.aspects.length);
    }
    expect(six.aspects.map((a) => a.name)).toEqual([
      '理论学习',
      '政治素质',
      '能力本领',
      '担当作为',
      '工作作风',
      '廉洁自律',
    ]);
    expect(findFramework('2024-four-take-lead')!.aspects).toHaveLength(4);
  });
});

describe('heading → aspect', () => {
  it('maps headings by name and aliases, tolerant of wording', () => {
    const cases: [string, string][] = [
      ['（三）能力本领方面', '能力本领'],
      ['在理论学习方面', '理论学习'],
      ['在履职能力上存在的差距', '能力本领'],
      ['廉政方面', '廉洁自律'],
      ['工作作风方面存在的问题', '工作作风'],
      ['担当精神不够强', '担当作为'],
      ['政治站位不够高', '政治素质'],
    ];
    for (const [h, a] of cases) expect(matchAspect(six, h)?.aspect, h).toBe(a);
  });

  it('leaves an unrelated heading unmatched', () => {
    for (const h of ['外语水平方面', '按照县委统一部署，我认真学习了主题教育的各项要求，围绕六个方面', '身体健康状况'])
      expect(matchAspect(six, h), h).toBeNull();
  });

  it('detects the framework that explains the headings, preferring the year of the title', () => {
    expect(
      detectFramework(['学习贯彻党的创新理论情况', '党性修养提高情况', '联系服务群众情况', '发挥先锋模范作用情况'])?.id,
    ).toBe('member-four-checks');
    expect(
      detectFramework(['在带头严守政治纪律和政治规矩，维护党的团结统一方面', '在带头履行全面从严治党政治责任方面'])?.id,
    ).toBe('2024-four-take-lead');
    expect(detectFramework(['理论学习方面', '政治素质方面', '担当作为方面'])?.id).toBe('2023-theme-education');
    expect(detectFramework(['外语水平', '身体状况'])).toBeNull();
  });
});

describe('branch 组织生活会 sets', () => {
  const detect = (title: string, headings: string[]) =>
    detectFrameworkWithFit(headings, undefined, { year: yearOf(title), text: title })?.fw.id ?? null;

  it('a 党支部委员会 checks against its six duties, with or without the word in the title', () => {
    const hs = [
      '在发挥政治引领作用方面',
      '在定期开展党的组织生活方面',
      '在严格党员日常教育管理监督方面',
      '在联系服务群众方面',
    ];
    expect(detect('某党支部班子2020年度组织生活会对照检查材料', hs)).toBe('branch-committee');
    expect(detect('某党支部2023年组织生活会对照检查', hs)).toBe('branch-committee');
    // A 民主生活会 does not get a branch committee's set from two loose words.
    expect(detect('2023年度民主生活会对照检查材料', ['在联系服务群众方面', '工作作风方面'])).not.toBe(
      'branch-committee',
    );
  });

  it('2025年度 组织生活会 checks against the six disciplines; 2021年度 against the four 对照', () => {
    expect(detect('2025年度组织生活会个人对照检查材料', ['在政治纪律方面', '在组织纪律方面', '在廉洁纪律方面'])).toBe(
      '2025-members-six-disciplines',
    );
    expect(
      detect('2021年度组织生活会党员对照检查材料', [
        '对照党中央的号召和要求',
        '对照新时代合格党员标准',
        '对照入党誓词',
      ]),
    ).toBe('2021-members-four-contrasts');
    expect(
      detect('党史学习教育专题组织生活会个人检视剖析材料', [
        '在坚定理想信念方面',
        '在增强历史自觉方面',
        '在加强党性锤炼方面',
      ]),
    ).toBe('2021-party-history-members');
  });

  it("a branch secretary's 组织生活会 material quoting the year's 民主生活会 aspect word for word maps to it", () => {
    expect(detect('小学党支部书记2025年度组织生活会个人对照检查材料', ['带头强化政治忠诚、提高政治能力方面'])).toBe(
      '2025-annual',
    );
    // A loose word of it does not.
    expect(detect('小学党支部书记2025年度组织生活会个人对照检查材料', ['政治能力不够强'])).toBeNull();
  });

  it('each new set cites a published notice or report', () => {
    for (const id of [
      'branch-committee',
      '2021-party-history-members',
      '2021-members-four-contrasts',
      '2025-members-six-disciplines',
    ])
      expect(findFramework(id)!.source).toMatch(/https?:\/\//);
  });
});

describe('custom frameworks', () => {
  it('are validated, with every problem listed at once', () => {
    expect(() => defineFramework({ id: '', name: '', aspects: [] })).toThrow(
      /框架编号.*；框架名称不能为空；至少需要一个方面/,
    );
    expect(() => defineFramework({ id: 'x', name: 'X', aspects: [{ name: '安全' }, { name: '安全' }] })).toThrow(
      /重复/,
    );
    const fw = defineFramework({
      id: 'org-2025',
      name: '本单位2025年度',
      year: 2025,
      aspects: [{ name: '安全生产', aliases: ['安全'] }, { name: '队伍建设' }],
    });
    expect(fw.aspects[0]).toEqual({ id: '安全生产', name: '安全生产', aliases: ['安全生产', '安全'] });
    expect(matchAspect(fw, '（一）在安全方面')?.aspect).toBe('安全生产');
  });
});
