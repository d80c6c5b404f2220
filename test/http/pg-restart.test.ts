/**
 * Riding out a PostgreSQL restart and an outage. Two server processes on a
 * private cluster of their own (never the shared test server): save, `pg_ctl restart -m fast`, save
 * again within seconds; stop the database for 10 s — both instances answer 503 E_DB_UNAVAILABLE at
 * once (health included) instead of dying, hanging or answering 500 — then start it again: both
 * serve again by themselves (pool, change feed), and every save that was acknowledged is in the
 * database. The test process keeps a store of its own on the same cluster, with its change feed and
 * a notification scheduler: a tick during the outage fails (logged, not thrown, not hanging) and the
 * next one after it succeeds; the feed is back. Skipped where the PostgreSQL binaries are not installed.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrateToLatest, openDatabase } from '../../src/storage/db.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { changeFeedOf } from '../../src/storage/prepared.js';
import { startNotificationScheduler } from '../../src/server/notifications/scheduler.js';
import { PASSWORD, seedWorld } from './harness.js';
import { HttpClient, spawnServer, type ServerProcess } from './process.js';
import { pgBinaries, startPrivateCluster, type PrivateCluster } from './pg-cluster.js';

const text = (marker: string) =>
  `检视剖析材料\n一、存在的问题\n（一）理论学习方面。学习不深入，比如${marker}。\n二、原因剖析\n（一）理想信念有所淡化。\n三、整改措施\n（一）加强学习。`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!pgBinaries())('PostgreSQL restart and outage, two instances', () => {
  it('both instances survive, answer 503 fast while the database is down, and lose no acknowledged save', async () => {
    let cluster: PrivateCluster | null = null;
    const servers: ServerProcess[] = [];
    const logs: string[] = ['', ''];
    let local: Awaited<ReturnType<typeof openDatabase>> | null = null;
    let burstOn = true;
    try {
      cluster = await startPrivateCluster();
      const store = await openDatabase({ databaseUrl: cluster.url, poolSize: 2 });
      await migrateToLatest(store.db);
      const w = await seedWorld(createRepositories(store));
      await store.close();
      // This process's own store, change feed and scheduler (the server processes run theirs on a 30–60 s timer).
      local = await openDatabase({ databaseUrl: cluster.url, poolSize: 2 });
      const schedulerLog: string[] = [];
      const scheduler = startNotificationScheduler({
        repos: createRepositories(local),
        notify: { scheduler: true, dailyHour: 0, timeZone: 'Asia/Shanghai', intervalMs: 1000 },
        log: {
          info: () => {},
          warn: (_o, m) => void schedulerLog.push(m),
          error: (_o, m) => void schedulerLog.push(m),
        },
        mailer: null,
        timer: false,
      });
      const feed = changeFeedOf(local.db)!;
      expect((await scheduler.tick()).pass).toMatchObject({ items: 0 });
      expect(await feed.fence()).toBeDefined();
      servers.push(...(await Promise.all([0, 1].map(() => spawnServer({ DATABASE_URL: cluster!.url })))));
      servers.forEach((s, i) => s.proc.stderr!.on('data', (d: Buffer) => void (logs[i] += d.toString())));
      const [a, b] = servers;
      const onA = new HttpClient(a.url);
      expect((await onA.login('author', PASSWORD)).status).toBe(200);
      const onB = new HttpClient(b.url);
      onB.cookie = onA.cookie;
      onB.csrf = onA.csrf;
      const alive = () => servers.map((s) => s.proc.exitCode === null && s.proc.signalCode === null);

      const acked: { version: number; marker: string }[] = [];
      let version = 1;
      /** Saves the next version through `c`, retrying while the answer is the database-down 503 (within `withinMs`). */
      const save = async (c: HttpClient, marker: string, withinMs: number) => {
        const deadline = Date.now() + withinMs;
        const seen: string[] = [];
        for (;;) {
          const r = await c.req('PUT', `/api/materials/${w.material}`, { baseVersion: version, text: text(marker) });
          if (r.status === 200) {
            version = r.body.version;
            acked.push({ version, marker });
            return seen;
          }
          seen.push(`${r.status} ${r.body?.code}`);
          expect([r.status, r.body?.code], `save ${marker}: only the clear 503 may come before it succeeds`).toEqual([
            503,
            'E_DB_UNAVAILABLE',
          ]);
          expect(r.body.message).toMatch(/数据库/);
          expect(Date.now(), `save ${marker} did not succeed in time (${seen.join(', ')})`).toBeLessThan(deadline);
          await sleep(200);
        }
      };

      await save(onA, '重启前甲实例保存', 5_000);

      // Meanwhile another member saves without pause on B, through the restart (a 503 is retried; a
      // 409 after it means that unacknowledged save did commit: read the version and go on).
      const onB2 = new HttpClient(b.url);
      expect((await onB2.login('secb1', PASSWORD)).status).toBe(200);
      const burstAcked: { version: number; marker: string }[] = [];
      const burst = (async () => {
        let base = (await onB2.req('GET', `/api/materials/${w.leadership}`)).body.version as number;
        for (let n = 0; burstOn; n++) {
          const marker = `连续保存第${n}次`;
          const r = await onB2.req('PUT', `/api/materials/${w.leadership}`, { baseVersion: base, text: text(marker) });
          if (r.status === 200) {
            base = r.body.version;
            burstAcked.push({ version: base, marker });
          } else if (r.status === 409) {
            const cur = await onB2.req('GET', `/api/materials/${w.leadership}`);
            if (cur.status === 200) base = cur.body.version;
          } else {
            expect([r.status, r.body?.code], `burst save ${n}`).toEqual([503, 'E_DB_UNAVAILABLE']);
            await sleep(50);
          }
        }
      })();
      await sleep(500);

      // 1. A restart (as maintenance, failover or a crash does): saves work again within seconds.
      const ackedBeforeRestart = burstAcked.length;
      await cluster.restart();
      await save(onB, '重启后乙实例保存', 10_000);
      await save(onA, '重启后甲实例保存', 10_000);
      expect(alive()).toEqual([true, true]);
      expect((await onB.req('GET', `/api/materials/${w.material}`)).body.version).toBe(version);
      const ackedAfterRestart = burstAcked.length;
      await sleep(500);
      burstOn = false;
      await burst;
      expect(ackedBeforeRestart).toBeGreaterThan(0);
      expect(burstAcked.length).toBeGreaterThan(ackedAfterRestart);

      // 2. An outage of 10 s: every answer is a prompt 503 with the code, on both instances.
      await cluster.stop();
      const downSince = Date.now();
      let rounds = 0;
      while (Date.now() - downSince < 10_000) {
        for (const [i, c] of [onA, onB].entries()) {
          for (const [method, path, body] of [
            ['GET', '/api/health', undefined],
            ['GET', `/api/materials/${w.material}`, undefined],
            ['PUT', `/api/materials/${w.material}`, { baseVersion: version, text: text('停库期间') }],
          ] as const) {
            const t0 = Date.now();
            const r = await c.req(method, path, body);
            const took = Date.now() - t0;
            expect([i, method, path, r.status, r.body?.code]).toEqual([i, method, path, 503, 'E_DB_UNAVAILABLE']);
            expect(r.body.message).toMatch(/数据库/);
            expect(took, `${method} ${path} on instance ${i} took ${took} ms`).toBeLessThan(5_000);
          }
        }
        rounds++;
        await sleep(500);
      }
      expect(rounds).toBeGreaterThan(3);
      expect(alive()).toEqual([true, true]);
      const t0 = Date.now();
      expect((await scheduler.tick()).pass).toBe('error');
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(schedulerLog).toContain('daily deadline pass failed; the next tick retries');
      expect(await feed.fence()).toBeUndefined();

      // 3. Back up: both instances serve again by themselves.
      await cluster.start();
      for (const c of [onA, onB]) {
        const deadline = Date.now() + 15_000;
        for (;;) {
          const r = await c.req('GET', '/api/health');
          if (r.status === 200) break;
          expect([r.status, r.body?.code]).toEqual([503, 'E_DB_UNAVAILABLE']);
          expect(Date.now()).toBeLessThan(deadline);
          await sleep(200);
        }
      }
      await save(onA, '恢复后甲实例保存', 10_000);
      expect((await onB.req('GET', `/api/materials/${w.material}`)).body.model.text).toContain('恢复后甲实例保存');
      await save(onB, '恢复后乙实例保存', 10_000);
      expect((await onA.req('GET', `/api/materials/${w.material}`)).body.model.text).toContain('恢复后乙实例保存');
      expect((await onA.req('GET', '/api/auth/me')).body.person.username).toBe('author');
      expect((await scheduler.tick()).pass).toMatchObject({ items: 0 });
      await scheduler.stop();
      const feedBack = Date.now() + 10_000;
      while (!(await feed.fence()) && Date.now() < feedBack) await sleep(100);
      expect(feed.current()).toBeDefined();

      // The change feeds (one listening connection per instance) are back too.
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      try {
        const deadline = Date.now() + 15_000;
        let feeds = 0;
        while (
          (feeds = (
            await admin.query(
              `select count(*)::int as n from pg_stat_activity where application_name = 'jianshi-change-feed'`,
            )
          ).rows[0].n) < 3 &&
          Date.now() < deadline
        )
          await sleep(200);
        // One per instance, and this process's.
        expect(feeds).toBe(3);

        // Every acknowledged save is in the database.
        const rows = (
          await admin.query<{ version: number; content: string }>(
            'select version, content from material_versions where material_id = $1',
            [w.material],
          )
        ).rows;
        const stored = new Map(rows.map((r) => [r.version, r.content]));
        expect(acked.length).toBe(5);
        for (const s of acked) expect(stored.get(s.version), `version ${s.version}`).toContain(s.marker);
        const storedB = new Map(
          (
            await admin.query<{ version: number; content: string }>(
              'select version, content from material_versions where material_id = $1',
              [w.leadership],
            )
          ).rows.map((r) => [r.version, r.content]),
        );
        for (const s of burstAcked) expect(storedB.get(s.version), `burst version ${s.version}`).toContain(s.marker);
      } finally {
        await admin.end();
      }
      expect(alive()).toEqual([true, true]);
    } catch (e) {
      // The servers' own words, for whoever reads a failure.
      for (const [i, l] of logs.entries()) if (l) console.error(`instance ${i} log:\n${l.slice(-4000)}`);
      throw e;
    } finally {
      burstOn = false;
      await local?.close();
      await Promise.all(servers.map((s) => s.stop()));
      await cluster?.destroy();
    }
  }, 240_000);
});
