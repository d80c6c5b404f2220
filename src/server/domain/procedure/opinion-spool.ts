/**
 * The opinion spool: anonymity against someone holding the database files, the
 * SQLite WAL, PostgreSQL's system columns and the logs.
 *
 * A submission is written durably at once — it is acknowledged only after its commit — but only as
 * ciphertext in `opinion_spool`: one row per opinion, AES-256-GCM with a random nonce, the plaintext
 * padded to a fixed size (so a row's length does not point at the opinion it later becomes), a
 * random id, the collection, and nothing else (no time, no order: WITHOUT ROWID on SQLite; which
 * opinions came in one submission is sealed inside, as a random submission id). The key
 * is not in the database:
 *
 *   - SQLite: a key file `opinion-spool.key` next to the database (mode 0600, created at first use).
 *     After every flush the key is ROTATED: rows still waiting are re-sealed under a new key and the
 *     old key is erased from the file, so the ciphertext left in freed pages, in old WAL frames or in
 *     an earlier copy of the files can no longer be opened by anyone — not even with the key file.
 *   - PostgreSQL: OPINION_SPOOL_KEY (32 bytes, base64 or hex) — the same value in every instance, so
 *     any instance can flush what another accepted; without it, a key file in DATA_DIR (instances
 *     that share DATA_DIR share it; rows sealed under a key an instance does not hold are left for
 *     the instance that does). On PostgreSQL the key is not rotated (instances would have to agree
 *     on it); the protection there is that the database holds no key at all.
 *
 * The opinions (plaintext rows of `opinions`) are written only in BATCHES, in one transaction per
 * collection, shuffled, dated by the day only, the spool rows deleted in the same transaction and
 * the collection resealed (every row rewritten with a fresh id: one xmin, random order). A batch is
 * due when opinions of at least `batchSize` (k) distinct SUBMISSIONS wait (the submission ids are
 * read from the ciphertext: one submission of many opinions never makes a batch alone), or when the oldest waiting one was submitted in
 * an earlier clock hour (so a flush happens at a time set by the clock, not by a submission) —
 * with `hourly: false` (OPINION_BATCH_HOURLY=0) a batch smaller than k waits until the collection
 * takes no more opinions (closed, or its window over), so no batch < k while more can come (and a
 * collection closed in that mode cannot be reopened: domain/procedure/opinions.ts). Only then do opinions
 * become visible to the secretary, who is never told how many wait (only how batching works).
 * Nobody — not a secretary, not an administrator — can force an earlier flush.
 *
 * Flushing runs after each submission (when due) and on a timer in every instance; the collection's
 * row lock (PostgreSQL) or SQLite's single writer makes two flushers take a batch once. A crash
 * between acknowledgement and flush loses nothing: the spool row is committed and the next flush
 * (after restart) takes it. On SQLite the flush runs with `secure_delete` on (freed cells are
 * zeroed) and is followed by `wal_checkpoint(TRUNCATE)`: the WAL, which kept one frame set per
 * commit (and so the order of logins and submissions), is emptied.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Repositories } from '../../../storage/repositories/index.js';
import type { Store } from '../../../storage/db.js';
import type { AnonymousOpinion } from '../../../core/meeting/opinions.js';
import { dateInZone } from '../../../core/meeting/dates.js';
import { parseSpoolKey } from '../../config.js';

export const SPOOL_KEY_FILE = 'opinion-spool.key';
/** k, the default batch (OPINION_BATCH_SIZE). */
export const OPINION_BATCH_SIZE = 5;
/** Every sealed plaintext is padded to this many bytes (a multiple of it when longer). */
const PAD = 8192;
const HOUR = 3600_000;

export interface SpoolLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SpoolOptions {
  repos: Repositories;
  store: Pick<Store, 'dialect' | 'file' | 'sqlite'>;
  /** Where the key file lives when the key does not come from the environment (PostgreSQL). */
  dataDir: string;
  /** OPINION_SPOOL_KEY: 32 bytes, base64/base64url or 64 hex digits. */
  envKey?: string;
  /** k: opinions that make a batch. */
  batchSize: number;
  /**
   * true (default): fewer than k are written once the oldest is from an earlier clock hour.
   * false: fewer than k wait until the collection takes no more (closed, or its window is over)
   * and the clock hour has turned — no batch smaller than k while submissions can still come.
   */
  hourly?: boolean;
  /** The local date (for "the window is over"); default: today in China Standard Time. */
  today?: () => string;
  now?: () => Date;
  log?: SpoolLog;
  /** Timer period for due batches (default 60 s); false → only through `tick()` (tests). */
  intervalMs?: number | false;
}

const kidOf = (key: Buffer) =>
  createHash('sha256').update('jianshi-opinion-spool-kid').update(key).digest().subarray(0, 4);

interface Keyring {
  /** keys[0] seals; all open. */
  keys: Buffer[];
  rotates: boolean;
}

