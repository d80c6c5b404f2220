/**
 * The 查重 index in PostgreSQL (when Jianshi runs on PostgreSQL). Same tables and the same
 * contract as the SQLite implementation (sqlite-index.ts):
 *
 *   sim_doc      one row per stored document with its collection metadata, text, mask, anchors
 *   sim_posting  (anchor hash, document id), primary key (h, doc)
 *   sim_df       (anchor hash, document frequency), so that a look-up never reads the posting
 *                list of shared phrasing
 *   sim_meta     schema version and document count
 *
 * A look-up is one statement for all anchors of a query (`unnest` of the hashes joined with
 * sim_df; posting lists aggregated only where df ≤ cap); a batch is inserted with a few statements
 * (`unnest` of arrays). Hashes are unsigned 32-bit, stored as bigint.
 *
 *   const idx = await PgSimilarityIndex.open('postgres://…/jianshi');
 */
import pg from 'pg';
import { JianshiError } from '../../core/errors.js';
import { guardPool, isDatabaseUnavailable, POOL_OPTIONS } from '../availability.js';
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

const SCHEMA_VERSION = '2';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sim_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sim_doc (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL DEFAULT 'material',
  org TEXT, year INTEGER, author TEXT, title TEXT,
  length INTEGER NOT NULL,
  mask TEXT NOT NULL,
  anchors BYTEA NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sim_doc_org_year ON sim_doc (org, year);
CREATE INDEX IF NOT EXISTS sim_doc_author ON sim_doc (author, year);
CREATE TABLE IF NOT EXISTS sim_posting (h BIGINT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (h, doc));
CREATE TABLE IF NOT EXISTS sim_df (h BIGINT PRIMARY KEY, df INTEGER NOT NULL);
INSERT INTO sim_meta (key, value) VALUES ('version', '${SCHEMA_VERSION}'), ('count', '0') ON CONFLICT (key) DO NOTHING;
`;

interface DocRow {
  id: number;
  name: string;
  kind: string;
  org: string | null;
  year: number | null;
  author: string | null;
  title: string | null;
  length: number;
  mask?: string;
  text?: string;
}

function metaOfRow(r: DocRow): DocMeta {
  return {
    kind: r.kind === 'template' ? 'template' : 'material',
    org: r.org,
    year: r.year,
    author: r.author,
    title: r.title,
  };
}

function fromBytea(b: Buffer): Uint32Array {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Uint32Array(copy.buffer, 0, b.byteLength >>> 2);
}

export interface PgIndexOptions {
  /** Pool size (default 4). */
  poolSize?: number;
}

export class PgSimilarityIndex implements SimilarityIndex {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connect, creating the tables when absent; refuses an index of another schema version. */
  static async open(url: string, opts: PgIndexOptions = {}): Promise<PgSimilarityIndex> {
    // Rides out a restart or an outage of the server like the main pool (availability.ts).
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 4,
      fallback_application_name: 'jianshi-similarity',
      ...POOL_OPTIONS,
    });
    guardPool(pool);
    try {
      const c = await pool.connect();
      try {
        await c.query('SELECT pg_advisory_lock(7310021)');
        await c.query(SCHEMA);
        await c.query('SELECT pg_advisory_unlock(7310021)');
        const v = (await c.query<{ value: string }>(`SELECT value FROM sim_meta WHERE key = 'version'`)).rows[0]?.value;
        if (v !== SCHEMA_VERSION)
          throw new JianshiError(
            'E_BAD_ARGUMENT',
            `查重库版本不符（${v ?? '无'}，需要 ${SCHEMA_VERSION}）：请重新建立索引。`,
          );
      } finally {
        c.release();
      }
    } catch (e) {
      await pool.end();
      if (e instanceof JianshiError) throw e;
      throw new JianshiError('E_IO', `无法打开查重库（PostgreSQL）：${(e as Error).message}`);
    }
    return new PgSimilarityIndex(pool);
  }

  async count(): Promise<number> {
    const r = await this.pool.query<{ value: string }>(`SELECT value FROM sim_meta WHERE key = 'count'`);
    return Number(r.rows[0]?.value ?? 0);
  }

  private async removeIn(c: pg.PoolClient, name: string): Promise<boolean> {
    const r = await c.query<{ id: number; anchors: Buffer }>(
      `DELETE FROM sim_doc WHERE name = $1 RETURNING id, anchors`,
      [name],
    );
    if (!r.rows.length) return false;
    const { id, anchors } = r.rows[0];
    await this.unlistIn(c, id, fromBytea(anchors));
    await c.query(`UPDATE sim_meta SET value = (value::int - 1)::text WHERE key = 'count'`);
    return true;
  }

  /** Take document `id` off the postings (and counts) of these anchors. */
  private async unlistIn(c: pg.PoolClient, id: number, anchors: ArrayLike<number>): Promise<void> {
    if (!anchors.length) return;
    const hs = Array.from(anchors, String);
    await c.query(`DELETE FROM sim_posting WHERE doc = $1 AND h = ANY($2::bigint[])`, [id, hs]);
    // Row locks in ascending order of hash, as every writer takes them (no lock cycles).
    await c.query(`SELECT h FROM sim_df WHERE h = ANY($1::bigint[]) ORDER BY h FOR UPDATE`, [hs]);
    await c.query(`UPDATE sim_df SET df = df - 1 WHERE h = ANY($1::bigint[])`, [hs]);
    await c.query(`DELETE FROM sim_df WHERE df <= 0 AND h = ANY($1::bigint[])`, [hs]);
  }

  /**
   * One transaction writing the documents `names`. No index-wide lock: writers of different
   * documents run side by side (a lock per document name keeps two writers of the same document in
   * turn); the document frequencies they share are row-locked in ascending order of hash, and the
   * rare deadlock PostgreSQL still reports (40P01) is retried.
   */
  private async tx<T>(names: readonly string[], f: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const c = await this.pool.connect();
      let lost: Error | undefined;
      try {
        await c.query('BEGIN');
        for (const n of [...new Set(names)].sort())
          await c.query('SELECT pg_advisory_xact_lock(7310022, hashtext($1))', [n]);
        const r = await f(c);
        await c.query('COMMIT');
        return r;
      } catch (e) {
        // A connection lost mid-transaction is not handed out again.
        if (isDatabaseUnavailable(e)) lost = e as Error;
        else await c.query('ROLLBACK').catch((x: Error) => void (lost = x));
        if ((e as { code?: string }).code === '40P01' && attempt < 4 && !lost) continue;
        throw e;
      } finally {
        c.release(lost);
      }
    }
  }

  async put(docs: readonly IndexedDoc[]): Promise<void> {
    if (!docs.length) return;
    const batch = lastPerName(docs);
    await this.tx(
      batch.map((d) => d.name),
      async (c) => {
        const listed = new Map(
          (
            await c.query<{ id: number; name: string; anchors: Buffer }>(
              `SELECT id, name, anchors FROM sim_doc WHERE name = ANY($1::text[])`,
              [batch.map((d) => d.name)],
            )
          ).rows.map((r) => [r.name, r]),
        );
        // Per document: its id and the anchors to list it under. A listed document is replaced in
        // place (same id), and only the anchors it lost or gained change their postings.
        const adds: { id: number; hs: ArrayLike<number> }[] = [];
        let fresh = 0;
        for (const d of batch) {
          const m = d.meta;
          const row = [
            m.kind ?? 'material',
            m.org ?? null,
            m.year ?? null,
            m.author ?? null,
            m.title ?? null,
            d.length,
            JSON.stringify(d.mask),
            Buffer.from(d.anchors.buffer, d.anchors.byteOffset, d.anchors.byteLength),
            d.text,
          ];
          const old = listed.get(d.name);
          if (old) {
            const { gone, added } = anchorDelta(fromBytea(old.anchors), d.anchors);
            await this.unlistIn(c, old.id, gone);
            await c.query(
              `UPDATE sim_doc SET kind = $1, org = $2, year = $3, author = $4, title = $5, length = $6, mask = $7, anchors = $8, text = $9 WHERE id = $10`,
              [...row, old.id],
            );
            adds.push({ id: old.id, hs: added });
          } else {
            const r = await c.query<{ id: number }>(
              `INSERT INTO sim_doc (name, kind, org, year, author, title, length, mask, anchors, text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
              [d.name, ...row],
            );
            adds.push({ id: r.rows[0].id, hs: d.anchors });
            fresh++;
          }
        }
        const df = new Map<number, number>();
        for (const { hs } of adds) for (let i = 0; i < hs.length; i++) df.set(hs[i], (df.get(hs[i]) ?? 0) + 1);
        const dh = [...df.keys()].sort((a, b) => a - b);
        for (let i = 0; i < dh.length; i += 50_000) {
          const hs = dh.slice(i, i + 50_000);
          await c.query(
            `INSERT INTO sim_df (h, df) SELECT h, df FROM unnest($1::bigint[], $2::int[]) AS u(h, df) ORDER BY h ON CONFLICT (h) DO UPDATE SET df = sim_df.df + excluded.df`,
            [hs.map(String), hs.map((h) => df.get(h)!)],
          );
        }
        const pairs: [number, number][] = [];
        for (const { id, hs } of adds) for (let i = 0; i < hs.length; i++) pairs.push([hs[i], id]);
        pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        for (let i = 0; i < pairs.length; i += 50_000) {
          const p = pairs.slice(i, i + 50_000);
          await c.query(`INSERT INTO sim_posting (h, doc) SELECT * FROM unnest($1::bigint[], $2::int[])`, [
            p.map((x) => String(x[0])),
            p.map((x) => x[1]),
          ]);
        }
        if (fresh) await c.query(`UPDATE sim_meta SET value = (value::int + $1)::text WHERE key = 'count'`, [fresh]);
      },
    );
  }

  async remove(name: string): Promise<boolean> {
    return this.tx([name], (c) => this.removeIn(c, name));
  }

  async lookup(hashes: Uint32Array, cap: number): Promise<Postings> {
    const docs: (number[] | null)[] = Array.from({ length: hashes.length }, () => []);
    const df: number[] = new Array<number>(hashes.length).fill(0);
    if (!hashes.length) return { docs, df };
    const r = await this.pool.query<{ i: string; df: number; docs: number[] | null }>(
      `SELECT q.i, d.df, CASE WHEN d.df <= $2 THEN (SELECT array_agg(p.doc) FROM sim_posting p WHERE p.h = d.h) END AS docs
       FROM unnest($1::bigint[]) WITH ORDINALITY AS q(h, i) JOIN sim_df d ON d.h = q.h`,
      [Array.from(hashes, String), cap],
    );
    for (const row of r.rows) {
      const i = Number(row.i) - 1;
      df[i] = Number(row.df);
      docs[i] = row.df > cap ? null : (row.docs ?? []);
    }
    return { docs, df };
  }

  async fetch(ids: readonly number[]): Promise<StoredDoc[]> {
    if (!ids.length) return [];
    const r = await this.pool.query<DocRow>(
      `SELECT id, name, kind, org, year, author, title, length, mask, text FROM sim_doc WHERE id = ANY($1::int[])`,
      [ids],
    );
    const by = new Map(r.rows.map((x) => [x.id, x]));
    const out: StoredDoc[] = [];
    for (const id of ids) {
      const x = by.get(id);
      if (x)
        out.push({
          id: x.id,
          name: x.name,
          text: x.text!,
          mask: JSON.parse(x.mask!) as [number, number][],
          length: x.length,
          meta: metaOfRow(x),
        });
    }
    return out;
  }

  async metaOf(ids: readonly number[]): Promise<ListedDoc[]> {
    if (!ids.length) return [];
    const r = await this.pool.query<DocRow>(
      `SELECT id, name, kind, org, year, author, title, length FROM sim_doc WHERE id = ANY($1::int[])`,
      [ids],
    );
    const by = new Map(r.rows.map((x) => [x.id, x]));
    return ids.flatMap((id) => {
      const x = by.get(id);
      return x ? [{ id: x.id, name: x.name, length: x.length, meta: metaOfRow(x) }] : [];
    });
  }

  async list(c: Collection = {}): Promise<ListedDoc[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (col: string, v: string | number | undefined) => {
      if (v === undefined) return;
      args.push(v);
      where.push(`${col} = $${args.length}`);
    };
    add('kind', c.kind);
    add('org', c.org);
    add('year', c.year);
    add('author', c.author);
    const r = await this.pool.query<DocRow>(
      `SELECT id, name, kind, org, year, author, title, length FROM sim_doc ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY name COLLATE "C"`,
      args,
    );
    return r.rows.map((x) => ({ id: x.id, name: x.name, length: x.length, meta: metaOfRow(x) }));
  }

  async idOf(name: string): Promise<number | null> {
    const r = await this.pool.query<{ id: number }>(`SELECT id FROM sim_doc WHERE name = $1`, [name]);
    return r.rows[0]?.id ?? null;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
