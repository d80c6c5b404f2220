/**
 * The on-disk 查重 index in SQLite (better-sqlite3, prepared statements). Queries read only the
 * posting rows of the query's anchors — at most `cap + 1` per anchor — and the few candidate
 * documents, so the index is never loaded into memory.
 *
 *   sim_doc      one row per stored document: name, metadata, raw text, artifact mask, anchors
 *   sim_posting  (anchor hash, document id), clustered by hash (WITHOUT ROWID)
 *   sim_meta     schema version and the document count
 *
 * Adding a document inserts its row and postings; removing deletes them (anchors are kept in the
 * document row for that). Bulk `put` sorts the postings of a batch by hash before inserting, which
 * turns random B-tree inserts into near-sequential ones.
 */
import Database from 'better-sqlite3';
import { JianshiError } from '../../core/errors.js';
import type { DocMeta, IndexedDoc, Postings, SimilarityIndex, StoredDoc } from '../../core/similarity/port.js';

const SCHEMA_VERSION = '1';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sim_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sim_doc (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL DEFAULT 'material',
  org TEXT, year INTEGER, author TEXT, title TEXT,
  length INTEGER NOT NULL,
  mask TEXT NOT NULL,
  anchors BLOB NOT NULL,
  text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sim_posting (h INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (h, doc)) WITHOUT ROWID;
`;

export interface SqliteIndexOptions {
  /** Open read-only (checks only). */
  readonly?: boolean;
  /** Page cache in MiB (default 256; building a large index benefits from more). */
  cacheMiB?: number;
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
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA);
      const v = db.prepare(`SELECT value FROM sim_meta WHERE key = 'version'`).pluck().get() as string | undefined;
      if (!v) db.prepare(`INSERT INTO sim_meta (key, value) VALUES ('version', ?), ('count', '0')`).run(SCHEMA_VERSION);
      else if (v !== SCHEMA_VERSION) throw new JianshiError('E_BAD_ARGUMENT', `查重库版本不符（${v}，需要 ${SCHEMA_VERSION}）：请重新建立索引。`);
    }
    db.pragma(`cache_size = -${(opts.cacheMiB ?? 256) * 1024}`);
    db.pragma('mmap_size = 1073741824');
    db.pragma('temp_store = MEMORY');
    const hasSchema = db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'sim_doc'`).pluck().get() as number;
    if (!hasSchema) throw new JianshiError('E_BAD_ARGUMENT', `不是查重库：${file}`);
    this.stmts = {
      count: db.prepare(`SELECT CAST(value AS INTEGER) FROM sim_meta WHERE key = 'count'`).pluck(),
      setCount: opts.readonly ? null : db.prepare(`UPDATE sim_meta SET value = ? WHERE key = 'count'`),
      lookup: db.prepare(`SELECT doc FROM sim_posting WHERE h = ? LIMIT ?`).pluck(),
      idOf: db.prepare(`SELECT id FROM sim_doc WHERE name = ?`).pluck(),
      anchorsOf: db.prepare(`SELECT anchors FROM sim_doc WHERE id = ?`).pluck(),
      fetch: db.prepare(`SELECT id, name, kind, org, year, author, title, length, mask, text FROM sim_doc WHERE id = ?`),
      insertDoc: opts.readonly
        ? null
        : db.prepare(`INSERT INTO sim_doc (name, kind, org, year, author, title, length, mask, anchors, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertPosting: opts.readonly ? null : db.prepare(`INSERT OR IGNORE INTO sim_posting (h, doc) VALUES (?, ?)`),
      deletePosting: opts.readonly ? null : db.prepare(`DELETE FROM sim_posting WHERE h = ? AND doc = ?`),
      deleteDoc: opts.readonly ? null : db.prepare(`DELETE FROM sim_doc WHERE id = ?`),
    };
    this.n = this.stmts.count.get() as number;
  }

  async count(): Promise<number> {
    return this.n;
  }

  private removeSync(name: string): boolean {
    const id = this.stmts.idOf.get(name) as number | undefined;
    if (id === undefined) return false;
    const anchors = fromBlob(this.stmts.anchorsOf.get(id) as Buffer);
    for (const h of anchors) this.stmts.deletePosting!.run(h, id);
    this.stmts.deleteDoc!.run(id);
    this.n--;
    return true;
  }

  private readonlyGuard() {
    if (!this.stmts.insertDoc) throw new JianshiError('E_BAD_ARGUMENT', '查重库以只读方式打开。');
  }

  async put(docs: readonly IndexedDoc[]): Promise<void> {
    this.readonlyGuard();
    const tx = this.db.transaction((batch: readonly IndexedDoc[]) => {
      let total = 0;
      const ids: number[] = [];
      for (const d of batch) {
        this.removeSync(d.name);
        const m = d.meta;
        const r = this.stmts.insertDoc!.run(d.name, m.kind ?? 'material', m.org ?? null, m.year ?? null, m.author ?? null, m.title ?? null, d.length, JSON.stringify(d.mask), toBlob(d.anchors), d.text);
        ids.push(Number(r.lastInsertRowid));
        total += d.anchors.length;
        this.n++;
      }
      // Sort the batch's postings by (hash, doc): near-sequential B-tree inserts.
      const pairs = new Float64Array(total);
      let k = 0;
      batch.forEach((d, i) => {
        for (const h of d.anchors) pairs[k++] = h * 2 ** 21 + ids[i]; // exact below 2^53 for ids < 2^21
      });
      if (ids.some((id) => id >= 2 ** 21)) {
        batch.forEach((d, i) => {
          for (const h of d.anchors) this.stmts.insertPosting!.run(h, ids[i]);
        });
      } else {
        pairs.sort();
        for (const p of pairs) {
          const h = Math.floor(p / 2 ** 21);
          this.stmts.insertPosting!.run(h, p - h * 2 ** 21);
        }
      }
      this.stmts.setCount!.run(String(this.n));
    });
    tx(docs);
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
    for (let i = 0; i < hashes.length; i++) {
      const r = this.stmts.lookup.all(hashes[i], cap + 1) as number[];
      docs[i] = r.length > cap ? null : r;
    }
    return { docs };
  }

  async fetch(ids: readonly number[]): Promise<StoredDoc[]> {
    const out: StoredDoc[] = [];
    for (const id of ids) {
      const r = this.stmts.fetch.get(id) as DocRow | undefined;
      if (!r) continue;
      const meta: DocMeta = { kind: r.kind === 'template' ? 'template' : 'material', org: r.org, year: r.year, author: r.author, title: r.title };
      out.push({ id: r.id, name: r.name, text: r.text, mask: JSON.parse(r.mask) as [number, number][], length: r.length, meta });
    }
    return out;
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
