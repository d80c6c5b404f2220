/**
 * The audit log in shards (repositories/audit.ts): saves of unrelated entities append to different
 * chains and do not wait for each other; the chains and the checkpoints kept outside the database
 * still show an edited, moved or reordered entry, the newest entries of a shard deleted, a whole
 * shard deleted; the chain written before sharding stays verifiable. On SQLite and, with
 * TEST_DATABASE_URL, PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import { openTestStore, testDialects, type TestStore } from './testing.js';
import { migrateToLatest, openDatabase, type Store } from './db.js';
import { staticMigrationProvider } from './migrations/index.js';
import { createRepositories, type Repositories } from './repositories/index.js';
import { AUDIT_LOCK_CLASS, DEFAULT_SHARDS, entryHash, GENESIS_HASH, shardOf } from './repositories/audit.js';
import {
  describeCheckpointFailure,
  MAIN_CHAIN,
  parseCheckpoints,
  shardChain,
  formatCheckpoint,
  type AuditCheckpoint,
} from './audit-checkpoint.js';
import { sha256Hex } from './digest.js';

const SHARDS_MIGRATION = '2026-12-07T1500_audit_shards';

/** Entity ids of `thing` in distinct shards: ids[k] is in shard k (for the shards asked). */
function idsInShards(...shards: number[]): string[] {
  return shards.map((k) => {
    for (let i = 0; ; i++) if (shardOf('thing', `t${i}`, DEFAULT_SHARDS) === k) return `t${i}`;
  });
}

const entry = (entityId: string, tag = 'x') => ({
  actorId: null,
  action: `test.${tag}`,
  entity: 'thing',
  entityId,
  after: { entityId, tag },
});

async function dropTriggers(store: Store) {
  if (store.dialect === 'postgres') await sql`drop trigger audit_log_no_update on audit_log`.execute(store.db);
  else {
    await sql`drop trigger audit_log_no_update`.execute(store.db);
    await sql`drop trigger audit_log_no_delete`.execute(store.db);
  }
}

/** Three entries in each of shards 2, 5 and 9, and a checkpoint of every chain. */
async function threeShards(repos: Repositories): Promise<{ ids: string[]; cp: AuditCheckpoint }> {
  const ids = idsInShards(2, 5, 9);
  for (let round = 0; round < 3; round++) for (const id of ids) await repos.audit.append(entry(id, `r${round}`));
  const line = formatCheckpoint({ at: new Date().toISOString(), chains: await repos.audit.heads() });
  return { ids, cp: parseCheckpoints(line, 'cp.log')[0] };
}

