/** Reading a material file from disk for the CLI (the edge: file I/O, then the pure pipeline). */
import { readFileSync, statSync } from 'node:fs';
import { JianshiError } from '../core/errors.js';
import { LIMITS } from '../core/limits.js';
import type { Material } from '../core/material/model.js';
import { importFile } from '../formats/import.js';

export function readInput(path: string): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new JianshiError('E_IO', `不是文件：${path}`);
    size = st.size;
  } catch (e) {
    if (e instanceof JianshiError) throw e;
    throw new JianshiError('E_IO', `无法读取文件：${path}`);
  }
  const cap = Math.max(LIMITS.maxDocxBytes, LIMITS.maxTextBytes);
  if (size > cap)
    throw new JianshiError(
      'E_TOO_LARGE',
      `文件过大（${(size / 1048576).toFixed(1)} MB），上限为 ${(cap / 1048576).toFixed(0)} MB。`,
      { limit: cap, size },
    );
  return new Uint8Array(readFileSync(path));
}

export async function loadMaterial(path: string, opts: { framework?: string } = {}): Promise<Material> {
  return importFile(readInput(path), path, opts);
}
