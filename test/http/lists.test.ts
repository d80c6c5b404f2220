/**
 * The lists a 组织部 reviewer works from: the meetings list (phase, progress, search, filters,
 * paging, who sees what), the people list's search, the meeting's 查重 overview (secretary and
 * superior reviewers only) and a 查重 source side by side (the source's text only for whoever may
 * read it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SAMPLE, startTestApp, type TestApp } from './harness.js';
import { addDays, dateInZone } from '../../src/core/meeting/dates.js';
import { testDialects } from '../../src/storage/testing.js';

const good = (f: string) => readFileSync(new URL(`../fixtures/good/${f}`, import.meta.url), 'utf8');
const today = dateInZone(new Date());

for (const dialect of testDialects())
  describe(`meetings list, people search, 查重 overview and side by side on ${dialect}`, () => {
    let t: TestApp;
    const ids: Record<string, string> = {};
    let b2Meeting = '';
    beforeAll(async () => {
      t = await startTestApp(dialect);
      const { repos, world } = t;
      // meeting (b1, 组织生活会 2023): talks stage ahead; author submitted, secretary's talks partly done.
      await repos.meetings.update(world.meeting, {
        stages: [
          { stage: 'opinions', startOn: null, dueOn: addDays(today, -3), doneAt: null },
          { stage: 'talks', startOn: null, dueOn: addDays(today, 5), doneAt: null },
          { stage: 'meeting', startOn: null, dueOn: addDays(today, 20), doneAt: null },
        ],
      });
      await repos.db.updateTable('materials').set({ status: 'submitted' }).where('id', '=', world.material).execute();
      const sec = await t.as('secB1');
      for (const other of [world.person.author, world.person.memberB1])
        expect(
          (await sec.post(`/api/meetings/${world.meeting}/talks`, { personAId: world.person.secB1, personBId: other }))
            .status,
        ).toBe(201);
      const item = (n: string, status: string, deadlineOn: string | null) => ({
        id: `li-${n}`,
        org_id: world.org.b1,
        meeting_id: world.meeting,
        year: 2023,
        number: n,
        source: '对照检查',
        problem: `问题${n}`,
        deadline_kind: 'date',
        deadline_on: deadlineOn,
        status,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      });
      await repos.db
        .insertInto('ledger_items')
        .values([
          item('1', 'closed', '2020-01-01'),
          item('2', 'pending', '2020-01-01'),
          item('3', 'pending', '2099-01-01'),
        ])
        .execute();
      // b2: one 民主生活会 in 2025, and 24 more 组织生活会 of 2022 for paging; one b1 meeting closed.
      b2Meeting = (
        await repos.meetings.create({
          orgId: world.org.b2,
          kind: '民主生活会',
          year: 2025,
          theme: '二支部专题民主生活会',
          participants: [{ personId: world.person.secB2, role: 'secretary' }],
          stages: [{ stage: 'materials', startOn: null, dueOn: addDays(today, 10), doneAt: null }],
        })
      ).id;
      for (let i = 1; i <= 24; i++)
        await repos.meetings.create({ orgId: world.org.b2, kind: '组织生活会', year: 2022, theme: `分页会议${i}` });
      await repos.meetings.update(world.meeting2, { status: 'closed' });
      // 查重: leaderB1 copies memberB1's material (meeting2); author writes his own.
      const make = async (who: 'memberB1' | 'leaderB1' | 'author', text: string) => {
        const r = await (
          await t.as(who)
        ).post('/api/materials', { meetingId: world.meeting2, kind: who === 'leaderB1' ? 'personal' : 'member', text });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        ids[who] = r.body.id;
      };
      await make('memberB1', SAMPLE);
      const lines = SAMPLE.split('\n');
      const own = good('01-leader-2023-six-aspects.txt').split('\n');
      await make(
        'leaderB1',
        [own[0], ...lines.slice(1, 9), ...own.slice(own.findIndex((l) => /原因/.test(l)))].join('\n'),
      );
      await make('author', good('04-member-four-checks.txt'));
    });
    afterAll(async () => t?.close());

    const board = async (who: Parameters<TestApp['as']>[0], qs = '') =>
      (await t.as(who)).get(`/api/meetings/board${qs}`);

    it('shows each meeting with its phase, and progress to the secretary', async () => {
      const r = await board('secB1');
      expect(r.status).toBe(200);
      const ids = r.body.items.map((m: { id: string }) => m.id);
      expect(ids).toContain(t.world.meeting);
      expect(ids).not.toContain(b2Meeting); // another branch's meeting
      const m = r.body.items.find((x: { id: string }) => x.id === t.world.meeting);
      expect(m.orgName).toBe('第一党支部');
      expect(m.phase).toBe('talks'); // 征求意见 past due, 谈心谈话 ahead
      expect(m.progress).toMatchObject({
        writers: 4,
        started: 1,
        submitted: 1,
        approved: 0,
        leadership: 'draft',
        opinions: 0,
        ledger: { total: 3, closed: 1, overdue: 1 },
      });
      expect(m.progress.talks.done).toBe(2);
      expect(m.progress.talks.required).toBeGreaterThan(2);
      expect(r.body.items.find((x: { id: string }) => x.id === t.world.meeting2).phase).toBe('ended');
    });

    it('gives a member the phase but not the progress, and nothing of other branches', async () => {
      const r = await board('memberB1');
      expect(r.status).toBe(200);
      const m = r.body.items.find((x: { id: string }) => x.id === t.world.meeting);
      expect(m.phase).toBe('talks');
      expect(m.progress).toBeNull();
      const other = await board('memberB2');
      expect(other.body.items.map((x: { id: string }) => x.id)).not.toContain(t.world.meeting);
      expect((await board('outsider')).body.total).toBe(0);
      expect((await t.anon().get('/api/meetings/board')).status).toBe(401);
    });

    it('searches by theme and organization, filters by year, kind, organization and phase, on the server', async () => {
      const rev = 'reviewerParty' as const;
      const all = await board(rev, '?pageSize=100');
      expect(all.body.total).toBe(27);
      expect((await board(rev, `?q=${encodeURIComponent('二支部专题')}`)).body.items.map((m: any) => m.id)).toEqual([
        b2Meeting,
      ]);
      const byOrgName = await board(rev, `?q=${encodeURIComponent('第一党支部')}`);
      expect(byOrgName.body.total).toBe(2);
      expect(byOrgName.body.items.every((m: any) => m.orgId === t.world.org.b1)).toBe(true);
      expect((await board(rev, '?year=2025')).body.items.map((m: any) => m.id)).toEqual([b2Meeting]);
      expect((await board(rev, '?q=%25')).body.total).toBe(0); // % is a character searched for, not a wildcard
      const kind = await board(rev, `?kind=${encodeURIComponent('民主生活会')}&pageSize=100`);
      expect(kind.body.items.map((m: any) => m.id).sort()).toEqual([b2Meeting, t.world.meeting2].sort());
      expect((await board(rev, `?orgId=${t.world.org.b1}`)).body.total).toBe(2);
      const phase = await board(rev, '?phase=materials');
      expect(phase.body.items.map((m: any) => m.id)).toEqual([b2Meeting]);
      expect(phase.body.phases.unscheduled).toBe(24);
      // The reviewer sees progress for both branches.
      expect(phase.body.items[0].progress).toMatchObject({ writers: 1, started: 0 });
    });

    it('pages: disjoint pages that together hold every match', async () => {
      const seen = new Set<string>();
      for (let p = 1; p <= 3; p++) {
        const r = await board('reviewerParty', `?pageSize=10&page=${p}`);
        expect(r.body.items.length).toBe(p < 3 ? 10 : 7);
        expect(r.body.page).toBe(p);
        for (const m of r.body.items) seen.add(m.id);
      }
      expect(seen.size).toBe(27);
    });

    it('refuses bad filters with a Chinese message and a stable code', async () => {
      const bad = await board('secB1', '?phase=nonsense');
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('E_VALIDATION');
      expect(JSON.stringify(bad.body)).toMatch(/阶段只能是/);
      expect((await board('secB1', '?pageSize=5000')).status).toBe(400);
      expect((await board('secB1', '?kind=xyz')).status).toBe(400);
    });

    it('searches people by name, organization and role, with the roles the viewer may see', async () => {
      const sec = await t.as('secB1');
      const byOrg = await sec.get(`/api/people?q=${encodeURIComponent('第一党支部')}`);
      expect(byOrg.status).toBe(200);
      const names = byOrg.body.items.map((p: { name: string }) => p.name).sort();
      expect(names).toEqual(['测试-author', '测试-leaderB1', '测试-memberB1', '测试-secB1']);
      const leader = byOrg.body.items.find((p: { name: string }) => p.name === '测试-leaderB1');
      expect(leader.memberships).toEqual([{ orgId: t.world.org.b1, orgName: '第一党支部', role: 'leader' }]);
      expect(
        (await sec.get(`/api/people?q=${encodeURIComponent('memberB')}`)).body.items.map((p: any) => p.name),
      ).toEqual(['测试-memberB1', '测试-memberB2']);
      // The b1 secretary does not see who reviews at the county (membership.list): no match by that role.
      expect((await sec.get('/api/people?role=reviewer')).body.items).toEqual([]);
      const admin = await t.as('sysadmin');
      const reviewers = await admin.get('/api/people?role=reviewer');
      expect(reviewers.body.items.map((p: { name: string }) => p.name).sort()).toEqual([
        '测试-reviewerCounty',
        '测试-reviewerParty',
      ]);
      expect(
        (await admin.get(`/api/people?orgId=${t.world.org.b2}&role=member`)).body.items.map((p: any) => p.name),
      ).toEqual(['测试-memberB2']);
      const bad = await admin.get('/api/people?role=boss');
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/角色只能是/);
      expect((await (await t.as('memberB1')).get('/api/people?q=x')).status).toBe(403);
    });

    it('gives the secretary and the superior reviewers the meeting 查重 overview, and nobody else', async () => {
      for (const who of ['secB1', 'reviewerParty', 'reviewerCounty'] as const) {
        const r = await (await t.as(who)).get(`/api/meetings/${t.world.meeting2}/similarity`);
        expect(r.status, who).toBe(200);
        const rows = r.body.materials;
        expect(rows.map((m: { id: string }) => m.id).sort()).toEqual([ids.author, ids.leaderB1, ids.memberB1].sort());
        const copy = rows.find((m: { id: string }) => m.id === ids.leaderB1);
        expect(rows[0].id).toBe(ids.leaderB1); // most copied first
        expect(copy.copyRatio).toBeGreaterThan(0.2);
        expect(copy.authorName).toBe('测试-leaderB1');
        expect(typeof copy.stockRatio).toBe('number');
        expect(copy.sources[0]).toMatchObject({ index: 0, readable: true, label: '库内材料' });
        expect(copy.sources[0].title).toBe('2023年第二批主题教育专题民主生活会剖析发言材料');
        expect(rows.find((m: { id: string }) => m.id === ids.author).copyRatio).toBe(0);
      }
      // Members of the branch (also the copier and the author) may see the meeting, not the overview.
      for (const who of ['memberB1', 'leaderB1', 'author'] as const) {
        const r = await (await t.as(who)).get(`/api/meetings/${t.world.meeting2}/similarity`);
        expect(r.status, who).toBe(403);
        expect(r.body.code).toBe('E_FORBIDDEN');
      }
      expect((await (await t.as('memberB2')).get(`/api/meetings/${t.world.meeting2}/similarity`)).status).toBe(404);
    });

    it('shows a source side by side, with its text only for whoever may read it', async () => {
      const secC = await t.as('secB1');
      const source: string = (await secC.get(`/api/materials/${ids.memberB1}`)).body.model.text; // as cleaned
      const sec = await secC.get(`/api/materials/${ids.leaderB1}/similarity/matches/0`);
      expect(sec.status).toBe(200);
      expect(sec.body.source).toMatchObject({ readable: true, label: '库内材料' });
      expect(sec.body.source.title).toBe('2023年第二批主题教育专题民主生活会剖析发言材料');
      expect(sec.body.passages.length).toBeGreaterThan(0);
      const p = sec.body.passages.sort((a: any, b: any) => b.left.text.length - a.left.text.length)[0];
      expect(p.right.text.length).toBeGreaterThan(50);
      expect(source).toContain(p.right.text); // the source's own words
      const [s, e] = p.left.same[0];
      expect(e - s).toBeGreaterThanOrEqual(4);
      expect(p.right.text).toContain(p.left.text.slice(s, e)); // a highlighted run is in both
      // The copier may not read his colleague's material: the passages in his own text, the source by label.
      const own = await (await t.as('leaderB1')).get(`/api/materials/${ids.leaderB1}/similarity/matches/0`);
      expect(own.status).toBe(200);
      expect(own.body.source).toMatchObject({ readable: false, title: null, label: '库内材料' });
      expect(own.body.passages.every((x: any) => x.right === null)).toBe(true);
      expect(JSON.stringify(own.body)).not.toContain(t.world.person.memberB1);
      expect(JSON.stringify(own.body)).not.toContain(ids.memberB1);
      // Others may not open it at all; an index past the sources is a clear 404.
      expect((await (await t.as('memberB1')).get(`/api/materials/${ids.leaderB1}/similarity/matches/0`)).status).toBe(
        404,
      );
      const none = await (await t.as('secB1')).get(`/api/materials/${ids.leaderB1}/similarity/matches/40`);
      expect(none.status).toBe(404);
      expect(none.body.message).toMatch(/没有这一来源/);
    });
  });
