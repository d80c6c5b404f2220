/**
 * The change feed's connection failing in the ways networks fail: a connection that stops answering
 * without an error (half-open), and one reset while the feed checks its triggers. Neither may hang
 * the requests waiting on a fence, and none may leave a connection behind. PostgreSQL only: through
 * a TCP relay this test can freeze or cut.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import net from 'node:net';
import pg from 'pg';
import { openTestStore, type TestStore } from './testing.js';
import { ChangeFeed } from './change-feed.js';

/** A relay to the database whose connections can be frozen (nothing passes, nothing closes) or reset. */
class Relay {
  readonly pairs: { client: net.Socket; server: net.Socket }[] = [];
  frozen = false;
  #server: net.Server;
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {
    this.#server = net.createServer((client) => {
      const server = net.connect(target.port, target.host);
      const pass = (from: net.Socket, to: net.Socket) =>
        from.on('data', (d) => void (this.frozen ? undefined : to.write(d)));
      pass(client, server);
      pass(server, client);
      for (const s of [client, server]) s.on('error', () => {});
      client.on('close', () => server.destroy());
      server.on('close', () => client.destroy());
      this.pairs.push({ client, server });
    });
  }
  async listen(): Promise<void> {
    await new Promise<void>((ok) => this.#server.listen(0, '127.0.0.1', ok));
    this.port = (this.#server.address() as net.AddressInfo).port;
  }
  reset(): void {
    for (const p of this.pairs.splice(0)) p.client.resetAndDestroy();
  }
  close(): void {
    this.reset();
    this.#server.close();
  }
}

const until = async (what: () => boolean | Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((ok) => setTimeout(ok, 50));
  }
};

describe.runIf(process.env.TEST_DATABASE_URL)('change feed connection failures (PostgreSQL)', () => {
  let store: TestStore;
  let admin: pg.Client;
  let relay: Relay;
  let url: string;
  const feedConnections = async () =>
    (
      await admin.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where application_name = 'feed_test' and datname = current_database()`,
      )
    ).rows[0].n;

  beforeAll(async () => {
    store = await openTestStore('postgres');
    const u = new URL(store.location.databaseUrl!);
    admin = new pg.Client({ connectionString: u.toString() });
    await admin.connect();
    relay = new Relay({ host: u.hostname, port: Number(u.port || 5432) });
    await relay.listen();
    u.port = String(relay.port);
    u.searchParams.set('application_name', 'feed_test');
    url = u.toString();
  });
  afterAll(async () => {
    relay?.close();
    await admin?.end();
    await store?.close();
  });

  it('gives up a connection that stops answering, reads without it meanwhile, and comes back', async () => {
    const feed = new ChangeFeed(url);
    try {
      await feed.start();
      expect(await feed.fence()).toBeDefined();
      relay.frozen = true;
      // Half-open: no answer and no error. The fence must still answer (nothing kept), not hang.
      expect(await feed.fence()).toBeUndefined();
      expect(feed.current()).toBeUndefined();
      relay.reset();
      relay.frozen = false;
      await until(async () => (await feed.fence()) !== undefined);
      expect(await feedConnections()).toBe(1);
    } finally {
      relay.frozen = false;
      await feed.close();
    }
    await until(async () => (await feedConnections()) === 0);
  });

  it('reset while it checks its triggers: one connection afterwards, none after close', async () => {
    const feed = new ChangeFeed(url);
    const locker = new pg.Client({ connectionString: store.location.databaseUrl! });
    await locker.connect();
    try {
      await feed.start();
      expect(await feed.fence()).toBeDefined();
      // The next connection's trigger check waits on this lock; the connection is reset meanwhile.
      await locker.query('begin');
      await locker.query('lock table pg_trigger in access exclusive mode');
      relay.reset();
      await until(async () => relay.pairs.length > 0);
      await new Promise((ok) => setTimeout(ok, 300));
      relay.reset();
      await locker.query('rollback');
      await until(async () => (await feed.fence()) !== undefined);
      await new Promise((ok) => setTimeout(ok, 1500));
      expect(await feedConnections()).toBe(1);
    } finally {
      await locker.end();
      await feed.close();
    }
    await new Promise((ok) => setTimeout(ok, 1500));
    expect(await feedConnections()).toBe(0);
  });
  it('requests arriving while it checks its triggers share that check: one query at a time on its connection', async () => {
    // Queries in flight per client (pg queues a second one, and pg 9 will refuse it).
    const most = new Map<pg.Client, number>();
    const now = new Map<pg.Client, number>();
    const query = pg.Client.prototype.query;
    const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
      this: pg.Client,
      ...args: unknown[]
    ) {
      const r = (query as (...a: unknown[]) => unknown).apply(this, args);
      if (r instanceof Promise) {
        now.set(this, (now.get(this) ?? 0) + 1);
        most.set(this, Math.max(most.get(this) ?? 0, now.get(this)!));
        r.then(
          () => now.set(this, now.get(this)! - 1),
          () => now.set(this, now.get(this)! - 1),
        );
      }
      return r;
    } as typeof query);
    const feed = new ChangeFeed(url);
    const locker = new pg.Client({ connectionString: store.location.databaseUrl! });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table pg_trigger in access exclusive mode');
      const started = feed.start();
      await until(async () => relay.pairs.length > 0 && (await feedConnections()) === 1);
      await new Promise((ok) => setTimeout(ok, 100));
      const fences = Array.from({ length: 10 }, () => feed.fence());
      await new Promise((ok) => setTimeout(ok, 300));
      await locker.query('rollback');
      await started;
      expect((await Promise.all(fences)).every((g) => g !== undefined)).toBe(true);
      const feedClients = [...most].filter(([c]) => c !== locker && c !== admin);
      expect(feedClients).toHaveLength(1);
      expect(feedClients[0][1]).toBe(1);
    } finally {
      spy.mockRestore();
      await locker.end();
      await feed.close();
    }
  });
});
