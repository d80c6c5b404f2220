/**
 * A copy of the database (the SQLite file with its WAL, every row of every
 * PostgreSQL table, or a `backup` file) grants nothing — no session, no invitation or reset link,
 * no opinion link, no known-device cookie (which would exempt a login from the account-wide wait). The attacker here reads the copy the way one would and tries every computation
 * the earlier scheme allowed (links signed with the secret kept in `settings` over the person's id,
 * username and password hash) and every stored hash as a token; all are refused. Real one-time
 * links still work: once, until they expire, and only the newest for a person.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import Database from 'better-sqlite3';
import { sql, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, PASSWORD, startTestApp, type TestApp } from './harness.js';
import { openTestStore, testDialects } from '../../src/storage/testing.js';
import { migrateToLatest } from '../../src/storage/db.js';
import { staticMigrationProvider } from '../../src/storage/migrations/index.js';
import { backup } from '../../src/storage/backup.js';
import { sessionSecret } from '../../src/server/app.js';
import { createRepositories } from '../../src/storage/repositories/index.js';

type Tables = Record<string, Record<string, unknown>[]>;

const PUBLIC = { 'x-csrf-token': 'public' };

/** Every row of every table, read from a copy of the files (SQLite) or straight from the server (PostgreSQL). */
async function stealEverything(t: TestApp): Promise<{ tables: Tables; bytes: Buffer }> {
  const tables: Tables = {};
  if (t.store.dialect === 'sqlite') {
    t.store.sqlite!.pragma('wal_checkpoint(PASSIVE)');
    const dir = mkdtempSync(join(tmpdir(), 'jianshi-stolen-'));
    const parts: Buffer[] = [];
    for (const suffix of ['', '-wal', '-shm']) {
      if (!existsSync(t.store.file! + suffix)) continue;
      copyFileSync(t.store.file! + suffix, join(dir, `copy.db${suffix}`));
      if (suffix !== '-shm') parts.push(readFileSync(t.store.file! + suffix));
    }
    const copy = new Database(join(dir, 'copy.db'));
    for (const { name } of copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[]) {
      tables[name] = copy.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
    }
    copy.close();
    rmSync(dir, { recursive: true, force: true });
    return { tables, bytes: Buffer.concat(parts) };
  }
  const names = await sql<{
    table_name: string;
  }>`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(t.store.db);
  for (const { table_name } of names.rows)
    tables[table_name] = (
      await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table_name)}`.execute(t.store.db)
    ).rows;
  return { tables, bytes: Buffer.from(JSON.stringify(tables, (_k, v) => (typeof v === 'bigint' ? String(v) : v))) };
}

