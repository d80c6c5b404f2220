/**
 * A per-client allowance for the public opinion form that identifies nobody.
 *
 * The key of a client is HMAC(salt, address | link): the salt is 32 random bytes that exist only
 * in this process's memory and are replaced (with every count) when the day changes; the address is
 * never stored, logged or written anywhere (an IPv6 address counts by its /64: `clientKeyOf`), and the counts are never written to the database — so
 * nothing kept links an opinion, or two submissions, to a source. The link (the token's HMAC) is
 * part of the key, so a new link gives every client a new allowance. Each instance counts for
 * itself (a client spread over N instances gets up to N allowances; the per-collection daily cap
 * still bounds the total).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';

/**
 * The part of an address that names one client: an IPv4 address as it is; an IPv6 address by its
 * /64 prefix (a phone or a home gets a whole /64 and may use a fresh address in it for every
 * connection); an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as its IPv4 address.
 */
export function clientKeyOf(address: string): string {
  const a = address.trim().toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1];
  if (!isIPv6(a)) return a;
  const [head, tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  // An embedded IPv4 tail takes two groups; only the first four groups matter here anyway.
  const tn = t.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const groups = a.includes('::') ? [...h, ...Array(Math.max(0, 8 - h.length - tn)).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}

export function clientAllowance(perDay: number) {
  let day = '';
  let salt = randomBytes(32);
  let used = new Map<string, number>();
  const keyOf = (address: string, link: string) =>
    createHmac('sha256', salt).update(clientKeyOf(address)).update('\0').update(link).digest('base64url');
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
