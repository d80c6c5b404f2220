/**
 * The audit chain anchored outside the database. Someone who can write the
 * database drops the append-only triggers, then deletes the last entries, or changes one and
 * recomputes every later hash: the chain alone verifies again — the checkpoints kept outside the
 * database (`audit checkpoint -o`, the server's daily checkpoint file, the administrators' mail) do
 * not, and `audit verify` says where, with exit code 2. On SQLite and, with TEST_DATABASE_URL, PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase, type Store } from '../../src/storage/db.js';
import { openTestStore, testDialects, type TestStore } from '../../src/storage/testing.js';
import { createRepositories, type Repositories } from '../../src/storage/repositories/index.js';
import { DEFAULT_SHARDS, entryHash, shardOf } from '../../src/storage/repositories/audit.js';
import { formatCheckpoint, parseCheckpoints, shardChain } from '../../src/storage/audit-checkpoint.js';
import { readNotifyConfig } from '../../src/server/notifications/config.js';
import { startNotificationScheduler } from '../../src/server/notifications/scheduler.js';
import type { MailMessage } from '../../src/core/ledger/notify.js';
import { seedWorld, startTestApp } from '../http/harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jianshi-audit-cp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => join(dir, `${name}-${++n}`);

/** `bin/jianshi` against the test store (its data dir, or its PostgreSQL database with DATA_DIR elsewhere). */
function cli(store: TestStore, args: string[], env: Record<string, string> = {}) {
  const loc = store.location.databaseUrl
    ? { DATABASE_URL: store.location.databaseUrl, DATA_DIR: env.DATA_DIR ?? fresh('pgdata') }
    : { DATABASE_URL: '', DATA_DIR: store.location.dataDir! };
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, AUDIT_CHECKPOINT_FILE: '', ...env, ...loc },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** All about one thing: its entries are one shard's chain (shard K), counted 1, 2, 3, … */
const K = shardOf('thing', 'one', DEFAULT_SHARDS);

async function entries(repos: Repositories, k: number, tag = 'x') {
  for (let i = 0; i < k; i++)
    await repos.audit.append({
      actorId: null,
      action: `test.${tag}`,
      entity: 'thing',
      entityId: 'one',
      after: { i, tag },
    });
}

/** What the attacker does first: the append-only triggers go. */
async function dropTriggers(store: Store) {
  if (store.dialect === 'postgres') await sql`drop trigger audit_log_no_update on audit_log`.execute(store.db);
  else {
    await sql`drop trigger audit_log_no_update`.execute(store.db);
    await sql`drop trigger audit_log_no_delete`.execute(store.db);
  }
}

/** Change entry `n` of shard K and recompute its hash and every later one: the chain verifies again. */
async function rewrite(store: Store, n: number) {
  await sql`update audit_log set action = 'test.forged' where shard = ${K} and shard_seq = ${n}`.execute(store.db);
  const rows = await store.db.selectFrom('audit_log').selectAll().where('shard', '=', K).orderBy('shard_seq').execute();
  let prev = rows[n - 2]?.hash ?? '0'.repeat(64);
  for (const r of rows.slice(n - 1)) {
    const e = {
      seq: Number(r.seq),
      shard: r.shard,
      shardSeq: r.shard_seq,
      at: r.at,
      actorId: r.actor_id,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      beforeDigest: r.before_digest,
      afterDigest: r.after_digest,
      details: r.details === null ? null : JSON.parse(r.details),
    };
    const hash = entryHash(prev, e);
    await store.db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', r.seq).execute();
    prev = hash;
  }
}

// The legacy chain (empty on a new install) and every shard with entries.
const LINE =
  /^jianshi-audit-checkpoint\/2 at=\S+ audit_log=0:0{64}((?: shard\d+=\d+:[0-9a-f]{64})+) check=[0-9a-f]{8}$/m;
/** How many entries a checkpoint line counts in shard K. */
const inK = (line: string) => new RegExp(` shard${K}=(\\d+):`).exec(LINE.exec(line)![1])?.[1];

