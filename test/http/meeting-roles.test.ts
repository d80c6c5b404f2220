/**
 * Roles in a meeting, over HTTP: who writes an own material (书记, 班子成员/支委, 党员 — not the
 * 督导组, the 记录人 or 列席人员), and the names each viewer sees without the people directory:
 * a member and the 督导组 read the names of their meeting's people and of those who acted on a
 * material they may read, and nobody else's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

describe('meeting roles and the names a viewer may see', () => {
  let t: TestApp;
  let meeting3 = '';
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const p = t.world.person;
    const sec = await t.as('secB1');
    const r = await sec.post('/api/meetings', {
      orgId: t.world.org.b1,
      kind: '组织生活会',
      year: 2025,
      theme: '角色测试会议',
      participants: [
        { personId: p.secB1, role: 'secretary' },
        { personId: p.memberB1, role: 'member' },
        { personId: p.leaderB1, role: 'recorder' },
        { personId: p.reviewerParty, role: 'supervisor' },
        { personId: p.author, role: 'attendee' },
      ],
    });
    expect(r.status).toBe(201);
    meeting3 = r.body.id;
  });
  afterAll(async () => t?.close());

  it('only the people under examination may create an own material; the 督导组, 记录人 and 列席 may not', async () => {
    const text = '检视剖析材料\n一、存在的问题\n（一）理论学习方面。学习不深入。';
    for (const who of ['reviewerParty', 'leaderB1', 'author'] as const) {
      const r = await (await t.as(who)).post('/api/materials', { meetingId: meeting3, kind: 'member', text });
      expect(r.status, who).toBe(403);
    }
    const ok = await (await t.as('memberB1')).post('/api/materials', { meetingId: meeting3, kind: 'member', text });
    expect(ok.status).toBe(201);
  });

  it('a member and the 督导组 see the names of their meeting’s people, not the people directory', async () => {
    const p = t.world.person;
    for (const who of ['memberB1', 'reviewerCounty'] as const) {
      const c = await t.as(who);
      expect((await c.get('/api/people')).status, who).toBe(403);
      const m = await c.get(`/api/meetings/${t.world.meeting}`);
      expect(m.status, who).toBe(200);
      const names = Object.fromEntries(
        (m.body.participants as { personId: string; name: string }[]).map((x) => [x.personId, x.name]),
      );
      expect(names, who).toEqual({
        [p.secB1]: '测试-secB1',
        [p.author]: '测试-author',
        [p.memberB1]: '测试-memberB1',
        [p.leaderB1]: '测试-leaderB1',
      });
      // Nobody outside the meeting is named in the answer.
      for (const outside of ['memberB2', 'secB2', 'outsider', 'orgAdmin'])
        expect(JSON.stringify(m.body), who).not.toContain(`测试-${outside}`);
    }
  });

  it('the workflow history names who submitted and who returned, for whoever may read the material', async () => {
    const author = await t.as('author');
    expect((await author.post(`/api/materials/${t.world.material}/submit`, {})).status).toBe(200);
    const rev = await t.as('reviewerCounty');
    expect(
      (
        await rev.post(`/api/materials/${t.world.material}/return`, {
          comments: [{ part: 'problems', item: 0, body: '请补充具体事例' }],
        })
      ).status,
    ).toBe(200);
    for (const who of ['author', 'reviewerCounty', 'secB1'] as const) {
      const ev = await (await t.as(who)).get(`/api/materials/${t.world.material}/events`);
      expect(ev.status, who).toBe(200);
      expect(
        (ev.body.items as { action: string; actorName: string }[]).map((e) => [e.action, e.actorName]),
        who,
      ).toEqual([
        ['submit', '测试-author'],
        ['return', '测试-reviewerCounty'],
      ]);
    }
    // Someone who may not read the material learns nothing, names included.
    const stranger = await (await t.as('memberB2')).get(`/api/materials/${t.world.material}/events`);
    expect([403, 404]).toContain(stranger.status);
    expect(JSON.stringify(stranger.body)).not.toContain('测试-');
  });

  it('a member of another branch cannot read the meeting, nor its people’s names', async () => {
    const r = await (await t.as('memberB2')).get(`/api/meetings/${t.world.meeting}`);
    expect(r.status).toBe(404);
    expect(JSON.stringify(r.body)).not.toContain('测试-');
  });
});
