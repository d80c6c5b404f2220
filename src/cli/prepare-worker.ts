/**
 * Worker of PreparePool: reads, decodes and fingerprints files (the pure core's indexDocument),
 * so that a bulk `corpus index` uses every core while the main thread writes to SQLite.
 */
import { parentPort } from 'node:worker_threads';
import { indexDocument } from '../core/similarity/engine.js';
import type { DocMeta } from '../core/similarity/port.js';
import { readText, stem } from './corpus-files.js';
import type { PreparedFile } from './prepare-pool.js';

parentPort!.on('message', (m: { id: number; files: string[]; meta: DocMeta }) => {
  const out: PreparedFile[] = m.files.map((file) => {
    try {
      return { file, doc: indexDocument(stem(file), readText(file), m.meta) };
    } catch (e) {
      return { file, error: (e as Error).message };
    }
  });
  parentPort!.postMessage(
    { id: m.id, out },
    out.flatMap((o) => (o.doc ? [o.doc.anchors.buffer as ArrayBuffer] : [])),
  );
});
