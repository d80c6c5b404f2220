/**
 * The index port: what the 查重 engine needs from storage. The engine (pure) computes everything a
 * document contributes; an index only stores documents and their anchor hashes and answers posting
 * look-ups with document frequency capped, so that no query ever reads the long posting list of a
 * boilerplate fingerprint. Implementations: MemoryIndex (here, for tests and browsers),
 * SqliteSimilarityIndex and PgSimilarityIndex (src/storage/similarity).
 */
import type { Mask } from './normalize.js';

/** Kinds of stored documents; a template is a known online 范文 (reported as "网络范文"). */
export type DocKind = 'material' | 'template';

export interface DocMeta {
  kind?: DocKind;
  /** Organization the material belongs to. */
  org?: string | null;
  year?: number | null;
  /** Author (a person id or name): earlier materials of the same author are reported as such. */
  author?: string | null;
  title?: string | null;
}

/** What the engine hands to an index to store. */
export interface IndexedDoc {
  /** Unique name (file stem); putting a name again replaces the document. */
  name: string;
  /** Raw text as read (passages point into it). */
  text: string;
  /** Artifact ranges of `text` to ignore. */
  mask: Mask;
  /** Distinct anchor hashes, sorted. */
  anchors: Uint32Array;
  /** Normalized length. */
  length: number;
  meta: DocMeta;
}

export interface StoredDoc {
  id: number;
  name: string;
  text: string;
  mask: Mask;
  length: number;
  meta: DocMeta;
}

export interface Postings {
  /**
   * For each looked-up hash: the ids of the documents holding it, or null when more than `cap`
   * documents hold it (a frequent fingerprint, i.e. shared phrasing).
   */
  docs: (readonly number[] | null)[];
  /**
   * For each looked-up hash: how many stored documents hold it (0 when none), also above the cap —
   * how widely a passage's phrasing is shared, reported as "also in about N materials".
   */
  df?: number[];
}

/** A collection of stored documents: by kind, organization, year, author (all optional, ANDed). */
export interface Collection {
  kind?: DocKind;
  org?: string;
  year?: number;
  author?: string;
}

export interface ListedDoc {
  id: number;
  name: string;
  length: number;
  meta: DocMeta;
}

/** Does a document's metadata belong to a collection? */
export function inCollection(meta: DocMeta, c: Collection | undefined): boolean {
  if (!c) return true;
  if (c.kind !== undefined && (meta.kind ?? 'material') !== c.kind) return false;
  if (c.org !== undefined && meta.org !== c.org) return false;
  if (c.year !== undefined && meta.year !== c.year) return false;
  if (c.author !== undefined && meta.author !== c.author) return false;
  return true;
}

export interface SimilarityIndex {
  /** Number of stored documents. */
  count(): Promise<number>;
  /** Add documents (replacing those with the same name). */
  put(docs: readonly IndexedDoc[]): Promise<void>;
  /** Remove a document by name; false when absent. */
  remove(name: string): Promise<boolean>;
  /** Posting look-up; reads at most `cap + 1` postings per hash. */
  lookup(hashes: Uint32Array, cap: number): Promise<Postings>;
  /** Stored documents by id (missing ids are skipped). */
  fetch(ids: readonly number[]): Promise<StoredDoc[]>;
  /** Id of a stored name, or null. */
  idOf(name: string): Promise<number | null>;
  /** Metadata of stored documents by id (no text; missing ids are skipped). */
  metaOf(ids: readonly number[]): Promise<ListedDoc[]>;
  /** Documents of a collection (sorted by name), e.g. one organization's materials of a year. */
  list(c?: Collection): Promise<ListedDoc[]>;
  close(): Promise<void>;
}

/**
 * What replacing a document changes in the postings: the anchors it no longer holds and those it
 * gains (both inputs sorted and distinct, as IndexedDoc.anchors). An edit changes a few sentences,
 * so an index updates a few postings instead of unlisting and relisting every anchor.
 */
export function anchorDelta(before: ArrayLike<number>, after: ArrayLike<number>): { gone: number[]; added: number[] } {
  const gone: number[] = [];
  const added: number[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (j >= after.length || (i < before.length && before[i] < after[j])) gone.push(before[i++]);
    else if (i >= before.length || after[j] < before[i]) added.push(after[j++]);
    else (i++, j++);
  }
  return { gone, added };
}

/** One document per name, the last one put winning (a name twice in one batch would list it twice). */
export function lastPerName(docs: readonly IndexedDoc[]): IndexedDoc[] {
  const byName = new Map<string, IndexedDoc>();
  for (const d of docs) {
    byName.delete(d.name);
    byName.set(d.name, d);
  }
  return [...byName.values()];
}