function loadKeyring(opts: SpoolOptions): { ring: Keyring; file: string | null } {
  if (opts.envKey) {
    const k = parseSpoolKey(opts.envKey);
    if (!k) throw new Error('OPINION_SPOOL_KEY 须为 32 字节（base64 或 64 位十六进制）');
    return { ring: { keys: [k], rotates: false }, file: null };
  }
  const sqlite = opts.store.dialect === 'sqlite';
  if (sqlite && (!opts.store.file || opts.store.file === ':memory:'))
    return { ring: { keys: [randomBytes(32)], rotates: true }, file: null };
  const file = join(sqlite ? dirname(opts.store.file!) : opts.dataDir, SPOOL_KEY_FILE);
  return { ring: { keys: [], rotates: sqlite }, file };
}

/**
 * Write the key file atomically (a synced temporary file renamed over it). `create`: only if there
 * is none yet (link, not rename) — instances starting together on one DATA_DIR agree on one key;
 * returns false when another got there first.
 */
function writeKeyFile(file: string, keys: Buffer[], create = false): boolean {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify({ keys: keys.map((k) => k.toString('base64')) }), { mode: 0o600 });
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  if (create) {
    try {
      linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      return false;
    } finally {
      unlinkSync(tmp);
    }
  } else renameSync(tmp, file);
  try {
    const d = openSync(dirname(file), 'r');
    fsyncSync(d);
    closeSync(d);
  } catch {
    /* directories cannot be fsynced everywhere */
  }
  return true;
}

function readKeyFile(file: string): Buffer[] {
  if (!existsSync(file)) return [];
  const j = JSON.parse(readFileSync(file, 'utf8')) as { keys?: string[] };
  return (j.keys ?? []).map((k) => Buffer.from(k, 'base64')).filter((k) => k.length === 32);
}

interface Payload extends AnonymousOpinion {
  /** The clock hour of submission (hours since the epoch): only inside the ciphertext. */
  hour: number;
  /**
   * A random id shared by the opinions of one submission: only inside the ciphertext (never a
   * column), so the spool rows do not show which belong together; flush counts distinct ones.
   */
  sub: string;
}

export function seal(key: Buffer, collectionId: string, p: Payload): string {
  const json = Buffer.from(
    JSON.stringify({
      t: p.targetKind,
      p: p.targetPersonId,
      c: p.category,
      b: p.body,
      d: p.submittedOn,
      h: p.hour,
      s: p.sub,
    }),
    'utf8',
  );
  const size = Math.max(PAD, Math.ceil(json.length / PAD) * PAD);
  const plain = Buffer.alloc(size, 0x20);
  json.copy(plain);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(collectionId, 'utf8'));
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([kidOf(key), iv, c.getAuthTag(), body]).toString('base64');
}

/** Open a sealed row with one of `keys`; null when none fits (or it was tampered with). */
export function unseal(keys: readonly Buffer[], collectionId: string, sealed: string): Payload | null {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < 4 + 12 + 16) return null;
  const kid = raw.subarray(0, 4);
  const key = keys.find((k) => kidOf(k).equals(kid));
  if (!key) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(4, 16));
    d.setAAD(Buffer.from(collectionId, 'utf8'));
    d.setAuthTag(raw.subarray(16, 32));
    const j = JSON.parse(
      Buffer.concat([d.update(raw.subarray(32)), d.final()])
        .toString('utf8')
        .trimEnd(),
    );
    return {
      targetKind: j.t,
      targetPersonId: j.p ?? null,
      category: j.c ?? null,
      body: j.b,
      submittedOn: j.d,
      hour: j.h,
      sub: typeof j.s === 'string' ? j.s : '',
    };
  } catch {
    return null;
  }
}

/** A promise chain: spool writes, flushes and key rotation of this process never interleave. */
function mutex() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

