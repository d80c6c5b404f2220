/**
 * Opening the database: the one place that chooses SQLite or PostgreSQL.
 *
 *   const store = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: './data' });
 *   await migrateToLatest(store.db);
 *
 * SQLite (default): one file `<dataDir>/jianshi.db`, created on first start, WAL journal,
 * busy_timeout so a second process (CLI, backup) waits instead of failing, foreign keys on, and
 * write transactions that take the write lock up front (BEGIN IMMEDIATE) so two processes never
 * deadlock on a lock upgrade. PostgreSQL when a `postgres://` URL is given.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import type { Database } from './schema.js';
import { staticMigrationProvider } from './migrations/index.js';
import { attachChangeFeed, attachReader, namedStatement, type Reader } from './prepared.js';
import { ChangeFeed } from './change-feed.js';
import { JianshiError } from '../core/errors.js';
import { guardPool, POOL_OPTIONS } from './availability.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The SQLite file (absent for PostgreSQL). */
  file?: string;
  /** The raw better-sqlite3 handle, for the online backup API and integrity checks. */
  sqlite?: BetterSqlite3.Database;
  close(): Promise<void>;
}

/** Where the store's data is, for people: "PostgreSQL" or the SQLite file. */
export function describeStore(store: Pick<Store, 'dialect' | 'file'>): string {
  return store.dialect === 'postgres' ? 'PostgreSQL' : (store.file ?? 'SQLite');
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** SQLite file name inside dataDir (default jianshi.db), or ':memory:'. */
  sqliteFile?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export function openSqliteHandle(file: string): BetterSqlite3.Database {
  const h = new BetterSqlite3(file);
  if (file !== ':memory:') h.pragma('journal_mode = WAL');
  h.pragma('busy_timeout = 10000');
  h.pragma('foreign_keys = ON');
  // WAL + NORMAL: a committed transaction survives a process crash (SIGKILL); only an OS crash or
  // power loss may drop the last transactions. Set JIANSHI_SQLITE_SYNC=FULL for that too.
  h.pragma(`synchronous = ${process.env.JIANSHI_SQLITE_SYNC === 'FULL' ? 'FULL' : 'NORMAL'}`);
  // The planner's statistics, refreshed where stale (bounded work): without them SQLite takes every
  // index as selective, and a reviewer's list sorted hundreds of full rows instead of reading its
  // page from the list's covering index in order.
  if (file !== ':memory:') {
    h.pragma('analysis_limit = 400');
    h.pragma('optimize = 0x10002');
  }
  return h;
}

/**
 * Kysely's SQLite driver prepares every query anew; reusing prepared statements (keyed by SQL
 * text) saves that work on hot paths. Safe because the driver runs one statement at a time on the
 * single connection, and SQLite re-prepares a statement itself after a schema change.
 */
function withStatementCache(
  h: BetterSqlite3.Database,
  beforeEach?: () => void,
): { prepare(sql: string): BetterSqlite3.Statement; close(): void } {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string) {
      beforeEach?.();
      let st = cache.get(sql);
      if (!st) {
        if (cache.size >= 500) cache.clear();
        st = h.prepare(sql);
        cache.set(sql, st);
      }
      return st;
    },
    close: () => h.close(),
  };
}

