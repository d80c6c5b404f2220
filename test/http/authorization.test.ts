/**
 * The authorization test, generated from the one table (core/auth/policy.ts): for every route case
 * and every persona of the test world, the expected outcome is computed with `can()` from the
 * persona's real memberships and the target's real place in the tree. Every allowed case must
 * succeed; every other must get 403 or 404 and leave the database exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, RULES, type Action, type Target } from '../../src/core/auth/policy.js';
import { materialWriters } from '../../src/core/meeting/participants.js';
import { loadActor } from '../../src/server/domain/context.js';
import {
  PERSONAS,
  snapshot,
  startTestApp,
  worldFactory,
  type Client,
  type Persona,
  type Res,
  type TestApp,
  type World,
} from './harness.js';

interface Case {
  name: string;
  action: Action;
  /** Whether success changes the database (then it runs on a fresh world). */
  mutates: boolean;
  target(t: TestApp): Promise<Target>;
  run(c: Client, w: World): Promise<Res>;
}

const orgTarget =
  (key: keyof World['org']) =>
  async (t: TestApp): Promise<Target> => ({ orgPath: (await t.repos.orgs.get(t.world.org[key]))!.path });
const materialTarget =
  (key: 'material' | 'leadership') =>
  async (t: TestApp): Promise<Target> => {
    const m = (await t.repos.materials.get(t.world[key]))!;
    return { orgPath: (await t.repos.orgs.get(m.orgId))!.path, authorId: m.authorId, kind: m.kind };
  };
const meetingTarget =
  (key: 'meeting' | 'meeting2') =>
  async (t: TestApp): Promise<Target> => {
    const m = (await t.repos.meetings.get(t.world[key]))!;
    return {
      orgPath: (await t.repos.orgs.get(m.orgId))!.path,
      participantIds: m.participants.map((p) => p.personId),
      writerIds: materialWriters(m.participants).map((p) => p.personId),
    };
  };
const global = async (): Promise<Target> => ({});
const TEXT =
  '检视剖析材料\n一、存在的问题\n（一）理论学习方面。学习不深入，比如2023年只读了两本书。\n二、原因剖析\n（一）理想信念有所淡化。\n三、整改措施\n（一）加强学习。2024年3月底前读完三本书。';

