/**
 * Login throttling that holds under concurrency and locks out no one else.
 *  - 200 guesses sent at once, the right password last: at most 5 passwords are checked, the right
 *    one does not get in, nothing answers 500 (SQLite and PostgreSQL);
 *  - an attacker typing wrong passwords for someone's name from his address does not keep that
 *    person out at his own address;
 *  - many people behind one (NAT) address are not held up by some of them mistyping;
 *  - with TRUST_PROXY=1 the address is the client's as the proxy reports it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestApp, type TestApp } from './harness.js';
import { testDialects } from '../../src/storage/testing.js';

const HEADERS = { 'content-type': 'application/json', 'x-csrf-token': 'login' };

for (const dialect of testDialects()) {
  describe(`login throttling on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t?.close());

    const login = (username: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: JSON.stringify({ username, password }),
        headers: { ...HEADERS, ...headers },
        remoteAddress,
      });

    it('200 parallel guesses with the right password last: at most 5 are checked, the right one is refused, no 500', async () => {
      const guesses = Array.from({ length: 199 }, (_, i) => `wrong-guess-${i}`).concat(PASSWORD);
      const t0 = Date.now();
      const res = await Promise.all(guesses.map((p) => login('memberb1', p, '203.0.113.7')));
      const elapsed = (Date.now() - t0) / 1000;
      const statuses = res.map((r) => r.statusCode);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      // 5 at once; beyond them the k-th more only after 1 + 2 + … + 2^(k-1) s (a slow machine may
      // take that long to answer the burst: the bound counts with the burst's own duration).
      const allowed = 5 + Math.floor(Math.log2(elapsed + 1));
      const checked = statuses.filter((s) => s === 200 || s === 401).length;
      expect(checked).toBeLessThanOrEqual(allowed);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(200 - allowed);
      // The right password, sent last, gets in only if it was checked after a delay had run out.
      if (statuses[199] === 200) expect(elapsed).toBeGreaterThan(1);
      else expect(statuses[199]).toBe(429);
      const refused = res.find((r) => r.statusCode === 429)!;
      expect(refused.json().code).toBe('E_RATE_LIMITED');
      expect(refused.json().message).toMatch(/登录尝试过于频繁/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // The audit log agrees: no more failed checks than allowed.
      const failed = await t.store.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'auth.login_failed')
        .where('entity_id', '=', t.world.person.memberB1)
        .execute();
      expect(failed.length).toBeLessThanOrEqual(allowed);
    });

    it('an attacker typing wrong passwords for a name from his address does not lock its owner out at his own', async () => {
      const attacker = [];
      for (let i = 0; i < 12; i++)
        attacker.push((await login('author', `attacker-guess-${i}`, '198.51.100.66')).statusCode);
      expect(attacker.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      // After 5 the attacker waits (1 s, 2 s, …): most of his quick tries are refused unchecked.
      expect(attacker.slice(5).filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
      const victim = await login('author', PASSWORD, '192.0.2.10');
      expect(victim.statusCode).toBe(200);
    });

    it('guesses for one account from many addresses are slowed account-wide, never locked for long', async () => {
      const codes: number[] = [];
      let retry = 0;
      for (let i = 0; i < 34; i++) {
        const r = await login('zhang-wuji', `spread-guess-${i}`, `198.18.0.${i + 1}`);
        codes.push(r.statusCode);
        if (r.statusCode === 429) retry = Math.max(retry, Number(r.headers['retry-after']));
      }
      // 30 checked from 30 addresses; then the account waits — seconds, not a lock-out.
      expect(codes.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(codes.slice(30)).toContain(429);
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(60);
    });

    it('many people behind one address are not held up by some of them mistyping', async () => {
      const nat = '192.0.2.200';
      const office = [
        'secb1',
        'secb2',
        'leaderb1',
        'memberb2',
        'reviewercounty',
        'reviewerparty',
        'outsider',
        'orgadmin',
      ];
      // A normal morning: each mistypes four times (32 failures from one address)…
      for (const u of office)
        for (let i = 0; i < 4; i++) expect((await login(u, `typo-${u}-${i}`, nat)).statusCode).toBe(401);
      // …and one keeps trying far past his own limit.
      for (let i = 0; i < 10; i++) await login('leaderb1', `still-wrong-${i}`, nat);
      expect((await t.repos.throttle.get(`p:leaderb1|${nat}`))!.lockedUntil).not.toBeNull();
      // Everyone else behind the address logs in.
      for (const u of office.filter((x) => x !== 'leaderb1'))
        expect((await login(u, PASSWORD, nat)).statusCode, u).toBe(200);
      expect((await login('sysadmin', PASSWORD, nat)).statusCode).toBe(200);
    });
  });
}

for (const dialect of testDialects()) {
  // Red-team F1 (a distributed guesser kept the account-wide wait refusing everyone): known devices.
  describe(`known devices on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t?.close());

    const login = (username: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: JSON.stringify({ username, password }),
        headers: { ...HEADERS, ...headers },
        remoteAddress,
      });
    const deviceOf = (r: { headers: Record<string, unknown> }) => {
      const m = /jianshi_dev=([^;]+);[^,]*Path=\/api\/auth\/login/i.exec(String(r.headers['set-cookie']));
      expect(m, 'a known-device cookie scoped to the login route').not.toBeNull();
      expect(String(r.headers['set-cookie'])).toMatch(/jianshi_dev=[^;]+;[^,]*HttpOnly/i);
      return m![1];
    };
    const withDevice = (token: string) => ({ cookie: `jianshi_dev=${token}` });

    it('guesses for a name from many rotating addresses do not keep its owner out on his known device', async () => {
      // The owner logged in before on his browser: it holds a known-device cookie.
      const before = await login('author', PASSWORD, '192.0.2.77');
      expect(before.statusCode).toBe(200);
      const device = deviceOf(before);
      // Another account's valid device cookie (the attacker's own account).
      const attackerOwn = deviceOf(await login('outsider', PASSWORD, '198.51.100.9'));
      // The attacker: wrong passwords for the name from 40 addresses, never the owner's.
      const codes: number[] = [];
      for (let i = 0; i < 40; i++)
        codes.push((await login('author', `rotating-guess-${i}`, `198.19.${i >> 4}.${(i % 16) + 1}`)).statusCode);
      expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
      expect(codes.slice(30)).toContain(429);
      // He keeps firing each time the account-wide wait ends (as /tmp/rt/lockout.mjs did): the account-wide series stays refusing.
      await t.store.db
        .updateTable('login_throttle')
        .set({ locked_until: new Date(Date.now() + 60_000).toISOString() })
        .where('key', '=', 'u:author')
        .execute();
      // Without the device cookie, even from a fresh address, the account-wide wait applies (it slows)…
      expect((await login('author', PASSWORD, '203.0.113.99')).statusCode).toBe(429);
      // …nor does a forged or unknown cookie, nor another account's valid one, nor a stolen copy of the stored hash exempt anyone.
      const stored = await t.store.db.selectFrom('known_devices').select('token_hash').execute();
      expect(stored.length).toBeGreaterThan(0);
      for (const fake of [
        'A'.repeat(43),
        'not-a-token',
        attackerOwn,
        ...stored.map((r) => r.token_hash),
        ...stored.map((r) => Buffer.from(r.token_hash, 'hex').toString('base64url')),
      ]) {
        expect((await login('author', PASSWORD, '198.19.9.9', withDevice(fake))).statusCode, fake).toBe(429);
      }
      // The owner on his known device gets in at once, from his usual address or another one.
      const owner = await login('author', PASSWORD, '192.0.2.77', withDevice(device));
      expect(owner.statusCode).toBe(200);
      // The device cookie is replaced at each success; the old one is no longer known.
      const next = deviceOf(owner);
      expect(next).not.toBe(device);
      expect((await login('author', PASSWORD, '203.0.113.98', withDevice(device))).statusCode).toBe(429);
      expect((await login('author', PASSWORD, '203.0.113.98', withDevice(next))).statusCode).toBe(200);
    });

    it('wrong passwords with a known device are slowed on that device alone and lock out nobody else', async () => {
      const device = deviceOf(await login('secb2', PASSWORD, '192.0.2.80'));
      const codes: number[] = [];
      for (let i = 0; i < 8; i++)
        codes.push((await login('secb2', `device-guess-${i}`, '192.0.2.80', withDevice(device))).statusCode);
      expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(codes.slice(5).filter((c) => c === 429).length).toBeGreaterThanOrEqual(2);
      // The account-wide and address-wide series did not count them; the same name from another browser logs in.
      for (const key of ['u:secb2', 'p:secb2|192.0.2.80', 'ip:192.0.2.80'])
        expect((await t.repos.throttle.get(key))?.failures ?? 0, key).toBe(0);
      expect((await login('secb2', PASSWORD, '192.0.2.81')).statusCode).toBe(200);
    });

    it('a password change or disabling the account forgets its known devices; at most 10 are kept', async () => {
      const first = deviceOf(await login('memberb2', PASSWORD, '192.0.2.90'));
      for (let i = 0; i < 11; i++)
        expect((await login('memberb2', PASSWORD, `192.0.2.${91 + i}`)).statusCode).toBe(200);
      const person = t.world.person.memberB2;
      const rows = await t.store.db
        .selectFrom('known_devices')
        .select('token_hash')
        .where('person_id', '=', person)
        .execute();
      expect(rows.length).toBe(10);
      await t.store.db
        .updateTable('login_throttle')
        .set({ locked_until: new Date(Date.now() + 60_000).toISOString() })
        .where('key', '=', 'u:memberb2')
        .execute();
      // The oldest was dropped: it exempts nothing any more.
      expect((await login('memberb2', PASSWORD, '192.0.2.90', withDevice(first))).statusCode).toBe(429);
      const sys = await t.as('sysadmin');
      expect((await sys.patch(`/api/people/${person}`, { disabled: true })).status).toBe(200);
      expect(
        (await t.store.db.selectFrom('known_devices').select('token_hash').where('person_id', '=', person).execute())
          .length,
      ).toBe(0);
      expect((await sys.patch(`/api/people/${person}`, { disabled: false })).status).toBe(200);
      await t.repos.throttle.reset('u:memberb2');
      const d = deviceOf(await login('memberb2', PASSWORD, '192.0.2.120'));
      expect((await sys.patch(`/api/people/${person}`, { password: 'Another-Strong-pass-77' })).status).toBe(200);
      expect(
        (await t.store.db.selectFrom('known_devices').select('token_hash').where('person_id', '=', person).execute())
          .length,
      ).toBe(0);
      await t.store.db
        .updateTable('login_throttle')
        .set({ locked_until: new Date(Date.now() + 60_000).toISOString() })
        .where('key', '=', 'u:memberb2')
        .execute();
      expect((await login('memberb2', 'Another-Strong-pass-77', '192.0.2.120', withDevice(d))).statusCode).toBe(429);
    });

    it("200 parallel guesses carrying another account's valid device cookie are throttled like any burst", async () => {
      const other = deviceOf(await login('reviewercounty', PASSWORD, '203.0.113.20'));
      const guesses = Array.from({ length: 199 }, (_, i) => `wrong-device-guess-${i}`).concat(PASSWORD);
      const t0 = Date.now();
      const res = await Promise.all(guesses.map((p) => login('memberb1', p, '203.0.113.21', withDevice(other))));
      const elapsed = (Date.now() - t0) / 1000;
      const statuses = res.map((r) => r.statusCode);
      expect(statuses.filter((c) => c >= 500)).toEqual([]);
      const allowed = 5 + Math.floor(Math.log2(elapsed + 1));
      expect(statuses.filter((c) => c === 200 || c === 401).length).toBeLessThanOrEqual(allowed);
      expect(statuses.filter((c) => c === 429).length).toBeGreaterThanOrEqual(200 - allowed);
      // A stolen copy of the account's OWN device cookie: its series gives the same 5, then growing waits.
      const own = deviceOf(await login('reviewerparty', PASSWORD, '203.0.113.22'));
      const t1 = Date.now();
      const res2 = await Promise.all(
        guesses.map((p) => login('reviewerparty', p, `203.0.113.${23 + (p.length % 7)}`, withDevice(own))),
      );
      const allowed2 = 5 + Math.floor(Math.log2((Date.now() - t1) / 1000 + 1));
      const statuses2 = res2.map((r) => r.statusCode);
      expect(statuses2.filter((c) => c >= 500)).toEqual([]);
      expect(statuses2.filter((c) => c === 200 || c === 401).length).toBeLessThanOrEqual(allowed2);
    });
  });
}

describe('login throttling behind a proxy (TRUST_PROXY=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { trustProxy: true });
  });
  afterAll(async () => t?.close());

  it('counts by the client address the proxy reports, so two clients behind the proxy are two addresses', async () => {
    const via = (xff: string, password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: JSON.stringify({ username: 'memberb2', password }),
        headers: { ...HEADERS, 'x-forwarded-for': xff },
        remoteAddress: '10.0.0.1',
      });
    for (let i = 0; i < 5; i++) expect((await via('203.0.113.50', `wrong-${i}-pass`)).statusCode).toBe(401);
    expect((await via('203.0.113.50', PASSWORD)).statusCode).toBe(429);
    expect((await via('203.0.113.51', PASSWORD)).statusCode).toBe(200);
    expect(await t.repos.throttle.get('p:memberb2|203.0.113.50')).not.toBeNull();
    expect(await t.repos.throttle.get('p:memberb2|10.0.0.1')).toBeNull();
  });
});
