/**
 * Impossible calendar dates. Every route that takes a date refuses one that does
 * not exist (2024-13-45, 2023-02-29, 9999-99-99) with 400 and the stable code E_BAD_DATE; and a bad
 * date already in the database (written before this check existed, here written directly) never
 * turns a page, a report or its .docx into a 500 — it is shown as unknown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../src/storage/testing.js';
import { runDailyPass } from '../../src/server/notifications/daily.js';
import { multipart, snapshot, startTestApp, type Client, type TestApp } from './harness.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

for (const dialect of testDialects())
  describe(`impossible dates (${dialect})`, () => {
    let t: TestApp;
    let sec: Client;
    let itemId: string;
    let collectionToken: string;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      sec = await t.as('secB1');
      const item = await sec.post('/api/ledger/items', {
        orgId: t.world.org.b1,
        items: [
          {
            year: 2024,
            source: '自查',
            problem: '学习不够深入',
            deadlineKind: 'date',
            deadlineOn: '2024-06-30',
            ownerId: t.world.person.author,
          },
        ],
      });
      expect(item.status, JSON.stringify(item.body)).toBe(201);
      itemId = item.body.items[0].id;
      const col = await sec.post(`/api/meetings/${t.world.meeting}/opinion-collections`, {
        opensOn: '2024-01-01',
        closesOn: '2099-12-31',
      });
      expect(col.status, JSON.stringify(col.body)).toBe(201);
      collectionToken = col.body.token;
    });
    afterAll(async () => t?.close());

    it('every route that takes a date answers 400 E_BAD_DATE for a date that does not exist, and stores nothing', async () => {
      const m = t.world.meeting;
      const before = await snapshot(t.store);
      const bad: [string, () => Promise<{ status: number; body: any }>][] = [
        [
          'meeting create heldOn',
          () =>
            sec.post('/api/meetings', {
              orgId: t.world.org.b1,
              kind: '组织生活会',
              year: 2024,
              theme: '坏日期',
              heldOn: '2024-13-45',
            }),
        ],
        [
          'meeting create stage',
          () =>
            sec.post('/api/meetings', {
              orgId: t.world.org.b1,
              kind: '组织生活会',
              year: 2024,
              theme: '坏日期',
              stages: [{ stage: 'opinions', startOn: '2024-02-30' }],
            }),
        ],
        ['meeting patch heldOn', () => sec.patch(`/api/meetings/${m}`, { heldOn: '2024-13-45' })],
        ['meeting patch heldOn 2023-02-29', () => sec.patch(`/api/meetings/${m}`, { heldOn: '2023-02-29' })],
        [
          'meeting patch stage dueOn',
          () => sec.patch(`/api/meetings/${m}`, { stages: [{ stage: 'report', dueOn: '2024-04-31' }] }),
        ],
        [
          'meeting patch stage doneAt',
          () => sec.patch(`/api/meetings/${m}`, { stages: [{ stage: 'report', doneAt: '2024-02-30T08:00:00.000Z' }] }),
        ],
        [
          'meeting patch stage doneAt text',
          () => sec.patch(`/api/meetings/${m}`, { stages: [{ stage: 'report', doneAt: '昨天' }] }),
        ],
        ['record startedAt', () => sec.put(`/api/meetings/${m}/record`, { startedAt: '2024-13-01T09:00:00Z' })],
        ['record endedAt', () => sec.put(`/api/meetings/${m}/record`, { endedAt: 'soon' })],
        ['opinion window opensOn', () => sec.post(`/api/meetings/${m}/opinion-collections`, { opensOn: '9999-99-99' })],
        [
          'opinion window closesOn',
          () => sec.post(`/api/meetings/${m}/opinion-collections`, { closesOn: '9999-99-99' }),
        ],
        [
          'talk heldOn',
          () =>
            sec.post(`/api/meetings/${m}/talks`, {
              personAId: t.world.person.secB1,
              personBId: t.world.person.author,
              heldOn: '2024-00-10',
            }),
        ],
        ['record heldOn', () => sec.put(`/api/meetings/${m}/record`, { heldOn: '2024-13-45' })],
        ['report reportOn', () => sec.get(`/api/meetings/${m}/report?reportOn=2024-02-30`)],
        ['report.docx reportOn', () => sec.get(`/api/meetings/${m}/report.docx?reportOn=2024-02-30`)],
        [
          'ledger create deadlineOn',
          () =>
            sec.post('/api/ledger/items', {
              orgId: t.world.org.b1,
              items: [{ year: 2024, source: '自查', problem: '问题', deadlineKind: 'date', deadlineOn: '2024-99-99' }],
            }),
        ],
        ['ledger patch deadlineOn', () => sec.patch(`/api/ledger/items/${itemId}`, { deadlineOn: '2024-02-30' })],
        [
          'ledger split deadlineOn',
          () =>
            sec.post(`/api/ledger/items/${itemId}/split`, {
              parts: [{ problem: '一', deadlineKind: 'date', deadlineOn: '2024-13-01' }, { problem: '二' }],
            }),
        ],
        [
          'evidence evidenceOn',
          () => {
            const mp = multipart({ evidenceOn: '2024-99-99' }, { name: 'a.pdf', bytes: PDF });
            return sec.post(`/api/ledger/items/${itemId}/evidence`, mp.body, mp.headers);
          },
        ],
      ];
      for (const [name, send] of bad) {
        const r = await send();
        expect([name, r.status, r.body?.code], JSON.stringify(r.body)).toEqual([name, 400, 'E_BAD_DATE']);
        expect(r.body.message, name).toContain('日期');
      }
      expect(await snapshot(t.store)).toBe(before);
      // A real leap day is a date.
      expect((await sec.patch(`/api/meetings/${m}`, { heldOn: '2024-02-29' })).status).toBe(200);
    }, 60_000);

    it('bad dates already stored never cause a 500: pages, the report, report.docx and the home page answer', async () => {
      const m = t.world.meeting;
      const db = t.store.db;
      // Data as it could be left by the old code.
      expect(
        (
          await sec.post(`/api/meetings/${m}/talks`, {
            personAId: t.world.person.secB1,
            personBId: t.world.person.author,
            heldOn: '2024-03-01',
          })
        ).status,
      ).toBe(201);
      expect((await sec.put(`/api/meetings/${m}/record`, { heldOn: '2024-03-02' })).status).toBe(200);
      const mp = multipart({ evidenceOn: '2024-03-03' }, { name: 'a.pdf', bytes: PDF });
      const author = await t.as('author');
      const up = await author.post(`/api/ledger/items/${itemId}/evidence`, mp.body, mp.headers);
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      expect(
        (
          await sec.patch(`/api/meetings/${m}`, {
            stages: [{ stage: 'report', startOn: '2024-03-01', dueOn: '2024-03-20' }],
          })
        ).status,
      ).toBe(200);
      await db.updateTable('meetings').set({ held_on: '2024-13-45' }).where('id', '=', m).execute();
      await db
        .updateTable('meeting_stages')
        .set({ start_on: '2024-02-30', due_on: '2024-99-99', done_at: '2024-13-45T00:00:00Z' })
        .where('meeting_id', '=', m)
        .execute();
      await db
        .updateTable('meeting_records')
        .set({ held_on: '2024-13-45', started_at: '昨天', ended_at: '2024-99-99T25:00' })
        .where('meeting_id', '=', m)
        .execute();
      await db.updateTable('talks').set({ held_on: '2024-00-00' }).where('meeting_id', '=', m).execute();
      await db
        .updateTable('opinion_collections')
        .set({ opens_on: '9999-99-99', closes_on: '9999-99-99' })
        .where('meeting_id', '=', m)
        .execute();
      await db.updateTable('ledger_items').set({ deadline_on: '2024-99-99' }).where('id', '=', itemId).execute();
      await db.updateTable('evidence_files').set({ evidence_on: '2024-99-99' }).where('item_id', '=', itemId).execute();

      const gets: [Client, string][] = [
        [sec, `/api/meetings/${m}/report`],
        [sec, `/api/meetings/${m}/report.docx`],
        [sec, `/api/meetings/${m}/report/deadline`],
        [sec, '/api/procedure/report-deadlines'],
        [sec, `/api/meetings/${m}`],
        [sec, '/api/meetings'],
        [sec, `/api/meetings/${m}/opinion-collections`],
        [sec, `/api/meetings/${m}/talks`],
        [sec, `/api/meetings/${m}/talks/coverage`],
        [sec, `/api/meetings/${m}/record`],
        [sec, `/api/meetings/${m}/ledger-drafts`],
        [sec, `/api/ledger/items/${itemId}`],
        [sec, `/api/ledger/items?orgId=${t.world.org.b1}`],
        [sec, `/api/ledger/items?orgId=${t.world.org.b1}&due=overdue`],
        [sec, `/api/ledger/dashboard?orgId=${t.world.org.b1}`],
        [sec, `/api/ledger/export?orgId=${t.world.org.b1}`],
        [author, `/api/ledger/items/${itemId}`],
        [author, '/api/notifications'],
      ];
      for (const [c, url] of gets) {
        const r = await c.get(url);
        expect([url, r.status], JSON.stringify(r.body).slice(0, 300)).toEqual([url, 200]);
      }
      // The daily deadline pass (scheduler) runs over the item with the impossible deadline.
      await expect(runDailyPass(t.repos, '2026-01-15')).resolves.toMatchObject({ items: expect.any(Number) });
      // The report treats the impossible meeting date as unknown, not as a date.
      const report = await sec.get(`/api/meetings/${m}/report`);
      expect(JSON.stringify(report.body)).not.toContain('2024-13-45');
      // A window stored as 9999-99-99 is no bound: the form shows the collection open, and accepts.
      const form = await t.anon().post('/api/public/opinions/form', { token: collectionToken });
      expect(form.status, JSON.stringify(form.body)).toBe(200);
      const sent = await t.anon().post('/api/public/opinions', {
        token: collectionToken,
        opinions: [{ target: { kind: 'group' }, category: '理论学习', body: '学习不够深入，联系实际不够' }],
      });
      expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);
    }, 60_000);
  });