for (const dialect of testDialects()) {
  describe(`a copy of the database grants nothing (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t?.close());

    const login = (username: string, password: string) => t.anon().post('/api/auth/login', { username, password });
    const cookieOf = (r: { headers: Record<string, unknown> }) =>
      /jianshi_sid=([^;]+)/.exec(String(r.headers['set-cookie']))![1];

    it('no link, session or opinion link can be computed from the files, the tables or a backup', async () => {
      // The system administrator is logged in; links are outstanding: an invitation, a reset, an opinion link.
      const li = await login('sysadmin', PASSWORD);
      expect(li.status).toBe(200);
      const sys = new Client(t.app, cookieOf(li), li.body.csrfToken);
      const inv = await sys.post('/api/people', { name: '待激活', username: 'daijihuo', invite: true });
      expect(inv.status).toBe(201);
      const reset = await sys.post(`/api/people/${t.world.person.memberB2}/invitation`);
      expect(reset.status).toBe(201);
      const oc = await (await t.as('secB1')).post(`/api/meetings/${t.world.meeting}/opinion-collections`, {});
      expect(oc.status).toBe(201);
      const device = /jianshi_dev=([^;]+)/.exec(String(li.headers['set-cookie']))![1];
      const secrets = {
        session: sys.token!,
        csrf: sys.csrf!,
        device,
        invitation: inv.body.invitation.token as string,
        reset: reset.body.token as string,
        opinion: oc.body.token as string,
      };

      const { tables, bytes } = await stealEverything(t);
      // Nothing handed out is stored in clear: not in the files, not in a backup.
      const dir = mkdtempSync(join(tmpdir(), 'jianshi-backup-'));
      await backup(t.store, join(dir, 'b.jsonl.gz'));
      const { gunzipSync } = await import('node:zlib');
      const raw = readFileSync(join(dir, 'b.jsonl.gz'));
      const backupText = raw[0] === 0x1f ? gunzipSync(raw) : raw;
      rmSync(dir, { recursive: true, force: true });
      for (const [what, s] of Object.entries(secrets)) {
        expect(bytes.includes(Buffer.from(s)), `${what} token in the database`).toBe(false);
        expect(backupText.includes(Buffer.from(s)), `${what} token in the backup`).toBe(false);
      }
      // 1. The earlier scheme: <id>.<expiry>.HMAC(secret, person, expiry, username, password hash), with every
      //    value of `settings` (where the generated secret was) and the empty key as the secret.
      const admin = tables.people.find((p) => p.username === 'sysadmin')!;
      const keys = [...(tables.settings ?? []).map((r) => String(r.value)), ''];
      const exp = Date.now() + 3600_000;
      const accepted: number[] = [];
      for (const key of keys) {
        const sig = createHmac('sha256', key)
          .update(`invite\n${admin.id}\n${exp}\n${admin.username}\n${admin.password_hash ?? ''}`)
          .digest('base64url');
        const r = await t
          .anon()
          .post(
            '/api/public/invitations/accept',
            { token: `${admin.id}.${exp}.${sig}`, password: 'taken-over-Pass-9' },
            PUBLIC,
          );
        accepted.push(r.status);
      }
      expect(
        accepted.filter((s) => s === 200),
        'a link computed from the copy was accepted',
      ).toEqual([]);
      expect(accepted.every((s) => s >= 400 && s < 500)).toBe(true);
      // No key is kept in the database.
      expect((tables.settings ?? []).map((r) => r.key)).not.toContain('session_secret');

      // 2. Every stored value that looks like a hash or token, as it is and re-encoded, as a link, a cookie, an opinion link.
      const candidates = new Set<string>();
      for (const rows of Object.values(tables)) {
        for (const row of rows) {
          for (const v of Object.values(row)) {
            if (typeof v !== 'string') continue;
            if (/^[0-9a-f]{64}$/.test(v)) {
              candidates.add(v);
              candidates.add(Buffer.from(v, 'hex').toString('base64url'));
            } else if (/^[A-Za-z0-9_-]{32,128}$/.test(v)) candidates.add(v);
          }
        }
      }
      expect(candidates.size).toBeGreaterThan(3);
      // Known-device cookies are stored as hashes only (and are among the candidates).
      expect(tables.known_devices?.length, 'known_devices rows').toBeGreaterThan(0);
      for (const r of tables.known_devices) expect(String(r.token_hash)).toMatch(/^[0-9a-f]{64}$/);
      // With the administrator's account-wide login series refusing (a distributed guesser at work),
      // no stored value works as a known-device cookie to get past it.
      const lock = new Date(Date.now() + 600_000).toISOString();
      await t.store.db
        .insertInto('login_throttle')
        .values({ key: 'u:sysadmin', failures: 100, window_start: new Date().toISOString(), locked_until: lock })
        .onConflict((oc) => oc.column('key').doUpdateSet({ failures: 100, locked_until: lock }))
        .execute();
      const withDevice = (c: string) =>
        t.anon().post('/api/auth/login', { username: 'sysadmin', password: PASSWORD }, { cookie: `jianshi_dev=${c}` });
      for (const c of candidates)
        expect((await withDevice(c)).status, `stored value ${c} as a known-device cookie`).toBe(429);
      // (The real cookie does: the check above is not vacuous.)
      expect((await withDevice(device)).status).toBe(200);
      await t.repos.throttle.reset('u:sysadmin');
      for (const c of candidates) {
        const d = await t.anon().post('/api/public/invitations/describe', { token: c }, PUBLIC);
        expect(d.status, `stored value ${c} as a link`).toBeGreaterThanOrEqual(400);
        const a = await t
          .anon()
          .post('/api/public/invitations/accept', { token: c, password: 'taken-over-Pass-9' }, PUBLIC);
        expect(a.status).toBeGreaterThanOrEqual(400);
        expect((await new Client(t.app, c).get('/api/auth/me')).status, `stored value ${c} as a session`).toBe(401);
        const f = await t.anon().post('/api/public/opinions/form', { token: c }, PUBLIC);
        expect(f.status, `stored value ${c} as an opinion link`).toBeGreaterThanOrEqual(400);
      }

      // Nobody took over: the administrator's password is unchanged, the real links still work.
      expect((await login('sysadmin', PASSWORD)).status).toBe(200);
      expect(
        (await t.anon().post('/api/public/invitations/describe', { token: secrets.invitation }, PUBLIC)).body,
      ).toEqual({ name: '待激活', username: 'daijihuo' });
      expect((await t.anon().post('/api/public/opinions/form', { token: secrets.opinion }, PUBLIC)).status).toBe(200);
    });

    it('a real link works once and only once, expires, and a newer link for the same person revokes it', async () => {
      const sys = await t.as('sysadmin');
      const created = await sys.post('/api/people', { name: '单次链接', username: 'dancilianjie', invite: true });
      const first = created.body.invitation.token as string;
      const second = (await sys.post(`/api/people/${created.body.id}/invitation`)).body.token as string;
      expect(second).not.toBe(first);
      const old = await t
        .anon()
        .post('/api/public/invitations/accept', { token: first, password: 'first-link-Pass-1' }, PUBLIC);
      expect([old.status, old.body.code]).toEqual([400, 'E_INVITATION_INVALID']);
      // Two acceptances at once: exactly one sets the password.
      const both = await Promise.all(
        ['second-link-Pass-1', 'second-link-Pass-2'].map((password) =>
          t.anon().post('/api/public/invitations/accept', { token: second, password }, PUBLIC),
        ),
      );
      expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
      const winner = both[0].status === 200 ? 'second-link-Pass-1' : 'second-link-Pass-2';
      expect((await login('dancilianjie', winner)).status).toBe(200);
      expect(
        (
          await t
            .anon()
            .post('/api/public/invitations/accept', { token: second, password: 'third-time-Pass-1' }, PUBLIC)
        ).body.code,
      ).toBe('E_INVITATION_INVALID');
      // Expiry (the same 7 days as before): a link issued 8 days ago.
      const { createInvitation } = await import('../../src/server/domain/invitations.js');
      const { loadActor } = await import('../../src/server/domain/context.js');
      const late = await createInvitation(
        t.repos,
        (await loadActor(t.repos, t.world.person.sysadmin))!,
        created.body.id,
        Date.now() - 8 * 24 * 3600_000,
      );
      const r = await t
        .anon()
        .post('/api/public/invitations/accept', { token: late.token, password: 'late-link-Pass-1' }, PUBLIC);
      expect([r.status, r.body.code]).toEqual([410, 'E_INVITATION_EXPIRED']);
      // A password set otherwise (by an administrator) revokes an outstanding link.
      const fresh = (await sys.post(`/api/people/${created.body.id}/invitation`)).body.token as string;
      expect((await sys.patch(`/api/people/${created.body.id}`, { password: 'admin-set-Pass-1' })).status).toBe(200);
      expect((await t.anon().post('/api/public/invitations/describe', { token: fresh }, PUBLIC)).body.code).toBe(
        'E_INVITATION_INVALID',
      );
    });
  });
}

describe('upgrade and configuration', () => {
  it('the migration deletes the secret earlier versions generated into settings', async () => {
    const store = await openTestStore('sqlite', { migrate: false });
    try {
      const migrator = new Migrator({ db: store.db, provider: staticMigrationProvider });
      const before = await migrator.migrateTo('2026-12-05T1000_change_feed');
      expect(before.error).toBeUndefined();
      await store.db
        .insertInto('settings')
        .values({ key: 'session_secret', value: 'x'.repeat(43) })
        .execute();
      await migrateToLatest(store.db);
      expect(
        await store.db.selectFrom('settings').selectAll().where('key', '=', 'session_secret').executeTakeFirst(),
      ).toBeUndefined();
      // An earlier version's instance restarted during a rolling upgrade writes one again: the next start removes it.
      await store.db
        .insertInto('settings')
        .values({ key: 'session_secret', value: 'y'.repeat(43) })
        .execute();
      expect(await sessionSecret(createRepositories(store))).toBe('');
      expect(
        await store.db.selectFrom('settings').selectAll().where('key', '=', 'session_secret').executeTakeFirst(),
      ).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('SESSION_SECRET, when set, still works (it keys the hashes; nothing goes into the database)', async () => {
    const t = await startTestApp('sqlite', { sessionSecret: 'an-environment-secret-of-40-characters!!' });
    try {
      const li = await t.anon().post('/api/auth/login', { username: 'author', password: PASSWORD });
      expect(li.status).toBe(200);
      const token = /jianshi_sid=([^;]+)/.exec(String(li.headers['set-cookie']))![1];
      const c = new Client(t.app, token, li.body.csrfToken);
      expect((await c.get('/api/auth/me')).status).toBe(200);
      expect((await c.post(`/api/materials/${t.world.material}/submit`, {})).status).not.toBe(403);
      expect(
        await t.store.db.selectFrom('settings').selectAll().where('key', '=', 'session_secret').executeTakeFirst(),
      ).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
