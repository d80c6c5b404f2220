/**
 * Online, consistent backups and restore, on both databases — of everything the server keeps:
 * the database, the 网络范文 library of the 查重 index, and the evidence files of EVIDENCE_DIR.
 *
 *   backup(store, OUT, { index, evidenceDir })
 *     SQLite     → the online backup API of SQLite (a consistent copy while the server runs);
 *                  OUT is a SQLite database file (journal mode DELETE: one self-contained file),
 *                  with one more table, `jianshi_backup_files`, holding the files below.
 *     PostgreSQL → one READ ONLY, REPEATABLE READ transaction (a single snapshot) dumping every
 *                  table, parents first, to a gzip'd JSON-lines archive:
 *                  {"format":"jianshi-backup","version":2,…} then {"t":table,"r":row} per row,
 *                  then {"f":"template",…} / {"f":"evidence",…} per file.
 *   restore(store, IN, { index, evidenceDir })
 *     reads either kind (told apart by the bytes), into an EMPTY database of either kind (a
 *     SQLite backup can be restored into PostgreSQL and back), in one transaction: all or nothing.
 *     A never-used data directory or database is the normal case (disaster recovery): it is set up.
 *
 * What is in a backup and what is not:
 *   - every table of TABLES_IN_ORDER (derived tables such as ledger_stats are rebuilt by triggers);
 *   - the templates (网络范文) of the 查重 index — imported by an administrator, found nowhere else.
 *     The index's materials are not: they are derived from the database and re-indexed when the
 *     server starts (syncSimilarityIndex); a restore drops the stale ones;
 *   - evidence files kept in EVIDENCE_DIR (those kept in the database are rows). Restored into
 *     EVIDENCE_DIR when one is configured, otherwise into the database;
 *   - not the audit checkpoint file (audit-checkpoint.ts): it is an anchor kept apart from the
 *     database on purpose, and a backup must not carry its own anchors.
 */
