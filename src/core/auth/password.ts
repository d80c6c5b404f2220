/**
 * The password rule, one for the server (every place a password is set: invitation, reset by an
 * administrator, change, `jianshi user add`) and the web forms (which show the same message before
 * sending). Pure: no I/O.
 *
 * Refused: shorter than 8 characters; all digits (a date, a phone number, 12345678); a single
 * repeated character; a keyboard or alphabet run (qwertyui, 1qaz2wsx, abcdefgh, either direction);
 * a short pattern repeated (abcabcabc, 12121212); the username (or the username with digits around
 * it); the product name or the demo password pattern (jianshi2023, Jianshi@2024); and the most
 * common passwords of public leak lists (with trailing digits and punctuation removed, so that
 * "password123!" counts as "password").
 *
 *   passwordProblem('12345678')            → '密码不能全是数字。'
 *   passwordProblem('my-own-pass-1', 'li') → null
 */

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

/** Common passwords and stems (lower case), from the top of public leak lists and Chinese ones. */
const COMMON = new Set([
  'password',
  'passw0rd',
  'p@ssword',
  'p@ssw0rd',
  'pass',
  'passwd',
  'pwd',
  'admin',
  'administrator',
  'root',
  'toor',
  'user',
  'guest',
  'test',
  'tester',
  'testing',
  'demo',
  'default',
  'changeme',
  'welcome',
  'letmein',
  'login',
  'secret',
  'master',
  'iloveyou',
  'woaini',
  'woaiwojia',
  'woaini1314',
  'aini',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'basketball',
  'soccer',
  'superman',
  'batman',
  'princess',
  'sunshine',
  'shadow',
  'michael',
  'jennifer',
  'jordan',
  'hunter',
  'trustno',
  'whatever',
  'freedom',
  'starwars',
  'pokemon',
  'computer',
  'internet',
  'abc',
  'abcd',
  'qwerty',
  'azerty',
  'qazwsx',
  'asdf',
  'zxcv',
  'hello',
  'helloworld',
  'hello world',
  'mypassword',
  'mima',
  'mimamima',
  'zhongguo',
  'china',
  'beijing',
  'shanghai',
  'dangyuan',
  'dangjian',
  'zuzhi',
  'zhibu',
  'shuji',
  'jianshi',
  'jianshi jianshi',
  'xitong',
  'system',
  'server',
  'database',
  'oracle',
  'mysql',
  'postgres',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'q1w2e3r4',
  'q1w2e3r4t5',
  '1q2w3e4r',
  '1q2w3e4r5t',
  '1qaz2wsx',
  '1qaz2wsx3edc',
  'zaq12wsx',
  'qweasd',
  'qweasdzxc',
  'asdasd',
  'qwe123',
  'abc123',
  'a123456',
  'aa123456',
  'a1b2c3d4',
  'abcd1234',
  'iloveyou1314',
  'five',
  'summer',
  'winter',
  'spring',
  'autumn',
]);

// Keyboard rows and the alphabet, both directions (a run of ≥ 6 taken from one of them is refused).
const RUNS = [
  '1234567890',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'abcdefghijklmnopqrstuvwxyz',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qazwsxedcrfvtgbyhnujmikolp',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7',
];
const RUN_TEXT = [...RUNS, ...RUNS.map((r) => [...r].reverse().join(''))].join(' ');

/** The stem of a password: lower case, with digits and punctuation at either end removed. */
function stem(p: string): string {
  return p
    .toLowerCase()
    .replace(/^[\d\W_]+/u, '')
    .replace(/[\d\W_]+$/u, '');
}

/**
 * What is wrong with `password` as a new password, or null when it may be used. `username`: the
 * account's login name (a password equal to it, or built from it, is refused).
 */
export function passwordProblem(password: string, username?: string | null): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少需要 ${MIN_PASSWORD_LENGTH} 位。`;
  if (password.length > MAX_PASSWORD_LENGTH) return `密码不能超过 ${MAX_PASSWORD_LENGTH} 位。`;
  const lower = password.toLowerCase();
  if (/^(.)\1*$/su.test(password)) return '密码不能由同一个字符重复组成。';
  if (/^\d+$/.test(password)) return '密码不能全是数字（如生日、电话号码、12345678）。';
  if (/^(.{1,4})\1+.{0,3}$/su.test(lower)) return '密码不能是简单重复的字符组合（如 abcabcabc、12121212）。';
  const compact = lower.replace(/[\s\W_]+/gu, '');
  if (compact.length >= 6 && RUN_TEXT.includes(compact))
    return '密码不能是键盘或字母表上连续的字符（如 qwertyui、abcdefgh、1qaz2wsx）。';
  const u = username?.trim().toLowerCase();
  if (
    u &&
    (lower === u || stem(password) === stem(u) || (u.length >= 4 && lower.includes(u) && lower.length - u.length < 5))
  )
    return '密码不能与用户名相同或只在用户名前后加数字。';
  const s = stem(password);
  // The product name with a year or a few characters around it (the demo password is jianshi2023).
  if (compact.includes('jianshi') && compact.replace('jianshi', '').replace(/\d+/g, '').length < 4)
    return '密码不能以本系统名称（jianshi）为基础，如 jianshi2023。';
  if (COMMON.has(s) || COMMON.has(lower) || COMMON.has(compact)) return '密码过于常见，很容易被猜中：请换一个。';
  if (compact.length >= 6 && RUN_TEXT.includes(s) && s.length >= 4 && compact.length - s.length <= 4)
    return '密码不能是键盘或字母表上连续的字符加数字。';
  return null;
}
