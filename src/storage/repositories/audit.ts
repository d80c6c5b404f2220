/**
 * The audit log: append-only (the database refuses UPDATE and DELETE by trigger) and hash-chained,
 * in shards. An entry belongs to one of `audit.shards` chains (a setting, 16, fixed at the first entry),
 * chosen by a hash of its entity and entity id — every entry about one material lands in the same
 * chain. In its chain, entry n stores hash_n = sha256(hash_{n-1} + canonical JSON of its own fields,
 * its chain and position included), so changing, inserting, removing or reordering any entry breaks
 * every later link of that chain, and `verify()` names the first one.
 *
 * Appends are serialised per shard only: on PostgreSQL by a transaction-scoped advisory lock on
 * (AUDIT_LOCK_CLASS, shard), on SQLite by the write lock every write transaction takes (BEGIN
 * IMMEDIATE). Saves of unrelated entities take different shards' locks and do not wait for each
 * other; two writes about the same entity still do. Call `append` inside the transaction of the change
 * it records, so the change and its entry commit together (the shard's lock is held until then).
 *
 * `seq` is the entry's id and the order of display, not part of any chain's continuity: a global
 * counter would need the global lock again. It is time-ordered and unique — ms × SEQ_STRIDE + shard,
 * and always above the shard's previous one — so a list by seq is a list by time (to the millisecond
 * across shards). Entries written before sharding (shard NULL) form the legacy chain: closed, verified
 * as before (seq 1, 2, 3, … and the old hash), and anchored as `audit_log=` in every checkpoint.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../schema.js';
import type { DialectName } from '../db.js';
import { canonicalJson, digestOf, sha256Hex } from '../digest.js';
import { nowIso } from './util.js';
import {
  MAIN_CHAIN,
  shardChain,
  shardOfChain,
  type AuditCheckpoint,
  type BrokenLink,
  type ChainAnchor,
  type CheckpointFailure,
} from '../audit-checkpoint.js';

export const GENESIS_HASH = '0'.repeat(64);
/** pg_advisory_xact_lock(AUDIT_LOCK_CLASS, shard): one lock per shard. */
export const AUDIT_LOCK_CLASS = 7_126_001;
/** The setting that holds the number of shards. */
export const SHARDS_SETTING = 'audit.shards';
export const DEFAULT_SHARDS = 16;
/** seq = ms × SEQ_STRIDE + shard: at most SEQ_STRIDE shards; exact in a double until the year 2248. */
export const SEQ_STRIDE = 1024;

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
  /** The entry's chain (null: the legacy chain) and its position there. */
  shard: number | null;
  shardSeq: number | null;
  prevHash: string;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Entries whose links hold (all of them when ok). */
  count: number;
  /** The first entry whose link does not hold. */
  firstBroken?: BrokenLink;
  /** Only when checkpoints were given: how many were compared, and the first that does not hold. */
  checkpoints?: { checked: number; failed?: CheckpointFailure };
}

/** The stable shard of an entity: every entry about one entity is in one chain. */
export function shardOf(entity: string, entityId: string | null, shards: number): number {
  return parseInt(sha256Hex(`${entity}\n${entityId ?? ''}`).slice(0, 8), 16) % shards;
}

/**
 * An entry's hash from its predecessor's in the same chain. A sharded entry's body names its shard,
 * position and seq (moving it to another chain or place breaks it); a legacy entry's is as it was
 * written before sharding.
 */
export function entryHash(
  prevHash: string,
  e: Omit<AuditEntry, 'hash' | 'prevHash' | 'shard' | 'shardSeq'> & { shard?: number | null; shardSeq?: number | null },
): string {
  const fields = {
    seq: e.seq,
    at: e.at,
    actorId: e.actorId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    beforeDigest: e.beforeDigest,
    afterDigest: e.afterDigest,
    details: e.details,
  };
  const body = canonicalJson(
    e.shard === null || e.shard === undefined ? fields : { ...fields, shard: e.shard, shardSeq: e.shardSeq },
  );
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
  shard: r.shard === null ? null : Number(r.shard),
  shardSeq: r.shard_seq === null ? null : Number(r.shard_seq),
  prevHash: r.prev_hash,
  hash: r.hash,
});

