/** `jianshi ledger export / import` end to end on SQLite files: export → import into another database yields the same items. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../storage/db.js';
import { createRepositories } from '../../storage/repositories/index.js';
import { ledgerService } from '../../server/domain/ledger/service.js';

const BIN = new URL('../../../bin/jianshi', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'jianshi-ledger-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], dataDir: string) {
  const r = spawnSync(BIN, args, {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same organizations and people (same ids) in a fresh database. */
async function world(dataDir: string) {
  const store = await openDatabase({ dataDir });
  await migrateToLatest(store.db);
  const repos = createRepositories(store);
  const root = await repos.orgs.create({ id: 'org-root', name: '某某党委', kind: '党委' });
  const b1 = await repos.orgs.create({ id: 'org-b1', name: '第一党支部', kind: '党支部', parentId: root.id });
  await repos.people.create({ id: 'p-li', name: '李明' });
  await repos.people.create({ id: 'p-zhang', name: '张华' });
  await repos.memberships.add({ personId: 'p-li', orgId: b1.id, role: 'member' });
  return { store, repos, svc: ledgerService(repos), b1 };
}

const strip = (item: object) => {
  const i = item as Record<string, unknown>;
  const { id: _a, createdAt: _b, updatedAt: _c, closedAt: _d, sourceRef: _e, createdBy: _f, closedBy: _g, ...rest } = i;
  if (rest.deadlineKind === 'immediate') delete rest.deadlineOn;
  return rest;
};

describe('jianshi ledger', () => {
  it('exports the configured database and imports the file into another: the same items', async () => {
    const a = join(tmp, 'a');
    const w = await world(a);
    await w.svc.create(null, w.b1.id, [
      {
        year: 2024,
        source: '对照检查',
        aspect: '理论学习',
        problem: '理论学习不深不透',
        measures: '每月学习',
        ownerId: 'p-li',
        deadlineKind: 'date',
        deadlineOn: '2024-06-30',
      },
      {
        year: 2024,
        source: '征求意见',
        aspect: null,
        problem: '会议多',
        target: '精简',
        ownerId: null,
        deadlineKind: 'immediate',
        deadlineOn: null,
        leaderName: '王书记',
        department: '办公室',
      },
      {
        year: 2024,
        source: '相互批评',
        aspect: '工作作风',
        problem: '调研少',
        ownerId: 'p-zhang',
        deadlineKind: 'ongoing',
        deadlineOn: null,
      },
    ]);
    const before = (await w.svc.repo().list({}, { all: true }, { limit: 100 })).items;
    await w.store.close();
    const file = join(tmp, '台账.xlsx');
    const ex = run(['ledger', 'export', '--org', 'org-root', '-o', file], a);
    expect(ex.err).toBe('');
    expect(ex.out).toContain('已导出 3 项');
    expect(existsSync(file)).toBe(true);

    const b = join(tmp, 'b');
    const w2 = await world(b);
    await w2.store.close();
    const im = run(['ledger', 'import', file, '--org', 'org-b1'], b);
    expect(im.code).toBe(0);
    expect(im.out).toContain('已导入 3 项');
    const s2 = await openDatabase({ dataDir: b });
    const after = (await ledgerService(createRepositories(s2)).repo().list({}, { all: true }, { limit: 100 })).items;
    await s2.close();
    expect(after.map(strip)).toEqual(before.map(strip));
  }, 120_000);

  it('imports nothing from a sheet with errors (exit 2, row-by-row messages) unless --allow-partial', async () => {
    const c = join(tmp, 'c');
    const w = await world(c);
    await w.store.close();
    const fixture = new URL('../../../test/fixtures/ledger/filled-in.xlsx', import.meta.url).pathname;
    const r = run(['ledger', 'import', fixture, '--org', 'org-b1'], c);
    expect(r.code).toBe(2);
    expect(r.err).toContain('第 8 行“问题描述”：问题描述不能为空');
    expect(r.err).toContain('人员名单中没有“赵强”');
    expect(r.err).toContain('未导入任何一行');
    const p = run(['ledger', 'import', fixture, '--org', 'org-b1', '--allow-partial', '--json'], c);
    expect(p.code).toBe(0);
    const out = JSON.parse(p.out);
    expect(out.created).toBeGreaterThan(0);
    expect(out.errors.length).toBeGreaterThan(0);
  }, 120_000);
});