const CASES: Case[] = [
  { name: 'GET /orgs', action: 'org.list', mutates: false, target: global, run: (c) => c.get('/api/orgs') },
  {
    name: 'POST /orgs (under b1)',
    action: 'org.create',
    mutates: true,
    target: orgTarget('b1'),
    run: (c, w) => c.post('/api/orgs', { name: '党小组', kind: '党小组', parentId: w.org.b1 }),
  },
  {
    name: 'POST /orgs (root)',
    action: 'org.create',
    mutates: true,
    target: global,
    run: (c) => c.post('/api/orgs', { name: '新党委', kind: '党委' }),
  },
  {
    name: 'PATCH /orgs/b1',
    action: 'org.update',
    mutates: true,
    target: orgTarget('b1'),
    run: (c, w) => c.patch(`/api/orgs/${w.org.b1}`, { name: '第一党支部（改）' }),
  },
  { name: 'GET /people', action: 'person.list', mutates: false, target: global, run: (c) => c.get('/api/people') },
  {
    name: 'POST /people',
    action: 'person.create',
    mutates: true,
    target: global,
    run: (c) => c.post('/api/people', { name: '新人', username: 'newcomer', password: 'initial-pass-1' }),
  },
  {
    name: 'PATCH /people/outsider',
    action: 'person.update',
    mutates: true,
    target: global,
    run: (c, w) => c.patch(`/api/people/${w.person.outsider}`, { title: '干部' }),
  },
  {
    name: 'POST /people/outsider/invitation (reset by link)',
    action: 'person.update',
    mutates: true,
    target: global,
    run: (c, w) => c.post(`/api/people/${w.person.outsider}/invitation`),
  },
  {
    name: 'GET /orgs/b1/memberships',
    action: 'membership.list',
    mutates: false,
    target: orgTarget('b1'),
    run: (c, w) => c.get(`/api/orgs/${w.org.b1}/memberships`),
  },
  {
    name: 'POST /orgs/b1/memberships',
    action: 'membership.manage',
    mutates: true,
    target: orgTarget('b1'),
    run: (c, w) => c.post(`/api/orgs/${w.org.b1}/memberships`, { personId: w.person.outsider, role: 'member' }),
  },
  {
    name: 'GET /frameworks',
    action: 'framework.list',
    mutates: false,
    target: global,
    run: (c) => c.get('/api/frameworks'),
  },
  {
    name: 'POST /frameworks (b1)',
    action: 'framework.create',
    mutates: true,
    target: orgTarget('b1'),
    run: (c, w) =>
      c.post('/api/frameworks', {
        orgId: w.org.b1,
        id: 'b1-2024',
        name: '支部自定义',
        aspects: [{ name: '理论学习' }],
      }),
  },
  { name: 'GET /meetings', action: 'meeting.list', mutates: false, target: global, run: (c) => c.get('/api/meetings') },
  {
    name: 'GET /meetings/board',
    action: 'meeting.list',
    mutates: false,
    target: global,
    run: (c) => c.get('/api/meetings/board'),
  },
  {
    // The 查重 overview reads every material of the organization: the secretary's and reviewers' relation.
    name: 'GET /meetings/:id/similarity',
    action: 'material.read',
    mutates: false,
    target: orgTarget('b1'),
    run: (c, w) => c.get(`/api/meetings/${w.meeting}/similarity`),
  },
  {
    name: 'POST /meetings (b1)',
    action: 'meeting.create',
    mutates: true,
    target: orgTarget('b1'),
    run: (c, w) => c.post('/api/meetings', { orgId: w.org.b1, kind: '组织生活会', year: 2025, theme: '新会议' }),
  },
  {
    name: 'GET /meetings/:id',
    action: 'meeting.read',
    mutates: false,
    target: meetingTarget('meeting'),
    run: (c, w) => c.get(`/api/meetings/${w.meeting}`),
  },
  {
    name: 'PATCH /meetings/:id',
    action: 'meeting.update',
    mutates: true,
    target: meetingTarget('meeting'),
    run: (c, w) => c.patch(`/api/meetings/${w.meeting}`, { theme: '改过的主题' }),
  },
  {
    name: 'POST /materials (leadership)',
    action: 'material.create.leadership',
    mutates: true,
    target: meetingTarget('meeting2'),
    run: (c, w) => c.post('/api/materials', { meetingId: w.meeting2, kind: 'leadership', text: TEXT }),
  },
  {
    name: 'POST /materials (own)',
    action: 'material.create.own',
    mutates: true,
    target: meetingTarget('meeting2'),
    run: (c, w) => c.post('/api/materials', { meetingId: w.meeting2, kind: 'personal', text: TEXT }),
  },
  {
    name: 'GET /materials/:id',
    action: 'material.read',
    mutates: false,
    target: materialTarget('material'),
    run: (c, w) => c.get(`/api/materials/${w.material}`),
  },
  {
    name: 'GET /materials/:id/versions',
    action: 'material.read',
    mutates: false,
    target: materialTarget('material'),
    run: (c, w) => c.get(`/api/materials/${w.material}/versions`),
  },
  {
    name: 'GET /materials/:id/export',
    action: 'material.read',
    mutates: false,
    target: materialTarget('material'),
    run: (c, w) => c.get(`/api/materials/${w.material}/export?format=md`),
  },
  {
    name: 'GET /materials/:leadership',
    action: 'material.read',
    mutates: false,
    target: materialTarget('leadership'),
    run: (c, w) => c.get(`/api/materials/${w.leadership}`),
  },
  {
    name: 'PUT /materials/:id',
    action: 'material.edit',
    mutates: true,
    target: materialTarget('material'),
    run: (c, w) => c.put(`/api/materials/${w.material}`, { baseVersion: 1, text: TEXT }),
  },
  {
    name: 'PUT /materials/:leadership',
    action: 'material.edit',
    mutates: true,
    target: materialTarget('leadership'),
    run: (c, w) => c.put(`/api/materials/${w.leadership}`, { baseVersion: 1, text: TEXT }),
  },
  {
    name: 'POST /materials/:id/submit',
    action: 'material.submit',
    mutates: true,
    target: materialTarget('material'),
    run: (c, w) => c.post(`/api/materials/${w.material}/submit`, {}),
  },
  {
    name: 'POST /materials/:id/comments',
    action: 'material.review',
    mutates: true,
    target: materialTarget('material'),
    run: (c, w) =>
      c.post(`/api/materials/${w.material}/comments`, { part: 'problems', item: 0, body: '请补充具体事例' }),
  },
  {
    name: 'POST /materials/:leadership/comments',
    action: 'material.review',
    mutates: true,
    target: materialTarget('leadership'),
    run: (c, w) => c.post(`/api/materials/${w.leadership}/comments`, { part: 'general', body: '请修改' }),
  },
  { name: 'GET /audit', action: 'audit.read', mutates: false, target: global, run: (c) => c.get('/api/audit') },
];

