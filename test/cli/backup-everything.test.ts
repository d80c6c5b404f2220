/**
 * `jianshi backup` / `restore` carry everything the server holds: the
 * database, the 网络范文 library imported with `templates import` (in the 查重 index: similarity.db
 * next to the SQLite database, the sim_* tables of PostgreSQL) and the evidence files of
 * EVIDENCE_DIR. Restored into a data directory (or database) never set up — the disaster-recovery
 * case — the 查重 of a material copying a template still finds the template, and the evidence opens.
 * A data directory never set up gets a clear message and exit code 2 from `backup`, not an internal error.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../src/storage/db.js';
import { createPgDatabase, openTestStore, testDialects, type TestStore } from '../../src/storage/testing.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { ledgerRepository } from '../../src/storage/repositories/ledger.js';
import { seedWorld, startTestApp, type Client } from '../http/harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED = readFileSync(
  new URL('../fixtures/sample-2023.txt', import.meta.url),
  'utf8',
); /* the sample material, a copy of shared/seeds/000_36651b71203e1f41.txt */
const COPY = '2024年度组织生活会个人发言\n' + SEED.split('\n').slice(1).join('\n');
const PDF = Buffer.from('%PDF-1.4\n% 学习记录\n%%EOF\n');
const dir = mkdtempSync(join(tmpdir(), 'jianshi-backup-all-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => join(dir, `${name}-${++n}`);

function cli(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', EVIDENCE_DIR: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const envOf = (s: TestStore, extra: Record<string, string> = {}) =>
  s.location.databaseUrl
    ? { DATABASE_URL: s.location.databaseUrl, DATA_DIR: fresh('pgdata'), ...extra }
    : { DATA_DIR: s.location.dataDir!, ...extra };

/** The 查重 report once its indexing job is done (queued, and taken by the outbox worker). */
async function similarityReady(c: Client, id: string) {
  for (let i = 0; ; i++) {
    const r = await c.get(`/api/materials/${id}/similarity`);
    if (r.status !== 200 || !r.body.pending || i > 400) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
}

describe.each(testDialects())('backup and restore of everything (%s)', (dialect) => {
  it('templates and evidence files survive a restore into a data directory never set up', async () => {
    // The server's store: a world, a material that copies a template, an evidence file in EVIDENCE_DIR.
    const src = await openTestStore(dialect);
    const repos = createRepositories(src);
    const evA = fresh('evidence-a');
    let materialId: string;
    let evidenceId: string;
    try {
      const world = await seedWorld(repos);
      await repos.settings.set('test_world', JSON.stringify(world));
      materialId = (
        await repos.materials.create({
          meetingId: world.meeting2,
          orgId: world.org.b1,
          kind: 'member',
          authorId: world.person.author,
          title: '照抄范文的发言',
          content: { text: COPY },
          digest: 'copy',
        })
      ).id;
      const L = ledgerRepository(src.db, src.dialect, { evidence: { mode: 'dir', dir: evA } });
      const item = await L.insert(
        {
          orgId: world.org.b1,
          year: 2024,
          source: '对照检查',
          aspect: '理论学习',
          problem: '理论学习不深不透',
          measures: '每月学习',
          ownerId: world.person.author,
          deadlineKind: 'date',
          deadlineOn: '2024-06-30',
          number: '2024-第一党支部-001',
        },
        world.person.secB1,
      );
      evidenceId = (
        await L.addEvidence({ itemId: item.id, bytes: PDF, fileName: '学习记录.pdf', uploadedBy: world.person.author })
      ).id;
    } catch (e) {
      await src.close();
      throw e;
    }
    const lib = fresh('lib');
    mkdirSync(lib);
    writeFileSync(join(lib, '稿子铺范文.txt'), SEED);
    const out = fresh('all.bak');
    let backupSaid = '';
    try {
      const imp = cli(['templates', 'import', lib], envOf(src));
      expect(imp.code, imp.err).toBe(0);
      const bak = cli(['backup', out], envOf(src, { EVIDENCE_DIR: evA }));
      expect(bak.code, bak.err).toBe(0);
      // it holds password hashes and every material: readable by its owner only
      expect(statSync(out).mode & 0o777).toBe(0o600);
      backupSaid = bak.out;
    } finally {
      await src.close();
    }
    rmSync(evA, { recursive: true, force: true }); // the old machine is gone

    // A new machine: a data directory (or PostgreSQL database) never set up.
    const pg = dialect === 'postgres' ? await createPgDatabase() : null;
    const dataDir = fresh('new-data');
    const evB = dialect === 'sqlite' ? fresh('evidence-b') : undefined; // PostgreSQL: no EVIDENCE_DIR → into the database
    const env = { DATA_DIR: dataDir, ...(pg ? { DATABASE_URL: pg.url } : {}), ...(evB ? { EVIDENCE_DIR: evB } : {}) };
    try {
      const res = cli(['restore', out], env);
      expect(res.code, res.err).toBe(0);
      const store = await openDatabase(pg ? { databaseUrl: pg.url } : { dataDir });
      const target: TestStore = { ...store, location: pg ? { databaseUrl: pg.url } : { dataDir } };
      const t = await startTestApp(dialect, { dataDir, databaseUrl: pg?.url, evidenceDir: evB }, target);
      try {
        const r = await similarityReady(await t.as('author'), materialId);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(r.body.matches[0]).toMatchObject({ id: 'template:稿子铺范文', label: '网络范文' });
        expect(r.body.matches[0].coverage).toBeGreaterThan(0.9);
        const e = await (await t.as('secB1')).get(`/api/ledger/evidence/${evidenceId}`);
        expect(e.status).toBe(200);
        expect(Buffer.compare(e.raw.rawPayload, PDF)).toBe(0);
        expect(backupSaid).toContain('网络范文 1 份');
        expect(backupSaid).toContain('佐证目录中的文件 1 个');
        expect(res.out).toContain('网络范文 1 份');
      } finally {
        await t.close();
        await store.close();
      }
    } finally {
      await pg?.drop();
    }
  }, 300_000);

  it('backup of a data directory or database never set up: a clear message, exit code 2, nothing created', async () => {
    if (dialect === 'sqlite') {
      const empty = fresh('never-set-up');
      const r = cli(['backup', fresh('x.bak')], { DATA_DIR: empty });
      expect(r.code).toBe(2);
      expect(r.err).toContain('数据目录尚未初始化');
      expect(r.err).toContain('E_NOT_INITIALIZED');
      expect(r.err).not.toContain('内部错误');
      expect(existsSync(empty)).toBe(false);
      const v = cli(['audit', 'verify'], { DATA_DIR: empty });
      expect(v.code).toBe(2);
      expect(v.err).toContain('E_NOT_INITIALIZED');
      // what such a directory may hold (an empty database file) is no backup either
      mkdirSync(empty);
      writeFileSync(join(empty, 'jianshi.db'), '');
      const again = cli(['backup', fresh('y.bak')], { DATA_DIR: empty });
      expect(again.code).toBe(2);
      expect(again.err).toContain('数据目录尚未初始化');
    } else {
      const pg = await createPgDatabase();
      try {
        const r = cli(['backup', fresh('x.bak')], { DATABASE_URL: pg.url, DATA_DIR: fresh('pgdata') });
        expect(r.code).toBe(2);
        expect(r.err).toContain('数据库尚未初始化');
        expect(r.err).toContain('E_NOT_INITIALIZED');
      } finally {
        await pg.drop();
      }
    }
  }, 120_000);
});

describe('restore of something that is not a backup', () => {
  it('says so with E_BACKUP and exit code 2', () => {
    const missing = cli(['restore', fresh('nope.bak')], { DATA_DIR: fresh('d') });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('文件不存在');
    const junk = fresh('junk.bak');
    writeFileSync(junk, 'this is not a backup');
    const j = cli(['restore', junk], { DATA_DIR: fresh('d') });
    expect(j.code).toBe(2);
    expect(j.err).toContain('E_BACKUP');
    expect(j.err).not.toContain('内部错误');
    // a SQLite database that is not Jianshi's (say, the empty one of a directory never set up)
    const other = fresh('other.db');
    const h = new BetterSqlite3(other);
    h.exec('create table t (x)');
    h.close();
    const e = cli(['restore', other], { DATA_DIR: fresh('d') });
    expect(e.code).toBe(2);
    expect(e.err).toContain('不是检视的备份');
    expect(e.err).not.toContain('内部错误');
    // a directory given instead of a file
    const d = cli(['restore', dir], { DATA_DIR: fresh('d') });
    expect(d.code).toBe(2);
    expect(d.err).toContain('E_BACKUP');
    expect(d.err).toContain('是一个目录');
    expect(d.err).not.toContain('内部错误');
  }, 120_000);
});
