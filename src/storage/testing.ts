/**
 * Test support: fresh, migrated databases of each kind. SQLite always (a temp file, so WAL and
 * file locking are real); PostgreSQL when TEST_DATABASE_URL is set — each call creates its own
 * database on that server (and drops it on close), so parallel test files never collide.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DialectName, type Store } from './db.js';

export interface TestStore extends Store {
  /** The URL (PostgreSQL) or data dir (SQLite) to hand to a server process. */
  location: { databaseUrl?: string; dataDir?: string };
}

export function testDialects(): DialectName[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Create an empty PostgreSQL database next to TEST_DATABASE_URL's; returns its URL and a dropper. */
export async function createPgDatabase(prefix = 'jianshi_t'): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8'`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}

export async function openTestStore(dialect: DialectName, opts: { migrate?: boolean } = {}): Promise<TestStore> {
  let store: Store;
  let cleanup: () => Promise<void>;
  let location: TestStore['location'];
  if (dialect === 'postgres') {
    const { url, drop } = await createPgDatabase();
    store = await openDatabase({ databaseUrl: url, poolSize: 5 });
    cleanup = drop;
    location = { databaseUrl: url };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'jianshi-test-'));
    store = await openDatabase({ dataDir: dir });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
    location = { dataDir: dir };
  }
  if (opts.migrate !== false) await migrateToLatest(store.db);
  const close = store.close;
  return {
    ...store,
    location,
    close: async () => {
      await close();
      await cleanup();
    },
  };
}
