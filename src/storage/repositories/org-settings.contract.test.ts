import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, testDialects, type TestStore } from '../testing.js';
import { createRepositories, type Repositories } from './index.js';
import { ORG_SETTING_KEYS, orgSettingsRepository, pathIdsNearestFirst } from './org-settings.js';

const KEY = ORG_SETTING_KEYS.reportDeadlineDays;

describe.each(testDialects())('org settings (%s)', (dialect) => {
  let store: TestStore;
  let repos: Repositories;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    repos = createRepositories(store);
  });
  afterAll(async () => store?.close());

  it('stores JSON values per organization, overwrites, removes', async () => {
    const org = await repos.orgs.create({ name: '设置测试党委', kind: '党委' });
    const s = orgSettingsRepository(repos.db);
    expect(await s.get(org.id, KEY)).toBeNull();
    await s.set(org.id, KEY, 10);
    expect(await s.get(org.id, KEY)).toBe(10);
    await s.set(org.id, KEY, 20);
    await s.set(org.id, 'lint.rules', { 'measure-no-deadline': 'off' });
    expect(await s.all(org.id)).toEqual({ 'lint.rules': { 'measure-no-deadline': 'off' }, [KEY]: 20 });
    expect(await s.remove(org.id, KEY)).toBe(true);
    expect(await s.remove(org.id, KEY)).toBe(false);
    expect(await s.get(org.id, KEY)).toBeNull();
  });

  it('the effective value is the organization’s own, else the nearest ancestor’s', async () => {
    const s = orgSettingsRepository(repos.db);
    const top = await repos.orgs.create({ name: '县委', kind: '党委' });
    const mid = await repos.orgs.create({ name: '机关党委', kind: '党委', parentId: top.id });
    const leaf = await repos.orgs.create({ name: '第一党支部', kind: '党支部', parentId: mid.id });
    expect(pathIdsNearestFirst(leaf.path)).toEqual([leaf.id, mid.id, top.id]);
    expect(await s.effective(leaf.path, KEY)).toBeNull();
    await s.set(top.id, KEY, 30);
    expect(await s.effective(leaf.path, KEY)).toEqual({ value: 30, orgId: top.id });
    await s.set(mid.id, KEY, 7);
    expect(await s.effective(leaf.path, KEY)).toEqual({ value: 7, orgId: mid.id });
    expect(await s.effective(top.path, KEY)).toEqual({ value: 30, orgId: top.id });
    await s.set(leaf.id, KEY, 5);
    expect(await s.effective(leaf.path, KEY)).toEqual({ value: 5, orgId: leaf.id });
  });
});
