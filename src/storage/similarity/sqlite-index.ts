/**
 * The on-disk 查重 index in SQLite (better-sqlite3). Queries read only the lists of the query's
 * rare anchors and the few candidate documents, so the index is never loaded into memory.
 *
 *   sim_doc      one row per stored document: name, collection metadata (kind, organization, year,
 *                author), raw text, artifact mask, anchors
 *   sim_df       one row per anchor hash: its document frequency and, while that is at most
 *                LIST_CAP, the list of documents holding it ("12,57,311"). An anchor held by more
 *                documents is shared phrasing for any store this size; its list is dropped for good
 *                (a common formulation stays common), and only its count is kept.
 *   sim_meta     schema version and the document count
 *
 * Every look-up is one statement for all of a query's anchors (`json_each` over the hashes, joined
 * with sim_df by its integer key: one B-tree probe per anchor reads both the frequency and the
 * list), and a batch of documents is written with a few statements (`json_each` over packed
 * integers), so the per-row cost stays inside SQLite rather than in JavaScript ↔ SQLite round trips.
 *
 * Bulk loading (`bulk()`, used by `corpus index`): postings are appended to a temporary heap
 * (a TEMP table on disk, without any index) and merged into sim_df once at the end, in hash order.
 * Batch by batch updates of a large B-tree touch pages all over it, so their cost grows with the
 * index; the merge costs one sort. A bulk load that dies before its merge (its staged postings
 * vanish with the connection) is rolled back on the next writable open: the documents it added are
 * removed, so the index is never half-built; running the import again completes it.
 */
import Database from 'better-sqlite3';
import { JianshiError } from '../../core/errors.js';
import {
  anchorDelta,
  lastPerName,
  type Collection,
  type DocMeta,
  type IndexedDoc,
  type ListedDoc,
  type Postings,
  type SimilarityIndex,
  type StoredDoc,
} from '../../core/similarity/port.js';

