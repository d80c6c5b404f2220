import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../storage/testing.js';
import { createRepositories, type Repositories } from '../../../storage/repositories/index.js';
import { ledgerRepository } from '../../../storage/repositories/ledger.js';
import { seedDemo } from '../../demo.js';
import { seedProcedureDemo } from '../procedure/demo.js';
import { addDays, dueState, LEDGER_STATUSES } from '../../../core/ledger/index.js';
import { seedLedgerDemo } from './demo.js';

describe('ledger demo data', () => {
  let store: TestStore;
  let repos: Repositories;
  beforeAll(async () => {
    store = await openTestStore('sqlite');
    repos = createRepositories(store);
  });
  afterAll(async () => store?.close());

  it('does nothing without the demo world, then seeds a living ledger once', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(await seedLedgerDemo(repos, today)).toBe(false);
    await seedDemo(repos);
    await seedProcedureDemo(repos, 's'.repeat(32));
    expect(await seedLedgerDemo(repos, today)).toBe(true);
    expect(await seedLedgerDemo(repos, today)).toBe(false);

    const L = ledgerRepository(repos.db, repos.dialect);
    const items = (await L.list({}, { all: true }, { limit: 500 }, today)).items;
    // last year's meeting and its ledger
    const m2022 = (await repos.meetings.list({ all: true, year: 2022 }))[0];
    expect(m2022).toMatchObject({ kind: '民主生活会', status: 'closed' });
    const y2022 = items.filter((i) => i.year === 2022);
    const y2023 = items.filter((i) => i.year === 2023);
    expect(y2022.length).toBeGreaterThan(5);
    expect(y2023.length).toBeGreaterThan(10);
    // every status, overdue and due soon relative to today
    for (const s of LEDGER_STATUSES)
      expect(
        y2023.some((i) => i.status === s),
        s,
      ).toBe(true);
    expect(items.filter((i) => dueState(i, today) === 'overdue').length).toBeGreaterThanOrEqual(3);
    expect(items.some((i) => dueState(i, today) === 'due_soon')).toBe(true);
    expect(items.filter((i) => i.status === 'closed').every((i) => i.closedAt && i.closedBy)).toBe(true);
    // exactly one item of this year repeats a closed item of last year (computed by the recurrence check)
    const rep = items.filter((i) => i.repeatedOfId);
    expect(rep).toHaveLength(1);
    const earlier = items.find((i) => i.id === rep[0].repeatedOfId)!;
    expect(rep[0]).toMatchObject({ year: 2023, ownerId: earlier.ownerId, problem: '理论学习不够深入，学用结合不紧密' });
    expect(earlier).toMatchObject({ year: 2022, status: 'closed' });
    // histories: a closed item was sent back once with a reason, then closed; evidence and notes are there
    const sentBack = y2023.find((i) => i.problem === '对班子成员的日常提醒不够经常')!;
    const tr = await L.transitions(sentBack.id);
    expect(tr.map((t) => t.toStatus)).toEqual([
      'in_progress',
      'awaiting_close',
      'in_progress',
      'awaiting_close',
      'closed',
    ]);
    expect(tr[2].reason).toContain('谈心记录');
    expect(await L.listEvidence(sentBack.id)).toHaveLength(2);
    expect(sentBack.closedAt! <= new Date().toISOString()).toBe(true);
    // criticisms of the 2023 meeting are linked back
    expect(y2023.filter((i) => i.sourceRef?.kind === 'criticism')).toHaveLength(6);
    expect(
      y2023
        .filter((i) => i.sourceRef?.kind === 'opinion' || i.sourceRef?.kind === 'comment')
        .map((i) => i.source)
        .sort(),
    ).toEqual(['上级点评', '征求意见']);
    // dates are relative to the seeding day
    const overdueOne = y2023.find((i) => i.problem.startsWith('分管项目遇到难题'))!;
    expect(overdueOne.deadlineOn).toBe(addDays(today, -12));
    // the dashboard agrees
    const dash = await L.dashboard({}, { all: true }, today);
    expect(dash.total).toBe(items.length);
    expect(dash.repeated).toBe(1);
    expect(dash.trend.length).toBeGreaterThan(3);
    expect((await repos.audit.verify()).ok).toBe(true);
  });
});