export function createOpinionSpool(opts: SpoolOptions) {
  const { repos, store } = opts;
  const now = opts.now ?? (() => new Date());
  const proc = () => repos.procedure;
  const exclusive = mutex();
  const { ring, file } = loadKeyring(opts);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  /** The keys, reading (or creating) the key file on first use. */
  function keys(): Buffer[] {
    if (!ring.keys.length && file) {
      ring.keys = readKeyFile(file);
      if (!ring.keys.length) {
        const fresh = [randomBytes(32)];
        ring.keys = writeKeyFile(file, fresh, true) ? fresh : readKeyFile(file);
        if (!ring.keys.length) throw new Error(`无法读取意见密钥文件 ${file}`);
      }
    }
    return ring.keys;
  }

  /** Seal and store (durably) one submission's opinions; acknowledged once this resolves. */
  async function submit(
    collectionId: string,
    opinions: readonly AnonymousOpinion[],
    capOpts: { dailyCap: number },
  ): Promise<{ accepted: number }> {
    if (!opinions.length) return { accepted: 0 };
    const hour = Math.floor(now().getTime() / HOUR);
    const day = opinions[0].submittedOn;
    const r = await exclusive(async () => {
      const key = keys()[0];
      const sub = randomBytes(16).toString('hex');
      const sealed = opinions.map((o) => ({
        id: randomBytes(16).toString('hex'),
        sealed: seal(key, collectionId, { ...o, hour, sub }),
      }));
      return proc().spoolOpinions(collectionId, day, sealed, capOpts);
    });
    // A batch may be due now; a failure here is retried by the timer (and never logged from a
    // public request: a log line's time would place the submission).
    await flush(collectionId).catch(() => undefined);
    return r;
  }

  /** Take the collection's batch if one is due; returns the number of opinions written. */
  function flush(collectionId: string): Promise<number> {
    return exclusive(async () => {
      const hourNow = Math.floor(now().getTime() / HOUR);
      const ks = keys();
      const secure = await repos.procedure.secureDelete();
      let n = 0;
      try {
        n = await proc().flushSpool(collectionId, (rows, c) => {
          const opened = rows
            .map((r) => ({ id: r.id, p: unseal(ks, collectionId, r.sealed) }))
            .filter((x): x is { id: string; p: Payload } => x.p !== null);
          if (!opened.length) return null;
          const aged = opened.some((x) => x.p.hour < hourNow);
          const day = opts.today?.() ?? dateInZone(now());
          const ended = c.status !== 'open' || (!!c.closesOn && c.closesOn < day);
          // k SUBMISSIONS, not k opinions: one submission of many opinions is no batch by itself.
          // (Rows sealed before submission ids existed count one each.)
          const submissions = new Set(opened.map((x, i) => x.p.sub || `row${i}`)).size;
          const due = submissions >= opts.batchSize || (aged && (opts.hourly !== false || ended));
          if (!due) return null;
          return {
            take: opened.map((x) => x.id),
            opinions: opened.map(({ p }) => ({
              targetKind: p.targetKind,
              targetPersonId: p.targetPersonId,
              category: p.category,
              body: p.body,
              submittedOn: p.submittedOn,
            })),
          };
        });
        if (n > 0 && ring.rotates) await rotate();
      } finally {
        await secure.restore();
      }
      if (n > 0)
        await checkpoint().catch((e) =>
          opts.log?.error(
            { err: e instanceof Error ? e.message : String(e) },
            'WAL checkpoint after an opinion batch failed',
          ),
        );
      return n;
    });
  }

  /** New key; rows still waiting re-sealed under it; the old key erased (crash-safe order). */
  async function rotate(): Promise<void> {
    const old = keys();
    const next = randomBytes(32);
    ring.keys = [next, ...old];
    if (file) writeKeyFile(file, ring.keys);
    const rows = await proc().spoolRows();
    const resealed = rows.flatMap((r) => {
      const p = unseal(old, r.collectionId, r.sealed);
      return p
        ? [
            {
              oldId: r.id,
              id: randomBytes(16).toString('hex'),
              collectionId: r.collectionId,
              sealed: seal(next, r.collectionId, p),
            },
          ]
        : [];
    });
    await proc().resealSpool(resealed);
    ring.keys = [next];
    if (file) writeKeyFile(file, ring.keys);
  }

  /** SQLite: copy the WAL into the database file and truncate it (a database in memory has none). */
  async function checkpoint(): Promise<void> {
    if (!store.file || store.file === ':memory:') return;
    await repos.procedure.checkpointWal();
  }

  /** Flush every collection with a due batch (timer, restart). */
  async function tick(): Promise<number> {
    let n = 0;
    for (const id of (await proc().pendingCounts()).keys()) n += await flush(id);
    return n;
  }

  function schedule(ms: number) {
    if (stopped || opts.intervalMs === false) return;
    timer = setTimeout(() => {
      void tick()
        .then(
          (n) => {
            if (n) opts.log?.info({ opinions: n }, 'opinion batch written');
          },
          (e) =>
            opts.log?.error(
              { err: e instanceof Error ? e.message : String(e) },
              'opinion batch failed; the next tick retries',
            ),
        )
        .finally(() => schedule(typeof opts.intervalMs === 'number' ? opts.intervalMs : 60_000));
    }, ms);
    timer.unref();
  }
  // A first pass soon after start takes what a crash left waiting.
  schedule(typeof opts.intervalMs === 'number' ? Math.min(opts.intervalMs, 5_000) : 5_000);

  return {
    submit,
    flush,
    tick,
    /** Opinions waiting for their batch, per collection. */
    pending: (collectionIds?: readonly string[]) => proc().pendingCounts(collectionIds),
    /** The keys this process holds (tests: to show they no longer open old ciphertext). */
    currentKeys: () => [...keys()],
    batchSize: opts.batchSize,
    hourly: opts.hourly !== false,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await exclusive(async () => undefined);
    },
  };
}

export type OpinionSpool = ReturnType<typeof createOpinionSpool>;
