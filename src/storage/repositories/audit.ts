/**
 * The audit log: append-only (the database refuses UPDATE and DELETE by trigger) and hash-chained:
 * entry n stores hash_n = sha256(hash_{n-1} + canonical JSON of its own fields), so changing,
 * inserting or removing any entry breaks every later link, and `verify()` names the first one.
 *
 * Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock, on SQLite by the
 * write lock every write transaction takes (BEGIN IMMEDIATE). Call `append` inside the
 * transaction of the change it records, so the change and its entry commit together.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../schema.js';
import type { DialectName } from '../db.js';
import { canonicalJson, digestOf, sha256Hex } from '../digest.js';
import { nowIso } from './util.js';
import { MAIN_CHAIN, type AuditCheckpoint, type CheckpointFailure } from '../audit-checkpoint.js';

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK_KEY = 7_126_001;

export interface AuditInput {
  actorId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  /** The state before and after; only their digests are stored. */
  before?: unknown;
  after?: unknown;
  /** Small, non-sensitive facts (ids, statuses, version numbers) — never material text. */
  details?: Record<string, unknown> | null;
  /** digestOf(before) / digestOf(after) when already computed (off the request thread: a large material's). */
  beforeDigest?: string | null;
  afterDigest?: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  details: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  count: number;
  /** The first entry whose link does not hold. */
  firstBroken?: { seq: number; reason: string };
  /** Only when checkpoints were given: how many were compared, and the first that does not hold. */
  checkpoints?: { checked: number; failed?: CheckpointFailure };
}

export function entryHash(prevHash: string, e: Omit<AuditEntry, 'hash' | 'prevHash'>): string {
  const body = canonicalJson({
    seq: e.seq,
    at: e.at,
    actorId: e.actorId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    beforeDigest: e.beforeDigest,
    afterDigest: e.afterDigest,
    details: e.details,
  });
  return sha256Hex(`${prevHash}\n${body}`);
}

const toEntry = (r: Selectable<AuditLogTable>): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at,
  actorId: r.actor_id,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  beforeDigest: r.before_digest,
  afterDigest: r.after_digest,
  details: r.details === null ? null : JSON.parse(r.details),
  prevHash: r.prev_hash,
  hash: r.hash,
});

export function auditRepository(db: Kysely<Database>, dialect: DialectName) {
  async function appendIn(tx: Kysely<Database>, input: AuditInput): Promise<AuditEntry> {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(tx);
    const last = await tx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const seq = last ? Number(last.seq) + 1 : 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const base = {
      seq,
      at: nowIso(),
      actorId: input.actorId,
      action: input.action,
      entity: input.entity,
      entityId: input.entityId ?? null,
      beforeDigest: input.beforeDigest !== undefined ? input.beforeDigest : digestOf(input.before),
      afterDigest: input.afterDigest !== undefined ? input.afterDigest : digestOf(input.after),
      details: input.details ?? null,
    };
    const hash = entryHash(prevHash, base);
    await tx
      .insertInto('audit_log')
      .values({
        seq,
        at: base.at,
        actor_id: base.actorId,
        action: base.action,
        entity: base.entity,
        entity_id: base.entityId,
        before_digest: base.beforeDigest,
        after_digest: base.afterDigest,
        details: base.details === null ? null : JSON.stringify(base.details),
        prev_hash: prevHash,
        hash,
      })
      .execute();
    return { ...base, prevHash, hash };
  }
  return {
    async append(input: AuditInput): Promise<AuditEntry> {
      return db.isTransaction ? appendIn(db, input) : db.transaction().execute((tx) => appendIn(tx, input));
    },
    async list(
      opts: { afterSeq?: number; limit?: number; entity?: string; entityId?: string } = {},
    ): Promise<AuditEntry[]> {
      let q = db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', opts.afterSeq ?? 0);
      if (opts.entity) q = q.where('entity', '=', opts.entity);
      if (opts.entityId) q = q.where('entity_id', '=', opts.entityId);
      return (
        await q
          .orderBy('seq')
          .limit(opts.limit ?? 1000)
          .execute()
      ).map(toEntry);
    },
    /** The chain's length and head hash now (one row read): what a checkpoint records. */
    async head(): Promise<{ count: number; head: string }> {
      const last = await db
        .selectFrom('audit_log')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return last ? { count: Number(last.seq), head: last.hash } : { count: 0, head: GENESIS_HASH };
    },
    /**
     * Walk the whole chain in pages; report the first entry whose hash or link does not hold. With
     * checkpoints (audit-checkpoint.ts: count and head hash kept outside the database), also the
     * first checkpoint the database no longer matches: fewer entries than it counts (truncation),
     * or entry `count` hashing to something else (an entry up to it changed and the chain recomputed).
     */
    async verify(opts: { checkpoints?: readonly AuditCheckpoint[] } = {}): Promise<VerifyResult> {
      const anchors = (opts.checkpoints ?? [])
        .map((cp) => ({ cp, ...cp.chains[MAIN_CHAIN] }))
        .sort((a, b) => a.count - b.count);
      let next = 0; // the next anchor to compare, in order of count
      let goodUpTo = 0;
      const withCps = (r: VerifyResult): VerifyResult =>
        opts.checkpoints ? { ...r, checkpoints: { checked: next, ...r.checkpoints } } : r;
      const atEntry = (count: number, hash: string): VerifyResult | null => {
        for (; next < anchors.length && anchors[next].count === count; next++) {
          const a = anchors[next];
          if (a.head !== hash)
            return {
              ok: false,
              count,
              checkpoints: {
                checked: next + 1,
                failed: {
                  kind: 'rewritten',
                  checkpoint: a.cp,
                  chain: MAIN_CHAIN,
                  count,
                  head: a.head,
                  actual: hash,
                  goodUpTo,
                },
              },
            };
        }
        if (next > 0 && anchors[next - 1].count === count) goodUpTo = count;
        return null;
      };
      let prevHash = GENESIS_HASH;
      let expectSeq = 1;
      let count = 0;
      const empty = atEntry(0, GENESIS_HASH);
      if (empty) return withCps(empty);
      for (;;) {
        const rows = await db
          .selectFrom('audit_log')
          .selectAll()
          .where('seq', '>=', expectSeq)
          .orderBy('seq')
          .limit(2000)
          .execute();
        if (!rows.length) break;
        for (const r of rows) {
          const e = toEntry(r);
          if (e.seq !== expectSeq)
            return withCps({
              ok: false,
              count,
              firstBroken: { seq: expectSeq, reason: `缺少第 ${expectSeq} 条（下一条为第 ${e.seq} 条）` },
            });
          if (e.prevHash !== prevHash)
            return withCps({ ok: false, count, firstBroken: { seq: e.seq, reason: '前一条的哈希与记录的不一致' } });
          if (entryHash(prevHash, e) !== e.hash)
            return withCps({ ok: false, count, firstBroken: { seq: e.seq, reason: '内容与哈希不一致（记录被改动）' } });
          prevHash = e.hash;
          expectSeq++;
          count++;
          const failed = atEntry(count, e.hash);
          if (failed) return withCps(failed);
        }
      }
      if (next < anchors.length) {
        const a = anchors[next];
        return withCps({
          ok: false,
          count,
          checkpoints: {
            checked: next + 1,
            failed: { kind: 'truncated', checkpoint: a.cp, chain: MAIN_CHAIN, count: a.count, head: a.head, goodUpTo },
          },
        });
      }
      return withCps({ ok: true, count });
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
