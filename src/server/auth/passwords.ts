/**
 * Password hashing with argon2id (@node-rs/argon2 defaults: m = 19 MiB, t = 2, p = 1, the
 * OWASP baseline). Unknown users are verified against a dummy hash so that a login for a name
 * that does not exist takes as long as one for a name that does (no user enumeration by timing).
 */
import { hash, verify } from '@node-rs/argon2';
import { JianshiError } from '../../core/errors.js';

let dummy: Promise<string> | null = null;

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hash('jianshi-dummy-password');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 8;

export function checkPasswordStrength(password: string, username?: string | null): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new JianshiError('E_WEAK_PASSWORD', `密码至少需要 ${MIN_PASSWORD_LENGTH} 位。`);
  if (username && password.toLowerCase() === username.toLowerCase()) throw new JianshiError('E_WEAK_PASSWORD', '密码不能与用户名相同。');
  if (/^(.)\1*$/.test(password)) throw new JianshiError('E_WEAK_PASSWORD', '密码不能由同一个字符重复组成。');
}
