/**
 * An in-memory SimilarityIndex: for tests, small corpora and the browser. Same contract as the
 * database implementations (see port.ts and the shared contract tests).
 */
import {
  inCollection,
  type Collection,
  type IndexedDoc,
  type ListedDoc,
  type Postings,
  type SimilarityIndex,
  type StoredDoc,
} from './port.js';

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
      this.docs.set(id, {
        id,
        name: d.name,
        text: d.text,
        mask: d.mask,
        length: d.length,
        meta: {
          kind: d.meta.kind ?? 'material',
          org: d.meta.org ?? null,
          year: d.meta.year ?? null,
          author: d.meta.author ?? null,
          title: d.meta.title ?? null,
        },
        anchors: d.anchors,
      });
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
    return {
      docs: [...hashes].map((h) => {
        const s = this.postings.get(h);
        if (!s) return [];
        return s.size > cap ? null : [...s];
      }),
      df: [...hashes].map((h) => this.postings.get(h)?.size ?? 0),
    };
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

  async metaOf(ids: readonly number[]): Promise<ListedDoc[]> {
    const out: ListedDoc[] = [];
    for (const id of ids) {
      const d = this.docs.get(id);
      if (d) out.push({ id: d.id, name: d.name, length: d.length, meta: d.meta });
    }
    return out;
  }

  async list(c?: Collection): Promise<ListedDoc[]> {
    return [...this.docs.values()]
      .filter((d) => inCollection(d.meta, c))
      .map((d) => ({ id: d.id, name: d.name, length: d.length, meta: d.meta }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async close(): Promise<void> {}
}