describe('authorization, generated from the table', () => {
  let shared: TestApp;
  beforeAll(async () => {
    shared = await startTestApp('sqlite');
  });
  afterAll(async () => shared?.close());

  it('has a route case for every action of the table', () => {
    for (const rule of RULES) expect(CASES.some((c) => c.action === rule.action)).toBe(true);
  });

  let allowedMutations: { c: Case; p: Persona }[] = [];
  it('denies every case the table does not allow, changing nothing (403 or 404)', async () => {
    let denied = 0;
    const failures: string[] = [];
    const base = await snapshot(shared.store);
    for (const c of CASES) {
      const target = await c.target(shared);
      for (const p of PERSONAS) {
        const actor = (await loadActor(shared.repos, shared.world.person[p]))!;
        if (can(actor, c.action, target)) {
          if (c.mutates) allowedMutations.push({ c, p });
          else {
            const r = await c.run(await shared.as(p), shared.world);
            if (r.status !== 200) failures.push(`${p} ${c.name}: expected 200, got ${r.status} ${r.body?.code}`);
          }
          continue;
        }
        const r = await c.run(await shared.as(p), shared.world);
        if (r.status !== 403 && r.status !== 404)
          failures.push(`${p} ${c.name}: expected 403/404, got ${r.status} ${r.body?.code}`);
        else if (!['E_FORBIDDEN', 'E_NOT_FOUND'].includes(r.body.code))
          failures.push(`${p} ${c.name}: code ${r.body.code}`);
        if ((await snapshot(shared.store)) !== base) failures.push(`${p} ${c.name}: the database changed`);
        denied++;
      }
    }
    expect(failures).toEqual([]);
    expect(denied).toBeGreaterThan(150);
  });

  it('lets every allowed mutation succeed (each on a fresh world)', async () => {
    expect(allowedMutations.length).toBeGreaterThan(20);
    const failures: string[] = [];
    const worlds = await worldFactory();
    for (const { c, p } of allowedMutations) {
      const t = await worlds.fresh();
      try {
        const before = await snapshot(t.store);
        const r = await c.run(await t.as(p), t.world);
        if (r.status < 200 || r.status > 299)
          failures.push(`${p} ${c.name}: expected 2xx, got ${r.status} ${r.body?.code} ${r.body?.message}`);
        else if ((await snapshot(t.store)) === before) failures.push(`${p} ${c.name}: nothing changed`);
        const audit = await t.repos.audit.list();
        if (!audit.some((e) => e.actorId === t.world.person[p])) failures.push(`${p} ${c.name}: no audit entry`);
      } finally {
        await t.close();
      }
    }
    await worlds.dispose();
    expect(failures).toEqual([]);
  }, 120_000);

  it('lists exactly the materials each persona may read', async () => {
    const all = await shared.repos.materials.list({}, { all: true });
    for (const p of PERSONAS) {
      const actor = (await loadActor(shared.repos, shared.world.person[p]))!;
      const expected: string[] = [];
      for (const m of all)
        if (
          can(actor, 'material.read', {
            orgPath: (await shared.repos.orgs.get(m.orgId))!.path,
            authorId: m.authorId,
            kind: m.kind,
          })
        )
          expected.push(m.id);
      const got = (await (await shared.as(p)).get('/api/materials')).body.items.map((m: { id: string }) => m.id);
      expect(got.sort(), p).toEqual(expected.sort());
    }
  });

  it('answers 401 to every case without a session', async () => {
    for (const c of CASES) {
      const r = await c.run(shared.anon(), shared.world);
      expect([c.name, r.status, r.body.code]).toEqual([c.name, 401, 'E_UNAUTHENTICATED']);
    }
  });
});
