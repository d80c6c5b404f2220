import { describe, expect, it } from 'vitest';
import {
  ancestorIds,
  buildTree,
  compareSiblings,
  inTreeOrder,
  isSameOrDescendant,
  isStrictDescendant,
} from './tree.js';

describe('org tree', () => {
  it('answers ancestry from paths', () => {
    expect(ancestorIds('/a/b/c/')).toEqual(['a', 'b', 'c']);
    expect(isStrictDescendant('/a/b/', '/a/')).toBe(true);
    expect(isStrictDescendant('/a/', '/a/')).toBe(false);
    expect(isSameOrDescendant('/a/', '/a/')).toBe(true);
    expect(isSameOrDescendant('/ab/', '/a/')).toBe(false);
  });
  it('nests a flat list, any depth, sorted', () => {
    const t = buildTree([
      { id: 'c', parentId: 'b', name: '丙支部', kind: '党支部', path: '/a/b/c/' },
      { id: 'a', parentId: null, name: '党委', kind: '党委', path: '/a/' },
      { id: 'b', parentId: 'a', name: '总支', kind: '党总支', path: '/a/b/', sort: 2 },
      { id: 'd', parentId: 'a', name: '丁支部', kind: '党支部', path: '/a/d/', sort: 1 },
    ]);
    expect(t.map((x) => x.id)).toEqual(['a']);
    expect(t[0].children.map((x) => x.id)).toEqual(['d', 'b']);
    expect(t[0].children[1].children[0].id).toBe('c');
  });
});

describe('tree order', () => {
  it('parent before children, siblings by sort, name, id; orphans as roots; nothing dropped', () => {
    const list = [
      { id: 'b', parentId: 'a', name: '乙', kind: '党支部', path: '/a/b/' },
      { id: 'y', parentId: 'gone', name: '孤', kind: '党支部', path: '/gone/y/' },
      { id: 'a', parentId: null, name: '党委', kind: '党委', path: '/a/', sort: 1 },
      { id: 'B', parentId: 'a', name: '乙', kind: '党支部', path: '/a/B/' },
      { id: 'c', parentId: 'b', name: '丙', kind: '党小组', path: '/a/b/c/' },
      // A cycle of parents (paths rule it out): still listed.
      { id: 'p', parentId: 'q', name: '甲', kind: '其他', path: '/p/' },
      { id: 'q', parentId: 'p', name: '乙', kind: '其他', path: '/q/' },
    ];
    expect(inTreeOrder(list).map((o) => o.id)).toEqual(['y', 'a', 'B', 'b', 'c', 'p', 'q']);
    const flat: string[] = [];
    const walk = (xs: ReturnType<typeof buildTree>) => xs.forEach((x) => (flat.push(x.id), walk(x.children)));
    walk(buildTree(list.slice(0, 5)));
    expect(flat).toEqual(inTreeOrder(list.slice(0, 5)).map((o) => o.id));
    // Total: distinct organizations never compare equal.
    for (const x of list) for (const y of list) if (x !== y) expect(compareSiblings(x, y)).not.toBe(0);
  });
});
