/**
 * Audit checkpoints: the audit chains anchored outside the database.
 *
 * A hash chain (repositories/audit.ts: one per shard) proves that no entry was changed *relative to
 * the others*; someone who can write the database and drops the append-only triggers can still
 * delete a chain's last entries (or all of a shard), or change one and recompute every later hash,
 * and the chain verifies again. A checkpoint records every chain's length and head hash at one
 * moment; kept where the database cannot reach it (a file on the server, the administrators' mail,
 * a printout), it makes both visible:
 *
 *   - fewer entries than a checkpoint counts → entries after it were deleted (truncation);
 *   - entry n no longer hashes to the head a checkpoint recorded for n → an entry up to n was
 *     changed and the chain recomputed (rewrite) — or the checkpoint belongs to another database.
 *
 * A checkpoint holds no secret and is not signed: anybody can compute one from a database. What
 * counts is the administrator's copy made *before* the tampering; `audit verify` reads checkpoints
 * only from files (never from the database), so whoever holds only the database cannot change them.
 *
 * One line of text, versioned, with one `name=count:head` field per chain. The log is sharded
 * (repositories/audit.ts): `audit_log` is the legacy chain (the entries written before sharding,
 * closed since; `0:000…` on a newer install) and `shard<k>` each shard's chain that has entries:
 *
 *   jianshi-audit-checkpoint/2 at=2026-12-06T14:00:00.000Z audit_log=1234:9f86…(64 hex) shard0=310:1c2d… … shard15=296:77ab… check=1a2b3c4d
 *
 * Version 1 lines (before sharding) hold `audit_log` only and are still read: they anchor the legacy
 * chain. A shard a checkpoint does not name had no entries then.
 *
 * `check` is the start of the SHA-256 of the text before it: it catches a line mangled by copying
 * (an incomplete paste, a changed digit), not forgery. A line may be pasted with text around it
 * (a mail, a note): everything before the marker is ignored, as are lines without one.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256Hex } from './digest.js';
import { JianshiError } from '../core/errors.js';

export const CHECKPOINT_MARK = 'jianshi-audit-checkpoint';
export const CHECKPOINT_VERSION = 2;
/** The legacy chain: the whole audit log before it was sharded (the only chain in version 1). */
export const MAIN_CHAIN = 'audit_log';
/** The name of shard k's chain in a checkpoint. */
export const shardChain = (k: number): string => `shard${k}`;
/** The shard of a chain's name (null: the legacy chain or not a chain name). */
export function shardOfChain(name: string): number | null {
  const m = /^shard(\d{1,4})$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** A chain's name for messages: '' for the legacy chain (as before sharding), else `分片 k `. */
function chainLabel(chain: string): string {
  const k = shardOfChain(chain);
  return k === null ? '' : `分片 ${k} `;
}

export interface ChainAnchor {
  /** Entries 1..count existed; 0 for an empty log. */
  count: number;
  /** The hash of entry `count` (the genesis hash for 0). */
  head: string;
}

export interface AuditCheckpoint {
  version: number;
  /** When it was taken (ISO time). */
  at: string;
  chains: Record<string, ChainAnchor>;
  /** Where it was read from, for messages. */
  source?: { file: string; line: number };
}

export function formatCheckpoint(cp: Pick<AuditCheckpoint, 'at' | 'chains'>): string {
  const body = `${CHECKPOINT_MARK}/${CHECKPOINT_VERSION} at=${cp.at} ${Object.entries(cp.chains)
    .map(([name, a]) => `${name}=${a.count}:${a.head}`)
    .join(' ')}`;
  return `${body} check=${sha256Hex(body).slice(0, 8)}`;
}

const bad = (where: string, why: string) =>
  new JianshiError('E_AUDIT_CHECKPOINT_FORMAT', `审计检查点格式有误（${where}）：${why}`, { where });

/** Every checkpoint in a text (a file, a pasted mail); lines without the marker are skipped, a damaged one is an error. */
export function parseCheckpoints(text: string, file = '（文本）'): AuditCheckpoint[] {
  const out: AuditCheckpoint[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i].indexOf(CHECKPOINT_MARK + '/');
    if (at < 0) continue;
    const where = `${file} 第 ${i + 1} 行`;
    const line = lines[i].slice(at).trim();
    const m = /^(.*) check=([0-9a-f]{8})$/.exec(line);
    if (!m) throw bad(where, '缺少末尾的校验码 check=…（可能没有复制完整）');
    if (sha256Hex(m[1]).slice(0, 8) !== m[2])
      throw bad(where, '校验码不符：这一行在抄录或复制时被改动了，请从原件重新复制');
    const [mark, ...fields] = m[1].split(/\s+/);
    const version = Number(mark.slice(CHECKPOINT_MARK.length + 1));
    if (!Number.isInteger(version) || version < 1) throw bad(where, `版本号“${mark}”无效`);
    if (version > CHECKPOINT_VERSION)
      throw bad(where, `检查点版本 ${version} 高于本程序支持的版本 ${CHECKPOINT_VERSION}，请升级检视`);
    const cp: AuditCheckpoint = { version, at: '', chains: {}, source: { file, line: i + 1 } };
    for (const f of fields) {
      const eq = f.indexOf('=');
      const k = f.slice(0, eq);
      const v = f.slice(eq + 1);
      if (eq <= 0) throw bad(where, `无法识别“${f}”`);
      if (k === 'at') {
        if (Number.isNaN(Date.parse(v))) throw bad(where, `时间“${v}”无效`);
        cp.at = v;
        continue;
      }
      if (k !== MAIN_CHAIN && shardOfChain(k) === null) throw bad(where, `无法识别的链“${k}”`);
      const a = /^(\d{1,15}):([0-9a-f]{64})$/.exec(v);
      if (!a) throw bad(where, `“${k}”应为 条数:64 位哈希`);
      cp.chains[k] = { count: Number(a[1]), head: a[2] };
    }
    if (!cp.at) throw bad(where, '缺少时间 at=…');
    if (!cp.chains[MAIN_CHAIN]) throw bad(where, `缺少 ${MAIN_CHAIN}=…`);
    out.push(cp);
  }
  return out;
}

