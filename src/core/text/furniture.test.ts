import { describe, expect, it } from 'vitest';
import { cleanText } from './clean.js';
import { checkRemovals } from './invariant.js';
import { toSimplified } from './t2s.js';
import { materialFromText } from '../material/pipeline.js';

const body = [
  '一、存在的问题',
  '（一）理论学习方面。学习不够深入，全年只参加了3次集中学习。',
  '二、原因剖析',
  '（一）思想不够重视。',
];

describe('site furniture', () => {
  it('removes head furniture found by shape and reports each piece with its reason', () => {
    const raw = [
      '某某网 > 范文大全 > 读书笔记 >',
      '| 浏览次数：',
      '2023年度民主生活会对照检查材料(2)',
      '发布时间：2026-01-30',
      ...body,
    ].join('\n');
    const c = cleanText(raw);
    expect(c.lines[0]).toBe('2023年度民主生活会对照检查材料');
    expect(c.removed.map((r) => r.reason).sort()).toEqual(['breadcrumb', 'metadata', 'metadata', 'page-number']);
    expect(checkRemovals(raw, c.text, c.removed).ok).toBe(true);
  });

  it('keeps a material without furniture exactly, including body lines that look like labels', () => {
    const raw = ['2023年度 民主生活会 对照检查材料', '问题来源：巡察反馈', '时间：2023年12月', ...body].join('\n');
    const c = cleanText(raw);
    expect(c.removed).toEqual([]);
    expect(c.lines.slice(1, 3)).toEqual(['问题来源：巡察反馈', '时间：2023年12月']);
  });

  it('imports the first article of a collection page and says so', () => {
    const raw = [
      '政治方面存在的问题及整改措施3篇',
      '篇一：政治方面存在的问题及整改措施',
      ...body,
      '篇二：另一篇',
      ...body,
    ].join('\n');
    const m = materialFromText(raw);
    expect(m.title).toBe('政治方面存在的问题及整改措施');
    expect(m.problems).toHaveLength(1);
    expect(m.warnings.map((w) => w.code)).toContain('W_SEVERAL_ARTICLES');
    expect(m.removed.find((r) => r.reason === 'other-article')?.text).toContain('篇二：另一篇');
  });

  it('removes paywall notices and a table of contents before the title', () => {
    const raw = [
      '一、存在的问题',
      '（一）理论学习方面',
      '二、原因剖析',
      '三、整改措施',
      '某局班子2024年度民主生活会对照检查材料',
      ...body,
      '---此处隐藏3111字，下载后查看---',
    ].join('\n');
    const m = materialFromText(raw);
    expect(m.title).toBe('某局班子2024年度民主生活会对照检查材料');
    expect(m.problems).toHaveLength(1);
    expect(m.text).not.toContain('隐藏');
    expect(m.removed.map((r) => r.reason)).toContain('table-of-contents');
  });
});

describe('the removal invariant', () => {
  it('fails when something is removed that removed does not report', () => {
    const raw = ['标题材料', '第一句话。第二句话。'].join('\n');
    expect(checkRemovals(raw, '标题材料\n第一句话。', []).ok).toBe(false);
    expect(
      checkRemovals(raw, '标题材料\n第一句话。', [{ kind: 'page-furniture', text: '第二句话。', count: 1 }]).ok,
    ).toBe(true);
  });
});

describe('jammed lines and traditional characters', () => {
  it('splits a line holding the title, a part heading and item 1; 整改措施 in the title makes no measures', () => {
    const m = materialFromText(
      '某局2024年组织生活会存在的问题及整改措施一、存在的主要问题：1、政治意识不够强。表现在：学习不系统。2、作风不够扎实。表现在：调研少。',
    );
    expect(m.title).toBe('某局2024年组织生活会存在的问题及整改措施');
    expect(m.problems.map((p) => p.heading)).toEqual(['政治意识不够强', '作风不够扎实']);
    expect(m.measures).toEqual([]);
  });

  it('leaves sub-points of an item in its line', () => {
    const c = cleanText('一、存在的问题\n1、政治站位不高。表现在：1.学习不深；2.不系统。\n2、作风不实。');
    expect(c.lines).toHaveLength(3);
  });

  it('reads 繁体 in simplified form and keeps the original text', () => {
    expect(toSimplified('存在的問題')).toBe('存在的问题');
    const m = materialFromText(
      '個人對照檢查材料\n一、存在的問題\n（一）理論學習方面。學習不夠深入。\n二、原因分析\n（一）思想重視不夠。',
    );
    expect(m.problems[0].heading).toBe('理論學習方面');
    expect(m.causes).toHaveLength(1);
    expect(m.text).toContain('存在的問題');
  });
});
