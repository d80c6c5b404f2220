/**
 * A small in-process LRU of immutable byte strings, bounded by total size. Only for values that
 * never change under their key (a material version's stored JSON, keyed by material, version and
 * digest), so several server instances each keeping their own copy can never disagree: it saves
 * reading and transferring the same 20–60 KB again, nothing more.
 *
 * An entry may carry a tag, the part of its name that can change (a material's summary, beside its
 * version): a lookup with another tag misses, and the next `set` replaces the entry. The key stays
 * short (it is hashed on every lookup), the tag is only compared.
 */
interface Entry {
  bytes: Buffer;
  tag: string;
}

export class ByteCache {
  readonly #map = new Map<string, Entry>();
  #bytes = 0;
  constructor(readonly maxBytes: number) {}

  get(key: string, tag = ''): Buffer | undefined {
    const e = this.#map.get(key);
    if (!e || e.tag !== tag) return undefined;
    // Most recently used last.
    this.#map.delete(key);
    this.#map.set(key, e);
    return e.bytes;
  }

  set(key: string, value: Buffer, tag = ''): void {
    const size = value.length + tag.length;
    if (size > this.maxBytes / 4) return;
    const old = this.#map.get(key);
    if (old) {
      this.#bytes -= old.bytes.length + old.tag.length;
      this.#map.delete(key);
    }
    this.#map.set(key, { bytes: value, tag });
    this.#bytes += size;
    for (const [k, e] of this.#map) {
      if (this.#bytes <= this.maxBytes) break;
      this.#map.delete(k);
      this.#bytes -= e.bytes.length + e.tag.length;
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.#map.size, bytes: this.#bytes };
  }
}
