/**
 * Sending a JSON body that is known by a key: assembled and compressed once per key and coding.
 *
 * The key names the exact bytes (for a material: its id, version, digest and summary), so the
 * compressed form of one key never changes and each server instance may keep its own copy (nothing
 * here can disagree between instances). Browsers always accept brotli and gzip; a 26 KB material
 * becomes 6–7 KB, and the cost of compressing is paid once per version rather than on every read.
 */
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ByteCache } from '../domain/byte-cache.js';

export interface KeyedJson {
  /** With `tag`, names the body's bytes exactly: equal key and tag, equal bodies. */
  key: string;
  /** The part of the name that may change under the same key (a material's summary). */
  tag: string;
  body(): Buffer;
}

/** Compressed bodies by coding and key. */
const compressedCache = new ByteCache(16 * 1024 * 1024);
/**
 * Uncompressed bodies, for clients that accept no coding (scripts, curl): apart, so that a script
 * reading every material cannot push out what the browsers are sent.
 */
const plainCache = new ByteCache(4 * 1024 * 1024);
/** Below this, compressing saves less than the headers it costs. */
const MIN_COMPRESS_BYTES = 1024;

export type Encoding = 'br' | 'gzip';

/**
 * The coding to answer with, from an Accept-Encoding header: brotli (about a sixth smaller than gzip on
 * a material) or gzip, whichever the client rates higher (brotli on a tie), never one it rates q=0.
 */
export function chooseEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const q: Record<string, number> = {};
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const v = qp === undefined ? 1 : Number(qp.slice(2));
    q[name === 'x-gzip' ? 'gzip' : name] = Number.isFinite(v) ? v : 0;
  }
  const rate = (c: string) => q[c] ?? q['*'] ?? 0;
  const br = rate('br');
  const gzip = rate('gzip');
  if (br > 0 && br >= gzip) return 'br';
  return gzip > 0 ? 'gzip' : null;
}

function compress(body: Buffer, encoding: Encoding): Buffer {
  // Brotli quality 6: within 3% of its best on a material, in about a millisecond (once per version).
  return encoding === 'br'
    ? brotliCompressSync(body, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: 6,
          [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
          [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipSync(body, { level: 6 });
}

/** Browsers send one of a handful of Accept-Encoding values: each is parsed once (at most 64 kept). */
const negotiated = new Map<string, Encoding | null>();
function encodingFor(header: string | undefined): Encoding | null {
  if (!header) return null;
  let e = negotiated.get(header);
  if (e === undefined) {
    e = chooseEncoding(header);
    if (negotiated.size >= 64) negotiated.clear();
    negotiated.set(header, e);
  }
  return e;
}

export function sendKeyedJson(req: FastifyRequest, reply: FastifyReply, json: KeyedJson): FastifyReply {
  reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
  const encoding = encodingFor(req.headers['accept-encoding']);
  if (!encoding) {
    // Kept as well: otherwise assembled from its parts on every read.
    let body = plainCache.get(json.key, json.tag);
    if (!body) plainCache.set(json.key, (body = json.body()), json.tag);
    return reply.send(body);
  }
  const key = `${encoding}\n${json.key}`;
  let z = compressedCache.get(key, json.tag);
  if (!z) {
    const body = json.body();
    if (body.length < MIN_COMPRESS_BYTES) return reply.send(body);
    z = compress(body, encoding);
    compressedCache.set(key, z, json.tag);
  }
  return reply.header('content-encoding', encoding).send(z);
}
