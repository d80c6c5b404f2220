/**
 * Password hashing with argon2id (@node-rs/argon2 defaults: m = 19 MiB, t = 2, p = 1, the
 * OWASP baseline). Unknown users are verified against a dummy hash so that a login for a name
 * that does not exist takes as long as one for a name that does (no user enumeration by timing).
 */
import { hash, verify } from '@node-rs/argon2';
import { JianshiError } from '../../core/errors.js';
import { passwordProblem } from '../../core/auth/password.js';

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

export { MIN_PASSWORD_LENGTH } from '../../core/auth/password.js';

/** Refuse a weak new password (the rule is the core's, shared with the web forms): E_WEAK_PASSWORD. */
export function checkPasswordStrength(password: string, username?: string | null): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new JianshiError('E_WEAK_PASSWORD', problem);
}
