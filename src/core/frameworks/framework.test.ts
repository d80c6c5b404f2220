import { describe, expect, it } from 'vitest';
import { BUILTIN_FRAMEWORKS } from './builtin.js';
import { defineFramework, detectFramework, findFramework, matchAspect } from './framework.js';

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
