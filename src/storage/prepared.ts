/**
 * Queries compiled once. Kysely builds and compiles a query object on every call (some 25 µs),
 * which on the hottest paths — the session lookup of every request, reading a material — costs
 * more than the database's own work. A prepared query is built once per dialect with sentinel
 * arguments; later calls only put the real values where the sentinels were.
 *
 *   const byId = prepared((db, id: string) => db.selectFrom('people').selectAll().where('id', '=', id));
 *   const rows = await byId.all(db, personId);
 *
 * Only for reads (a SELECT), and for queries whose shape does not depend on the arguments (no
 * optional filters, no IN lists; a list of keys is one array parameter: `= any(${keys}::text[])` on
 * PostgreSQL).
 *
 * On PostgreSQL the compiled SQL is also registered as a named statement (`namedStatement`): each
 * pooled connection then parses and plans it once, not on every call; for the short lookups of every
 * request the planning was most of the server's own work.
 *
 * On SQLite (a database file), a prepared query outside a transaction runs on a second, read-only
 * connection (`attachReader`), synchronously: it neither waits behind another request's write
 * transaction on the single writing connection nor pays Kysely's per-query machinery, and it sees
 * exactly what is committed (WAL: each statement reads the latest committed snapshot). Inside a
 * transaction the query runs on the transaction's connection, as every other query does.
 */
import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { ChangeFeed } from './change-feed.js';

const named = new Map<string, string>();

/** Runs a SELECT synchronously on a connection of its own (see above). */
export interface Reader {
  all(sql: string, parameters: readonly unknown[]): unknown[];
  /** Names the contents the reads see now: equal numbers, equal contents. */
  state(): number;
}
const readers = new WeakMap<Kysely<Database>, Reader>();

/**
 * Results kept while the database does not change: a map that is dropped whenever the contents the
 * reads see have changed (any commit, by this process or another), so what it holds is never older
 * than what the query would answer now — not a time-to-live. SQLite: the reader's data_version
 * (db.ts). PostgreSQL: the change feed (change-feed.ts), after a fence that makes every commit
 * finished before the call known. `undefined` inside transactions, and where neither is available
 * (the lookups then read the database).
 *
 *   const cache = await stateCache<Row>(db, 'session-actor');
 *   let row = cache?.get(key);
 *   if (!row) cache?.set(key, (row = await query.first(db, key)));
 *
 * With a `view` (one request's), a PostgreSQL lookup after the view's first needs no fence of its own.
 *
 * A value read after `stateCache` answered belongs in the map it answered: it is at least as new as
 * the state the map stands for; should the state change meanwhile, that map is dropped already or at
 * the next call. Values are shared between requests: store them frozen.
 */
export async function stateCache<V>(
  db: Kysely<Database>,
  name: string,
  view?: ReadView,
): Promise<Map<string, V> | undefined> {
  if (db.isTransaction) return undefined;
  let maps: Map<string, Map<string, unknown>>;
  const reader = readers.get(db);
  if (reader) {
    const state = reader.state();
    let c = stateCaches.get(db);
    if (!c || c.state !== state) stateCaches.set(db, (c = { state, maps: new Map() }));
    maps = c.maps;
  } else {
    const feed = feeds.get(db);
    if (!feed) return undefined;
    // Counted before the fence: a statement of this process finishing meanwhile may not be noticed yet.
    const statements = feed.statements;
    const gen = view && view.fencedAt === statements ? feed.current() : await feed.fence();
    if (!gen) return undefined;
    if (view) view.fencedAt = statements;
    maps = gen.maps;
  }
  let m = maps.get(name);
  if (!m || m.size >= STATE_CACHE_ENTRIES) maps.set(name, (m = new Map()));
  return m as Map<string, V>;
}
/**
 * One request's lookups, so that on PostgreSQL only its first waits for a fence: every commit
 * finished before the request arrived is noticed once that fence is answered, so its later lookups
 * may use what is kept at their time — unless a statement of this process (possibly the request's
 * own write) has finished since; then they fence again. Create one per request (`readView()`); a
 * view held longer than a request would only let its reads lag behind other instances' commits.
 */
