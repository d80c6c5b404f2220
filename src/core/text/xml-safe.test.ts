import { describe, expect, it } from 'vitest';
import { cutChars, xmlSafe } from './xml-safe.js';

describe('xmlSafe', () => {
  it('drops the characters XML 1.0 forbids and keeps every other', () => {
    expect(xmlSafe('学习计划落实不够\uffff，流于形式\ufffe。')).toBe('学习计划落实不够，流于形式。');
    expect(xmlSafe('a\u0000b\u0008c\u000bd\u001fe')).toBe('abcde');
    expect(xmlSafe('一\t二\n三\r四')).toBe('一\t二\n三\r四');
    expect(xmlSafe('lone \ud800 surrogate')).toBe('lone  surrogate');
    expect(xmlSafe('𠀀😀〇')).toBe('𠀀😀〇');
  });
});

describe('cutChars', () => {
  it('never cuts a character in half', () => {
    const t = '汉'.repeat(79) + '𠀀补充';
    expect(cutChars(t, 80)).toBe('汉'.repeat(79) + '𠀀');
    expect(cutChars(t, 80)).not.toMatch(/\ufffd|[\ud800-\udbff]$/);
    expect(cutChars('短', 80)).toBe('短');
  });
});
