/**
 * The .docx package: magic numbers, the ZIP's own entry count, bounded inflation of one entry (a zip
 * bomb is stopped as soon as it passes the budget, whatever its headers say), finding a part.
 */
import { bomb, notDocx } from './errors.js';
import type JSZip from 'jszip';

/** Most entries a .docx may have; real documents have tens (hundreds with many images). */
export const MAX_ENTRIES = 5000;
/** Below this many expanded bytes the expansion ratio is not checked (tiny parts compress well). */
export const RATIO_FLOOR = 8 * 1024 * 1024;

// ---------------------------------------------------------------- magic numbers

export function isZip(b: Uint8Array): boolean {
  return (
    b.length >= 4 &&
    b[0] === 0x50 &&
    b[1] === 0x4b &&
    ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6) || (b[2] === 7 && b[3] === 8))
  );
}

/** OLE2 compound file: legacy Word .doc, WPS .wps, .xls … */
export function isOle2(b: Uint8Array): boolean {
  return (
    b.length >= 8 &&
    b[0] === 0xd0 &&
    b[1] === 0xcf &&
    b[2] === 0x11 &&
    b[3] === 0xe0 &&
    b[4] === 0xa1 &&
    b[5] === 0xb1 &&
    b[6] === 0x1a &&
    b[7] === 0xe1
  );
}

/** Number of entries stated by the End Of Central Directory record, or -1 when none is found. */
export function eocdEntries(b: Uint8Array): number {
  const stop = Math.max(0, b.length - 22 - 65535);
  for (let i = b.length - 22; i >= stop; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 5 && b[i + 3] === 6) return b[i + 10] | (b[i + 11] << 8);
  }
  return -1;
}

// ---------------------------------------------------------------- bounded inflation

export interface ZipEntryData {
  compressedSize?: number;
  uncompressedSize?: number;
}

export interface Budget {
  expanded: number;
  readonly max: number;
}

interface StreamHelperLike {
  on(evt: 'data', fn: (chunk: Uint8Array) => void): StreamHelperLike;
  on(evt: 'error', fn: (e: unknown) => void): StreamHelperLike;
  on(evt: 'end', fn: () => void): StreamHelperLike;
  resume(): StreamHelperLike;
  pause(): StreamHelperLike;
}

/** Inflate one entry, counting the bytes as they come; abort past the budget. */
export function readEntry(file: JSZip.JSZipObject, budget: Budget): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    let helper: StreamHelperLike;
    try {
      helper = (file as unknown as { internalStream(t: 'uint8array'): StreamHelperLike }).internalStream('uint8array');
    } catch (e) {
      reject(notDocx(String((e as Error)?.message ?? e)));
      return;
    }
    helper
      .on('data', (chunk: Uint8Array) => {
        if (done) return;
        size += chunk.length;
        budget.expanded += chunk.length;
        if (budget.expanded > budget.max) {
          done = true;
          helper.pause();
          reject(bomb(`expanded beyond ${budget.max} bytes`));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (e: unknown) => {
        if (done) return;
        done = true;
        reject(notDocx(String((e as Error)?.message ?? e)));
      })
      .on('end', () => {
        if (done) return;
        done = true;
        const out = new Uint8Array(size);
        let o = 0;
        for (const c of chunks) {
          out.set(c, o);
          o += c.length;
        }
        resolve(out);
      })
      .resume();
  });
}

const utf8 = new TextDecoder('utf-8');
const utf16le = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');

export function decodeXml(b: Uint8Array): string {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return utf16le.decode(b.subarray(2));
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return utf16be.decode(b.subarray(2));
  return utf8.decode(b).replace(/^\ufeff/, '');
}

export function findPart(zip: JSZip, path: string): JSZip.JSZipObject | undefined {
  const f = zip.file(path);
  if (f) return f;
  const lower = path.toLowerCase();
  let found: JSZip.JSZipObject | undefined;
  zip.forEach((p, file) => {
    if (!found && p.toLowerCase() === lower && !file.dir) found = file;
  });
  return found;
}