export async function openDatabase(opts: OpenOptions = {}): Promise<Store> {
  const url = opts.databaseUrl;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new JianshiError('E_CONFIG', `DATABASE_URL 必须以 postgres:// 开头`);
    // Connections die with a restart or an outage of the server: the pool carries on (availability.ts).
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      fallback_application_name: 'jianshi',
      ...POOL_OPTIONS,
    });
    guardPool(pool);
    // Lets each instance keep the per-request lookups, exactly (change-feed.ts).
    const feed = new ChangeFeed(url);
    // The prepared queries of the hot paths go as named statements: planned once per connection.
    // They only read (prepared() takes nothing but a SELECT); every other statement may write, and
    // the feed counts it once finished, however its caller waits (prepared.ts, ReadView).
    const counted = () => void feed.statements++;
    const countAfter = (cb: unknown) => (typeof cb === 'function' ? (...x: unknown[]) => (counted(), cb(...x)) : cb);
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      (client as unknown as { query: (...a: unknown[]) => unknown }).query = (text: unknown, ...rest: unknown[]) => {
        const name = typeof text === 'string' && Array.isArray(rest[0]) ? namedStatement(text) : undefined;
        if (name) return query({ name, text, values: rest[0] }, ...rest.slice(1));
        // A query config of plain data may carry its callback.
        if (
          text &&
          Object.getPrototypeOf(text) === Object.prototype &&
          typeof (text as { callback?: unknown }).callback === 'function'
        ) {
          text = { ...(text as object), callback: countAfter((text as { callback: unknown }).callback) };
        }
        const r = query(text, ...rest.map(countAfter));
        if (r instanceof Promise) r.then(counted, counted);
        else if (r && typeof (r as NodeJS.EventEmitter).once === 'function')
          (r as NodeJS.EventEmitter).once('end', counted);
        return r;
      };
    });
    // Fail fast with a clear message when the server is unreachable.
    try {
      const c = await pool.connect();
      c.release();
    } catch (e) {
      await pool.end().catch(() => {});
      throw new JianshiError('E_CONFIG', `无法连接 PostgreSQL：${(e as Error).message}`);
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await feed.start();
    attachChangeFeed(db, feed);
    return {
      db,
      dialect: 'postgres',
      close: async () => {
        await feed.close();
        await db.destroy();
      },
    };
  }
  const name = opts.sqliteFile ?? 'jianshi.db';
  let file = name;
  if (name !== ':memory:') {
    const dir = resolve(opts.dataDir ?? './data');
    mkdirSync(dir, { recursive: true });
    file = join(dir, name);
  }
  const handle = openSqliteHandle(file);
  if (name === ':memory:') {
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(handle) }) });
    return { db, dialect: 'sqlite', file, sqlite: handle, close: () => db.destroy() };
  }
  // The hot lookups of every request read through a second, read-only connection (see prepared.ts).
  const reader = turnSnapshotReader(file);
  // Every statement of the writing connection first ends the reader's snapshot: a read issued after a
  // commit sees it, and no snapshot of ours holds back the checkpoint that may follow a commit.
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(handle, reader.release) }),
  });
  attachReader(db, reader);
  return {
    db,
    dialect: 'sqlite',
    file,
    sqlite: handle,
    // The reader first: the writing connection must be the last one closed, so that SQLite checkpoints
    // the WAL into the database file and removes it (a read-only connection cannot).
    close: async () => {
      reader.close();
      await db.destroy();
    },
  };
}

/**
 * The read-only connection of the hot lookups, reading in one snapshot per turn of the event loop.
 * Starting a read transaction in WAL mode takes shared locks on the WAL index (system calls, some
 * 6 µs — more than the lookup itself); the session and material lookups of every request would pay it
 * twice. Instead the first read of a turn opens a transaction and the next turn (setImmediate) ends
 * it, so the reads of all requests handled in one turn share it. That is no staler than reading at
 * the turn's start: this process's own commits end the snapshot first (`release`, called before each
 * statement of the writing connection), and another process's (the command line's) commit is not
 * ordered against a request in flight anyway.
 *
 * `state()` names the snapshot's contents (SQLite's data_version, read as the snapshot opens: it
 * changes exactly when another connection — ours that writes, or another process — has committed),
 * for results kept until the database changes (prepared.ts, `stateCache`).
 */
function turnSnapshotReader(file: string): Reader & { release(): void; close(): void } {
  const h = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  h.pragma('busy_timeout = 10000');
  const statements = withStatementCache(h);
  const begin = h.prepare('begin');
  const commit = h.prepare('commit');
  const rollback = h.prepare('rollback');
  // Starts the read transaction (hence the snapshot) when asked inside BEGIN.
  const dataVersion = h.prepare('pragma data_version').pluck();
  let open = false;
  let state = 0;
  const ensureOpen = () => {
    if (open) return;
    if (!h.inTransaction) begin.run();
    state = dataVersion.get() as number;
    open = true;
    setImmediate(release);
  };
  const release = () => {
    if (!open) return;
    open = false;
    // A read-only transaction has nothing to commit; should the commit fail all the same, roll back,
    // so the next read starts afresh (this runs from setImmediate: it must not throw).
    try {
      if (h.inTransaction) commit.run();
    } catch {
      if (h.inTransaction) rollback.run();
    }
  };
  return {
    all(text, parameters) {
      ensureOpen();
      return statements.prepare(text).all(parameters as unknown[]);
    },
    state() {
      ensureOpen();
      return state;
    },
    release,
    close() {
      release();
      statements.close();
    },
  };
}

/** Bring the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: staticMigrationProvider,
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error)
    throw new JianshiError(
      'E_INTERNAL',
      `数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}：${(error as Error).message ?? String(error)}`,
    );
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateDown(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: staticMigrationProvider,
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
  });
  const { error } = await migrator.migrateDown();
  if (error) throw error;
}
