import { describe, expect, it } from 'vitest';
import { wordCount } from './count.js';

describe('字数 (wordCount)', () => {
  it('counts each Chinese character once and no punctuation or whitespace', () => {
    expect(wordCount('学习不够深入，满足于读原文。')).toBe(12);
    expect(wordCount('  （一）理论学习方面\n\n“四个意识”')).toBe(1 + 6 + 4);
    expect(wordCount('，。、；：“”（）《》……——！？')).toBe(0);
  });
  it('counts a run of Latin letters or digits as one word', () => {
    expect(wordCount('2024年6月底前完成')).toBe(1 + 1 + 1 + 1 + 1 + 3);
    expect(wordCount('按照GB/T 9704排版')).toBe(2 + 2 + 1 + 2);
    expect(wordCount('完成率3.5%，O2O模式')).toBe(3 + 1 + 1 + 2);
    expect(wordCount('Hello world')).toBe(2);
  });
  it('counts characters outside the basic block (extension B) once each', () => {
    expect(wordCount('𠀀𠀁')).toBe(2);
  });
  it('gives the same count whatever the layout: headings, line breaks and indentation add nothing', () => {
    const flat = '一、存在的问题（一）理论学习方面。学习不够深入。';
    const laidOut = '一、存在的问题\n\n　　（一）理论学习方面。\n　　学习不够深入。\n';
    expect(wordCount(laidOut)).toBe(wordCount(flat));
  });
});