const SCHEMA_VERSION = '4';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sim_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sim_doc (
  id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: a bulk load's documents are those from its first id on
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL DEFAULT 'material',
  org TEXT, year INTEGER, author TEXT, title TEXT,
  length INTEGER NOT NULL,
  mask TEXT NOT NULL,
  anchors BLOB NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sim_doc_org_year ON sim_doc (org, year);
CREATE INDEX IF NOT EXISTS sim_doc_author ON sim_doc (author, year);
CREATE TABLE IF NOT EXISTS sim_df (h INTEGER PRIMARY KEY, df INTEGER NOT NULL, docs TEXT);
`;

/** Documents listed per anchor at most; beyond, the anchor is shared phrasing for good. */
export const LIST_CAP = 4096;

/** Packing (hash, small number) into one JSON-safe integer: hash · 2^21 + x, x < 2^21. */
const SHIFT = 2 ** 21;

export interface SqliteIndexOptions {
  /** Open read-only (checks only). */
  readonly?: boolean;
  /** Page cache in MiB (default 256; building a large index benefits from more). */
  cacheMiB?: number;
}

/** Is a process of this machine still running? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** "12,57,311" → [12, 57, 311], without intermediate strings. */
function parseIds(list: string): number[] {
  const out: number[] = [];
  let x = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      out.push(x);
      x = 0;
    } else x = x * 10 + (c - 48);
  }
  if (list.length) out.push(x);
  return out;
}

function toBlob(a: Uint32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function fromBlob(b: Buffer): Uint32Array {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Uint32Array(copy.buffer, 0, b.byteLength >>> 2);
}

interface DocRow {
  id: number;
  name: string;
  kind: string;
  org: string | null;
  year: number | null;
  author: string | null;
  title: string | null;
  length: number;
  mask: string;
  text: string;
}

function metaOfRow(r: Omit<DocRow, 'mask' | 'text'>): DocMeta {
  return {
    kind: r.kind === 'template' ? 'template' : 'material',
    org: r.org,
    year: r.year,
    author: r.author,
    title: r.title,
  };
}

/** JSON arrays of at most `size` elements (SQLite parses each as one argument). */
function chunks(xs: ArrayLike<number>, size = 50_000): string[] {
  const out: string[] = [];
  for (let i = 0; i < xs.length; i += size)
    out.push(JSON.stringify(Array.from(Array.prototype.slice.call(xs, i, i + size) as number[])));
  return out;
}

/** sim_doc's columns after the name, in table order (kind … text). */
function columnsOf(d: IndexedDoc) {
  const m = d.meta;
  return [
    m.kind ?? 'material',
    m.org ?? null,
    m.year ?? null,
    m.author ?? null,
    m.title ?? null,
    d.length,
    JSON.stringify(d.mask),
    toBlob(d.anchors),
    d.text,
  ] as const;
}

export class SqliteSimilarityIndex implements SimilarityIndex {
  readonly db: Database.Database;
  private n: number;
  private stmts;

  constructor(file: string, opts: SqliteIndexOptions = {}) {
    try {
      this.db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
    } catch (e) {
      throw new JianshiError('E_IO', `无法打开查重库：${file}（${(e as Error).message}）`);
    }
    const db = this.db;
    const hasTable = (name: string) =>
      (db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = ?`).pluck().get(name) as number) > 0;
    if (hasTable('sim_meta')) {
      const v = db.prepare(`SELECT value FROM sim_meta WHERE key = 'version'`).pluck().get() as string | undefined;
      if (v !== SCHEMA_VERSION) {
        db.close();
        throw new JianshiError(
          'E_BAD_ARGUMENT',
          `查重库版本不符（${v ?? '无'}，需要 ${SCHEMA_VERSION}）：请重新建立索引。`,
        );
      }
    }
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA);
      const v = db.prepare(`SELECT value FROM sim_meta WHERE key = 'version'`).pluck().get() as string | undefined;
      if (!v) db.prepare(`INSERT INTO sim_meta (key, value) VALUES ('version', ?), ('count', '0')`).run(SCHEMA_VERSION);
    }
    db.pragma(`cache_size = -${(opts.cacheMiB ?? 256) * 1024}`);
    // Checks read through a memory map (no copies; clamped by SQLite to its compile-time maximum,
    // 2 GiB here). A writer does not map the file: a bulk load touches all of it, and mapped pages
    // would count against the build's memory.
    if (opts.readonly) db.pragma('mmap_size = 17179869184');
    db.pragma('temp_store = MEMORY');
    if (!hasTable('sim_doc') || !hasTable('sim_df')) {
      db.close();
      throw new JianshiError('E_BAD_ARGUMENT', `不是查重库：${file}`);
    }
    const w = !opts.readonly;
    this.stmts = {
      count: db.prepare(`SELECT CAST(value AS INTEGER) FROM sim_meta WHERE key = 'count'`).pluck(),
      setCount: w ? db.prepare(`UPDATE sim_meta SET value = ? WHERE key = 'count'`) : null,
      lookup: db
        .prepare(
          `SELECT j.key, d.df, CASE WHEN d.df <= ? THEN d.docs END FROM json_each(?) j JOIN sim_df d ON d.h = j.value`,
        )
        .raw(),
      idOf: db.prepare(`SELECT id FROM sim_doc WHERE name = ?`).pluck(),
      anchorsOf: db.prepare(`SELECT anchors FROM sim_doc WHERE id = ?`).pluck(),
      fetch: db.prepare(
        `SELECT id, name, kind, org, year, author, title, length, mask, text FROM sim_doc WHERE id = ?`,
      ),
      meta: db.prepare(`SELECT id, name, kind, org, year, author, title, length FROM sim_doc WHERE id = ?`),
      insertDoc: w
        ? db.prepare(
            `INSERT INTO sim_doc (name, kind, org, year, author, title, length, mask, anchors, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
        : null,
      // [hash, count, "id,id"] per anchor of a batch.
      addLists: w
        ? db.prepare(
            `INSERT INTO sim_df (h, df, docs) SELECT value ->> 0, value ->> 1, CASE WHEN value ->> 1 <= ${LIST_CAP} THEN value ->> 2 END FROM json_each(?) WHERE true
             ON CONFLICT (h) DO UPDATE SET df = df + excluded.df,
               docs = CASE WHEN docs IS NOT NULL AND excluded.docs IS NOT NULL AND df + excluded.df <= ${LIST_CAP} THEN docs || ',' || excluded.docs END`,
          )
        : null,
      // A document leaves the lists that hold it (and the counts of anchors too common to list).
      unlist: w
        ? db.prepare(
            `UPDATE sim_df SET df = df - 1, docs = CASE WHEN docs IS NOT NULL THEN trim(replace(',' || docs || ',', ',' || ?1 || ',', ','), ',') END
             WHERE h IN (SELECT value FROM json_each(?2)) AND (docs IS NULL OR instr(',' || docs || ',', ',' || ?1 || ',') > 0)`,
          )
        : null,
      dropDf: w ? db.prepare(`DELETE FROM sim_df WHERE df <= 0 AND h IN (SELECT value FROM json_each(?))`) : null,
      deleteDoc: w ? db.prepare(`DELETE FROM sim_doc WHERE id = ?`) : null,
      updateDoc: w
        ? db.prepare(
            `UPDATE sim_doc SET kind = ?, org = ?, year = ?, author = ?, title = ?, length = ?, mask = ?, anchors = ?, text = ? WHERE id = ?`,
          )
        : null,
    };
    this.n = this.stmts.count.get() as number;
    if (w) this.rollBackInterruptedBulk(false);
  }

  private bulkDepth = 0;
  /** Documents put during the current bulk load (their postings are staged, not yet counted). */
  private stagedIds = new Set<number>();
  private stage: { pack: Database.Statement; pairs: Database.Statement; drop: Database.Statement } | null = null;

  /**
   * Run `f` (which puts documents) as one bulk load: postings are staged and merged at the end.
   * Look-ups inside `f` do not see the staged documents.
   */
  async bulk<T>(f: () => Promise<T>): Promise<T> {
    this.readonlyGuard();
    if (this.bulkDepth === 0) this.beginBulk();
    this.bulkDepth++;
    let ok = false;
    try {
      const r = await f();
      ok = true;
      return r;
    } finally {
      if (--this.bulkDepth === 0) this.endBulk(ok);
    }
  }

  private beginBulk(): void {
    const db = this.db;
    // Ids are never reused (AUTOINCREMENT): every document of this load has an id from `next` on.
    const seq =
      (db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'sim_doc'`).pluck().get() as number | undefined) ?? 0;
    const max = (db.prepare(`SELECT max(id) FROM sim_doc`).pluck().get() as number | null) ?? 0;
    const next = Math.max(seq, max) + 1;
    db.prepare(`INSERT OR REPLACE INTO sim_meta (key, value) VALUES ('bulk_from', ?)`).run(`${next}:${process.pid}`);
    try {
      db.pragma('temp_store = FILE'); // the staged postings can exceed memory
      db.exec(
        `DROP TABLE IF EXISTS temp.sim_stage; CREATE TEMP TABLE sim_stage (h INTEGER NOT NULL, doc INTEGER NOT NULL)`,
      );
      this.stage = {
        pack: db.prepare(`INSERT INTO temp.sim_stage (h, doc) SELECT value >> 21, value & 2097151 FROM json_each(?)`),
        pairs: db.prepare(`INSERT INTO temp.sim_stage (h, doc) SELECT value ->> 0, value ->> 1 FROM json_each(?)`),
        drop: db.prepare(`DELETE FROM temp.sim_stage WHERE doc = ?`),
      };
    } catch (e) {
      db.prepare(`DELETE FROM sim_meta WHERE key = 'bulk_from'`).run();
      throw e;
    }
  }

  /** Merge the staged postings into sim_df (one sort, then ordered inserts), or roll the load back. */
  private endBulk(ok: boolean): void {
    const db = this.db;
    let merged = false;
    try {
      if (ok) {
        db.transaction(() => {
          db.exec(`
            CREATE INDEX temp.sim_stage_h ON sim_stage (h, doc);
            INSERT INTO sim_df (h, df, docs)
              SELECT h, count(*), CASE WHEN count(*) <= ${LIST_CAP} THEN group_concat(doc) END FROM temp.sim_stage GROUP BY h ORDER BY h
              ON CONFLICT (h) DO UPDATE SET df = df + excluded.df,
                docs = CASE WHEN docs IS NOT NULL AND excluded.docs IS NOT NULL AND df + excluded.df <= ${LIST_CAP} THEN docs || ',' || excluded.docs END;
            DELETE FROM sim_meta WHERE key = 'bulk_from';
          `);
        })();
        merged = true;
      }
    } finally {
      db.exec(`DROP TABLE IF EXISTS temp.sim_stage`);
      db.pragma('temp_store = MEMORY');
      this.stage = null;
      this.stagedIds.clear();
      if (!merged) this.rollBackInterruptedBulk(true);
    }
  }

  /**
   * Remove the documents of a bulk load that never merged its postings. On open (`own` false), a
   * load whose process still runs is not interrupted but in progress: the open is refused.
   */
  private rollBackInterruptedBulk(own: boolean): void {
    const mark = this.db.prepare(`SELECT value FROM sim_meta WHERE key = 'bulk_from'`).pluck().get() as
      string | undefined;
    if (mark === undefined) return;
    const [from, pid] = mark.split(':').map(Number);
    if (!own && pid && alive(pid)) {
      this.db.close();
      throw new JianshiError('E_CONFLICT', `另一个进程（${pid}）正在向该查重库批量导入，请等它结束后再试。`);
    }
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM sim_doc WHERE id >= ?`).run(from);
      this.n = this.db.prepare(`SELECT count(*) FROM sim_doc`).pluck().get() as number;
      this.stmts.setCount!.run(String(this.n));
      this.db.prepare(`DELETE FROM sim_meta WHERE key = 'bulk_from'`).run();
    })();
  }

  async count(): Promise<number> {
    return this.n;
  }

  private removeSync(name: string): boolean {
    const id = this.stmts.idOf.get(name) as number | undefined;
    if (id === undefined) return false;
    if (this.stagedIds.has(id)) {
      this.stage!.drop.run(id);
      this.stagedIds.delete(id);
      // Put earlier in this bulk load: its postings are still staged, not yet counted.
      this.stmts.deleteDoc!.run(id);
      this.n--;
      return true;
    }
    this.unlistSync(id, fromBlob(this.stmts.anchorsOf.get(id) as Buffer));
    this.stmts.deleteDoc!.run(id);
    this.n--;
    return true;
  }

  /** Take document `id` off the lists (and counts) of these anchors. */
  private unlistSync(id: number, anchors: ArrayLike<number>): void {
    for (const c of chunks(anchors)) {
      this.stmts.unlist!.run({ 1: String(id), 2: c });
      this.stmts.dropDf!.run(c);
    }
  }

  /**
   * Replace a listed document in place (same id): only the anchors it lost or gained change their
   * lists. Returns its id and the anchors to list it under, or null when the name is not listed.
   */
  private replaceSync(d: IndexedDoc): { id: number; added: number[] } | null {
    const id = this.stmts.idOf.get(d.name) as number | undefined;
    if (id === undefined || this.stagedIds.has(id)) return null;
    const { gone, added } = anchorDelta(fromBlob(this.stmts.anchorsOf.get(id) as Buffer), d.anchors);
    this.unlistSync(id, gone);
    this.stmts.updateDoc!.run(...columnsOf(d), id);
    return { id, added };
  }

  private readonlyGuard() {
    if (!this.stmts.insertDoc) throw new JianshiError('E_BAD_ARGUMENT', '查重库以只读方式打开。');
  }

  async put(docs: readonly IndexedDoc[]): Promise<void> {
    this.readonlyGuard();
    const tx = this.db.transaction((batch: readonly IndexedDoc[]) => {
      let total = 0;
      // Per document: its id and the anchors to list it under.
      const ids: number[] = [];
      const adds: ArrayLike<number>[] = [];
      for (const d of batch) {
        const replaced = this.bulkDepth ? null : this.replaceSync(d);
        if (replaced) {
          ids.push(replaced.id);
          adds.push(replaced.added);
          continue;
        }
        this.removeSync(d.name);
        const r = this.stmts.insertDoc!.run(d.name, ...columnsOf(d));
        ids.push(Number(r.lastInsertRowid));
        adds.push(d.anchors);
        if (this.bulkDepth) this.stagedIds.add(ids[ids.length - 1]);
        total += d.anchors.length;
        this.n++;
      }
      if (this.bulkDepth > 0) {
        // Staged as they come; merged in hash order at the end of the load.
        if (ids.every((id) => id < SHIFT)) {
          const pairs = new Float64Array(total);
          let k = 0;
          batch.forEach((d, i) => {
            for (const h of d.anchors) pairs[k++] = h * SHIFT + ids[i]; // exact below 2^53
          });
          for (const c of chunks(pairs)) this.stage!.pack.run(c);
        } else {
          const pairs: [number, number][] = [];
          batch.forEach((d, i) => {
            for (const h of d.anchors) pairs.push([h, ids[i]]);
          });
          for (let i = 0; i < pairs.length; i += 20_000)
            this.stage!.pairs.run(JSON.stringify(pairs.slice(i, i + 20_000)));
        }
      } else {
        // One row per distinct anchor of the batch, in hash order: [hash, count, "id,id"].
        const lists = new Map<number, number[]>();
        adds.forEach((hs, i) => {
          for (let k = 0; k < hs.length; k++) {
            const l = lists.get(hs[k]);
            if (l) l.push(ids[i]);
            else lists.set(hs[k], [ids[i]]);
          }
        });
        const rows = [...lists].sort((a, b) => a[0] - b[0]).map(([h, l]) => [h, l.length, l.join(',')]);
        for (let i = 0; i < rows.length; i += 20_000)
          this.stmts.addLists!.run(JSON.stringify(rows.slice(i, i + 20_000)));
      }
      this.stmts.setCount!.run(String(this.n));
    });
    tx(lastPerName(docs));
  }

  async remove(name: string): Promise<boolean> {
    this.readonlyGuard();
    const tx = this.db.transaction(() => {
      const ok = this.removeSync(name);
      this.stmts.setCount!.run(String(this.n));
      return ok;
    });
    return tx();
  }

  async lookup(hashes: Uint32Array, cap: number): Promise<Postings> {
    const docs: (number[] | null)[] = new Array(hashes.length);
    for (let i = 0; i < hashes.length; i++) docs[i] = [];
    const df: number[] = new Array<number>(hashes.length).fill(0);
    if (!hashes.length) return { docs, df };
    const rows = this.stmts.lookup.all(Math.min(cap, LIST_CAP), JSON.stringify(Array.from(hashes))) as [
      number,
      number,
      string | null,
    ][];
    for (const [i, n, list] of rows) {
      df[i] = n;
      docs[i] = n > cap || list === null ? null : parseIds(list);
    }
    return { docs, df };
  }

  async fetch(ids: readonly number[]): Promise<StoredDoc[]> {
    const out: StoredDoc[] = [];
    for (const id of ids) {
      const r = this.stmts.fetch.get(id) as DocRow | undefined;
      if (r)
        out.push({
          id: r.id,
          name: r.name,
          text: r.text,
          mask: JSON.parse(r.mask) as [number, number][],
          length: r.length,
          meta: metaOfRow(r),
        });
    }
    return out;
  }

  async metaOf(ids: readonly number[]): Promise<ListedDoc[]> {
    const out: ListedDoc[] = [];
    for (const id of ids) {
      const r = this.stmts.meta.get(id) as Omit<DocRow, 'mask' | 'text'> | undefined;
      if (r) out.push({ id: r.id, name: r.name, length: r.length, meta: metaOfRow(r) });
    }
    return out;
  }

  async list(c: Collection = {}): Promise<ListedDoc[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (c.kind !== undefined) (where.push('kind = ?'), args.push(c.kind));
    if (c.org !== undefined) (where.push('org = ?'), args.push(c.org));
    if (c.year !== undefined) (where.push('year = ?'), args.push(c.year));
    if (c.author !== undefined) (where.push('author = ?'), args.push(c.author));
    const sql = `SELECT id, name, kind, org, year, author, title, length FROM sim_doc ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY name`;
    return (this.db.prepare(sql).all(...args) as Omit<DocRow, 'mask' | 'text'>[]).map((r) => ({
      id: r.id,
      name: r.name,
      length: r.length,
      meta: metaOfRow(r),
    }));
  }

  async idOf(name: string): Promise<number | null> {
    return (this.stmts.idOf.get(name) as number | undefined) ?? null;
  }

  /** Names of all stored documents (for listings). */
  names(): string[] {
    return this.db.prepare(`SELECT name FROM sim_doc ORDER BY name`).pluck().all() as string[];
  }

  async close(): Promise<void> {
    if (this.db.open) {
      if (!this.db.readonly) this.db.pragma('optimize');
      this.db.close();
    }
  }
}
