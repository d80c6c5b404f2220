import { describe, expect, it } from 'vitest';
import { LIMITS, materialOverLimit } from './limits.js';

const item = { points: [], examples: [] };
const material = (problems: number, causes: number, measures: number) => ({
  problems: Array.from({ length: problems }, () => item),
  causes: Array.from({ length: causes }, () => ({})),
  measures: Array.from({ length: measures }, () => ({})),
});

describe('materialOverLimit: the item limits a saved material has, for an imported one too', () => {
  it('lets a material at the limits through', () => {
    const L = LIMITS.material;
    expect(materialOverLimit(material(L.maxProblems, L.maxCauses, L.maxMeasures))).toBeNull();
  });

  it('names the part, the count and the limit in Chinese', () => {
    const over = materialOverLimit(material(6, 4, 8793));
    expect(over).toMatchObject({ part: 'measures', count: 8793, max: 100 });
    expect(over!.message).toContain('材料中识别出8793条整改措施，超过每份材料最多100条的上限');
    expect(materialOverLimit(material(101, 0, 0))!.message).toContain('101条问题');
  });

  it('counts the points and examples of each problem', () => {
    const m = material(3, 1, 1);
    m.problems[1] = { points: [], examples: Array.from({ length: 201 }, () => 'x') } as never;
    expect(materialOverLimit(m)).toMatchObject({ part: 'examples', count: 201, max: 200 });
    expect(materialOverLimit(m)!.message).toContain('第2个问题识别出201条事例');
  });
});
