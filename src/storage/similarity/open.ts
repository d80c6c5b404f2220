/**
 * Opening the 查重 index that belongs to a store: next to the SQLite database (`similarity.db`), or
 * in PostgreSQL (tables `sim_*`, shared by every instance) when DATABASE_URL is set; an in-memory
 * index only for in-memory test databases. Called by the composition roots (server/app.ts,
 * server/main.ts, the CLI commands that open a store).
 */
import { dirname, join } from 'node:path';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Store } from '../db.js';
import type { SimilarityIndex } from '../../core/similarity/port.js';
import { indexDocument } from '../../core/similarity/engine.js';
import { MemoryIndex } from '../../core/similarity/memory-index.js';
import { JianshiError } from '../../core/errors.js';
import { SqliteSimilarityIndex } from './sqlite-index.js';
import { PgSimilarityIndex } from './pg-index.js';

export async function openSimilarityIndex(store: Store, databaseUrl?: string): Promise<SimilarityIndex> {
  if (store.dialect === 'postgres') return databaseUrl ? PgSimilarityIndex.open(databaseUrl) : new MemoryIndex();
  if (!store.file || store.file === ':memory:') return new MemoryIndex();
  const file = join(dirname(store.file), 'similarity.db');
  try {
    return new SqliteSimilarityIndex(file);
  } catch (e) {
    // An index of an older format: the materials in it are derived data (syncSimilarityIndex
    // re-fills them), the imported templates are not — they are carried over into the new file.
    if (!(e instanceof JianshiError) || !/版本/.test(e.message)) throw e;
    const templates = templatesOf(file);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    const index = new SqliteSimilarityIndex(file);
    if (templates.length)
      await index.put(templates.map((t) => indexDocument(t.name, t.text, { kind: 'template', title: t.title })));
    return index;
  }
}

/** The templates (网络范文) of an index file of any earlier format (all had these columns). */
function templatesOf(file: string): { name: string; title: string | null; text: string }[] {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(`SELECT name, title, text FROM sim_doc WHERE kind = 'template'`).all() as {
        name: string;
        title: string | null;
        text: string;
      }[];
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}
