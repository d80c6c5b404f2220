import { describe, expect, it } from 'vitest';
import { diffLines, diffStats } from './diff.js';

describe('diffLines', () => {
  it('finds additions and deletions', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'c', 'd'])).toEqual([
      { op: 'same', text: 'a' },
      { op: 'del', text: 'b' },
      { op: 'same', text: 'c' },
      { op: 'add', text: 'd' },
    ]);
    expect(diffStats(diffLines([], ['x']))).toEqual({ added: 1, deleted: 0, same: 0 });
    expect(diffStats(diffLines(['x', 'y'], ['x', 'y']))).toEqual({ added: 0, deleted: 0, same: 2 });
  });
  it('reconstructs both sides', () => {
    const a = '理论学习 政治素质 能力本领 担当作为 工作作风 廉洁自律'.split(' ');
    const b = '政治素质 理论学习 能力本领 新增一条 工作作风'.split(' ');
    const d = diffLines(a, b);
    expect(d.filter((o) => o.op !== 'add').map((o) => o.text)).toEqual(a);
    expect(d.filter((o) => o.op !== 'del').map((o) => o.text)).toEqual(b);
  });
});
