/**
 * The opinion spool against the secretary: what he can learn and undo while opinions wait.
 *
 *  - the secretary's answers (collections, summary, the list of opinions) are byte-identical
 *    before and after a submission that did not complete a batch — no waiting count that moves
 *    with each submission (0 → 1 → 4 → batch would give the time and size of each); only a static
 *    description of the batching.
 *  - a collection whose window is over cannot be reopened (the new link would only ever answer
 *    409); with OPINION_BATCH_HOURLY=0 a closed collection cannot be reopened (close → forced small
 *    batch → reopen would defeat the batching).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';
import { testDialects } from '../../src/storage/testing.js';

for (const dialect of testDialects()) {
  describe(`opinion batching seen by the secretary on ${dialect}`, () => {
    let t: TestApp;
    let dataDir: string;
    const post = (app: TestApp, token: string, address: string, body: string) =>
      app.app.inject({
        method: 'POST',
        url: '/api/public/opinions',
        payload: { token, opinions: [{ target: { kind: 'group' }, body }] },
        headers: { 'x-csrf-token': 'public' },
        remoteAddress: address,
      });

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'jianshi-batching-'));
      t = await startTestApp(dialect, { dataDir }); // default k = 5, hourly
    });
    afterAll(async () => {
      await t?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("the secretary's answers do not change with a submission that did not complete a batch", async () => {
      const sec = await t.as('secB1');
      const m = t.world.meeting;
      const open = await sec.post(`/api/meetings/${m}/opinion-collections`, {});
      expect(open.status).toBe(201);
      const urls = [
        `/api/meetings/${m}/opinion-collections`,
        `/api/meetings/${m}/opinions/summary`,
        `/api/meetings/${m}/opinions`,
      ];
      const snap = async () =>
        Promise.all(
          urls.map(async (u) => {
            const r = await sec.get(u);
            expect(r.status).toBe(200);
            return r.raw.body;
          }),
        );
      const before = await snap();
      expect(JSON.parse(before[0]).items[0].batching).toEqual({ size: 5, hourly: true });
      expect(JSON.parse(before[1]).batching).toEqual({ size: 5, hourly: true });
      expect((await post(t, open.body.token, '192.0.2.10', '第一个人的意见')).statusCode).toBe(201);
      expect(await snap()).toEqual(before);
      expect((await post(t, open.body.token, '192.0.2.11', '第二个人的意见')).statusCode).toBe(201);
      expect(await snap()).toEqual(before);
      for (const b of ['三', '四', '五'])
        expect(
          (await post(t, open.body.token, `192.0.2.2${b.length}${b.charCodeAt(0) % 10}`, `第${b}个人的意见`))
            .statusCode,
        ).toBe(201);
      // Five submissions: the batch is written, and only then does anything change.
      const after = await snap();
      expect(after).not.toEqual(before);
      expect(JSON.parse(after[1]).total).toBe(5);
      await sec.post(`/api/opinion-collections/${open.body.collection.id}/close`);
    });

    it('a collection whose window is over cannot be reopened (clear error, not a dead link)', async () => {
      const sec = await t.as('secB1');
      const open = await sec.post(`/api/meetings/${t.world.meeting}/opinion-collections`, {
        opensOn: '2020-01-01',
        closesOn: '2020-01-31',
      });
      expect(open.status).toBe(201);
      expect((await sec.post(`/api/opinion-collections/${open.body.collection.id}/close`)).status).toBe(200);
      const r = await sec.post(`/api/opinion-collections/${open.body.collection.id}/rotate`, { reopen: true });
      expect([r.status, r.body.code]).toEqual([409, 'E_OPINION_WINDOW_OVER']);
      expect(r.body.message).toContain('新建');
      expect(
        (await sec.get(`/api/meetings/${t.world.meeting}/opinion-collections`)).body.items.find(
          (c: { id: string }) => c.id === open.body.collection.id,
        ).status,
      ).toBe('closed');
    });

    it('with OPINION_BATCH_HOURLY=0 a closed collection (its small batch released by the close) cannot be reopened', async () => {
      const t0 = await startTestApp(dialect, { dataDir, opinionBatchHourly: false });
      try {
        const sec = await t0.as('secB1');
        const open = await sec.post(`/api/meetings/${t0.world.meeting}/opinion-collections`, {});
        expect((await post(t0, open.body.token, '192.0.2.30', '只有一个人提了意见')).statusCode).toBe(201);
        expect((await sec.post(`/api/opinion-collections/${open.body.collection.id}/close`)).status).toBe(200);
        const r = await sec.post(`/api/opinion-collections/${open.body.collection.id}/rotate`, { reopen: true });
        expect([r.status, r.body.code]).toEqual([409, 'E_OPINION_CLOSED_FINAL']);
        expect((await sec.get(`/api/meetings/${t0.world.meeting}/opinion-collections`)).body.items[0].status).toBe(
          'closed',
        );
        // A new collection is the way to go on.
        expect((await sec.post(`/api/meetings/${t0.world.meeting}/opinion-collections`, {})).status).toBe(201);
      } finally {
        await t0.close();
      }
    });
  });
}