describe.each(testDialects())('audit checkpoints (%s)', (dialect) => {
  it('truncation after a checkpoint fails verify; the untouched chain and later entries pass', async () => {
    const store = await openTestStore(dialect);
    const repos = createRepositories(store);
    try {
      await entries(repos, 10);
      const cp = fresh('cp.log');
      const c = cli(store, ['audit', 'checkpoint', '-o', cp]);
      expect(c.code, c.err).toBe(0);
      expect(c.out).toMatch(LINE);
      expect(inK(c.out)).toBe('10');
      expect(readFileSync(cp, 'utf8')).toBe(c.out);
      await entries(repos, 2, 'later'); // ordinary activity after the checkpoint
      const ok = cli(store, ['audit', 'verify', '--checkpoints', cp]);
      expect(ok.code, ok.err).toBe(0);
      expect(ok.out).toContain('共 12 条');
      expect(ok.out).toContain('1 个检查点一致');

      await dropTriggers(store);
      await sql`delete from audit_log where shard = ${K} and shard_seq > 6`.execute(store.db);
      // The chain alone cannot see it.
      expect(cli(store, ['audit', 'verify']).code).toBe(0);
      const cut = cli(store, ['audit', 'verify', '--checkpoints', cp]);
      expect(cut.code).toBe(2);
      expect(cut.err).toContain('E_AUDIT_CHECKPOINT');
      expect(cut.err).toContain(`分片 ${K} 共 10 条，而数据库中该分片只有 6 条`);
      expect(cut.err).toContain('该分片第 7 条起的记录已被删除');
      expect(cut.err).not.toContain('内部错误');

      // Filling the gap with new entries does not help: entry 10 no longer hashes to the checkpoint's head.
      await entries(repos, 6, 'refill');
      const refilled = cli(store, ['audit', 'verify', '--checkpoints', cp, '--json']);
      expect(refilled.code).toBe(2);
      expect(JSON.parse(refilled.out)).toMatchObject({
        ok: false,
        count: 10,
        checkpoints: { failed: { kind: 'rewritten', chain: shardChain(K), count: 10 } },
      });
      expect(refilled.err).toContain('改写');
    } finally {
      await store.close();
    }
  }, 120_000);

  it('an entry changed and every later hash recomputed fails verify against the configured checkpoint file', async () => {
    const store = await openTestStore(dialect);
    const repos = createRepositories(store);
    try {
      await entries(repos, 5);
      const cp = fresh('cp.log');
      expect(cli(store, ['audit', 'checkpoint', '-o', cp]).code).toBe(0);
      await entries(repos, 5);
      expect(cli(store, ['audit', 'checkpoint', '-o', cp]).code).toBe(0); // a second checkpoint, at 10
      await entries(repos, 3);
      const cps = parseCheckpoints(readFileSync(cp, 'utf8'));
      expect(cps.map((x) => x.chains[shardChain(K)].count)).toEqual([5, 10]);

      await dropTriggers(store);
      await rewrite(store, 7);
      expect((await repos.audit.verify()).ok).toBe(true); // the chain alone verifies
      expect(cli(store, ['audit', 'verify']).code).toBe(0);

      // The configured file (AUDIT_CHECKPOINT_FILE, or DATA_DIR/audit-checkpoints.log) is read by default.
      const env: Record<string, string> = store.location.dataDir ? {} : { AUDIT_CHECKPOINT_FILE: cp };
      if (store.location.dataDir)
        writeFileSync(join(store.location.dataDir, 'audit-checkpoints.log'), readFileSync(cp));
      const v = cli(store, ['audit', 'verify'], env);
      expect(v.code).toBe(2);
      expect(v.err).toContain('E_AUDIT_CHECKPOINT');
      // the checkpoint at 5 still holds, the one at 10 does not: the change lies in 6–10
      expect(v.err).toContain('第 6–10 条之间有记录被改写');
      // `audit checkpoint` refuses to anchor the rewritten chain
      const again = cli(store, ['audit', 'checkpoint', '-o', cp]);
      expect(again.code).toBe(2);
      expect(parseCheckpoints(readFileSync(cp, 'utf8'))).toHaveLength(2);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('the server writes a daily checkpoint once across instances and sends it to the administrators; a forged copy in the database changes nothing', async () => {
    const store = await openTestStore(dialect);
    const other: Store = await openDatabase(
      store.location.databaseUrl
        ? { databaseUrl: store.location.databaseUrl, poolSize: 2 }
        : { dataDir: store.location.dataDir! },
    );
    const repos = createRepositories(store);
    try {
      const admin = await repos.people.create({
        name: '王管理',
        username: 'boss',
        passwordHash: 'h',
        isAdmin: true,
        email: 'boss@example.org',
      });
      const member = await repos.people.create({
        name: '李四',
        username: 'lisi',
        passwordHash: 'h',
        email: 'lisi@example.org',
      });
      await entries(repos, 8);
      const file = fresh('server-cp.log');
      const sent: MailMessage[] = [];
      const mailer = { send: async (m: MailMessage) => void sent.push(m) };
      const notify = readNotifyConfig({}).value;
      const at = (iso: string) => () => new Date(iso);
      const a = startNotificationScheduler({
        repos,
        notify,
        log: silent,
        mailer,
        timer: false,
        instanceId: 'A',
        now: at('2026-12-07T01:00:00Z'),
        auditCheckpointFile: file,
      });
      const b = startNotificationScheduler({
        repos: createRepositories(other),
        notify,
        log: silent,
        mailer,
        timer: false,
        instanceId: 'B',
        now: at('2026-12-07T01:00:00Z'),
        auditCheckpointFile: file,
      });
      const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
      await Promise.all([a.stop(), b.stop()]);
      expect([ra.checkpoint, rb.checkpoint]).toContain('taken');
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(LINE);
      expect(inK(lines[0])).toBe('8');
      // in the administrator's notifications and mail — not the member's
      const notes = await store.db.selectFrom('notifications').selectAll().execute();
      expect(notes.map((x) => [x.person_id, x.kind])).toEqual([[admin.id, 'audit.checkpoint']]);
      expect(notes[0].body).toContain(lines[0]);
      expect(sent.map((m) => m.to)).toEqual(['boss@example.org']);
      expect(sent[0].text).toContain(lines[0]);
      expect(sent.some((m) => m.to === member.email)).toBe(false);
      // the same day again: nothing more
      const c = startNotificationScheduler({
        repos,
        notify,
        log: silent,
        mailer,
        timer: false,
        now: at('2026-12-07T05:00:00Z'),
        auditCheckpointFile: file,
      });
      expect((await c.tick()).checkpoint).toBe('taken');
      await c.stop();
      expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);

      // Someone with only the database: rewrites entry 3 and the chain after it, and puts a matching
      // checkpoint into the copies the database holds (the notifications). The file is not theirs.
      await dropTriggers(store);
      await rewrite(store, 3);
      const forged = formatCheckpoint({ at: '2026-12-07T01:00:00.000Z', chains: await repos.audit.heads() });
      await store.db
        .updateTable('notifications')
        .set({ body: `forged\n${forged}` })
        .execute();
      const v = cli(store, ['audit', 'verify'], { AUDIT_CHECKPOINT_FILE: file });
      expect(v.code).toBe(2);
      expect(v.err).toContain('E_AUDIT_CHECKPOINT');
      expect(v.err).toContain('第 1–8 条之间有记录被改写');

      // The next day the server finds it too: no checkpoint of the rewritten chain; the administrators are told.
      const d = startNotificationScheduler({
        repos,
        notify,
        log: silent,
        mailer,
        timer: false,
        now: at('2026-12-08T01:00:00Z'),
        auditCheckpointFile: file,
      });
      const rd = await d.tick();
      await d.stop();
      expect(rd.checkpoint).toMatchObject({ line: null });
      expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
      const broken = await store.db
        .selectFrom('notifications')
        .selectAll()
        .where('kind', '=', 'audit.broken')
        .execute();
      expect(broken.map((x) => x.person_id)).toEqual([admin.id]);
      expect(broken[0].body).toContain('改写');
      expect(sent.at(-1)!.subject).toContain('审计日志校验失败');
    } finally {
      await other.close();
      await store.close();
    }
  }, 120_000);
});

const silent = { info() {}, warn() {}, error() {} };

describe.each(testDialects())('GET /api/audit/verify with the checkpoint file (%s)', (dialect) => {
  it('compares the chain with the configured file and says what failed', async () => {
    const store = await openTestStore(dialect);
    const repos = createRepositories(store);
    const world = await seedWorld(repos);
    await repos.settings.set('test_world', JSON.stringify(world));
    const dataDir = store.location.dataDir ?? fresh('pgdata');
    mkdirSync(dataDir, { recursive: true });
    const t = await startTestApp(dialect, { dataDir, databaseUrl: store.location.databaseUrl }, store);
    try {
      await entries(repos, 6);
      const file = join(dataDir, 'audit-checkpoints.log');
      writeFileSync(file, formatCheckpoint({ at: new Date().toISOString(), chains: await repos.audit.heads() }) + '\n');
      const admin = await t.as('sysadmin');
      const ok = await admin.get('/api/audit/verify');
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ ok: true, checkpoints: { checked: 1 } });
      expect((await (await t.as('secB1')).get('/api/audit/verify')).status).toBe(403);
      await dropTriggers(store);
      await sql`delete from audit_log where shard = ${K} and shard_seq > 2`.execute(store.db);
      const cut = await admin.get('/api/audit/verify');
      expect(cut.status).toBe(200);
      expect(cut.body).toMatchObject({ ok: false, count: 2, checkpoints: { failed: { kind: 'truncated', count: 6 } } });
      expect(cut.body.checkpoints.failed.message).toContain('第 3 条起的记录已被删除');
    } finally {
      await t.close();
      await store.close();
    }
  }, 120_000);
});

describe('checkpoint lines', () => {
  it('a damaged or incomplete line is refused with a clear message, text around a line is ignored', async () => {
    const store = await openTestStore('sqlite');
    try {
      await entries(createRepositories(store), 3);
      const line = cli(store, ['audit', 'checkpoint']).out.trim();
      expect(line).toMatch(LINE);
      const pasted = fresh('pasted.txt');
      writeFileSync(pasted, `From: 检视\n审计日志检查点：${line}\n谢谢\n`);
      expect(cli(store, ['audit', 'verify', '--checkpoints', pasted]).code).toBe(0);
      const damaged = fresh('damaged.txt');
      writeFileSync(damaged, line.replace(`shard${K}=3:`, `shard${K}=2:`) + '\n');
      const r = cli(store, ['audit', 'verify', '--checkpoints', damaged]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('E_AUDIT_CHECKPOINT_FORMAT');
      expect(r.err).toContain('校验码不符');
      const none = cli(store, ['audit', 'verify', '--checkpoints', fresh('missing.txt')]);
      expect(none.code).toBe(2);
      expect(none.err).toContain('文件不存在');
    } finally {
      await store.close();
    }
  }, 60_000);
});
