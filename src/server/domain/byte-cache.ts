/**
 * A small in-process LRU of immutable byte strings, bounded by total size. Only for values that
 * never change under their key (a material version's stored JSON, keyed by material, version and
 * digest), so several server instances each keeping their own copy can never disagree: it saves
 * reading and transferring the same 20–60 KB again, nothing more.
 */
export class ByteCache {
  readonly #map = new Map<string, Buffer>();
  #bytes = 0;
  constructor(readonly maxBytes: number) {}

  get(key: string): Buffer | undefined {
    const v = this.#map.get(key);
    if (v) {
      // Most recently used last.
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }

  set(key: string, value: Buffer): void {
    if (value.length > this.maxBytes / 4) return;
    const old = this.#map.get(key);
    if (old) {
      this.#bytes -= old.length;
      this.#map.delete(key);
    }
    this.#map.set(key, value);
    this.#bytes += value.length;
    for (const [k, v] of this.#map) {
      if (this.#bytes <= this.maxBytes) break;
      this.#map.delete(k);
      this.#bytes -= v.length;
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.#map.size, bytes: this.#bytes };
  }
}