import {
  chmodSync,
  createReadStream,
  createWriteStream,
  existsSync,
  statSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  closeSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { dirname, join, resolve, sep } from 'node:path';
import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { BINARY_COLUMNS, TABLES_IN_ORDER, type Database } from './schema.js';
import { migrateDown, migrateToLatest, openDatabase, type OpenOptions, type Store } from './db.js';
import { JianshiError } from '../core/errors.js';
import { MIGRATIONS } from './migrations/index.js';
import type { SimilarityIndex } from '../core/similarity/port.js';
import { indexDocument } from '../core/similarity/engine.js';

export const BACKUP_VERSION = 2;
/** The table of a SQLite backup holding the files (templates, evidence). */
const FILES_TABLE = 'jianshi_backup_files';

export interface BackupOptions {
  /** The server's 查重 index: its templates (网络范文) go into the backup. */
  index?: SimilarityIndex;
  /** EVIDENCE_DIR: the evidence files stored there go into the backup. */
  evidenceDir?: string;
}

export interface BackupResult {
  kind: 'sqlite' | 'jsonl';
  file: string;
  rows: number;
  templates: number;
  evidenceFiles: number;
  /** Files that could not be included (missing, damaged): the backup is made, the problem reported. */
  warnings: string[];
}

type Row = Record<string, unknown>;

/** A file carried by a backup beside the tables. */
type Extra =
  | { kind: 'template'; name: string; title: string | null; text: string }
  | { kind: 'evidence'; path: string; sha256: string; bytes: Buffer };

type Item = { t: string; r: Row } | { header: Row } | { extra: Extra };

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

// ---------------------------------------------------------------- an initialised store

/** Has this database been set up by Jianshi (its migrations table exists)? */
export async function isInitialized(store: Store): Promise<boolean> {
  if (store.dialect === 'sqlite') {
    const r = await sql<{
      n: number;
    }>`select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(store.db);
    return Number(r.rows[0].n) > 0;
  }
  const r = await sql<{ t: string | null }>`select to_regclass('kysely_migration')::text as t`.execute(store.db);
  return r.rows[0].t !== null;
}

export function notInitialized(where: { databaseUrl?: string; dataDir?: string }): JianshiError {
  return new JianshiError(
    'E_NOT_INITIALIZED',
    where.databaseUrl
      ? '数据库尚未初始化：DATABASE_URL 所指的数据库中还没有检视的数据表。请检查 DATABASE_URL 是否正确；新部署请先启动一次服务（jianshi serve），要从备份恢复请用 jianshi restore。'
      : `数据目录尚未初始化：${resolve(where.dataDir ?? './data')} 中还没有检视的数据库。请检查 DATA_DIR 是否正确；新部署请先启动一次服务（jianshi serve），要从备份恢复请用 jianshi restore。`,
    { dataDir: where.databaseUrl ? undefined : resolve(where.dataDir ?? './data') },
  );
}

export async function assertInitialized(store: Store): Promise<void> {
  if (!(await isInitialized(store)))
    throw notInitialized(
      store.dialect === 'postgres'
        ? { databaseUrl: 'postgres' }
        : { dataDir: store.file ? dirname(store.file) : undefined },
    );
}

/** Open an existing, set-up store — without creating an empty SQLite file where there was none. */
export async function openInitialized(opts: OpenOptions): Promise<Store> {
  if (!opts.databaseUrl && !existsSync(join(resolve(opts.dataDir ?? './data'), opts.sqliteFile ?? 'jianshi.db')))
    throw notInitialized(opts);
  const store = await openDatabase(opts);
  try {
    await assertInitialized(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

// ---------------------------------------------------------------- the files beside the tables

async function templatesOf(index: SimilarityIndex): Promise<Extra[]> {
  const listed = await index.list({ kind: 'template' });
  const out: Extra[] = [];
  for (let k = 0; k < listed.length; k += 100) {
    for (const d of await index.fetch(listed.slice(k, k + 100).map((x) => x.id)))
      out.push({ kind: 'template', name: d.name, title: d.meta.title ?? null, text: d.text });
  }
  return out;
}

/** The evidence files of EVIDENCE_DIR that rows of the backup point to. */
function* evidenceOf(
  rows: { stored_path: string | null; sha256: string }[],
  dir: string | undefined,
  warnings: string[],
): Generator<Extra> {
  if (!rows.length) return;
  if (!dir)
    throw new JianshiError(
      'E_BACKUP',
      `数据库中有 ${rows.length} 份佐证材料保存在佐证目录（EVIDENCE_DIR）中，备份须包含这些文件：请设置与服务相同的 EVIDENCE_DIR 后再备份。`,
    );
  const root = resolve(dir);
  for (const r of rows) {
    const abs = r.stored_path ? resolve(root, r.stored_path) : '';
    if (!abs.startsWith(root + sep)) {
      warnings.push(`佐证材料路径无效，未备份：${r.stored_path}`);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(abs);
    } catch {
      warnings.push(`佐证材料文件缺失，未备份：${r.stored_path}`);
      continue;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== r.sha256)
      warnings.push(`佐证材料文件已损坏（校验值不符），仍照原样备份：${r.stored_path}`);
    yield { kind: 'evidence', path: r.stored_path!, sha256: r.sha256, bytes };
  }
}

export async function backup(store: Store, out: string, opts: BackupOptions = {}): Promise<BackupResult> {
  await assertInitialized(store);
  const warnings: string[] = [];
  const templates = opts.index ? await templatesOf(opts.index) : [];
  if (store.dialect === 'sqlite') {
    // A backup holds password hashes and every material: readable by its owner only (0600), from its first byte.
    closeSync(openSync(out, 'w', 0o600));
    chmodSync(out, 0o600);
    await store.sqlite!.backup(out);
    // The files go into the copy itself; counts and evidence rows are read from it (its snapshot).
    const h = new BetterSqlite3(out);
    let rows = 0;
    let evidenceFiles = 0;
    try {
      h.pragma('journal_mode = DELETE');
      for (const t of TABLES_IN_ORDER) rows += Number(h.prepare(`select count(*) from "${t}"`).pluck().get());
      // (A backup copied into place as the database brings the table along: start it afresh.)
      h.exec(
        `DROP TABLE IF EXISTS ${FILES_TABLE}; CREATE TABLE ${FILES_TABLE} (kind TEXT NOT NULL, name TEXT NOT NULL, meta TEXT, bytes BLOB NOT NULL, PRIMARY KEY (kind, name))`,
      );
      const ins = h.prepare(`INSERT OR REPLACE INTO ${FILES_TABLE} (kind, name, meta, bytes) VALUES (?, ?, ?, ?)`);
      h.transaction(() => {
        for (const x of templates)
          if (x.kind === 'template')
            ins.run('template', x.name, JSON.stringify({ title: x.title }), Buffer.from(x.text, 'utf8'));
      })();
      const dirRows = h
        .prepare(`select stored_path, sha256 from evidence_files where storage = 'dir' order by id`)
        .all() as { stored_path: string | null; sha256: string }[];
      for (const x of evidenceOf(dirRows, opts.evidenceDir, warnings)) {
        if (x.kind !== 'evidence') continue;
        ins.run('evidence', x.path, JSON.stringify({ sha256: x.sha256 }), x.bytes);
        evidenceFiles++;
      }
    } catch (e) {
      h.close();
      rmSync(out, { force: true });
      throw e;
    }
    h.close();
    return { kind: 'sqlite', file: out, rows, templates: templates.length, evidenceFiles, warnings };
  }
  const gz = createGzip();
  const file = createWriteStream(out, { mode: 0o600 });
  file.once('open', () => chmodSync(out, 0o600));
  gz.pipe(file);
  const write = async (obj: unknown) => {
    if (!gz.write(JSON.stringify(obj) + '\n')) await once(gz, 'drain');
  };
  let rows = 0;
  let evidenceFiles = 0;
  try {
    await store.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`set transaction read only`.execute(trx);
        await write({
          format: 'jianshi-backup',
          version: BACKUP_VERSION,
          dialect: store.dialect,
          createdAt: new Date().toISOString(),
          migrations: await appliedMigrations(trx),
        });
        for (const t of TABLES_IN_ORDER) {
          // Keyset-free paging is fine inside one snapshot: the data cannot move under us.
          for (let offset = 0; ; offset += 1000) {
            const page = await trx
              .selectFrom(t)
              .selectAll()
              .orderBy(sql`1`)
              .limit(1000)
              .offset(offset)
              .execute();
            for (const r of page) await write({ t, r: encodeRow(t, r as Row) });
            rows += page.length;
            if (page.length < 1000) break;
          }
        }
        for (const x of templates)
          if (x.kind === 'template') await write({ f: 'template', name: x.name, title: x.title, text: x.text });
        const dirRows = await trx
          .selectFrom('evidence_files')
          .select(['stored_path', 'sha256'])
          .where('storage', '=', 'dir')
          .orderBy('id')
          .execute();
        for (const x of evidenceOf(dirRows, opts.evidenceDir, warnings)) {
          if (x.kind !== 'evidence') continue;
          await write({ f: 'evidence', path: x.path, sha256: x.sha256, b64: x.bytes.toString('base64') });
          evidenceFiles++;
        }
      });
  } catch (e) {
    gz.destroy();
    file.destroy();
    rmSync(out, { force: true });
    throw e;
  }
  gz.end();
  await once(file, 'close');
  return { kind: 'jsonl', file: out, rows, templates: templates.length, evidenceFiles, warnings };
}

function isSqliteFile(path: string): boolean {
  let fd: number;
  try {
    if (statSync(path).isDirectory())
      throw new JianshiError('E_BACKUP', `${path} 是一个目录，不是备份文件：请给出 jianshi backup 生成的文件。`);
    fd = openSync(path, 'r');
  } catch (e) {
    if (e instanceof JianshiError) throw e;
    throw new JianshiError(
      'E_BACKUP',
      `无法读取备份文件 ${path}：${(e as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (e as Error).message}`,
    );
  }
  try {
    const b = Buffer.alloc(16);
    readSync(fd, b, 0, 16, 0);
    return b.toString('latin1') === 'SQLite format 3\u0000';
  } finally {
    closeSync(fd);
  }
}

async function* rowsOfArchive(path: string): AsyncGenerator<Item> {
  const rl = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let first = true;
  for await (const line of rl) {
    if (!line.trim()) continue;
    const obj = JSON.parse(line) as Row;
    if (first) {
      if (obj.format !== 'jianshi-backup') throw new JianshiError('E_BACKUP', '不是检视备份文件。');
      if (Number(obj.version) > BACKUP_VERSION)
        throw new JianshiError('E_BACKUP', `备份格式（版本 ${obj.version}）来自更新的检视，请先升级检视。`);
      first = false;
      yield { header: obj };
      continue;
    }
    if (obj.f === 'template')
      yield {
        extra: {
          kind: 'template',
          name: String(obj.name),
          title: (obj.title as string | null) ?? null,
          text: String(obj.text),
        },
      };
    else if (obj.f === 'evidence')
      yield {
        extra: {
          kind: 'evidence',
          path: String(obj.path),
          sha256: String(obj.sha256),
          bytes: Buffer.from(String(obj.b64), 'base64'),
        },
      };
    else if (obj.f !== undefined)
      throw new JianshiError('E_BACKUP', `备份中有未知的内容：${String(obj.f)}（来自更新的检视？）`);
    else yield { t: String(obj.t), r: decodeRow(String(obj.t), obj.r as Row) };
  }
  if (first) throw new JianshiError('E_BACKUP', '备份文件为空。');
}

/** A SQLite backup, read-only (the backup file is not changed by reading it). */
async function* rowsOfSqlite(path: string): AsyncGenerator<Item> {
  const h = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const has = (t: string) =>
      Number(h.prepare(`select count(*) from sqlite_master where type = 'table' and name = ?`).pluck().get(t)) > 0;
    if (!has('kysely_migration'))
      throw new JianshiError(
        'E_BACKUP',
        `${path} 不是检视的备份：其中没有检视的数据表（可能是未初始化的数据目录中的空数据库）。`,
      );
    yield {
      header: { migrations: h.prepare('select name from kysely_migration order by name').pluck().all() as string[] },
    };
    for (const t of TABLES_IN_ORDER) {
      if (!has(t)) continue; // a table of a later version than the backup's: nothing to restore
      for (const r of h.prepare(`select * from "${t}"`).iterate()) yield { t, r: r as Row };
    }
    if (has(FILES_TABLE)) {
      for (const r of h
        .prepare(`select kind, name, meta, bytes from ${FILES_TABLE} order by kind desc, name`)
        .iterate() as Iterable<{ kind: string; name: string; meta: string | null; bytes: Buffer }>) {
        const meta = (r.meta ? JSON.parse(r.meta) : {}) as { title?: string | null; sha256?: string };
        if (r.kind === 'template')
          yield {
            extra: { kind: 'template', name: r.name, title: meta.title ?? null, text: r.bytes.toString('utf8') },
          };
        else if (r.kind === 'evidence')
          yield { extra: { kind: 'evidence', path: r.name, sha256: meta.sha256 ?? '', bytes: r.bytes } };
      }
    }
  } finally {
    h.close();
  }
}

/** Reading errors of a backup (not a gzip file, a damaged line) become a clear E_BACKUP. */
async function* readable(path: string, source: AsyncGenerator<Item>): AsyncGenerator<Item> {
  for (;;) {
    let n: IteratorResult<Item>;
    try {
      n = await source.next();
    } catch (e) {
      if (e instanceof JianshiError) throw e;
      throw new JianshiError(
        'E_BACKUP',
        `无法读取备份文件 ${path}：${(e as Error).message}（文件不完整，或不是检视的备份）`,
      );
    }
    if (n.done) return;
    yield n.value;
  }
}

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  for (const t of ['people', 'organizations', 'materials', 'audit_log'] as const) {
    const n = Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (n > 0) return false;
  }
  return true;
}

export interface RestoreOptions extends BackupOptions {
  /** Wipe a non-empty target first. */
  force?: boolean;
}

/**
 * Restore a backup into `store`, which must be empty unless `force` (then it is wiped first). A store
 * never set up is migrated first. The templates go into `index` (stale materials leave it: the
 * server re-indexes the restored ones when it starts), evidence files into `evidenceDir` or, when
 * none is configured, into the database.
 */
export async function restore(
  store: Store,
  input: string,
  opts: RestoreOptions = {},
): Promise<{ rows: number; templates: number; evidenceFiles: number }> {
  const source = readable(input, isSqliteFile(input) ? rowsOfSqlite(input) : rowsOfArchive(input));
  await migrateToLatest(store.db);
  if (!(await isEmpty(store.db))) {
    if (!opts.force) throw new JianshiError('E_BACKUP', '目标数据库不是空的：恢复会覆盖现有数据。确认后请加 --force。');
    while (
      (await sql<{ n: number }>`select count(*) as n from kysely_migration`
        .execute(store.db)
        .then((r) => Number(r.rows[0].n))) > 0
    )
      await migrateDown(store.db);
    await migrateToLatest(store.db);
  }
  const known = new Set(Object.keys(MIGRATIONS));
  const templates: Extract<Extra, { kind: 'template' }>[] = [];
  let rows = 0;
  let evidenceFiles = 0;
  const evidenceRoot = opts.evidenceDir ? resolve(opts.evidenceDir) : null;
  await store.db.transaction().execute(async (trx) => {
    let batch: Row[] = [];
    let table = '';
    const flush = async () => {
      if (batch.length)
        await trx
          .insertInto(table as keyof Database)
          .values(batch as never)
          .execute();
      rows += batch.length;
      batch = [];
    };
    for await (const item of source) {
      if ('header' in item) {
        const newer = ((item.header.migrations as string[]) ?? []).filter((m) => !known.has(m));
        if (newer.length)
          throw new JianshiError('E_BACKUP', `备份来自更新的版本（迁移 ${newer.join(', ')}），请先升级检视。`);
        continue;
      }
      if ('extra' in item) {
        await flush();
        const x = item.extra;
        if (x.kind === 'template') templates.push(x);
        else if (evidenceRoot) {
          const abs = resolve(evidenceRoot, x.path);
          if (!abs.startsWith(evidenceRoot + sep))
            throw new JianshiError('E_BACKUP', `备份中的佐证材料路径无效：${x.path}`);
          mkdirSync(dirname(abs), { recursive: true, mode: 0o700 });
          writeFileSync(abs, x.bytes, { mode: 0o600 });
          evidenceFiles++;
        } else {
          // No EVIDENCE_DIR here: the file goes into its row, as evidence kept in the database.
          const r = await trx
            .updateTable('evidence_files')
            .set({ storage: 'db', bytes: x.bytes, stored_path: null })
            .where('storage', '=', 'dir')
            .where('stored_path', '=', x.path)
            .executeTakeFirst();
          evidenceFiles += Number(r.numUpdatedRows);
        }
        continue;
      }
      if (!(TABLES_IN_ORDER as readonly string[]).includes(item.t))
        throw new JianshiError('E_BACKUP', `备份中有未知的表：${item.t}`);
      if (item.t !== table || batch.length >= 200) {
        await flush();
        table = item.t;
      }
      batch.push(item.r);
    }
    await flush();
  });
  if (opts.index) {
    // Every material in the index is stale (the target was empty or wiped); so are the old templates when wiped.
    for (const d of await opts.index.list(opts.force ? {} : { kind: 'material' })) await opts.index.remove(d.name);
    for (let k = 0; k < templates.length; k += 20) {
      await opts.index.put(
        templates.slice(k, k + 20).map((t) => indexDocument(t.name, t.text, { kind: 'template', title: t.title })),
      );
    }
  }
  return { rows, templates: opts.index ? templates.length : 0, evidenceFiles };
}
