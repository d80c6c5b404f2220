/**
 * PostgreSQL: knowing, without reading them, that the rows the per-request lookups read have not
 * changed — so that several instances can each keep those lookups (sessions with their actor,
 * material heads) and still answer exactly what the database holds.
 *
 * Every commit that touches those tables notifies channel `jianshi_changed` (triggers, migration
 * 2026-12-05T1000). Each instance LISTENs on a connection of its own and, at every notice, drops
 * everything it keeps (a new `Generation`). A request first waits for a fence: an empty query on
 * that connection, sent after the request arrived (nothing to parse or plan; the answer still ends
 * with ReadyForQuery). PostgreSQL sends an idle listening session the notices of every transaction
 * committed before it ahead of that ReadyForQuery, so once the fence is answered, every commit that
 * finished before the request arrived — on any instance — has emptied the kept lookups: what is kept
 * is never older than what a query would read. Requests of one event-loop turn share one fence, at
 * most one is in flight, and later ones wait for the next (a request's later lookups need none:
 * `ReadView`, prepared.ts).
 *
 * While the connection is down, or the triggers are missing (a database not yet migrated), nothing
 * is kept: `fence()` answers undefined and the lookups read the database as before. On reconnect
 * everything kept before is dropped (notices may have been missed). A restart or an outage of the
 * server is one more loss: the connection ends ("terminating connection due to administrator
 * command"), attempts are refused or answered "starting up" meanwhile, and one follows every second
 * until the server is back (test/http/pg-restart.test.ts).
 */
import pg from 'pg';
import { CHANGE_CHANNEL } from './migrations/2026-12-05T1000_change_feed.js';
import { CONNECT_TIMEOUT_MS } from './availability.js';

const TRIGGERS = [
  'sessions_changed',
  'people_changed',
  'memberships_changed',
  'organizations_changed',
  'materials_changed',
];

/**
 * Under load, fences go at most this often: each costs both processes a round trip (some 50 µs of
 * CPU together); a request waits at most this much longer for the next one.
 */
const FENCE_GAP_MS = 1;
/**
 * A query on the feed's connection unanswered this long (a half-open connection sends no error):
 * the connection is given up, the lookups read the database, and a new one is opened.
 */
const STALL_MS = 2000;
const RETRY_MS = 1000;

/** The feed's connection, with what the watchdog needs. */
interface Conn {
  client: pg.Client;
  /** Queries sent and not answered; the time of the last send or answer. */
  waiting: number;
  since: number;
  /** Gives this connection up (once) and schedules a new one. */
  lose(): void;
}

/** What is kept between two notices. */
export interface Generation {
  readonly maps: Map<string, Map<string, unknown>>;
}

export class ChangeFeed {
  #conn: Conn | null = null;
  #ready = false;
  #closed = false;
  #gen: Generation = { maps: new Map() };
  /** The fence sent and not yet answered (never rejects). */
  #inflight: Promise<unknown> | null = null;
  /** The fence callers join: not sent yet. */
  #pending: Promise<void> | null = null;
  /** The trigger check running, and the connection it runs on. */
  #verifying: { conn: Conn; done: Promise<boolean> } | null = null;
  #sentAt = -Infinity;
  #retry: NodeJS.Timeout | null = null;
  #watchdog: NodeJS.Timeout | null = null;
  /** Notices received (for tests and diagnostics). */
  notices = 0;
  /** Fences asked for, and sent to the database (for tests and diagnostics). */
  fences = 0;
  sent = 0;
  /**
   * Bumped whenever a statement of this process that may have written has finished (db.ts): a
   * request's later lookups may skip the fence only while it is unchanged (`ReadView`).
   */
  statements = 0;

  constructor(private readonly url: string) {}

