import { describe, expect, it } from 'vitest';
import { ancestorIds, buildTree, isSameOrDescendant, isStrictDescendant } from './tree.js';

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