export function auditRepository(db: Kysely<Database>, dialect: DialectName) {
  /** The number of shards: the setting, written with the first sharded entry (DEFAULT_SHARDS) and kept. */
  async function shardCount(tx: Kysely<Database>): Promise<number> {
    const r = await tx.selectFrom('settings').select('value').where('key', '=', SHARDS_SETTING).executeTakeFirst();
    if (!r) {
      await tx
        .insertInto('settings')
        .values({ key: SHARDS_SETTING, value: String(DEFAULT_SHARDS) })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      return DEFAULT_SHARDS;
    }
    const n = Number(r.value);
    return Number.isInteger(n) && n >= 1 && n <= SEQ_STRIDE ? n : DEFAULT_SHARDS;
  }

  async function appendIn(tx: Kysely<Database>, input: AuditInput): Promise<AuditEntry> {
    const shard = shardOf(input.entity, input.entityId ?? null, await shardCount(tx));
    if (dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_CLASS}::int, ${shard}::int)`.execute(tx);
    const last = await tx
      .selectFrom('audit_log')
      .select(['seq', 'shard_seq', 'hash'])
      .where('shard', '=', shard)
      .orderBy('shard_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const shardSeq = last ? Number(last.shard_seq) + 1 : 1;
    const seq = Math.max(Date.now() * SEQ_STRIDE + shard, last ? Number(last.seq) + SEQ_STRIDE : 0);
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
      shard,
      shardSeq,
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
        shard,
        shard_seq: shardSeq,
      })
      .execute();
    return { ...base, prevHash, hash };
  }

  /** The legacy chain's head, and every shard's (its last entry), read in one statement each. */
  async function heads(): Promise<Record<string, ChainAnchor>> {
    const legacy = await db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('shard', 'is', null)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const out: Record<string, ChainAnchor> = {
      [MAIN_CHAIN]: legacy ? { count: Number(legacy.seq), head: legacy.hash } : { count: 0, head: GENESIS_HASH },
    };
    const rows = await db
      .selectFrom('audit_log as a')
      .innerJoin(
        (eb) =>
          eb
            .selectFrom('audit_log')
            .select(['shard', (e) => e.fn.max('shard_seq').as('last')])
            .where('shard', 'is not', null)
            .groupBy('shard')
            .as('h'),
        (j) => j.onRef('h.shard', '=', 'a.shard').onRef('h.last', '=', 'a.shard_seq'),
      )
      .select(['a.shard', 'a.shard_seq', 'a.hash'])
      .orderBy('a.shard')
      .execute();
    for (const r of rows) out[shardChain(Number(r.shard))] = { count: Number(r.shard_seq), head: r.hash };
    return out;
  }

  return {
    async append(input: AuditInput): Promise<AuditEntry> {
      return db.isTransaction ? appendIn(db, input) : db.transaction().execute((tx) => appendIn(tx, input));
    },
    /**
     * Entries in the order of their seq (time); `afterSeq` pages on from the last one seen. Shards
     * commit independently, so an entry may become visible after one with a higher seq (by at most
     * the length of its transaction): a reader that must miss nothing re-reads from a little before.
     */
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
    /** Every chain's length and head hash now: what a checkpoint records. */
    heads,
    /** The whole log's size (every chain's entries) and one digest of every chain's head. */
    async head(): Promise<{ count: number; head: string }> {
      const h = await heads();
      return {
        count: Object.values(h).reduce((n, a) => n + a.count, 0),
        head: sha256Hex(canonicalJson(h)),
      };
    },
    /**
     * Walk every chain (the legacy one, then each shard's) in pages; report the first entry whose
     * hash, link or position does not hold. With checkpoints (audit-checkpoint.ts: each chain's count
     * and head hash kept outside the database), also the first checkpoint the database no longer
     * matches: a chain with fewer entries than it counts (its newest entries, or the whole shard,
     * deleted), or entry `count` of a chain hashing to something else (an entry up to it changed and
     * the chain recomputed).
     */
    async verify(opts: { checkpoints?: readonly AuditCheckpoint[] } = {}): Promise<VerifyResult> {
      const cps = opts.checkpoints ?? [];
      const shards = new Set<number>();
      for (const r of await db
        .selectFrom('audit_log')
        .select('shard')
        .distinct()
        .where('shard', 'is not', null)
        .execute())
        shards.add(Number(r.shard));
      for (const cp of cps)
        for (const name of Object.keys(cp.chains)) {
          const k = shardOfChain(name);
          if (k !== null) shards.add(k);
        }
      const chainNames = [MAIN_CHAIN, ...[...shards].sort((a, b) => a - b).map(shardChain)];
      // How many anchors of each checkpoint are still to be compared: one with none left is checked.
      const pending = new Map(cps.map((cp) => [cp, Object.keys(cp.chains).length]));
      const checked = () => [...pending.values()].filter((n) => n === 0).length;
      let total = 0;
      const fail = (r: Omit<VerifyResult, 'ok' | 'count'>, counted: number): VerifyResult => ({
        ok: false,
        count: total + counted,
        ...r,
        ...(opts.checkpoints
          ? { checkpoints: { ...r.checkpoints, checked: checked() + (r.checkpoints?.failed ? 1 : 0) } }
          : {}),
      });

      // An entry outside every chain (a shard without a position, or the reverse) would escape the walk.
      const stray = await db
        .selectFrom('audit_log')
        .select('seq')
        .where((eb) =>
          eb.or([
            eb.and([eb('shard', 'is not', null), eb('shard_seq', 'is', null)]),
            eb.and([eb('shard', 'is', null), eb('shard_seq', 'is not', null)]),
          ]),
        )
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst();
      if (stray)
        return fail(
          { firstBroken: { chain: '', position: 0, seq: Number(stray.seq), reason: '分片或链中位置被清空' } },
          0,
        );

      for (const chain of chainNames) {
        const shard = shardOfChain(chain);
        const anchors = cps
          .filter((cp) => cp.chains[chain])
          .map((cp) => ({ cp, ...cp.chains[chain] }))
          .sort((a, b) => a.count - b.count);
        let next = 0; // the next anchor to compare, in order of count
        let goodUpTo = 0;
        let count = 0;
        let prevHash = GENESIS_HASH;
        /** Compare the anchors at `count`; the failure, or null. */
        const atEntry = (hash: string): CheckpointFailure | null => {
          for (; next < anchors.length && anchors[next].count === count; next++) {
            const a = anchors[next];
            if (a.head !== hash)
              return {
                kind: 'rewritten',
                checkpoint: a.cp,
                chain,
                count,
                head: a.head,
                actual: hash,
                goodUpTo,
                entries: count,
              };
            pending.set(a.cp, pending.get(a.cp)! - 1);
          }
          if (next > 0 && anchors[next - 1].count === count) goodUpTo = count;
          return null;
        };
        const empty = atEntry(GENESIS_HASH);
        if (empty) return fail({ checkpoints: { checked: 0, failed: empty } }, 0);
        for (;;) {
          const rows = await (
            shard === null
              ? db
                  .selectFrom('audit_log')
                  .selectAll()
                  .where('shard', 'is', null)
                  .where('seq', '>', count)
                  .orderBy('seq')
              : db
                  .selectFrom('audit_log')
                  .selectAll()
                  .where('shard', '=', shard)
                  .where('shard_seq', '>', count)
                  .orderBy('shard_seq')
          )
            .limit(2000)
            .execute();
          if (!rows.length) break;
          for (const r of rows) {
            const e = toEntry(r);
            const position = count + 1;
            const at = shard === null ? e.seq : e.shardSeq;
            const broken = (reason: string, seq = e.seq) =>
              fail({ firstBroken: { chain, position, seq, reason } }, count);
            if (at !== position)
              return broken(`缺少第 ${position} 条（下一条为第 ${at} 条）`, shard === null ? position : e.seq);
            if (e.prevHash !== prevHash) return broken('前一条的哈希与记录的不一致');
            if (entryHash(prevHash, e) !== e.hash) return broken('内容与哈希不一致（记录被改动）');
            prevHash = e.hash;
            count++;
            const failed = atEntry(e.hash);
            if (failed) return fail({ checkpoints: { checked: 0, failed } }, count);
          }
        }
        if (next < anchors.length) {
          const a = anchors[next];
          return fail(
            {
              checkpoints: {
                checked: 0,
                failed: {
                  kind: 'truncated',
                  checkpoint: a.cp,
                  chain,
                  count: a.count,
                  head: a.head,
                  goodUpTo,
                  entries: count,
                },
              },
            },
            count,
          );
        }
        total += count;
      }
      return {
        ok: true,
        count: total,
        ...(opts.checkpoints ? { checkpoints: { checked: checked() } } : {}),
      };
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
