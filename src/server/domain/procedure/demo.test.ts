import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../storage/testing.js';
import { createRepositories, type Repositories } from '../../../storage/repositories/index.js';
import { seedDemo } from '../../demo.js';
import { seedProcedureDemo } from './demo.js';
import { DEMO_DAYS_SINCE_MEETING, demoOffsetOf, demoShift } from '../../demo.js';
import { addDays, dateInZone } from '../../../core/meeting/dates.js';

describe('procedure demo data', () => {
  let store: TestStore;
  let repos: Repositories;
  beforeAll(async () => {
    store = await openTestStore('sqlite');
    repos = createRepositories(store);
  });
  afterAll(async () => store?.close());

  it('does nothing without the demo world, then seeds once on top of it', async () => {
    expect(await seedProcedureDemo(repos, 's'.repeat(32))).toBe(false);
    await seedDemo(repos);
    expect(await seedProcedureDemo(repos, 's'.repeat(32))).toBe(true);
    expect(await seedProcedureDemo(repos, 's'.repeat(32))).toBe(false);
    const p = repos.procedure;
    const meetings = await repos.meetings.list({ all: true });
    const m1 = meetings.find((m) => m.kind === '民主生活会')!;
    const m2 = meetings.find((m) => m.kind === '组织生活会')!;
    expect(await p.listOpinions({ meetingId: m1.id })).toHaveLength(12);
    expect(await p.listTalks(m1.id)).toHaveLength(3);
    const rec = await p.getRecord(m1.id);
    expect(rec?.status).toBe('finished');
    expect(JSON.stringify(rec?.agenda)).toContain('张伟作个人对照检查发言');
    expect(await p.listCriticisms(m1.id)).toHaveLength(6);
    expect(await p.listTalks(m2.id)).toHaveLength(4);
    expect(await p.listOpinions({ meetingId: m2.id })).toHaveLength(7);
    expect(await p.listSpeeches(m2.id)).toHaveLength(4);
    expect(await p.listCriticisms(m2.id)).toHaveLength(10);
    expect((await p.getRecord(m2.id))?.status).toBe('finished');
    expect(await p.listAppraisals(m2.id, { kind: 'self' })).toHaveLength(4);
    // The report went out 14 days after the meeting, wherever the demo placed the meeting (relative to today).
    const m1Detail = (await repos.meetings.get(m1.id))!;
    expect(m1Detail.heldOn).toBe(addDays(dateInZone(new Date()), -DEMO_DAYS_SINCE_MEETING));
    expect(m1Detail.stages.find((s) => s.stage === 'report')?.doneAt).toBe(
      demoShift(demoOffsetOf(m1Detail.heldOn))('2024-01-03T02:00:00.000Z'),
    );
    expect(await p.listAppraisals(m2.id, { kind: 'vote' })).toHaveLength(20);
    expect((await repos.audit.verify()).ok).toBe(true);
  });
});
