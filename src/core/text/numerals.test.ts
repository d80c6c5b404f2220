import { describe, expect, it } from 'vitest';
import { fromChineseNumeral, stripLeadingMarker, startsWithMarker, toChineseNumeral } from './numerals.js';
import { markerAt } from '../material/outline.js';

describe('numerals and numbering markers (one home)', () => {
  it('reads and writes Chinese numerals', () => {
    for (const n of [1, 9, 10, 11, 20, 99, 101, 999]) expect(fromChineseNumeral(toChineseNumeral(n))).toBe(n);
    expect(fromChineseNumeral('两')).toBe(2);
  });

  it('strips exactly the markers the outline reads, with their punctuation', () => {
    const cases: [string, string][] = [
      ['一、存在的问题', '存在的问题'],
      ['（二）理论学习方面', '理论学习方面'],
      ['(3) 作风', '作风'],
      ['12. 加强学习', '加强学习'],
      ['②要求', '要求'],
      ['三是担当不够', '担当不够'],
      ['第一，形式主义', '形式主义'],
      ['其次，作风', '作风'],
      ['第二部分 原因', '原因'],
    ];
    for (const [s, rest] of cases) {
      expect(stripLeadingMarker(s), s).toBe(rest);
      expect(markerAt(s), s).not.toBeNull();
    }
    // Not markers: a decimal, an ordinal word, 要求.
    for (const s of ['3.5亿元', '第一书记', '二要求', '一把手']) {
      expect(startsWithMarker(s), s).toBe(false);
      expect(markerAt(s), s).toBeNull();
    }
  });
});
