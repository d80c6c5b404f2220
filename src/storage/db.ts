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
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import type { Database } from './schema.js';
import { staticMigrationProvider } from './migrations/index.js';
import { attachReader, namedStatement } from './prepared.js';
import { JianshiError } from '../core/errors.js';

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
  return h;
}

/**
 * Kysely's SQLite driver prepares every query anew; reusing prepared statements (keyed by SQL
 * text) saves that work on hot paths. Safe because the driver runs one statement at a time on the
 * single connection, and SQLite re-prepares a statement itself after a schema change.
 */
function withStatementCache(h: BetterSqlite3.Database): { prepare(sql: string): BetterSqlite3.Statement; close(): void } {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string) {
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
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
    // The prepared queries of the hot paths go as named statements: planned once per connection.
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      (client as unknown as { query: (...a: unknown[]) => unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
        const name = typeof text === 'string' && Array.isArray(values) ? namedStatement(text) : undefined;
        return name ? query({ name, text, values }, ...rest) : query(text, values, ...rest);
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
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const name = opts.sqliteFile ?? 'jianshi.db';
  let file = name;
  if (name !== ':memory:') {
    const dir = resolve(opts.dataDir ?? './data');
    mkdirSync(dir, { recursive: true });
    file = join(dir, name);
  }
  const handle = openSqliteHandle(file);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(handle) }) });
  if (name === ':memory:') return { db, dialect: 'sqlite', file, sqlite: handle, close: () => db.destroy() };
  // The hot lookups of every request read through a second, read-only connection (see prepared.ts).
  const readerHandle = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  readerHandle.pragma('busy_timeout = 10000');
  const statements = withStatementCache(readerHandle);
  attachReader(db, { all: (text, parameters) => statements.prepare(text).all(parameters as unknown[]) });
  return {
    db,
    dialect: 'sqlite',
    file,
    sqlite: handle,
    // The reader first: the writing connection must be the last one closed, so that SQLite checkpoints
    // the WAL into the database file and removes it (a read-only connection cannot).
    close: async () => {
      statements.close();
      await db.destroy();
    },
  };
}

/** Bring the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: staticMigrationProvider, migrationTableName: 'kysely_migration', migrationLockTableName: 'kysely_migration_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new JianshiError('E_INTERNAL', `数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}：${(error as Error).message ?? String(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateDown(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: staticMigrationProvider, migrationTableName: 'kysely_migration', migrationLockTableName: 'kysely_migration_lock' });
  const { error } = await migrator.migrateDown();
  if (error) throw error;
}
