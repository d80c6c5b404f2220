/**
 * Online, consistent backups and restore, on both databases.
 *
 *   backup(store, OUT)
 *     SQLite     → the online backup API of SQLite (a consistent copy while the server runs);
 *                  OUT is a SQLite database file.
 *     PostgreSQL → one READ ONLY, REPEATABLE READ transaction (a single snapshot) dumping every
 *                  table, parents first, to a gzip'd JSON-lines archive:
 *                  {"format":"jianshi-backup","version":1,…} then {"t":table,"r":row} per row.
 *   restore(store, IN)
 *     reads either kind (told apart by the bytes), into an EMPTY database of either kind (a
 *     SQLite backup can be restored into PostgreSQL and back), in one transaction: all or nothing.
 */
import { createReadStream, createWriteStream, openSync, readSync, closeSync } from 'node:fs';
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { sql, type Kysely } from 'kysely';
import { BINARY_COLUMNS, TABLES_IN_ORDER, type Database } from './schema.js';
import { migrateDown, migrateToLatest, openDatabase, type Store } from './db.js';
import { JianshiError } from '../core/errors.js';
import { MIGRATIONS } from './migrations/index.js';

export interface BackupResult {
  kind: 'sqlite' | 'jsonl';
  file: string;
  rows: number;
}

type Row = Record<string, unknown>;

function encodeRow(table: string, row: Row): Row {
  const bin = BINARY_COLUMNS[table as keyof Database] ?? [];
  if (!bin.length) return row;
  const out = { ...row };
  for (const c of bin) if (out[c] != null) out[c] = { $b64: Buffer.from(out[c] as Uint8Array).toString('base64') };
  return out;
}

function decodeRow(table: string, row: Row): Row {
  const bin = BINARY_COLUMNS[table as keyof Database] ?? [];
  for (const c of bin) {
    const v = row[c] as { $b64?: string } | null;
    if (v && typeof v === 'object' && typeof v.$b64 === 'string') row[c] = Buffer.from(v.$b64, 'base64');
  }
  return row;
}

async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return r.rows.map((x) => x.name);
}

export async function backup(store: Store, out: string): Promise<BackupResult> {
  if (store.dialect === 'sqlite') {
    await store.sqlite!.backup(out);
    let rows = 0;
    for (const t of TABLES_IN_ORDER) rows += Number((await store.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { kind: 'sqlite', file: out, rows };
  }
  const gz = createGzip();
  const file = createWriteStream(out);
  gz.pipe(file);
  const write = async (obj: unknown) => {
    if (!gz.write(JSON.stringify(obj) + '\n')) await once(gz, 'drain');
  };
  let rows = 0;
  await store.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    await sql`set transaction read only`.execute(trx);
    await write({ format: 'jianshi-backup', version: 1, dialect: store.dialect, createdAt: new Date().toISOString(), migrations: await appliedMigrations(trx) });
    for (const t of TABLES_IN_ORDER) {
      // Keyset-free paging is fine inside one snapshot: the data cannot move under us.
      for (let offset = 0; ; offset += 1000) {
        const page = await trx.selectFrom(t).selectAll().orderBy(sql`1`).limit(1000).offset(offset).execute();
        for (const r of page) await write({ t, r: encodeRow(t, r as Row) });
        rows += page.length;
        if (page.length < 1000) break;
      }
    }
  });
  gz.end();
  await once(file, 'close');
  return { kind: 'jsonl', file: out, rows };
}

function isSqliteFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(16);
    readSync(fd, b, 0, 16, 0);
    return b.toString('latin1') === 'SQLite format 3\u0000';
  } finally {
    closeSync(fd);
  }
}

async function* rowsOfArchive(path: string): AsyncGenerator<{ t: string; r: Row } | { header: Row }> {
  const rl = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let first = true;
  for await (const line of rl) {
    if (!line.trim()) continue;
    const obj = JSON.parse(line) as Row;
    if (first) {
      if (obj.format !== 'jianshi-backup') throw new JianshiError('E_BACKUP', '不是检视备份文件。');
      first = false;
      yield { header: obj };
      continue;
    }
    yield { t: String(obj.t), r: decodeRow(String(obj.t), obj.r as Row) };
  }
  if (first) throw new JianshiError('E_BACKUP', '备份文件为空。');
}

async function* rowsOfSqlite(path: string): AsyncGenerator<{ t: string; r: Row } | { header: Row }> {
  const { dirname, basename } = await import('node:path');
  const src = await openDatabase({ dataDir: dirname(path), sqliteFile: basename(path) });
  try {
    yield { header: { migrations: await appliedMigrations(src.db) } };
    for (const t of TABLES_IN_ORDER) {
      for (const r of await src.db.selectFrom(t).selectAll().execute()) yield { t, r: r as Row };
    }
  } finally {
    await src.close();
  }
}

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  for (const t of ['people', 'organizations', 'materials', 'audit_log'] as const) {
    const n = Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    if (n > 0) return false;
  }
  return true;
}

/** Restore a backup into `store`, which must be empty unless `force` (then it is wiped first). */
export async function restore(store: Store, input: string, opts: { force?: boolean } = {}): Promise<{ rows: number }> {
  await migrateToLatest(store.db);
  if (!(await isEmpty(store.db))) {
    if (!opts.force) throw new JianshiError('E_BACKUP', '目标数据库不是空的：恢复会覆盖现有数据。确认后请加 --force。');
    while ((await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(store.db).then((r) => Number(r.rows[0].n))) > 0) await migrateDown(store.db);
    await migrateToLatest(store.db);
  }
  const source = isSqliteFile(input) ? rowsOfSqlite(input) : rowsOfArchive(input);
  const known = new Set(Object.keys(MIGRATIONS));
  let rows = 0;
  await store.db.transaction().execute(async (trx) => {
    let batch: Row[] = [];
    let table = '';
    const flush = async () => {
      if (batch.length) await trx.insertInto(table as keyof Database).values(batch as never).execute();
      rows += batch.length;
      batch = [];
    };
    for await (const item of source) {
      if ('header' in item) {
        const newer = ((item.header.migrations as string[]) ?? []).filter((m) => !known.has(m));
        if (newer.length) throw new JianshiError('E_BACKUP', `备份来自更新的版本（迁移 ${newer.join(', ')}），请先升级检视。`);
        continue;
      }
      if (!(TABLES_IN_ORDER as readonly string[]).includes(item.t)) throw new JianshiError('E_BACKUP', `备份中有未知的表：${item.t}`);
      if (item.t !== table || batch.length >= 200) {
        await flush();
        table = item.t;
      }
      batch.push(item.r);
    }
    await flush();
  });
  return { rows };
}
