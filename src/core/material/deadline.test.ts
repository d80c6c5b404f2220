import { describe, expect, it } from 'vitest';
import { extractDeadline } from './deadline.js';

describe('deadlines as materials write them', () => {
  it.each([
    ['2027年全年', '2027年全年', '2027-12-31'],
    ['（完成时限：2027年全年）', '2027年全年', '2027-12-31'],
    ['2026年全年持续推进', '2026年全年', '2026-12-31'],
    ['2025年年内完成', '2025年年内', '2025-12-31'],
    ['2025年内完成', '2025年内', '2025-12-31'],
    ['2025年上半年', '2025年上半年', '2025-06-30'],
    ['2025年下半年完成', '2025年下半年', '2025-12-31'],
    ['2025年一季度', '2025年一季度', '2025-03-31'],
    ['2025年第三季度末前', '2025年第三季度末前', '2025-09-30'],
    ['2025年底前', '2025年底前', '2025-12-31'],
    ['2026年度内完成', '2026年度内', '2026-12-31'],
    ['二〇二五年六月底前完成', '二〇二五年六月底前', '2025-06-30'],
    ['二〇二五年十二月底前', '二〇二五年十二月底前', '2025-12-31'],
    ['2024年6月底前', '2024年6月底前', '2024-06-30'],
    // The year written before 底/末 without 前 is still the year of the deadline.
    ['2025年底完成', '2025年底', '2025-12-31'],
    ['（完成时限：2025年末）', '2025年末', '2025-12-31'],
    ['2025年6月底完成', '2025年6月底', '2025-06-30'],
    ['2025年9月份前完成', '2025年9月份前', '2025-09-30'],
  ])('%s → %s, %s', (text, phrase, date) => {
    expect(extractDeadline(text)).toEqual({ text: phrase, date, kind: 'date' });
  });

  it('periods without a year are recognised without a date', () => {
    expect(extractDeadline('全年持续推进')).toEqual({ text: '全年', date: null, kind: 'date' });
    expect(extractDeadline('年内完成')).toEqual({ text: '年内', date: null, kind: 'date' });
    expect(extractDeadline('一季度完成')).toMatchObject({ date: null, kind: 'date' });
  });

  it('长期坚持 and its kin stay long-term, 立行立改 immediate', () => {
    for (const t of ['长期坚持', '常态长效', '长期推进', '常态化推进'])
      expect(extractDeadline(`完成时限：${t}`)).toEqual({ text: t, date: null, kind: 'long-term' });
    expect(extractDeadline('立行立改')).toEqual({ text: '立行立改', date: null, kind: 'immediate' });
  });

  it('after a 时限 label, 长期 and 持续… are long-term (materials write "（整改时限：长期）")', () => {
    expect(extractDeadline('严格落实请示报告制度。（整改时限：长期）')).toEqual({
      text: '长期',
      date: null,
      kind: 'long-term',
    });
    expect(extractDeadline('完成时限：持续推进')).toEqual({ text: '持续推进', date: null, kind: 'long-term' });
    expect(extractDeadline('时限：持续整改')).toEqual({ text: '持续整改', date: null, kind: 'long-term' });
    // Without a label, 持续推进 in running text is no deadline.
    expect(extractDeadline('持续推进学习型党组织建设')).toBeNull();
  });

  it('a year in running text is no deadline', () => {
    expect(extractDeadline('2027年度民主生活会上通报')).toBeNull();
    expect(extractDeadline('2023年只读了两本书')).toBeNull();
  });
});