/**
 * The checkpoints of a file. `required`: a missing or empty file is an error (a file named on the
 * command line); otherwise a missing file gives null (the configured default, not yet written).
 */
export function readCheckpointFile(file: string, opts: { required?: boolean } = {}): AuditCheckpoint[] | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !opts.required) return null;
    throw new JianshiError(
      'E_AUDIT_CHECKPOINT_FORMAT',
      `无法读取审计检查点文件 ${file}：${(e as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (e as Error).message}`,
      { file },
    );
  }
  const cps = parseCheckpoints(text, file);
  if (!cps.length && opts.required)
    throw new JianshiError(
      'E_AUDIT_CHECKPOINT_FORMAT',
      `审计检查点文件 ${file} 中没有检查点（以 ${CHECKPOINT_MARK}/ 开头的行）。`,
      { file },
    );
  return cps;
}

/** Append one checkpoint line (the file and its directory are created, readable by the owner only). */
export function appendCheckpoint(file: string, cp: Pick<AuditCheckpoint, 'at' | 'chains'>): string {
  const line = formatCheckpoint(cp);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  appendFileSync(file, line + '\n', { mode: 0o600 });
  return line;
}

/** Where a checkpoint and the database part ways. */
export interface CheckpointFailure {
  kind: 'truncated' | 'rewritten';
  checkpoint: AuditCheckpoint;
  /** The chain and its anchor that do not hold. */
  chain: string;
  count: number;
  head: string;
  /** rewritten: the hash the database now has for entry `count`. */
  actual?: string;
  /** The last entry of this chain a checkpoint still vouches for (0 when none): the change lies after it. */
  goodUpTo: number;
  /** How many entries this chain has in the database (as far as it verified). */
  entries: number;
}

/** Where a chain's own links do not hold (repositories/audit.ts verify). */
export interface BrokenLink {
  /** The chain: MAIN_CHAIN or shardChain(k). */
  chain: string;
  /** The position in the chain of the first entry that does not hold (0: an entry outside every chain, chain ''). */
  position: number;
  /** Its id (seq), or the missing position's when an entry is missing. */
  seq: number;
  reason: string;
}

/** The Chinese explanation of a broken link. */
export function describeBrokenLink(b: BrokenLink): string {
  if (b.position === 0) return `序号 ${b.seq} 的记录不在任何一条哈希链中（${b.reason}）。`;
  const label = chainLabel(b.chain);
  const id = label && b.seq !== b.position ? `（序号 ${b.seq}）` : '';
  return `${label}第 ${b.position} 条${id}起哈希链断开（${b.reason}）；${label ? '该分片' : ''}之前的 ${b.position - 1} 条完好。`;
}

/**
 * The Chinese explanation of a failure, for the command line and the administrators' notice. The
 * chain's own count (f.entries) is what it compares with; a second argument (the total, from callers
 * written before sharding) is not needed.
 */
export function describeCheckpointFailure(f: CheckpointFailure, _total?: number): string {
  const src = f.checkpoint.source ? `（${f.checkpoint.source.file} 第 ${f.checkpoint.source.line} 行）` : '';
  const when = `${f.checkpoint.at} 的检查点${src}`;
  const label = chainLabel(f.chain);
  if (f.kind === 'truncated') {
    const n = f.entries;
    return (
      `${when}记录审计日志${label}共 ${f.count} 条，而数据库中${label ? '该分片' : ''}只有 ${n} 条：` +
      (label && n === 0 ? '该分片的全部记录已被删除。' : `${label ? '该分片' : ''}第 ${n + 1} 条起的记录已被删除。`) +
      `（若刚从备份恢复，备份之后的记录本就不在其中。）`
    );
  }
  return (
    `${when}记录${label}第 ${f.count} 条的哈希为 ${f.head.slice(0, 16)}…，数据库中却是 ${f.actual!.slice(0, 16)}…：` +
    `${label}第 ${f.goodUpTo + 1}–${f.count} 条之间有记录被改写，其后的哈希被重新计算（或该检查点不属于这个数据库）。`
  );
}
