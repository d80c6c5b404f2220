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
 * everything kept before is dropped (notices may have been missed).
 */
import pg from 'pg';
import { CHANGE_CHANNEL } from './migrations/2026-12-05T1000_change_feed.js';

const TRIGGERS = ['sessions_changed', 'people_changed', 'memberships_changed', 'organizations_changed', 'materials_changed'];

/**
 * Under load, fences go at most this often: each costs both processes a round trip (some 50 µs of
 * CPU together); a request waits at most this much longer for the next one.
 */
const FENCE_GAP_MS = 1;

/** What is kept between two notices. */
export interface Generation {
  readonly maps: Map<string, Map<string, unknown>>;
}

export class ChangeFeed {
  #client: pg.Client | null = null;
  #ready = false;
  #closed = false;
  #gen: Generation = { maps: new Map() };
  /** The fence sent and not yet answered (never rejects). */
  #inflight: Promise<unknown> | null = null;
  #pending: Promise<void> | null = null;
  #sentAt = -Infinity;
  #retry: NodeJS.Timeout | null = null;
  /** Notices received (for tests and diagnostics). */
  notices = 0;
  /**
   * Bumped whenever a statement of this process that may have written has finished (db.ts): a
   * request's later lookups may skip the fence only while it is unchanged (`ReadView`).
   */
  statements = 0;

  constructor(private readonly url: string) {}

  /** Connects and listens; never throws (without the feed, nothing is kept). */
  async start(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', () => {
      this.notices++;
      this.#drop();
    });
    const lost = () => {
      if (this.#client !== client) return;
      this.#client = null;
      this.#ready = false;
      this.#drop();
      client.end().catch(() => {});
      if (!this.#closed) this.#retry = setTimeout(() => void this.start(), 1000).unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      this.#client = client;
      this.#drop();
      await this.#verify();
    } catch {
      this.#client = client;
      lost();
    }
  }

  /** The triggers must exist, or no notice would ever come. */
  async #verify(): Promise<boolean> {
    const c = this.#client;
    if (!c) return false;
    const r = await c.query<{ n: number }>('select count(*)::int as n from pg_trigger where tgname = any($1::text[])', [TRIGGERS]);
    this.#ready = r.rows[0].n === TRIGGERS.length;
    return this.#ready;
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
    if (!this.#client) return undefined;
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
    return this.#ready && this.#client ? this.#gen : undefined;
  }

  /** Fences asked for, and sent to the database (for tests and diagnostics). */
  fences = 0;
  sent = 0;

  /**
   * The fence this call may share: one not sent yet. It goes at the end of the event loop's turn
   * (all requests read in one turn share it) and only once the previous one is answered — one in
   * flight on the connection at a time; under load each fence serves a turn's worth of requests.
   */
  #sync(): Promise<void> {
    if (this.#pending) return this.#pending;
    const pending = (this.#inflight ?? Promise.resolve())
      .then(() => new Promise<void>((ok) => {
        const wait = this.#sentAt + FENCE_GAP_MS - performance.now();
        if (wait > 0) setTimeout(ok, wait);
        else setImmediate(ok);
      }))
      .then(() => {
        this.#pending = null;
        this.#sentAt = performance.now();
        const c = this.#client;
        if (!c) throw new Error('change feed down');
        this.sent++;
        const sent: Promise<void> = c.query('').then(() => undefined);
        const settled = sent.then(
          () => (this.#inflight === settled ? (this.#inflight = null) : undefined),
          () => (this.#inflight === settled ? (this.#inflight = null) : undefined),
        ) as Promise<unknown>;
        this.#inflight = settled;
        return sent;
      });
    this.#pending = pending;
    return pending;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    const c = this.#client;
    this.#client = null;
    this.#ready = false;
    this.#drop();
    await c?.end().catch(() => {});
  }
}
