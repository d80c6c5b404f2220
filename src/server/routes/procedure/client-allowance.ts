/**
 * A per-client allowance for the public opinion form that identifies nobody.
 *
 * The key of a client is HMAC(salt, address | link): the salt is 32 random bytes that exist only
 * in this process's memory and are replaced (with every count) when the day changes; the address is
 * never stored, logged or written anywhere, and the counts are never written to the database — so
 * nothing kept links an opinion, or two submissions, to a source. The link (the token's HMAC) is
 * part of the key, so a new link gives every client a new allowance. Each instance counts for
 * itself (a client spread over N instances gets up to N allowances; the per-collection daily cap
 * still bounds the total).
 */
import { createHmac, randomBytes } from 'node:crypto';

export function clientAllowance(perDay: number) {
  let day = '';
  let salt = randomBytes(32);
  let used = new Map<string, number>();
  const keyOf = (address: string, link: string) => createHmac('sha256', salt).update(address).update('\0').update(link).digest('base64url');
  const roll = (today: string) => {
    if (today === day) return;
    day = today;
    salt = randomBytes(32);
    used = new Map();
  };
  return {
    perDay,
    /** Reserve `n`; false (nothing reserved) when it would pass the allowance. */
    take(address: string, link: string, n: number, today: string): boolean {
      roll(today);
      const k = keyOf(address, link);
      const u = used.get(k) ?? 0;
      if (u + n > perDay) return false;
      used.set(k, u + n);
      return true;
    },
    /** Give back a reservation whose submission was refused. */
    release(address: string, link: string, n: number, today: string): void {
      if (today !== day) return;
      const k = keyOf(address, link);
      const u = (used.get(k) ?? 0) - n;
      if (u > 0) used.set(k, u);
      else used.delete(k);
    },
  };
}

export type ClientAllowance = ReturnType<typeof clientAllowance>;
