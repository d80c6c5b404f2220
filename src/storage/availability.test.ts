/**
 * The server ending our connections (what a restart, a failover or an administrator does: "terminating
 * connection due to administrator command"), on the shared test server without restarting it — only
 * this test's own backends are terminated. No pool or client may let the error end the process; the
 * failed request's error is the clear 503; the next query, the change feed and the 查重 index's pool
 * carry on by themselves. Plus which errors count as "database unavailable" (never SQLite's).
 * The full restart and outage, with two server processes: test/http/pg-restart.test.ts.
 */
import { describe, expect, it } from 'vitest';
import net from 'node:net';
import pg from 'pg';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { isDatabaseUnavailable, POOL_OPTIONS } from './availability.js';
import { migrateToLatest, openDatabase } from './db.js';
import { createPgDatabase } from './testing.js';
import { changeFeedOf } from './prepared.js';
import { PgSimilarityIndex } from './similarity/pg-index.js';
import { toHttpError } from '../server/errors.js';

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

describe('database unavailable: which errors', () => {
  it('a refused connection is, promptly; SQLite errors are not', async () => {
    const closed = await new Promise<number>((ok) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => ok(port));
      });
    });
    const pool = new pg.Pool({ host: '127.0.0.1', port: closed, user: 'x', database: 'x', ...POOL_OPTIONS });
    const e = await pool.query('select 1').catch((x: unknown) => x);
    await pool.end();
    expect(isDatabaseUnavailable(e)).toBe(true);
    expect(toHttpError(e)).toMatchObject({ status: 503, body: { code: 'E_DB_UNAVAILABLE' }, internal: false });

    const h = new Database(':memory:');
    h.exec('create table t (k text primary key)');
    h.prepare('insert into t values (?)').run('a');
    const dup = (() => {
      try {
        h.prepare('insert into t values (?)').run('a');
      } catch (x) {
        return x;
      }
    })();
    const missing = (() => {
      try {
        h.prepare('select * from nothing').all();
      } catch (x) {
        return x;
      }
    })();
    h.close();
    for (const x of [dup, missing, new Error('boom')]) {
      expect(isDatabaseUnavailable(x)).toBe(false);
      expect(toHttpError(x).status).toBe(500);
    }
  });

  it('a server that accepts and never answers is given up after the connect timeout', async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => void held.push(s));
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const pool = new pg.Pool({
      host: '127.0.0.1',
      port: (silent.address() as net.AddressInfo).port,
      user: 'x',
      database: 'x',
      ...POOL_OPTIONS,
    });
    const t0 = Date.now();
    const e = await pool.query('select 1').catch((x: unknown) => x);
    const took = Date.now() - t0;
    await pool.end();
    for (const s of held) s.destroy();
    silent.close();
    expect(isDatabaseUnavailable(e)).toBe(true);
    // CONNECT_TIMEOUT_MS is 5 s; generous, the promise is "not for ever".
    expect(took).toBeLessThan(9_000);
  }, 15_000);
});

describe.runIf(process.env.TEST_DATABASE_URL)('the server ends our connections (PostgreSQL)', () => {
  it('no pool lets it end the process; the request in flight gets 503; everything carries on', async () => {
    const { url, drop } = await createPgDatabase('jianshi_avail');
    const store = await openDatabase({ databaseUrl: url, poolSize: 4 });
    const index = await PgSimilarityIndex.open(url);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await migrateToLatest(store.db);
      const feed = changeFeedOf(store.db)!;
      await feed.fence();
      expect(feed.current()).toBeDefined();
      // Idle clients in both pools, and one checked out inside a transaction, between two queries.
      await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(store.db)));
      await Promise.all([1, 2].map(() => index.count()));
      let ended!: () => void;
      const terminated = new Promise<void>((ok) => (ended = ok));
      const inTx = store.db
        .transaction()
        .execute(async (tx) => {
          await sql`select 1`.execute(tx);
          await terminated;
          await sleep(300);
          await sql`select 2`.execute(tx);
        })
        .catch((e: unknown) => e);
      await sleep(100);
      const killed = (
        await admin.query<{ n: number }>(
          'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1',
          [new URL(url).pathname.slice(1)],
        )
      ).rows[0].n;
      // Both pools' idle clients, the transaction's, the change feed's.
      expect(killed).toBeGreaterThanOrEqual(5);
      ended();
      const failed = await inTx;
      expect(isDatabaseUnavailable(failed)).toBe(true);
      expect(toHttpError(failed)).toMatchObject({ status: 503, body: { code: 'E_DB_UNAVAILABLE' } });
      await sleep(300);

      // Still alive, and the next queries are answered on new connections.
      expect((await sql<{ n: number }>`select 3 as n`.execute(store.db)).rows[0].n).toBe(3);
      await Promise.all([1, 2, 3, 4].map(() => sql`select 1`.execute(store.db)));
      expect(await index.count()).toBe(0);
      // The change feed is back: lookups are kept again.
      const end = Date.now() + 10_000;
      while (!(await feed.fence()) && Date.now() < end) await sleep(100);
      expect(feed.current()).toBeDefined();
    } finally {
      await admin.end();
      await index.close();
      await store.close();
      await drop();
    }
  }, 30_000);
});
