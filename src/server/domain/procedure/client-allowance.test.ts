/** The per-client allowance of the public form: which addresses are one client. */
import { describe, expect, it } from 'vitest';
import { clientAllowance, clientKeyOf } from './client-allowance.js';

describe('clientKeyOf', () => {
  it('keys an IPv6 address by its /64: the addresses one phone hops through are one client', () => {
    const k = clientKeyOf('2001:db8:1:2::1');
    for (const a of [
      '2001:db8:1:2:aaaa:bbbb:cccc:dddd',
      '2001:0db8:0001:0002:0:0:0:ffff',
      '2001:DB8:1:2::beef',
      '2001:db8:1:2:1:2:3:4%eth0',
    ])
      expect(clientKeyOf(a)).toBe(k);
    expect(clientKeyOf('2001:db8:1:3::1')).not.toBe(k);
    expect(clientKeyOf('2001:db8::1')).toBe(clientKeyOf('2001:db8:0:0:ffff::1'));
    expect(clientKeyOf('::1')).toBe(clientKeyOf('0:0:0:0:1::'));
  });
  it('keeps IPv4 addresses apart, and reads an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(clientKeyOf('192.0.2.1')).not.toBe(clientKeyOf('192.0.2.2'));
    expect(clientKeyOf('::ffff:192.0.2.1')).toBe(clientKeyOf('192.0.2.1'));
  });
  it('one allowance for a whole /64', () => {
    const a = clientAllowance(40);
    expect(a.take('2001:db8:5:6::1', 'link', 20, '2026-03-02')).toBe(true);
    expect(a.take('2001:db8:5:6::2', 'link', 20, '2026-03-02')).toBe(true);
    expect(a.take('2001:db8:5:6:ffff::3', 'link', 1, '2026-03-02')).toBe(false);
    expect(a.take('2001:db8:5:7::1', 'link', 20, '2026-03-02')).toBe(true);
  });
});
