/**
 * "Today" is the configured zone's calendar day (Asia/Shanghai by default), not the UTC date: at
 * 00:30 in China (16:30 UTC the day before) an item due yesterday is already overdue, and one due
 * today is due soon — in the item's page, the list, the overdue filter and the dashboard.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestStore, type TestStore } from '../../../storage/testing.js';
import { createRepositories, type Repositories } from '../../../storage/repositories/index.js';
import { ledgerService } from './service.js';

describe('the ledger’s today', () => {
  let store: TestStore;
  let repos: Repositories;
  let orgId = '';
  beforeAll(async () => {
    store = await openTestStore('sqlite');
    repos = createRepositories(store);
    orgId = (await repos.orgs.create({ name: '第一党支部', kind: '党支部' })).id;
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => store?.close());

  const draft = (problem: string, deadlineOn: string) => ({
    year: 2026,
    source: '自查' as const,
    problem,
    deadlineKind: 'date' as const,
    deadlineOn,
  });

  it('at 00:30 China time an item due the day before is overdue, one due that day due soon', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // 2026-03-10 00:30 in Beijing; the UTC date is still 2026-03-09.
    vi.setSystemTime(new Date('2026-03-09T16:30:00.000Z'));
    const svc = ledgerService(repos);
    const [late, dueToday] = await svc.create(null, orgId, [
      draft('学习不够深入', '2026-03-09'),
      draft('联系群众不够紧密', '2026-03-10'),
    ]);

    expect((await svc.get(null, late.id)).dueState).toBe('overdue');
    expect((await svc.get(null, dueToday.id)).dueState).toBe('due_soon');
    const list = await svc.list(null, { orgIds: [orgId] }, {});
    const rows = list.items as { problem: string; dueState: string }[];
    expect(Object.fromEntries(rows.map((i) => [i.problem, i.dueState]))).toEqual({
      学习不够深入: 'overdue',
      联系群众不够紧密: 'due_soon',
    });
    const overdue = await svc.list(null, { orgIds: [orgId], due: 'overdue' }, {});
    expect((overdue.items as { id: string }[]).map((i) => i.id)).toEqual([late.id]);
    expect(await svc.dashboard(null, { orgIds: [orgId] })).toMatchObject({ overdue: 1, dueSoon: 1 });
  });

  it('another configured zone counts its own day', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-09T16:30:00.000Z'));
    // In London it is still 2026-03-09: the item due that day is not overdue yet.
    const svc = ledgerService(repos, { timeZone: 'Europe/London' });
    const [item] = await svc.create(null, orgId, [draft('制度执行不够严格', '2026-03-09')]);
    expect((await svc.get(null, item.id)).dueState).toBe('due_soon');
  });
});
