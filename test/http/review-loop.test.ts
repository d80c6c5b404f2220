/**
 * The review loop over HTTP, on SQLite (and PostgreSQL with TEST_DATABASE_URL): what the author is
 * shown before submitting (open findings, 查重 in brief, a copied material flagged), 撤回 before the
 * reviewer acts, notifications of every step to the right people, author names in the reviewers'
 * lists, and the author's replies to comments and 已处理 marks — each with its refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { testDialects } from '../../src/storage/testing.js';
import { SAMPLE, startTestApp, type Persona, type TestApp } from './harness.js';

const good = (f: string) => readFileSync(new URL(`../fixtures/good/${f}`, import.meta.url), 'utf8');

interface Note {
  kind: string;
  title: string;
  body: string;
  link: string;
}

for (const dialect of testDialects()) {
  describe(`the review loop over HTTP on ${dialect}`, () => {
    let t: TestApp;
    let copy = '';
    let own = '';
    const notes = async (p: Persona): Promise<Note[]> => (await (await t.as(p)).get('/api/notifications')).body.items;
    const actions = async () => (await t.repos.audit.list()).map((e) => e.action);

    beforeAll(async () => {
      t = await startTestApp(dialect);
      // The source: another member's material; then the author's, a copy of it word for word.
      const src = await (
        await t.as('memberB1')
      ).post('/api/materials', { meetingId: t.world.meeting2, kind: 'member', text: SAMPLE });
      expect(src.status).toBe(201);
      const r = await (
        await t.as('author')
      ).post('/api/materials', { meetingId: t.world.meeting2, kind: 'member', text: SAMPLE });
      expect(r.status).toBe(201);
      copy = r.body.id;
      const o = await (
        await t.as('leaderB1')
      ).post('/api/materials', {
        meetingId: t.world.meeting2,
        kind: 'personal',
        text: good('04-member-four-checks.txt'),
      });
      expect(o.status).toBe(201);
      own = o.body.id;
    }, 60_000);
    afterAll(async () => t?.close());

    it('shows the author the open findings and the 查重 result before submitting; a copy is flagged heavy', async () => {
      const r = await (await t.as('author')).get(`/api/materials/${copy}/submit-check`);
      expect(r.status).toBe(200);
      const f = r.body.findings;
      expect(f.total).toBe(f.counts.error + f.counts.warning + f.counts.info);
      expect(f.total).toBeGreaterThan(0);
      expect(f.first.length).toBe(Math.min(5, f.total));
      const rank = { error: 0, warning: 1, info: 2 } as Record<string, number>;
      const ranks = f.first.map((x: { severity: string }) => rank[x.severity]);
      expect(ranks).toEqual([...ranks].sort());
      expect(f.first[0].message).toMatch(/[\u4e00-\u9fff]/);
      expect(r.body.copy.level).toBe('heavy');
      expect(r.body.copy.copyRatio).toBeGreaterThan(0.9);
      // The source is another member's material the author may not open: labelled, never named.
      expect(r.body.copy.top).toMatchObject({ label: '库内材料', title: null });
      expect(r.body.copy.top.coverage).toBeGreaterThan(0.9);
      // A material of the author's own writing is not flagged.
      const mine = await (await t.as('leaderB1')).get(`/api/materials/${own}/submit-check`);
      expect(mine.status).toBe(200);
      expect(mine.body.copy.level).not.toBe('heavy');
      // Outside the material's readers: as if it did not exist.
      expect((await (await t.as('memberB2')).get(`/api/materials/${copy}/submit-check`)).status).toBe(404);
    });

    it('submits with the same summary in the answer and tells every reviewer, with the author named', async () => {
      const r = await (await t.as('author')).post(`/api/materials/${copy}/submit`, {});
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('submitted');
      expect(r.body.check.copy.level).toBe('heavy');
      expect(r.body.check.findings.total).toBeGreaterThan(0);
      for (const p of ['secB1', 'reviewerParty', 'reviewerCounty'] as const) {
        const n = (await notes(p)).find((x) => x.kind === 'material.submitted');
        expect(n, p).toBeTruthy();
        expect(n!.title).toContain('测试-author');
        expect(n!.link).toBe(`/materials/${copy}/review`);
      }
      for (const p of ['author', 'memberB1', 'memberB2', 'secB2'] as const)
        expect(
          (await notes(p)).some((x) => x.kind.startsWith('material.')),
          p,
        ).toBe(false);
    });

    it("names each material's author in the reviewers' lists", async () => {
      const list = (await (await t.as('secB1')).get(`/api/materials?status=submitted`)).body.items;
      expect(list.find((m: { id: string }) => m.id === copy)).toMatchObject({ authorName: '测试-author' });
      const county = (await (await t.as('reviewerCounty')).get(`/api/materials?meetingId=${t.world.meeting2}`)).body
        .items;
      expect(county.find((m: { id: string }) => m.id === own)).toMatchObject({ authorName: '测试-leaderB1' });
    });

    it('lets only the author withdraw, before the reviewer acts: back to draft, audited, reviewers told', async () => {
      const sec = await (await t.as('secB1')).post(`/api/materials/${copy}/withdraw`, {});
      expect(sec.status).toBe(403);
      expect(sec.body.code).toBe('E_FORBIDDEN');
      expect((await (await t.as('memberB2')).post(`/api/materials/${copy}/withdraw`, {})).status).toBe(404);
      const r = await (await t.as('author')).post(`/api/materials/${copy}/withdraw`, {});
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('draft');
      expect(await actions()).toContain('material.withdraw');
      const events = (await (await t.as('secB1')).get(`/api/materials/${copy}/events`)).body.items;
      expect(events.map((e: { action: string }) => e.action)).toEqual(['submit', 'withdraw']);
      // Off the reviewer's list of materials to review, and he is told.
      const waiting = (await (await t.as('secB1')).get(`/api/materials?status=submitted`)).body.items;
      expect(waiting.some((m: { id: string }) => m.id === copy)).toBe(false);
      const n = (await notes('reviewerParty')).find((x) => x.kind === 'material.withdrawn');
      expect(n?.body).toContain('撤回');
      // A draft cannot be withdrawn again.
      const again = await (await t.as('author')).post(`/api/materials/${copy}/withdraw`, {});
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('E_BAD_STATE');
    });

    let commentId = '';
    it('refuses to withdraw once the reviewer has commented or returned it (E_WITHDRAW_TOO_LATE)', async () => {
      const a = await t.as('author');
      expect((await a.post(`/api/materials/${copy}/submit`, {})).status).toBe(200);
      const sec = await t.as('secB1');
      const c = await sec.post(`/api/materials/${copy}/comments`, {
        part: 'general',
        body: '全文照抄，请结合本人实际重写。',
      });
      expect(c.status).toBe(201);
      commentId = c.body.id;
      const w = await a.post(`/api/materials/${copy}/withdraw`, {});
      expect(w.status).toBe(409);
      expect(w.body.code).toBe('E_WITHDRAW_TOO_LATE');
      expect(w.body.message).toMatch(/已开始审核/);
      expect((await sec.post(`/api/materials/${copy}/return`, {})).body.status).toBe('returned');
      const late = await a.post(`/api/materials/${copy}/withdraw`, {});
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('E_WITHDRAW_TOO_LATE');
      expect(late.body.message).toMatch(/退回/);
      const n = (await notes('author')).find((x) => x.kind === 'material.returned');
      expect(n?.body).toContain('共 1 条修改意见');
      expect(n?.link).toBe(`/materials/${copy}`);
    });

    it('lets only the author reply to a comment and mark it handled; the reviewers see both', async () => {
      const url = `/api/materials/${copy}/comments/${commentId}`;
      const r = await (await t.as('author')).post(`${url}/replies`, { body: '已按意见结合本人实际重写问题部分。' });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ authorName: '测试-author', body: '已按意见结合本人实际重写问题部分。' });
      const sec = await (await t.as('secB1')).post(`${url}/replies`, { body: '我来替他答复' });
      expect(sec.status).toBe(403);
      expect((await (await t.as('reviewerParty')).post(`${url}/handled`, { handled: true })).status).toBe(403);
      expect((await (await t.as('memberB2')).post(`${url}/replies`, { body: '外人' })).status).toBe(404);
      const empty = await (await t.as('author')).post(`${url}/replies`, { body: '   ' });
      expect(empty.status).toBe(400);
      expect(empty.body.code).toBe('E_VALIDATION');
      // A comment of another material is not found through this one.
      expect(
        (
          await (
            await t.as('author')
          ).post(`/api/materials/${t.world.material}/comments/${commentId}/replies`, {
            body: '错位',
          })
        ).status,
      ).toBe(404);
      const h = await (await t.as('author')).post(`${url}/handled`, { handled: true });
      expect(h.status).toBe(200);
      expect(h.body.resolvedAt).toBeTruthy();
      expect(await actions()).toEqual(expect.arrayContaining(['material.comment.reply', 'material.comment.handle']));
      for (const p of ['secB1', 'reviewerCounty'] as const) {
        const list = (await (await t.as(p)).get(`/api/materials/${copy}/comments`)).body.items;
        const c = list.find((x: { id: string }) => x.id === commentId);
        expect(c.resolvedAt, p).toBeTruthy();
        expect(c.resolvedByName).toBe('测试-author');
        expect(c.replies.map((x: { body: string }) => x.body)).toEqual(['已按意见结合本人实际重写问题部分。']);
      }
      expect((await (await t.as('memberB1')).get(`/api/materials/${copy}/comments`)).status).toBe(404);
    });

    it('keeps replies and handled marks across a new version, notifies on approval with the comment count, then closes', async () => {
      const a = await t.as('author');
      const cur = (await a.get(`/api/materials/${copy}`)).body;
      const saved = await a.put(`/api/materials/${copy}`, {
        baseVersion: cur.version,
        text: good('04-member-four-checks.txt'),
      });
      expect(saved.status).toBe(200);
      expect(saved.body.version).toBe(cur.version + 1);
      const resubmitted = await a.post(`/api/materials/${copy}/submit`, {});
      expect(resubmitted.body.status).toBe('resubmitted');
      const n = (await notes('reviewerCounty')).filter((x) => x.kind === 'material.submitted');
      expect(n.some((x) => x.body.includes('修改后重新提交'))).toBe(true);
      const c = (await (await t.as('reviewerParty')).get(`/api/materials/${copy}/comments`)).body.items.find(
        (x: { id: string }) => x.id === commentId,
      );
      expect(c.version).toBe(cur.version);
      expect(c.resolvedAt).toBeTruthy();
      expect(c.replies).toHaveLength(1);
      expect((await (await t.as('secB1')).post(`/api/materials/${copy}/approve`, {})).body.status).toBe('approved');
      const ok = (await notes('author')).find((x) => x.kind === 'material.approved');
      expect(ok?.body).toContain('共提出 1 条意见');
      const reply = await a.post(`/api/materials/${copy}/comments/${commentId}/replies`, { body: '补充' });
      expect(reply.status).toBe(409);
      expect(reply.body.code).toBe('E_REVIEW_CLOSED');
      const w = await a.post(`/api/materials/${copy}/withdraw`, {});
      expect(w.status).toBe(409);
      expect(w.body.code).toBe('E_WITHDRAW_TOO_LATE');
      expect(w.body.message).toMatch(/审核通过/);
    });
  });
}

describe('review notifications and the mail outbox', () => {
  it('queues the e-mails of review notifications when SMTP is configured (the scheduler sends them)', async () => {
    const t = await startTestApp('sqlite', {
      notify: {
        scheduler: false,
        dailyHour: 8,
        timeZone: 'Asia/Shanghai',
        intervalMs: 300_000,
        smtp: { host: '127.0.0.1', port: 2525, secure: false, from: '检视 <jianshi@example.org>' },
      },
    });
    try {
      const r = await (
        await t.as('author')
      ).post('/api/materials', { meetingId: t.world.meeting2, kind: 'member', text: SAMPLE });
      expect((await (await t.as('author')).post(`/api/materials/${r.body.id}/submit`, {})).status).toBe(200);
      const rows = await t.repos.db
        .selectFrom('notifications')
        .select(['person_id', 'kind', 'mail_status'])
        .where('kind', '=', 'material.submitted')
        .execute();
      expect(rows.map((x) => x.person_id).sort()).toEqual(
        [t.world.person.secB1, t.world.person.reviewerParty, t.world.person.reviewerCounty].sort(),
      );
      expect(rows.every((x) => x.mail_status === 'pending')).toBe(true);
    } finally {
      await t.close();
    }
  });
});
