/**
 * The key from which public opinion links are derived, kept OUTSIDE the database, so that the
 * organizers can show and print the current link again while a copy of the database still grants
 * nothing (docs/SECURITY.md):
 *
 *   token = base64url(HMAC-SHA256(key, "opinion-link\n" + nonce))
 *
 * The collection row keeps the random nonce (`link_nonce`) and, as before, only the hash of the
 * token (`token_hash`, by which the public form finds it). A new link is a new nonce: the old token
 * stops working. Where the key lives:
 *   - OPINION_LINK_KEY (32 bytes, base64 or 64 hex digits): the same in every instance;
 *   - otherwise a key file `opinion-link.key` next to the SQLite database (PostgreSQL: in DATA_DIR),
 *     mode 0600, created at first use (instances starting together agree on one: link, not rename).
 *     A backup carries the database, the 网络范文 library and the evidence files, not this file;
 *   - an in-memory database: a key for the life of the process.
 * Lose the key (or change it) and the links can no longer be shown again — they still work (the
 * hash is unchanged) until the organizers make a new one.
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Store } from '../../../storage/db.js';
import { parseSpoolKey } from '../../config.js';

export const LINK_KEY_FILE = 'opinion-link.key';

export interface LinkKeyOptions {
  store: Pick<Store, 'dialect' | 'file'>;
  dataDir: string;
  envKey?: string;
}

/** The link key, read or created on first use and kept for the life of the process. */
export function createLinkKey(opts: LinkKeyOptions): () => Buffer {
  let key: Buffer | null = null;
  return () => (key ??= loadLinkKey(opts));
}

function loadLinkKey(opts: LinkKeyOptions): Buffer {
  if (opts.envKey) {
    const k = parseSpoolKey(opts.envKey);
    if (!k) throw new Error('OPINION_LINK_KEY 须为 32 字节（base64 或 64 位十六进制）');
    return k;
  }
  const sqlite = opts.store.dialect === 'sqlite';
  if (sqlite && (!opts.store.file || opts.store.file === ':memory:')) return randomBytes(32);
  const file = join(sqlite ? dirname(opts.store.file!) : opts.dataDir, LINK_KEY_FILE);
  const existing = readKeyFile(file);
  if (existing) return existing;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  const k = readKeyFile(file);
  if (!k) throw new Error(`${file}：不是有效的链接密钥文件`);
  return k;
}

function readKeyFile(file: string): Buffer | null {
  if (!existsSync(file)) return null;
  return parseSpoolKey(readFileSync(file, 'utf8'));
}

export const newLinkNonce = (): string => randomBytes(32).toString('base64url');

/** The link token of a nonce (256 bits, base64url). */
export function linkToken(key: Buffer, nonce: string): string {
  return createHmac('sha256', key).update(`opinion-link\n${nonce}`).digest('base64url');
}
