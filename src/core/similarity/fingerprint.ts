/**
 * Anchors: the fingerprints stored in the index. A k-gram of the normalized stream is an anchor when
 * its (mixed) hash is 0 modulo `sample`. The choice depends on the k-gram alone, never on its
 * neighbours (as in winnowing), so a k-gram that survives an edit in a copy is an anchor in both
 * texts or in neither: word swaps cost only the k-grams they touch.
 *
 * k = 8 normalized characters (about four words) is long enough that shared k-grams between
 * independent texts are mostly official phrasing (which document frequency and the built-in list
 * discount), short enough to survive word swaps every ten or so characters.
 */

export const ANCHOR_K = 8;
export const ANCHOR_SAMPLE = 8;

const BASE = 0x01000193;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Power BASE^k mod 2^32. */
function powBase(k: number): number {
  let p = 1;
  for (let i = 0; i < k; i++) p = Math.imul(p, BASE);
  return p;
}

/**
 * Hash of every k-gram: `out[i]` is the hash of `codes[i .. i+k)`; length `codes.length - k + 1`
 * (or 0).
 */
export function kgramHashes(codes: Uint16Array, k: number): Uint32Array {
  const n = codes.length - k + 1;
  if (n <= 0) return new Uint32Array(0);
  const out = new Uint32Array(n);
  const pk = powBase(k);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, BASE) + codes[i]) | 0;
  out[0] = fmix32(h);
  for (let i = 1; i < n; i++) {
    h = (Math.imul(h, BASE) + codes[i + k - 1] - Math.imul(codes[i - 1], pk)) | 0;
    out[i] = fmix32(h);
  }
  return out;
}

export interface Anchors {
  /** Anchor hashes, in text order (may repeat). */
  hashes: Uint32Array;
  /** Start of each anchor's k-gram in the normalized stream. */
  pos: Uint32Array;
}

/**
 * Anchors of a normalized stream. `skip[i] = 1` marks characters of known formulations; a k-gram at least
 * half made of them is no anchor (they are never evidence of copying).
 */
export function anchors(codes: Uint16Array, skip?: Uint8Array, k = ANCHOR_K, sample = ANCHOR_SAMPLE): Anchors {
  const hs = kgramHashes(codes, k);
  const outH: number[] = [];
  const outP: number[] = [];
  let pre: Uint32Array | null = null;
  if (skip) {
    pre = new Uint32Array(codes.length + 1);
    for (let i = 0; i < codes.length; i++) pre[i + 1] = pre[i] + skip[i];
  }
  for (let i = 0; i < hs.length; i++) {
    if (hs[i] % sample !== 0) continue;
    if (pre && (pre[i + k] - pre[i]) * 2 >= k) continue;
    // The stored value is an independent mix, so that its low bits are not all zero.
    outH.push(fmix32(hs[i] ^ 0x9e3779b9));
    outP.push(i);
  }
  return { hashes: Uint32Array.from(outH), pos: Uint32Array.from(outP) };
}

/** Distinct anchor hashes of a document (what the index stores per document). */
export function distinctAnchors(a: Anchors): Uint32Array {
  return Uint32Array.from(new Set(a.hashes)).sort();
}