export interface ReadView {
  /** The feed's statement count when this view's last fence began (internal). */
  fencedAt?: number;
}
export function readView(): ReadView {
  return {};
}
const stateCaches = new WeakMap<Kysely<Database>, { state: number; maps: Map<string, Map<string, unknown>> }>();
const feeds = new WeakMap<Kysely<Database>, ChangeFeed>();

/** The change feed `stateCache` waits on for `db` (PostgreSQL), if any. */
export function changeFeedOf(db: Kysely<Database>): ChangeFeed | undefined {
  return feeds.get(db);
}
/** Lets `stateCache` keep lookups on `db` (PostgreSQL) while `feed` is up. */
export function attachChangeFeed(db: Kysely<Database>, feed: ChangeFeed): void {
  feeds.set(db, feed);
}
/** Per map: beyond this many keys (sessions, materials) it starts afresh. */
const STATE_CACHE_ENTRIES = 20_000;

/** Lets the prepared queries on `db` (outside transactions) read through `reader`. */
export function attachReader(db: Kysely<Database>, reader: Reader): void {
  readers.set(db, reader);
}

/** The statement name of a prepared query's SQL text, if it is one (for the PostgreSQL connection). */
export function namedStatement(sql: string): string | undefined {
  return named.get(sql);
}

const SENTINEL = '\u0000jianshi-arg-';

export interface Prepared<A extends unknown[], R> {
  all(db: Kysely<Database>, ...args: A): Promise<R[]>;
  first(db: Kysely<Database>, ...args: A): Promise<R | undefined>;
}

export function prepared<A extends unknown[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): Prepared<A, R> {
  // Keyed by the dialect's adapter class: a transaction's Kysely shares its dialect with the pool's.
  const cache = new Map<unknown, { compiled: CompiledQuery<R>; slots: (number | { value: unknown })[] }>();
  function compile(db: Kysely<Database>, arity: number) {
    const key = db.getExecutor().adapter.constructor;
    let c = cache.get(key);
    if (c) return c;
    const sentinels = Array.from({ length: arity }, (_, i) => `${SENTINEL}${i}`) as unknown as A;
    const compiled = build(db, ...sentinels).compile();
    const slots = compiled.parameters.map((p) => {
      const i = typeof p === 'string' && p.startsWith(SENTINEL) ? Number(p.slice(SENTINEL.length)) : -1;
      return i >= 0 ? i : { value: p };
    });
    if (compiled.sql.includes(SENTINEL)) throw new Error('prepared(): an argument was inlined into the SQL');
    // Reads only: on PostgreSQL a named statement is taken for one that writes nothing (db.ts, ReadView).
    if (!/^select\s/i.test(compiled.sql)) throw new Error('prepared(): only a SELECT may be prepared');
    // Named columns only: see schema.ts, allColumns (a `select *` named statement breaks on PostgreSQL
    // when another instance's migration adds a column).
    if (/(?:^|[\s,])(?:"[^"]+"\.)?\*(?=[\s,])/.test(compiled.sql))
      throw new Error('prepared(): select * is not allowed; name the columns');
    for (let i = 0; i < arity; i++)
      if (!slots.includes(i)) throw new Error(`prepared(): argument ${i} is not a parameter of the query`);
    c = { compiled, slots };
    cache.set(key, c);
    named.set(compiled.sql, `jianshi_${createHash('sha1').update(compiled.sql).digest('hex').slice(0, 16)}`);
    return c;
  }
  async function run(db: Kysely<Database>, args: A): Promise<R[]> {
    const { compiled, slots } = compile(db, args.length);
    const parameters = slots.map((s) => (typeof s === 'number' ? args[s] : s.value));
    const reader = db.isTransaction ? undefined : readers.get(db);
    if (reader) return reader.all(compiled.sql, parameters) as R[];
    return (await db.executeQuery<R>({ ...compiled, parameters })).rows;
  }
  return {
    all: (db, ...args) => run(db, args),
    first: async (db, ...args) => (await run(db, args))[0],
  };
}
