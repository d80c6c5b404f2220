/**
 * The quality checks call a ledger item overdue by the date in China, not the UTC date: from 00:00
 * to 08:00 Beijing time the UTC date is still yesterday, and an item due yesterday is overdue.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE, startTestApp, type TestApp } from './harness.js';

describe('material checks: "today" is the date in China', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => t?.close());

  it('an open ledger item due yesterday (Beijing time) is overdue at 01:00 Beijing time', async () => {
    const c = await t.as('memberB1');
    const sec = await t.as('secB1');
    const created = await c.post('/api/materials', { meetingId: t.world.meeting, kind: 'member', text: SAMPLE });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const meeting = (await c.get(`/api/meetings/${t.world.meeting}`)).body;
    const year: number = (meeting.meeting ?? meeting).year;
    const first = created.body.model.problems[0];
    const due = `${year - 1}-06-30`;
    const item = await sec.post('/api/ledger/items', {
      orgId: t.world.org.b1,
      items: [
        {
          year: year - 1,
          source: '自查',
          problem: `${first.heading}${first.text}`.slice(0, 200),
          deadlineKind: 'date',
          deadlineOn: due,
          ownerId: t.world.person.memberB1,
        },
      ],
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    const ledgerFinding = async () =>
      (await c.get(`/api/materials/${id}/checks`)).body.findings.filter(
        (f: { rule: string; message: string }) =>
          f.rule === 'repeated-from-last-year' && f.message.includes('整改台账'),
      ) as { message: string }[];
    // 01:00 on July 1st in Beijing = 17:00 on June 30th UTC: the deadline was yesterday.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(`${due}T17:00:00Z`));
    const late = await ledgerFinding();
    expect(late).toHaveLength(1);
    expect(late[0].message).toContain('至今未销号且已超过整改时限');
    // 23:00 on June 30th in Beijing: due today, not yet overdue.
    vi.setSystemTime(new Date(`${due}T15:00:00Z`));
    const onTime = await ledgerFinding();
    expect(onTime).toHaveLength(1);
    expect(onTime[0].message).toContain('至今未销号');
    expect(onTime[0].message).not.toContain('已超过整改时限');
  });
});