  /** Connects and listens; never throws (without the feed, nothing is kept). */
  async start(): Promise<void> {
    if (this.#closed) return;
    // Named, so that an administrator (and the restart test) sees each instance's feed in pg_stat_activity;
    // a connection attempt to a server that does not answer gives up, and the next one follows.
    const client = new pg.Client({
      connectionString: this.url,
      keepAlive: true,
      application_name: 'jianshi-change-feed',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    let lost = false;
    const conn: Conn = {
      client,
      waiting: 0,
      since: 0,
      lose: () => {
        if (lost) return;
        lost = true;
        if (this.#conn === conn) {
          this.#conn = null;
          this.#ready = false;
          this.#drop();
        }
        // Its queries fail at once (pg answers every pending one when the socket closes).
        (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        client.end().catch(() => {});
        if (!this.#closed) this.#retry = setTimeout(() => void this.start(), RETRY_MS).unref();
      },
    };
    client.on('notification', () => {
      this.notices++;
      this.#drop();
    });
    client.on('error', conn.lose);
    client.on('end', conn.lose);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (lost) return;
      if (this.#closed) {
        lost = true;
        await client.end().catch(() => {});
        return;
      }
      this.#conn = conn;
      this.#drop();
      this.#watch();
      await this.#verify();
    } catch {
      conn.lose();
    }
  }

  /** A query on the feed's connection, watched for stalls. */
  async #ask<R extends pg.QueryResultRow>(conn: Conn, text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    conn.waiting++;
    conn.since = performance.now();
    try {
      return await conn.client.query<R>(text, values);
    } finally {
      conn.waiting--;
      conn.since = performance.now();
    }
  }

  #watch(): void {
    if (this.#watchdog) return;
    this.#watchdog = setInterval(() => {
      const c = this.#conn;
      if (c && c.waiting > 0 && performance.now() - c.since > STALL_MS) c.lose();
    }, STALL_MS / 4).unref();
  }

  /**
   * The triggers must exist, or no notice would ever come. One check at a time (requests arriving
   * while it runs wait for it): a connection carries one query at a time.
   */
  #verify(): Promise<boolean> {
    const c = this.#conn;
    if (!c) return Promise.resolve(false);
    if (this.#verifying?.conn === c) return this.#verifying.done;
    const done = this.#ask<{ n: number }>(
      c,
      'select count(*)::int as n from pg_trigger where tgname = any($1::text[])',
      [TRIGGERS],
    )
      .then((r) => {
        if (c !== this.#conn) return false;
        this.#ready = r.rows[0].n === TRIGGERS.length;
        return this.#ready;
      })
      .finally(() => {
        if (this.#verifying?.done === done) this.#verifying = null;
      });
    this.#verifying = { conn: c, done };
    return done;
  }

  #drop(): void {
    this.#gen = { maps: new Map() };
  }

  /**
   * Waits until every commit finished before the call has been noticed, and answers what may be
   * kept from now on; undefined when nothing may be kept (no feed, or triggers missing).
   */
  async fence(): Promise<Generation | undefined> {
    this.fences++;
    if (!this.#conn) return undefined;
    try {
      if (!this.#ready && !(await this.#verify())) return undefined;
      await this.#sync();
    } catch {
      return undefined;
    }
    return this.current();
  }

  /**
   * What may be kept now, without a fence: only for a caller that has fenced since it began and
   * since this process last wrote (see `ReadView` in prepared.ts). Undefined while nothing may be kept.
   */
  current(): Generation | undefined {
    return this.#ready && this.#conn ? this.#gen : undefined;
  }

  /**
   * The fence this call may share: one not sent yet. It goes at the end of the event loop's turn
   * (all requests read in one turn share it) and only once the previous one is answered — one in
   * flight on the connection at a time; under load each fence serves a turn's worth of requests.
   * A fence answered on a connection given up meanwhile does not count (`current()` is then empty).
   */
  #sync(): Promise<void> {
    if (this.#pending) return this.#pending;
    const pending = (this.#inflight ?? Promise.resolve())
      .then(
        () =>
          new Promise<void>((ok) => {
            const wait = this.#sentAt + FENCE_GAP_MS - performance.now();
            if (wait > 0) setTimeout(ok, wait);
            else setImmediate(ok);
          }),
      )
      .then(() => {
        this.#pending = null;
        this.#sentAt = performance.now();
        const c = this.#conn;
        if (!c) throw new Error('change feed down');
        this.sent++;
        const sent = this.#ask(c, '').then(() => {
          if (c !== this.#conn) throw new Error('change feed reconnected');
        });
        const settled: Promise<unknown> = sent.then(
          () => (this.#inflight === settled ? (this.#inflight = null) : undefined),
          () => (this.#inflight === settled ? (this.#inflight = null) : undefined),
        );
        this.#inflight = settled;
        return sent;
      });
    this.#pending = pending;
    return pending;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    if (this.#watchdog) clearInterval(this.#watchdog);
    const c = this.#conn;
    this.#conn = null;
    this.#ready = false;
    this.#drop();
    await c?.client.end().catch(() => {});
  }
}
