/** Accounts over HTTP: login, cookie flags, lockout (DB-backed), CSRF, logout, password change, admin-created accounts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, PASSWORD, startTestApp, type TestApp } from './harness.js';

describe('accounts over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    t.anon().post('/api/auth/login', { username, password }, headers);

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

  it('slows an account from one address after 5 failures with 429 E_RATE_LIMITED and Retry-After, kept in the database', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login('memberb2', `bad-${i}-password`)).body.code);
    expect(codes).toEqual(Array(5).fill('E_BAD_CREDENTIALS'));
    const locked = await login('memberb2', PASSWORD);
    expect([locked.status, locked.body.code]).toEqual([429, 'E_RATE_LIMITED']);
    expect(locked.body.message).toMatch(/请 \d+ 秒后再试/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.repos.throttle.get('p:memberb2|127.0.0.1'))?.lockedUntil).toBeTruthy();
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
    expect(
      (await c.post('/api/auth/password', { currentPassword: 'nope-nope', newPassword: 'new-password-9' })).body.code,
    ).toBe('E_BAD_CREDENTIALS');
    expect((await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' })).body.code).toBe(
      'E_WEAK_PASSWORD',
    );
    expect(
      (await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'new-password-9' })).status,
    ).toBe(200);
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
    expect(
      (await admin.post('/api/people', { name: '重复', username: 'xintongzhi', password: 'initial-pass-1' })).body.code,
    ).toBe('E_CONFLICT');
    const orgAdmin = await t.as('orgAdmin');
    expect(
      (
        await orgAdmin.post('/api/people', {
          name: '管理员?',
          username: 'x2',
          password: 'initial-pass-1',
          isAdmin: true,
        })
      ).status,
    ).toBe(403);
    expect((await login('xintongzhi', 'initial-pass-1')).body.person.mustChangePassword).toBe(true);
    const dis = await admin.patch(`/api/people/${r.body.id}`, { disabled: true });
    expect(dis.body.disabled).toBe(true);
    expect((await login('xintongzhi', 'initial-pass-1')).status).toBe(401);
  });

  it('invites a new colleague by link: they set the password once; the link is then spent, and forged or expired links are refused', async () => {
    const admin = await t.as('orgAdmin');
    const created = await admin.post('/api/people', { name: '邀请测试', username: 'yaoqing', invite: true });
    expect(created.status).toBe(201);
    const { token, path, expiresAt } = created.body.invitation;
    expect(path).toBe('/invite');
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(6 * 24 * 3600_000);
    // No password yet: nobody can log in with anything.
    expect((await login('yaoqing', 'whatever-pass-1')).status).toBe(401);
    const anon = () => t.anon();
    const desc = await anon().post('/api/public/invitations/describe', { token }, { 'x-csrf-token': 'public' });
    expect(desc.body).toEqual({ name: '邀请测试', username: 'yaoqing' });
    // A random token: any other value is refused.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const forged = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(
      (await anon().post('/api/public/invitations/describe', { token: forged }, { 'x-csrf-token': 'public' })).body
        .code,
    ).toBe('E_INVITATION_INVALID');
    const weak = await anon().post(
      '/api/public/invitations/accept',
      { token, password: '123' },
      { 'x-csrf-token': 'public' },
    );
    expect(weak.body.code).toBe('E_WEAK_PASSWORD');
    const ok = await anon().post(
      '/api/public/invitations/accept',
      { token, password: 'my-own-pass-1' },
      { 'x-csrf-token': 'public' },
    );
    expect([ok.status, ok.body.username]).toEqual([200, 'yaoqing']);
    const li = await login('yaoqing', 'my-own-pass-1');
    expect(li.status).toBe(200);
    expect(li.body.person.mustChangePassword).toBe(false);
    // Used once: the same link no longer works.
    const again = await anon().post(
      '/api/public/invitations/accept',
      { token, password: 'another-pass-1' },
      { 'x-csrf-token': 'public' },
    );
    expect([again.status, again.body.code]).toEqual([400, 'E_INVITATION_INVALID']);
    expect((await login('yaoqing', 'my-own-pass-1')).status).toBe(200);
    // A reset by link for someone who has a password is for system administrators only.
    expect((await admin.post(`/api/people/${created.body.id}/invitation`)).status).toBe(403);
    const sys = await t.as('sysadmin');
    const reset = await sys.post(`/api/people/${created.body.id}/invitation`);
    expect(reset.status).toBe(201);
    // Members cannot invite; the audit log keeps who invited whom.
    expect((await (await t.as('author')).post(`/api/people/${created.body.id}/invitation`)).status).toBe(403);
    const audit = await t.store.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity_id', '=', created.body.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['person.create', 'person.invite', 'person.invitation_accepted']),
    );
    // An organization's administrator cannot take over accounts that are not his to hand out:
    // a pending system administrator, or a pending person someone else created outside his organizations.
    const pendingAdmin = await sys.post('/api/people', {
      name: '待激活管理员',
      username: 'daijihuo',
      invite: true,
      isAdmin: true,
    });
    const denied = await admin.post(`/api/people/${pendingAdmin.body.id}/invitation`);
    expect([denied.status, denied.body.code]).toEqual([403, 'E_FORBIDDEN']);
    const someoneElses = await sys.post('/api/people', { name: '他人创建', username: 'tarenchuangjian', invite: true });
    expect((await admin.post(`/api/people/${someoneElses.body.id}/invitation`)).status).toBe(403);
    // … but a pending person who belongs only to his organization is his to invite.
    await t.repos.memberships.add({ personId: someoneElses.body.id, orgId: t.world.org.b1, role: 'member' });
    expect((await admin.post(`/api/people/${someoneElses.body.id}/invitation`)).status).toBe(201);
    // Expired: a link made 8 days ago.
    const { createInvitation } = await import('../../src/server/domain/invitations.js');
    const { loadActor } = await import('../../src/server/domain/context.js');
    const old = await createInvitation(
      t.repos,
      (await loadActor(t.repos, t.world.person.sysadmin))!,
      created.body.id,
      Date.now() - 8 * 24 * 3600_000,
    );
    const exp = await anon().post(
      '/api/public/invitations/accept',
      { token: old.token, password: 'late-pass-123' },
      { 'x-csrf-token': 'public' },
    );
    expect([exp.status, exp.body.code]).toEqual([410, 'E_INVITATION_EXPIRED']);
  });

  it('keeps an e-mail address for notices: set on creation, changed by a system administrator, validated', async () => {
    const admin = await t.as('orgAdmin');
    const bad = await admin.post('/api/people', { name: '邮箱测试', email: 'not-an-address' });
    expect([bad.status, bad.body.code]).toEqual([400, 'E_VALIDATION']);
    const p = await admin.post('/api/people', { name: '邮箱测试', email: 'youxiang@example.org' });
    expect(p.body.email).toBe('youxiang@example.org');
    const sys = await t.as('sysadmin');
    expect((await sys.patch(`/api/people/${p.body.id}`, { email: 'new@example.org' })).body.email).toBe(
      'new@example.org',
    );
    expect((await t.repos.people.emails([p.body.id])).get(p.body.id)).toBe('new@example.org');
    // Secretaries see the list of people (to set up meetings), not their addresses.
    const listed = (await (await t.as('secB1')).get('/api/people')).body.items.find(
      (x: { id: string }) => x.id === p.body.id,
    );
    expect(listed.email).toBeNull();
    expect((await sys.get('/api/people')).body.items.find((x: { id: string }) => x.id === p.body.id).email).toBe(
      'new@example.org',
    );
    expect((await sys.patch(`/api/people/${p.body.id}`, { email: null })).body.email).toBeNull();
  });
});
