/**
 * An in-memory SimilarityIndex: for tests, small corpora and the browser. Same contract as the
 * database implementations (see port.ts and the shared contract tests).
 */
import type { IndexedDoc, Postings, SimilarityIndex, StoredDoc } from './port.js';

export class MemoryIndex implements SimilarityIndex {
  private docs = new Map<number, StoredDoc & { anchors: Uint32Array }>();
  private names = new Map<string, number>();
  private postings = new Map<number, Set<number>>();
  private nextId = 1;

  async count(): Promise<number> {
    return this.docs.size;
  }

  async put(docs: readonly IndexedDoc[]): Promise<void> {
    for (const d of docs) {
      await this.remove(d.name);
      const id = this.nextId++;
      this.docs.set(id, { id, name: d.name, text: d.text, mask: d.mask, length: d.length, meta: { ...d.meta }, anchors: d.anchors });
      this.names.set(d.name, id);
      for (const h of d.anchors) {
        let s = this.postings.get(h);
        if (!s) this.postings.set(h, (s = new Set()));
        s.add(id);
      }
    }
  }

  async remove(name: string): Promise<boolean> {
    const id = this.names.get(name);
    if (id === undefined) return false;
    const d = this.docs.get(id)!;
    for (const h of d.anchors) {
      const s = this.postings.get(h);
      s?.delete(id);
      if (s && s.size === 0) this.postings.delete(h);
    }
    this.docs.delete(id);
    this.names.delete(name);
    return true;
  }

  async lookup(hashes: Uint32Array, cap: number): Promise<Postings> {
    return { docs: [...hashes].map((h) => {
      const s = this.postings.get(h);
      if (!s) return [];
      return s.size > cap ? null : [...s];
    }) };
  }

  async fetch(ids: readonly number[]): Promise<StoredDoc[]> {
    const out: StoredDoc[] = [];
    for (const id of ids) {
      const d = this.docs.get(id);
      if (d) out.push({ id: d.id, name: d.name, text: d.text, mask: d.mask, length: d.length, meta: d.meta });
    }
    return out;
  }

  async idOf(name: string): Promise<number | null> {
    return this.names.get(name) ?? null;
  }

  async close(): Promise<void> {}
}
