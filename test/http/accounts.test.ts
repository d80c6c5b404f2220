/** Accounts over HTTP: login, cookie flags, lockout (DB-backed), CSRF, logout, password change, admin-created accounts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, PASSWORD, startTestApp, type TestApp } from './harness.js';

describe('accounts over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  const login = (username: string, password: string, headers: Record<string, string> = {}) => t.anon().post('/api/auth/login', { username, password }, headers);

  it('logs in with an HttpOnly SameSite=Lax cookie and a CSRF token; argon2id hashes only', async () => {
    const r = await login('author', PASSWORD);
    expect(r.status).toBe(200);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/jianshi_sid=[\w-]{40,}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(r.body.csrfToken).toBeTruthy();
    expect(r.body.person).not.toHaveProperty('passwordHash');
    const token = /jianshi_sid=([^;]+)/.exec(cookie)![1];
    const c = new Client(t.app, token, r.body.csrfToken);
    const me = await c.get('/api/auth/me');
    expect(me.body.person.username).toBe('author');
    expect(me.body.memberships[0]).toMatchObject({ role: 'member' });
    const row = await t.repos.people.getByUsername('author');
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    // Only a keyed hash of the token is stored.
    const sessions = await t.store.db.selectFrom('sessions').select('token_hash').execute();
    expect(sessions.some((s) => s.token_hash === token)).toBe(false);
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    expect((await c.get('/api/auth/me')).body.code).toBe('E_UNAUTHENTICATED');
  });

  it('rejects bad credentials alike for unknown users and wrong passwords', async () => {
    const a = await login('author', 'wrong-password');
    const b = await login('nobody-here', 'wrong-password');
    expect([a.status, a.body.code]).toEqual([401, 'E_BAD_CREDENTIALS']);
    expect([b.status, b.body.code]).toEqual([401, 'E_BAD_CREDENTIALS']);
    expect(a.body.message).toBe(b.body.message);
    await t.repos.throttle.reset('u:author');
  });

  it('locks an account after 5 failures with 429 E_RATE_LIMITED, kept in the database', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login('memberb2', `bad-${i}-password`)).body.code);
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('E_BAD_CREDENTIALS'));
    expect(codes[4]).toBe('E_RATE_LIMITED');
    const locked = await login('memberb2', PASSWORD);
    expect([locked.status, locked.body.code]).toEqual([429, 'E_RATE_LIMITED']);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.repos.throttle.get('u:memberb2'))?.lockedUntil).toBeTruthy();
    // Other accounts are not affected.
    expect((await login('memberb1', PASSWORD)).status).toBe(200);
  });

  it('requires the CSRF header bound to the session, and a same-site Origin', async () => {
    const c = await t.as('author');
    const url = `/api/materials/${t.world.material}/submit`;
    const none = await c.post(url, {}, { 'x-csrf-token': '' });
    expect([none.status, none.body.code]).toEqual([403, 'E_CSRF']);
    expect((await c.post(url, {}, { 'x-csrf-token': 'forged' })).body.code).toBe('E_CSRF');
    expect((await c.post(url, {}, { origin: 'https://evil.example' })).body.code).toBe('E_CSRF');
    expect((await login('author', PASSWORD, { 'x-csrf-token': '' })).body.code).toBe('E_CSRF');
    expect((await login('author', PASSWORD, { origin: 'https://evil.example' })).body.code).toBe('E_CSRF');
    expect((await t.repos.materials.get(t.world.material))!.status).toBe('draft');
  });

  it('changes a password, ending the other sessions', async () => {
    const a = await login('leaderb1', PASSWORD);
    const tokenA = /jianshi_sid=([^;]+)/.exec(String(a.headers['set-cookie']))![1];
    const other = await t.as('leaderB1');
    const c = new Client(t.app, tokenA, a.body.csrfToken);
    expect((await c.post('/api/auth/password', { currentPassword: 'nope-nope', newPassword: 'new-password-9' })).body.code).toBe('E_BAD_CREDENTIALS');
    expect((await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' })).body.code).toBe('E_WEAK_PASSWORD');
    expect((await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'new-password-9' })).status).toBe(200);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await login('leaderb1', 'new-password-9')).status).toBe(200);
    expect((await login('leaderb1', PASSWORD)).status).toBe(401);
  });

  it('lets administrators create accounts that must change their password', async () => {
    const admin = await t.as('sysadmin');
    const r = await admin.post('/api/people', { name: '新同志', username: 'xintongzhi', password: 'initial-pass-1' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ username: 'xintongzhi', mustChangePassword: true, isAdmin: false });
    expect((await admin.post('/api/people', { name: '重复', username: 'xintongzhi', password: 'initial-pass-1' })).body.code).toBe('E_CONFLICT');
    const orgAdmin = await t.as('orgAdmin');
    expect((await orgAdmin.post('/api/people', { name: '管理员?', username: 'x2', password: 'initial-pass-1', isAdmin: true })).status).toBe(403);
    expect((await login('xintongzhi', 'initial-pass-1')).body.person.mustChangePassword).toBe(true);
    const dis = await admin.patch(`/api/people/${r.body.id}`, { disabled: true });
    expect(dis.body.disabled).toBe(true);
    expect((await login('xintongzhi', 'initial-pass-1')).status).toBe(401);
  });
});