describe.each(testDialects())('audit shards (%s)', (dialect) => {
  it('spreads entries over shard chains, each counted from 1, and checkpoints every chain', async () => {
    const store = await openTestStore(dialect);
    const repos = createRepositories(store);
    try {
      const { ids, cp } = await threeShards(repos);
      expect(await repos.settings.get('audit.shards')).toBe(String(DEFAULT_SHARDS)); // kept from the first entry
      expect(Object.keys(cp.chains)).toEqual([MAIN_CHAIN, shardChain(2), shardChain(5), shardChain(9)]);
      expect(cp.chains[MAIN_CHAIN]).toEqual({ count: 0, head: GENESIS_HASH });
      expect(cp.chains[shardChain(5)].count).toBe(3);
      const mine = await repos.audit.list({ entity: 'thing', entityId: ids[1] });
      expect(mine.map((e) => [e.shard, e.shardSeq, e.action])).toEqual([
        [5, 1, 'test.r0'],
        [5, 2, 'test.r1'],
        [5, 3, 'test.r2'],
      ]);
      expect(mine[1].prevHash).toBe(mine[0].hash);
      const all = await repos.audit.list();
      expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => a - b)); // by time
      expect(await repos.audit.verify({ checkpoints: [cp] })).toEqual({
        ok: true,
        count: 9,
        checkpoints: { checked: 1 },
      });
    } finally {
      await store.close();
    }
  });

  it('an edited entry breaks its shard chain; so does an entry moved to another shard or reordered', async () => {
    const store = await openTestStore(dialect);
    const repos = createRepositories(store);
    try {
      const { ids } = await threeShards(repos);
      await dropTriggers(store);
      const [a1, a2, a3] = await repos.audit.list({ entityId: ids[1] }); // shard 5

      await sql`update audit_log set action = 'test.forged' where seq = ${a2.seq}`.execute(store.db);
      const edited = await repos.audit.verify();
      expect(edited).toMatchObject({
        ok: false,
        firstBroken: { chain: 'shard5', position: 2, seq: a2.seq, reason: expect.stringContaining('记录被改动') },
      });
      await sql`update audit_log set action = ${a2.action} where seq = ${a2.seq}`.execute(store.db);
      expect((await repos.audit.verify()).ok).toBe(true);

      // Swap entries 2 and 3 of the shard (positions and all): the links no longer hold.
      await sql`update audit_log set shard_seq = -1 where seq = ${a2.seq}`.execute(store.db);
      await sql`update audit_log set shard_seq = 2 where seq = ${a3.seq}`.execute(store.db);
      await sql`update audit_log set shard_seq = 3 where seq = ${a2.seq}`.execute(store.db);
      expect(await repos.audit.verify()).toMatchObject({
        ok: false,
        firstBroken: { chain: 'shard5', position: 2, reason: expect.stringContaining('前一条的哈希') },
      });
      await sql`update audit_log set shard_seq = -1 where seq = ${a2.seq}`.execute(store.db);
      await sql`update audit_log set shard_seq = 3 where seq = ${a3.seq}`.execute(store.db);
      await sql`update audit_log set shard_seq = 2 where seq = ${a2.seq}`.execute(store.db);
      expect((await repos.audit.verify()).ok).toBe(true);

      // An entry taken out of its chain (no position): not left out of the walk unseen.
      await sql`update audit_log set shard_seq = null where seq = ${a3.seq}`.execute(store.db);
      expect(await repos.audit.verify()).toMatchObject({ ok: false, firstBroken: { position: 0, seq: a3.seq } });
      await sql`update audit_log set shard_seq = 3 where seq = ${a3.seq}`.execute(store.db);
      expect((await repos.audit.verify()).ok).toBe(true);

      // Entry 1 of shard 5 moved to the end of shard 9: a gap in one chain, a foreign entry in the other.
      await sql`update audit_log set shard = 9, shard_seq = 4 where seq = ${a1.seq}`.execute(store.db);
      expect(await repos.audit.verify()).toMatchObject({
        ok: false,
        firstBroken: { chain: 'shard5', position: 1, reason: expect.stringContaining('缺少第 1 条') },
      });
    } finally {
      await store.close();
    }
  });

  it('the newest entries of a shard, or a whole shard, deleted: the chains alone verify, the checkpoint does not', async () => {
    const store = await openTestStore(dialect);
    const repos = createRepositories(store);
    try {
      const { ids, cp } = await threeShards(repos);
      await repos.audit.append(entry(ids[0], 'later')); // ordinary activity after the checkpoint
      expect((await repos.audit.verify({ checkpoints: [cp] })).ok).toBe(true);
      await dropTriggers(store);

      const last5 = (await repos.audit.list({ entityId: ids[1] })).at(-1)!;
      await sql`delete from audit_log where seq = ${last5.seq}`.execute(store.db);
      expect((await repos.audit.verify()).ok).toBe(true);
      const cut = await repos.audit.verify({ checkpoints: [cp] });
      expect(cut).toMatchObject({
        ok: false,
        checkpoints: { failed: { kind: 'truncated', chain: 'shard5', count: 3, entries: 2 } },
      });
      expect(describeCheckpointFailure(cut.checkpoints!.failed!)).toContain(
        '审计日志分片 5 共 3 条，而数据库中该分片只有 2 条：该分片第 3 条起的记录已被删除',
      );
      // Appending again in that shard does not hide it: its entry 3 is another one now.
      await repos.audit.append(entry(ids[1], 'refill'));
      expect(await repos.audit.verify({ checkpoints: [cp] })).toMatchObject({
        ok: false,
        checkpoints: { failed: { kind: 'rewritten', chain: 'shard5', count: 3 } },
      });

      await sql`delete from audit_log where shard = 9`.execute(store.db);
      await sql`delete from audit_log where shard = 5`.execute(store.db);
      expect((await repos.audit.verify()).ok).toBe(true);
      const gone = await repos.audit.verify({ checkpoints: [cp] });
      expect(gone).toMatchObject({
        ok: false,
        checkpoints: { failed: { kind: 'truncated', chain: 'shard5', count: 3, entries: 0 } },
      });
      expect(describeCheckpointFailure(gone.checkpoints!.failed!)).toContain('该分片的全部记录已被删除');
    } finally {
      await store.close();
    }
  });

  it('the chain written before sharding stays verifiable, anchored by its old checkpoints', async () => {
    const store = await openTestStore(dialect, { migrate: false });
    try {
      const names = Object.keys(await staticMigrationProvider.getMigrations()).sort();
      const before = names[names.indexOf(SHARDS_MIGRATION) - 1];
      const migrator = new Migrator({
        db: store.db,
        provider: staticMigrationProvider,
        migrationTableName: 'kysely_migration',
        migrationLockTableName: 'kysely_migration_lock',
      });
      const to = await migrator.migrateTo(before);
      expect(to.error).toBeUndefined();
      // Four entries as the unsharded log wrote them: seq 1…4, one chain.
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= 4; seq++) {
        const e = {
          seq,
          at: new Date(Date.UTC(2026, 11, 1, 0, seq)).toISOString(),
          actorId: null,
          action: 'test.old',
          entity: 'thing',
          entityId: `old${seq}`,
          beforeDigest: null,
          afterDigest: null,
          details: null,
        };
        const hash = entryHash(prev, e);
        await sql`insert into audit_log (seq, at, actor_id, action, entity, entity_id, prev_hash, hash)
          values (${seq}, ${e.at}, null, ${e.action}, ${e.entity}, ${e.entityId}, ${prev}, ${hash})`.execute(store.db);
        prev = hash;
      }
      // A checkpoint of version 1, as an administrator kept it before the upgrade.
      const body = `jianshi-audit-checkpoint/1 at=2026-12-01T01:00:00.000Z audit_log=4:${prev}`;
      const v1 = parseCheckpoints(`${body} check=${sha256Hex(body).slice(0, 8)}`)[0];

      await migrateToLatest(store.db);
      const repos = createRepositories(store);
      await repos.audit.append(entry(idsInShards(3)[0], 'new'));
      const heads = await repos.audit.heads();
      expect(heads[MAIN_CHAIN]).toEqual({ count: 4, head: prev }); // closed: new entries go to the shards
      expect(heads[shardChain(3)].count).toBe(1);
      expect(await repos.audit.verify({ checkpoints: [v1] })).toMatchObject({ ok: true, count: 5 });
      expect((await repos.audit.list()).map((e) => [e.action, e.shard])).toEqual([
        ['test.old', null],
        ['test.old', null],
        ['test.old', null],
        ['test.old', null],
        ['test.new', 3],
      ]);

      await dropTriggers(store);
      await sql`update audit_log set entity_id = 'forged' where seq = 2`.execute(store.db);
      const r = await repos.audit.verify({ checkpoints: [v1] });
      expect(r).toMatchObject({ ok: false, firstBroken: { chain: MAIN_CHAIN, position: 2, seq: 2 } });
    } finally {
      await store.close();
    }
  });

  it('concurrent appends to several shards (two connections on PostgreSQL; SQLite has one writer): every chain holds', async () => {
    const store = await openTestStore(dialect);
    // In one process SQLite's writers share the one connection (a second would wait on the file lock synchronously).
    const other: Store | null = store.location.databaseUrl
      ? await openDatabase({ databaseUrl: store.location.databaseUrl, poolSize: 3 })
      : null;
    try {
      const a = createRepositories(store);
      const b = other ? createRepositories(other) : a;
      const ids = idsInShards(0, 1, 2, 3);
      await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          (i % 2 ? a : b).transaction(async (tx) => {
            await tx.audit.append(entry(ids[i % 4], `c${i}`));
          }),
        ),
      );
      expect(await a.audit.verify()).toEqual({ ok: true, count: 24 });
      const heads = await a.audit.heads();
      expect([0, 1, 2, 3].map((k) => heads[shardChain(k)].count)).toEqual([6, 6, 6, 6]);
    } finally {
      await other?.close();
      await store.close();
    }
  });
});

