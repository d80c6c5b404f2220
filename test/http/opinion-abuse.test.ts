/**
 * ACCEPTANCE: one link holder cannot block the opinions of everyone else.
 *
 *  - a flood from one client (25 posts of 20 long opinions) is stopped at that client's allowance
 *    (a salted hash of its address and the link, in memory only) — others still submit;
 *  - five addresses no longer fill a link's day (40 each against 2000), an IPv6 /64 is one client;
 *  - when the link's daily cap is reached anyway (many addresses), a new link has its own allowance,
 *    and hiding the flood (all opinions with the same text at once) gives the day's capacity back;
 *  - the secretary hides junk: gone from the summary, the report and the ledger drafts, counted as
 *    hidden, recorded in the audit log as "hid an opinion" with nothing of the opinion or its submitter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';
import { testDialects } from '../../src/storage/testing.js';

/** The default per-client allowance (OPINION_CLIENT_CAP): two full forms a day per link. */
const OPINION_CLIENT_CAP = 40;
/** The default daily cap of a link (OPINION_DAILY_CAP). */
const DAILY_CAP = 2000;

const long = (i: number, j: number) => `垃圾${i}-${j}`.padEnd(1990, '灌');

for (const dialect of testDialects()) {
  describe(`opinion abuse on ${dialect}`, () => {
    let t: TestApp;
    let dataDir: string;
    const post = (token: string, address: string, opinions: unknown[]) =>
      t.app.inject({
        method: 'POST',
        url: '/api/public/opinions',
        payload: { token, opinions },
        headers: { 'x-csrf-token': 'public' },
        remoteAddress: address,
      });
    const openLink = async () => {
      const r = await (await t.as('secB1')).post(`/api/meetings/${t.world.meeting}/opinion-collections`, {});
      expect(r.status).toBe(201);
      return { token: r.body.token as string, id: r.body.collection.id as string };
    };

    beforeAll(async () => {
      // k = 1: every opinion is written at once (batching is tested in anonymity-files.test.ts).
      dataDir = mkdtempSync(join(tmpdir(), 'jianshi-abuse-')); // the spool key file (PostgreSQL)
      t = await startTestApp(dialect, { opinionBatchSize: 1, dataDir });
    });
    afterAll(async () => {
      await t?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('a flood from one client stops at its allowance; everyone else still gets through', async () => {
      const { token, id } = await openLink();
      const results: number[] = [];
      for (let i = 0; i < 25; i++)
        results.push(
          (
            await post(
              token,
              '198.51.100.66',
              Array.from({ length: 20 }, (_, j) => ({ target: { kind: 'group' }, body: long(i, j) })),
            )
          ).statusCode,
        );
      expect(results.filter((s) => s === 201)).toHaveLength(OPINION_CLIENT_CAP / 20);
      expect(results.slice(OPINION_CLIENT_CAP / 20).every((s) => s === 429)).toBe(true);
      const refused = await post(token, '198.51.100.66', [{ target: { kind: 'group' }, body: '再来一条' }]);
      expect([refused.statusCode, refused.json().code]).toEqual([429, 'E_RATE_LIMITED']);
      expect(refused.json().message).toContain('请明天再试');
      // Other people, from other addresses, are not blocked.
      for (const a of ['192.0.2.1', '192.0.2.2', '192.0.2.3'])
        expect((await post(token, a, [{ target: { kind: 'group' }, body: `正常意见 ${a}` }])).statusCode).toBe(201);
      const list = await (await t.as('secB1')).get(`/api/meetings/${t.world.meeting}/opinion-collections`);
      expect(list.body.items.find((c: { id: string }) => c.id === id).count).toBe(OPINION_CLIENT_CAP + 3);
    });

    it('when the daily cap of a link is full, a new link gets its own allowance', async () => {
      await (
        await t.as('secB1')
      ).post(
        `/api/opinion-collections/${(await (await t.as('secB1')).get(`/api/meetings/${t.world.meeting}/opinion-collections`)).body.items.find((c: { status: string }) => c.status === 'open').id}/close`,
      );
      const { token, id } = await openLink();
      // Many addresses together fill the link's daily cap (2000 by default) …
      let accepted = 0;
      for (let a = 0; accepted < DAILY_CAP; a++) {
        const r = await post(
          token,
          `10.0.${Math.floor(a / 200)}.${a % 200}`,
          Array.from({ length: 20 }, (_, j) => ({ target: { kind: 'group' }, body: `刷屏${a}-${j}` })),
        );
        expect(r.statusCode).toBe(201);
        accepted += 20;
      }
      const full = await post(token, '192.0.2.50', [{ target: { kind: 'group' }, body: '满了吗' }]);
      expect([full.statusCode, full.json().code]).toEqual([429, 'E_RATE_LIMITED']);
      // … the secretary changes the link: the new one accepts, the old one is dead.
      const r = await (await t.as('secB1')).post(`/api/opinion-collections/${id}/rotate`, {});
      expect(r.status).toBe(200);
      expect(
        (await post(r.body.token, '192.0.2.50', [{ target: { kind: 'group' }, body: '新链接可以提交' }])).statusCode,
      ).toBe(201);
      expect((await post(token, '192.0.2.51', [{ target: { kind: 'group' }, body: '旧链接' }])).statusCode).toBe(404);
    });

    it('a flood from five addresses (and many IPv6 addresses of one /64) no longer blocks a sixth submitter', async () => {
      const { token } = await openLink();
      const flood = (a: string) =>
        post(
          token,
          a,
          Array.from({ length: 20 }, (_, j) => ({ target: { kind: 'group' }, body: `五个地址刷屏${j}` })),
        );
      const codes: number[] = [];
      for (const a of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4', '198.51.100.5'])
        for (let i = 0; i < 6; i++) codes.push((await flood(a)).statusCode);
      expect(codes.filter((c) => c === 201)).toHaveLength(5 * (OPINION_CLIENT_CAP / 20));
      // A phone hopping through the addresses of its /64 is still one client.
      const v6 = await Promise.all(
        Array.from(
          { length: 4 },
          async (_, i) => (await flood(`2001:db8:1:2::${(i + 1).toString(16)}:beef`)).statusCode,
        ),
      );
      expect(v6.filter((c) => c === 201)).toHaveLength(OPINION_CLIENT_CAP / 20);
      const sixth = await post(token, '192.0.2.66', [{ target: { kind: 'group' }, body: '第六个人的正常意见' }]);
      expect(sixth.statusCode).toBe(201);
      await (
        await t.as('secB1')
      ).post(
        `/api/opinion-collections/${(await (await t.as('secB1')).get(`/api/meetings/${t.world.meeting}/opinion-collections`)).body.items.find((c: { status: string }) => c.status === 'open').id}/close`,
      );
    });

    it("hiding a flood (every opinion with the same text, in one action) frees the day's cap; audited with the count only", async () => {
      const sec = await t.as('secB1');
      const { token } = await openLink();
      for (let a = 0; a < DAILY_CAP / 40; a++) {
        for (let i = 0; i < 2; i++)
          expect(
            (
              await post(
                token,
                `10.9.${Math.floor(a / 200)}.${a % 200}`,
                Array.from({ length: 20 }, () => ({ target: { kind: 'group' }, body: '同一句刷屏' })),
              )
            ).statusCode,
          ).toBe(201);
      }
      const full = await post(token, '192.0.2.77', [{ target: { kind: 'group' }, body: '满了' }]);
      expect([full.statusCode, full.json().code]).toEqual([429, 'E_RATE_LIMITED']);
      const one = (await sec.get(`/api/meetings/${t.world.meeting}/opinions`)).body.items.find(
        (o: { body: string }) => o.body === '同一句刷屏',
      );
      expect(
        (await (await t.as('memberB1')).post(`/api/opinions/${one.id}/hidden-same-text`, { hidden: true })).status,
      ).toBe(403);
      const auditBefore = (await t.repos.audit.list({})).length;
      const h = await sec.post(`/api/opinions/${one.id}/hidden-same-text`, { hidden: true });
      expect([h.status, h.body]).toEqual([200, { hidden: true, count: DAILY_CAP }]);
      const entries = await t.repos.audit.list({});
      expect(entries.length).toBe(auditBefore + 1);
      const e = entries.find(
        (x) => x.action === 'opinions.hide' && (x.details as { count?: number } | null)?.count === DAILY_CAP,
      )!;
      expect(e).toMatchObject({
        entity: 'opinion_collection',
        details: { meetingId: t.world.meeting, count: DAILY_CAP },
      });
      expect(JSON.stringify(e)).not.toContain('刷屏');
      // The day's capacity is back: a real opinion gets through on the same link.
      expect((await post(token, '192.0.2.77', [{ target: { kind: 'group' }, body: '正常意见' }])).statusCode).toBe(201);
      await sec.post(
        `/api/opinion-collections/${(await sec.get(`/api/meetings/${t.world.meeting}/opinion-collections`)).body.items.find((c: { status: string }) => c.status === 'open').id}/close`,
      );
    });

    it('the secretary hides junk: out of the summary, the report and the ledger drafts, counted as hidden, audited without the opinion', async () => {
      const sec = await t.as('secB1');
      const m = t.world.meeting;
      const before = await sec.get(`/api/meetings/${m}/opinions/summary`);
      const list = await sec.get(`/api/meetings/${m}/opinions`);
      expect(list.status).toBe(200);
      const junk = list.body.items.find((o: { body: string }) => o.body.startsWith('垃圾0-0'));
      expect(junk).toMatchObject({ hidden: false });
      // Only the secretary.
      expect((await (await t.as('memberB1')).post(`/api/opinions/${junk.id}/hidden`, { hidden: true })).status).toBe(
        403,
      );
      expect((await (await t.as('outsider')).post(`/api/opinions/${junk.id}/hidden`, { hidden: true })).status).toBe(
        404,
      );
      const auditBefore = (await t.repos.audit.list({})).length;
      const h = await sec.post(`/api/opinions/${junk.id}/hidden`, { hidden: true });
      expect([h.status, h.body]).toEqual([200, { id: junk.id, hidden: true }]);
      const after = await sec.get(`/api/meetings/${m}/opinions/summary`);
      expect(after.body.total).toBe(before.body.total - 1);
      expect(after.body.hidden).toBe(before.body.hidden + 1);
      expect(JSON.stringify(after.body)).not.toContain(junk.body);
      const report = await sec.get(`/api/meetings/${m}/report`);
      expect(report.status).toBe(200);
      expect(JSON.stringify(report.body)).not.toContain(junk.body);
      const drafts = await sec.get(`/api/meetings/${m}/ledger-drafts`);
      expect(JSON.stringify(drafts.body)).not.toContain(junk.body);
      expect(
        (await sec.get(`/api/meetings/${m}/opinions`)).body.items.find((o: { id: string }) => o.id === junk.id),
      ).toMatchObject({ hidden: true });
      // The member it concerns does not see it either.
      expect(JSON.stringify((await (await t.as('author')).get(`/api/meetings/${m}/opinions/mine`)).body)).not.toContain(
        junk.body,
      );
      // Audited: who hid an opinion of which collection — nothing of the opinion or its submitter.
      const entries = await t.repos.audit.list({});
      expect(entries.length).toBe(auditBefore + 1);
      const e = entries.find((x) => x.action === 'opinions.hide' && x.entityId === junk.collectionId)!;
      expect(e).toMatchObject({
        actorId: t.world.person.secB1,
        entity: 'opinion_collection',
        entityId: junk.collectionId,
      });
      expect(JSON.stringify(e)).not.toContain(junk.id);
      expect(JSON.stringify(e)).not.toContain('垃圾');
      // Shown again on second thought; an unknown id is a clear 404.
      expect((await sec.post(`/api/opinions/${junk.id}/hidden`, { hidden: false })).body.hidden).toBe(false);
      expect((await sec.get(`/api/meetings/${m}/opinions/summary`)).body.hidden).toBe(before.body.hidden);
      const none = await sec.post('/api/opinions/00000000-0000-4000-8000-000000000000/hidden', { hidden: true });
      expect([none.status, none.body.code]).toEqual([404, 'E_NOT_FOUND']);
      expect((await sec.post(`/api/opinions/${junk.id}/hidden`, { hidden: 'yes' })).status).toBe(400);
    });
  });
}
