import { describe, expect, it } from 'vitest';
import { commonRuns, sideBySide } from './side-by-side.js';

describe('side by side', () => {
  it('finds the runs both texts hold in order, across changed words', () => {
    const a = '要坚持学习理论，深入基层调查研究，解决群众急难愁盼问题。';
    const b = '要始终坚持学习理论，深入基层调查研究，切实解决群众急难愁盼的问题。';
    const runs = commonRuns(a, b);
    for (const r of runs) expect(b.slice(...r.b)).toBe(a.slice(...r.a));
    const same = runs.reduce((n, r) => n + r.a[1] - r.a[0], 0);
    expect(same).toBeGreaterThan(a.length * 0.7);
    expect(runs.map((r) => a.slice(...r.a))).toContain('坚持学习理论，深入基层调查研究，');
  });

  it('shows each passage with its context, the source side only when given, and marks stock phrasing', () => {
    const material = '前言。\n第一段抄来的文字在这里出现了很多次。第二段是大家都写的套话内容。结尾。';
    const source = '来源开头。\n第一段抄来的文字在这里出现了很多次。另外的话。第二段是大家都写的套话内容。';
    const p1: [number, number] = [material.indexOf('第一段'), material.indexOf('第二段')];
    const p2: [number, number] = [material.indexOf('第二段'), material.indexOf('结尾')];
    const s1: [number, number] = [source.indexOf('第一段'), source.indexOf('另外')];
    const s2: [number, number] = [source.indexOf('第二段'), source.length];
    const passages = [
      { q: p2, s: s2, matched: 13 },
      { q: p1, s: s1, matched: 18 },
    ];
    const stock = [{ q: p2, qn: p2, support: 40, sources: [0] }];
    const v = sideBySide(material, source, passages, stock);
    expect(v.map((x) => x.left.text)).toEqual([material.slice(...p1), material.slice(...p2)]); // in text order
    expect(v[0].left.before).toBe(''); // context stops at the line start
    expect(v[0].right!.text).toBe(source.slice(...s1));
    expect(v[0].left.same).toEqual([[0, v[0].left.text.length]]);
    expect(v[0].stock).toBeNull();
    expect(v[1].stock).toEqual({ support: 40 });
    expect(v[1].left.after).toBe('结尾。');
    const hidden = sideBySide(material, null, passages, stock);
    expect(hidden.every((x) => x.right === null && x.left.same.length === 0)).toBe(true);
  });
});
