import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password.js';

describe('password rule (core, shared by the server and the web forms)', () => {
  it('refuses short, common and patterned passwords with a Chinese reason', () => {
    const refused: [string, string | null, RegExp][] = [
      ['1234567', null, /至少需要 8 位/],
      ['12345678', null, /全是数字/],
      ['20240101', null, /全是数字/],
      ['aaaaaaaa', null, /同一个字符/],
      ['abcabcabc', null, /重复/],
      ['qwertyui', null, /键盘/],
      ['1qaz2wsx', null, /键盘/],
      ['hgfedcba', null, /键盘/],
      ['asdfgh12', null, /键盘/],
      ['password', null, /常见/],
      ['Password123!', null, /常见/],
      ['woaini1314', null, /常见/],
      ['Qwerty123', null, /常见/],
      ['jianshi2023', null, /系统名称/],
      ['Jianshi@2024', null, /系统名称/],
      ['zhangwei', 'zhangwei', /用户名/],
      ['zhangwei2024', 'zhangwei', /用户名/],
      ['2024zhangwei!', 'zhangwei', /用户名/],
    ];
    for (const [p, u, why] of refused) expect(passwordProblem(p, u), p).toMatch(why);
  });

  it('accepts passwords a person made up', () => {
    for (const p of [
      'my-own-pass-1',
      'very-secret-9',
      'Hong2024!dang',
      '春风又绿江南岸2024',
      'correct horse battery staple',
      'initial-pass-1',
    ])
      expect(passwordProblem(p, 'zhangwei'), p).toBeNull();
  });
});
