/**
 * Scale-out: two server processes on one PostgreSQL. A session opened on one works on the other,
 * a save on one is read on the other, and a lockout earned on one holds on the other — no state
 * that matters lives in one process. Runs when TEST_DATABASE_URL is set (CI).
 */
import { describe, expect, it } from 'vitest';
import { createPgDatabase } from '../../src/storage/testing.js';
import { migrateToLatest, openDatabase } from '../../src/storage/db.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { PASSWORD, seedWorld } from './harness.js';
import { HttpClient, spawnServer, type ServerProcess } from './process.js';

describe.runIf(!!process.env.TEST_DATABASE_URL)('two instances on one PostgreSQL', () => {
  it('share sessions, saves and lockouts', async () => {
    const pg = await createPgDatabase('jianshi_scale');
    const servers: ServerProcess[] = [];
    try {
      const store = await openDatabase({ databaseUrl: pg.url, poolSize: 2 });
      await migrateToLatest(store.db);
      const w = await seedWorld(createRepositories(store));
      await store.close();
      servers.push(
        ...(await Promise.all([spawnServer({ DATABASE_URL: pg.url }), spawnServer({ DATABASE_URL: pg.url })])),
      );
      const [a, b] = servers;
      expect(a.url).not.toBe(b.url);

      const onA = new HttpClient(a.url);
      expect((await onA.login('author', PASSWORD)).status).toBe(200);
      const onB = new HttpClient(b.url);
      onB.cookie = onA.cookie;
      onB.csrf = onA.csrf;
      expect((await onB.req('GET', '/api/auth/me')).body.person.username).toBe('author');

      // B has read (and keeps) the session and the material head: each change on A is still seen
      // by B's very next request, without waiting (each instance keeps lookups only between change
      // notices, behind a fence: storage/change-feed.ts).
      for (let i = 0; i < 3; i++) expect((await onB.req('GET', `/api/materials/${w.material}`)).body.version).toBe(1);
      const text =
        '检视剖析材料\n一、存在的问题\n（一）理论学习方面。学习不深入，比如在甲实例上保存。\n二、原因剖析\n（一）理想信念有所淡化。\n三、整改措施\n（一）加强学习。';
      const saved = await onA.req('PUT', `/api/materials/${w.material}`, { baseVersion: 1, text });
      expect(saved.status).toBe(200);
      const read = await onB.req('GET', `/api/materials/${w.material}`);
      expect(read.body.version).toBe(2);
      expect(read.body.model.text).toContain('在甲实例上保存');
      for (let v = 3; v <= 6; v++) {
        expect(
          (
            await onA.req('PUT', `/api/materials/${w.material}`, {
              baseVersion: v - 1,
              text: text.replace('甲实例', `甲实例第${v}版`),
            })
          ).status,
        ).toBe(200);
        expect((await onB.req('GET', `/api/materials/${w.material}`)).body.version).toBe(v);
      }
      // A stale save on B is refused: the version check is in the database.
      expect((await onB.req('PUT', `/api/materials/${w.material}`, { baseVersion: 5, text })).status).toBe(409);

      const attacker = new HttpClient(a.url);
      for (let i = 0; i < 5; i++) await attacker.login('memberb1', `wrong-${i}-password`);
      const onBLocked = await new HttpClient(b.url).login('memberb1', PASSWORD);
      expect([onBLocked.status, onBLocked.body.code]).toEqual([429, 'E_RATE_LIMITED']);

      expect((await onA.req('GET', '/api/auth/me')).status).toBe(200);
      expect((await onB.req('POST', '/api/auth/logout')).status).toBe(200);
      expect((await onA.req('GET', '/api/auth/me')).status).toBe(401);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await pg.drop();
    }
  }, 90_000);
});