describe.skipIf(!testDialects().includes('postgres'))('audit shards on PostgreSQL: one lock per shard', () => {
  it('a transaction holding its shard open does not hold up a save to another shard; one to the same shard waits', async () => {
    const store: TestStore = await openTestStore('postgres');
    const second = await openDatabase({ databaseUrl: store.location.databaseUrl!, poolSize: 2 });
    const third = await openDatabase({ databaseUrl: store.location.databaseUrl!, poolSize: 2 });
    try {
      const [inA, inB] = idsInShards(4, 11);
      let sameShard = 'x';
      for (let i = 0; shardOf('thing', sameShard, DEFAULT_SHARDS) !== 4 || sameShard === inA; i++) sameShard = `s${i}`;
      const ra = createRepositories(store);
      // The first entry of an install writes the shard count (settings): made before, as any install has.
      await ra.audit.append(entry('first', 'install'));
      let release!: () => void;
      const hold = new Promise<void>((ok) => (release = ok));
      let appended!: () => void;
      const inside = new Promise<void>((ok) => (appended = ok));
      const txA = ra.transaction(async (tx) => {
        await tx.audit.append(entry(inA, 'held'));
        appended();
        await hold; // A keeps shard 4's lock until released
      });
      await inside;

      // B, on shard 11, on another connection: commits while A is open (it would hang here if it waited).
      const b = await createRepositories(second).transaction((tx) => tx.audit.append(entry(inB, 'free')));
      expect(b.shard).toBe(11);
      expect((await ra.audit.list({ entityId: inB })).map((e) => e.action)).toEqual(['test.free']);
      expect(await ra.audit.list({ entityId: inA })).toEqual([]); // A not committed yet

      // C, on shard 4 like A: waits for A's lock (PostgreSQL shows it waiting), then follows A in the chain.
      let cDone = false;
      const txC = createRepositories(third)
        .transaction((tx) => tx.audit.append(entry(sameShard, 'waits')))
        .then((e) => ((cDone = true), e));
      for (;;) {
        const w = await sql<{ n: number }>`select count(*)::int as n from pg_locks
          where locktype = 'advisory' and not granted and classid = ${AUDIT_LOCK_CLASS} and objid = 4`.execute(
          store.db,
        );
        if (w.rows[0].n > 0) break;
        await new Promise((ok) => setTimeout(ok, 20));
      }
      expect(cDone).toBe(false);
      release();
      await txA;
      const c = await txC;
      expect([c.shard, c.shardSeq]).toEqual([4, 2]);
      expect(await ra.audit.verify()).toEqual({ ok: true, count: 4 });
      expect((await ra.audit.heads())[shardChain(4)].count).toBe(2);
    } finally {
      await second.close();
      await third.close();
      await store.close();
    }
  });
});
