/** Files of a 查重 folder: `*.txt` (UTF-8, or GBK/GB18030 detected); a document's id is its file stem. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { JianshiError } from '../core/errors.js';
import { decodeText } from '../core/text/decode.js';

/** Files of `dir` with one of the extensions (lower case, with the dot), sorted by name. */
export function filesIn(dir: string, exts: readonly string[]): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new JianshiError('E_BAD_ARGUMENT', `不是目录：${dir}`);
    names = readdirSync(dir);
  } catch (e) {
    if (e instanceof JianshiError) throw e;
    throw new JianshiError('E_IO', `无法读取目录：${dir}`);
  }
  return names
    .filter((n) => exts.includes(extname(n).toLowerCase()))
    .sort()
    .map((n) => join(dir, n));
}

export const txtFiles = (dir: string) => filesIn(dir, ['.txt']);

export function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new JianshiError('E_IO', `无法读取文件：${file}`);
  }
  return decodeText(bytes).text;
}

export const stem = (file: string) => basename(file, extname(file));
