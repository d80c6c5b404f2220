/**
 * The repository contract: the same suite against SQLite (always) and PostgreSQL (when
 * TEST_DATABASE_URL is set, as in CI). Whatever passes here behaves the same on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestStore, testDialects, type TestStore } from './testing.js';
import { createRepositories, type Repositories } from './repositories/index.js';
import { migrateDown, migrateToLatest } from './db.js';
import { digestOf } from './digest.js';

for (const dialect of testDialects()) {
  describe(`repositories on ${dialect}`, () => {
    let store: TestStore;
    let r: Repositories;
    let ids: { root: string; b1: string; b2: string; sec: string; mem: string; rev: string; meeting: string };

    beforeAll(async () => {
      store = await openTestStore(dialect);
      r = createRepositories(store);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('migrates down and up again', async () => {
      await migrateDown(store.db);
      await migrateToLatest(store.db);
      expect(await r.people.count()).toBe(0);
    });

    it('keeps an organization tree of any depth', async () => {
      const root = await r.orgs.create({ name: '某某党委', kind: '党委' });
      const mid = await r.orgs.create({ name: '机关党总支', kind: '党总支', parentId: root.id });
      const b1 = await r.orgs.create({ name: '第一党支部', kind: '党支部', parentId: mid.id });
      const b2 = await r.orgs.create({ name: '第二党支部', kind: '党支部', parentId: root.id });
      expect(b1.path).toBe(`/${root.id}/${mid.id}/${b1.id}/`);
      const sub = await r.orgs.subtree(root.id);
      expect(sub.map((o) => o.id).sort()).toEqual([root.id, mid.id, b1.id, b2.id].sort());
      expect((await r.orgs.subtree(mid.id)).map((o) => o.id).sort()).toEqual([mid.id, b1.id].sort());
      await expect(r.orgs.create({ name: 'x', kind: '党支部', parentId: 'nope' })).rejects.toMatchObject({
        code: 'E_NOT_FOUND',
      });
      const renamed = await r.orgs.update(b2.id, { name: '第二党支部（机关）' });
      expect(renamed?.name).toBe('第二党支部（机关）');
      ids = { root: root.id, b1: b1.id, b2: b2.id, sec: '', mem: '', rev: '', meeting: '' };
    });

    it('stores people, unique usernames, memberships with several roles', async () => {
      const sec = await r.people.create({ name: '张书记', username: 'zhang', passwordHash: 'h1' });
      const mem = await r.people.create({ name: '李党员', username: 'li', passwordHash: 'h2' });
      const rev = await r.people.create({ name: '王督导', username: 'wang', passwordHash: 'h3', isAdmin: false });
      await r.people.create({ name: '无账号人员' });
      await r.people.create({ name: '另一位无账号人员' });
      await expect(r.people.create({ name: '重名', username: 'zhang' })).rejects.toMatchObject({ code: 'E_CONFLICT' });
      expect((await r.people.getByUsername('zhang'))?.passwordHash).toBe('h1');
      expect(await r.people.get(sec.id)).not.toHaveProperty('passwordHash');
      expect(await r.people.count()).toBe(5);
      await r.memberships.add({ personId: sec.id, orgId: ids.b1, role: 'secretary' });
      await r.memberships.add({ personId: sec.id, orgId: ids.b1, role: 'member' });
      await r.memberships.add({ personId: mem.id, orgId: ids.b1, role: 'member' });
      await r.memberships.add({ personId: rev.id, orgId: ids.root, role: 'reviewer' });
      await expect(r.memberships.add({ personId: mem.id, orgId: ids.b1, role: 'member' })).rejects.toMatchObject({
        code: 'E_CONFLICT',
      });
      const ms = await r.memberships.forPerson(sec.id);
      expect(ms.map((m) => m.role).sort()).toEqual(['member', 'secretary']);
      expect(ms[0].orgPath).toContain(ids.b1);
      expect((await r.memberships.forOrg(ids.b1)).length).toBe(3);
      const u = await r.people.update(mem.id, { disabled: true, title: '干事' });
      expect(u).toMatchObject({ disabled: true, title: '干事' });
      await r.people.update(mem.id, { disabled: false });
      Object.assign(ids, { sec: sec.id, mem: mem.id, rev: rev.id });
    });

    it('stores sessions by token hash with expiry', async () => {
      const future = new Date(Date.now() + 60_000).toISOString();
      const s = await r.sessions.create({ personId: ids.mem, tokenHash: 'th-1', expiresAt: future });
      expect((await r.sessions.findValid('th-1'))?.personId).toBe(ids.mem);
      expect(await r.sessions.findValid('th-unknown')).toBeNull();
      await r.sessions.create({
        personId: ids.mem,
        tokenHash: 'th-old',
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      });
      expect(await r.sessions.findValid('th-old')).toBeNull();
      expect(await r.sessions.deleteExpired()).toBe(1);
      await r.sessions.create({ personId: ids.mem, tokenHash: 'th-2', expiresAt: future });
      await r.sessions.deleteForPerson(ids.mem, s.id);
      expect(await r.sessions.findValid('th-2')).toBeNull();
      expect(await r.sessions.findValid('th-1')).not.toBeNull();
    });

    it('counts login attempts atomically before any check, with growing delays, and forgets a series on success', async () => {
      const rule = {
        key: 'p:li|1',
        free: 5,
        baseDelayMs: 1000,
        maxDelayMs: 8000,
        windowMs: 60_000,
        onSuccess: 'series' as const,
      };
      const acct = {
        key: 'u:li',
        free: 100,
        baseDelayMs: 1000,
        maxDelayMs: 8000,
        windowMs: 60_000,
        onSuccess: 'own' as const,
      };
      // 40 attempts at once: exactly `free` get through; the rest are refused without being counted.
      const results = await Promise.all(Array.from({ length: 40 }, () => r.throttle.attempt([rule, acct])));
      const allowed = results.filter((x) => x.allowed);
      expect(allowed).toHaveLength(5);
      expect(allowed.map((x) => (x.allowed ? x.counts[0] : 0)).sort()).toEqual([1, 2, 3, 4, 5]);
      const refused = results.find((x) => !x.allowed);
      expect(refused).toMatchObject({ allowed: false, key: 'p:li|1' });
      expect(refused!.allowed === false && refused!.retryAfterMs).toBeGreaterThan(0);
      expect((await r.throttle.get('u:li'))?.failures).toBe(5);
      // After the delay one more attempt, which doubles it; the delay never exceeds the cap.
      const later = new Date(Date.now() + 1500);
      const sixth = await r.throttle.attempt([rule, acct], later);
      expect(sixth).toEqual({ allowed: true, counts: [6, 6] });
      expect(Date.parse((await r.throttle.get('p:li|1'))!.lockedUntil!) - later.getTime()).toBe(2000);
      expect((await r.throttle.attempt([rule, acct], new Date(later.getTime() + 1000))).allowed).toBe(false);
      // A success forgets the pair's series (and its delay) but takes back only its own attempt from the account.
      await r.throttle.succeeded([rule, acct], [6, 6]);
      expect(await r.throttle.get('p:li|1')).toMatchObject({ failures: 0, lockedUntil: null });
      expect((await r.throttle.get('u:li'))?.failures).toBe(5);
      // A parallel reset or purge never makes an attempt fail (the upsert always finds its row).
      const mixed = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2 ? r.throttle.reset('p:x|2') : r.throttle.attempt([{ ...rule, key: 'p:x|2', free: 100 }]),
        ),
      );
      expect(mixed.filter((x) => x && typeof x === 'object' && 'allowed' in x && x.allowed)).toHaveLength(10);
      await r.throttle.reset('u:li');
      expect(await r.throttle.get('u:li')).toBeNull();
      await r.throttle.attempt([{ ...rule, key: 'ip:1' }], new Date(Date.now() - 2 * 86400_000));
      await r.throttle.attempt([{ ...rule, key: 'ip:2' }]);
      expect(await r.throttle.purge(new Date(Date.now() - 86400_000).toISOString())).toBe(1);
      expect(await r.throttle.get('ip:2')).not.toBeNull();
    });

    it('stores meetings with stages and participants', async () => {
      const m = await r.meetings.create({
        orgId: ids.b1,
        kind: '组织生活会',
        year: 2023,
        theme: '主题教育专题组织生活会',
        frameworkId: '2023-theme-education',
        stages: [{ stage: 'materials', startOn: '2023-12-01', dueOn: '2023-12-20', doneAt: null }],
        participants: [
          { personId: ids.sec, role: 'secretary' },
          { personId: ids.mem, role: 'member' },
        ],
        createdBy: ids.sec,
      });
      expect(m.stages).toEqual([{ stage: 'materials', startOn: '2023-12-01', dueOn: '2023-12-20', doneAt: null }]);
      expect(m.participants.length).toBe(2);
      expect(await r.meetings.participantRole(m.id, ids.mem)).toBe('member');
      expect((await r.meetings.list({ orgIds: [ids.b1] })).map((x) => x.id)).toEqual([m.id]);
      expect((await r.meetings.list({ participantId: ids.mem })).map((x) => x.id)).toEqual([m.id]);
      expect(await r.meetings.list({ orgIds: [ids.b2] })).toEqual([]);
      const u = await r.meetings.update(m.id, {
        theme: '新主题',
        participants: [{ personId: ids.mem, role: 'member' }],
      });
      expect(u?.theme).toBe('新主题');
      expect(u?.participants).toEqual([{ personId: ids.mem, role: 'member' }]);
      await r.meetings.setParticipants(m.id, [
        { personId: ids.sec, role: 'secretary' },
        { personId: ids.mem, role: 'member' },
      ]);
      ids.meeting = m.id;
    });

    it('stores custom frameworks', async () => {
      const fw = {
        id: 'org-2025',
        name: '本单位2025年度',
        year: 2025,
        source: '自定义',
        aspects: [{ id: '学习', name: '学习', aliases: ['学习'] }],
      };
      await r.frameworks.create(fw, ids.root, ids.sec);
      expect((await r.frameworks.get('org-2025'))?.framework).toEqual(fw);
      await expect(r.frameworks.create(fw, ids.root, ids.sec)).rejects.toMatchObject({ code: 'E_CONFLICT' });
      expect((await r.frameworks.list()).length).toBe(1);
    });

    it('versions materials with compare-and-set saves and scoped listing', async () => {
      const c1 = { title: '检视剖析材料', text: '正文一' };
      const m = await r.materials.create({
        meetingId: ids.meeting,
        orgId: ids.b1,
        kind: 'member',
        authorId: ids.mem,
        title: c1.title,
        content: c1,
        digest: digestOf(c1)!,
      });
      expect(m).toMatchObject({ status: 'draft', version: 1 });
      await expect(
        r.materials.create({
          meetingId: ids.meeting,
          orgId: ids.b1,
          kind: 'member',
          authorId: ids.mem,
          title: 'x',
          content: {},
          digest: 'd',
        }),
      ).rejects.toMatchObject({ code: 'E_CONFLICT' });
      const c2 = { title: '检视剖析材料（修改）', text: '正文二：中文内容' };
      const saved = await r.materials.saveVersion(m.id, {
        baseVersion: 1,
        expectStatus: ['draft'],
        content: c2,
        digest: digestOf(c2)!,
        title: c2.title,
        authorId: ids.mem,
      });
      expect(saved).toMatchObject({ version: 2, title: c2.title, content: c2 });
      // A stale save loses and changes nothing.
      await expect(
        r.materials.saveVersion(m.id, {
          baseVersion: 1,
          expectStatus: ['draft'],
          content: c1,
          digest: 'x',
          title: 'x',
          authorId: ids.mem,
        }),
      ).rejects.toMatchObject({ code: 'E_CONFLICT' });
      expect((await r.materials.get(m.id))?.version).toBe(2);
      expect((await r.materials.versions(m.id)).map((v) => v.version)).toEqual([1, 2]);
      expect((await r.materials.version(m.id, 1))?.content).toEqual(c1);
      // Concurrent saves on the same base: exactly one wins.
      const outcomes = await Promise.allSettled(
        [3, 4, 5].map((n) =>
          r.materials.saveVersion(m.id, {
            baseVersion: 2,
            expectStatus: ['draft'],
            content: { n },
            digest: String(n),
            title: 't',
            authorId: ids.mem,
          }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBe(1);
      expect((await r.materials.versions(m.id)).length).toBe(3);

      await r.materials.setStatus(m.id, 'draft', 'submitted', { submittedAt: new Date().toISOString() });
      await expect(r.materials.setStatus(m.id, 'draft', 'submitted')).rejects.toMatchObject({ code: 'E_CONFLICT' });
      await expect(
        r.materials.saveVersion(m.id, {
          baseVersion: 3,
          expectStatus: ['draft', 'returned'],
          content: {},
          digest: 'x',
          title: 'x',
          authorId: ids.mem,
        }),
      ).rejects.toMatchObject({ code: 'E_CONFLICT' });

      const lead = await r.materials.create({
        meetingId: ids.meeting,
        orgId: ids.b1,
        kind: 'leadership',
        authorId: ids.sec,
        title: '班子对照检查材料',
        content: {},
        digest: 'd',
      });
      const list = (scope: Parameters<Repositories['materials']['list']>[1], f = {}) =>
        r.materials.list(f, scope).then((xs) => xs.map((x) => x.id).sort());
      expect(await list({ authorId: ids.mem })).toEqual([m.id]);
      expect(await list({ orgIds: [ids.b1] })).toEqual([m.id, lead.id].sort());
      expect(await list({ leadershipOrgIds: [ids.b1] })).toEqual([lead.id]);
      const root = await r.orgs.get(ids.root);
      expect(await list({ descendantOfPaths: [root!.path] })).toEqual([m.id, lead.id].sort());
      const b1 = await r.orgs.get(ids.b1);
      expect(await list({ descendantOfPaths: [b1!.path] })).toEqual([]);
      expect(await list({})).toEqual([]);
      expect(await list({ all: true }, { status: 'submitted' })).toEqual([m.id]);
      expect(await list({ all: true }, { kind: 'leadership', meetingId: ids.meeting })).toEqual([lead.id]);
      expect(await r.materials.count()).toBe(2);
    });

    it('keeps original files, comments and workflow events', async () => {
      const [m] = await r.materials.list({ kind: 'member' }, { all: true });
      const bytes = new Uint8Array([0, 1, 2, 255, 0x50, 0x4b]);
      const f = await r.materials.addFile({
        materialId: m.id,
        fileName: '材料.docx',
        mime: 'application/octet-stream',
        bytes,
        sha256: 'abc',
        uploadedBy: ids.mem,
      });
      const back = await r.materials.getFile(f.id);
      expect(Array.from(back!.bytes)).toEqual(Array.from(bytes));
      expect(back!.fileName).toBe('材料.docx');
      const c = await r.materials.addComment({
        materialId: m.id,
        version: 3,
        authorId: ids.rev,
        part: 'problems',
        item: 0,
        start: 10,
        end: 20,
        quote: '引用',
        body: '请补充具体事例',
      });
      expect(await r.materials.comments(m.id)).toEqual([c]);
      await r.materials.addEvent({
        materialId: m.id,
        action: 'submit',
        fromStatus: 'draft',
        toStatus: 'submitted',
        actorId: ids.mem,
        version: 3,
        note: null,
      });
      expect((await r.materials.events(m.id)).map((e) => e.action)).toEqual(['submit']);
    });

    it('rolls a transaction back as a whole', async () => {
      const before = await r.people.count();
      await expect(
        r.transaction(async (tx) => {
          await tx.people.create({ name: '事务中' });
          await tx.audit.append({ actorId: null, action: 'test', entity: 'person' });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await r.people.count()).toBe(before);
      expect((await r.audit.list()).length).toBe(0);
    });

    it('chains the audit log, refuses edits and finds the first broken link', async () => {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          r.audit.append({
            actorId: ids.sec,
            action: 'test.write',
            entity: 'thing',
            entityId: String(i),
            before: null,
            after: { i },
          }),
        ),
      );
      await r.transaction(async (tx) => {
        await tx.audit.append({ actorId: ids.sec, action: 'test.tx', entity: 'thing', details: { n: 1 } });
      });
      const all = await r.audit.list();
      // seq: ids in order of time, distinct; each shard's chain counts 1, 2, 3, … on its own.
      expect(all).toHaveLength(9);
      expect(all.map((e) => e.seq)).toEqual([...new Set(all.map((e) => e.seq))].sort((a, b) => a - b));
      const byShard = new Map<number, number[]>();
      for (const e of all) byShard.set(e.shard!, [...(byShard.get(e.shard!) ?? []), e.shardSeq!]);
      for (const seqs of byShard.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(all[0].beforeDigest).toBeNull();
      expect(all[0].afterDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(await r.audit.verify()).toMatchObject({ ok: true, count: 9 });
      const victim = all[3].seq;
      await expect(
        sql`update audit_log set action = 'forged' where seq = ${victim}`.execute(store.db),
      ).rejects.toThrow();
      await expect(sql`delete from audit_log where seq = ${all[8].seq}`.execute(store.db)).rejects.toThrow();
      // Tamper as someone with raw database access would: drop the guard, edit an entry.
      if (dialect === 'postgres')
        await sql`alter table audit_log disable trigger audit_log_no_update`.execute(store.db);
      else await sql`drop trigger audit_log_no_update`.execute(store.db);
      await sql`update audit_log set action = 'forged' where seq = ${victim}`.execute(store.db);
      expect(await r.audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: victim } });
    });

    it('keeps shared settings with insert-if-absent', async () => {
      expect(await r.settings.getOrInit('k', 'v1')).toBe('v1');
      expect(await r.settings.getOrInit('k', 'v2')).toBe('v1');
      await r.settings.set('k', 'v3');
      expect(await r.settings.get('k')).toBe('v3');
    });

    // On PostgreSQL these lookups of concurrent requests share queries (batched.ts): each must still
    // get its own answer, and see every commit that finished before it asked.
    it('answers many concurrent session and material lookups, each its own, never older than the question', async () => {
      const future = new Date(Date.now() + 60_000).toISOString();
      const people = [ids.sec, ids.mem, ids.rev];
      const n = 40;
      const sessions = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          r.sessions.create({ personId: people[i % 3], tokenHash: `th-many-${i}`, expiresAt: future }),
        ),
      );
      await r.sessions.create({
        personId: ids.mem,
        tokenHash: 'th-many-expired',
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      });
      const asked = [
        ...sessions.map((_, i) => `th-many-${i}`),
        'th-many-expired',
        'th-many-unknown',
        'th-many-0',
        'th-many-0',
      ];
      const found = await Promise.all(asked.map((h) => r.sessions.findValidWithActor(h)));
      for (let i = 0; i < n; i++) {
        expect(found[i]?.session.id).toBe(sessions[i].id);
        expect(found[i]?.person.id).toBe(people[i % 3]);
      }
      expect(found[n]).toBeNull();
      expect(found[n + 1]).toBeNull();
      expect(found[n + 2]?.session.id).toBe(sessions[0].id);
      expect(found[n + 3]?.session.id).toBe(sessions[0].id);
      expect(
        found
          .find((f) => f?.person.id === ids.sec)
          ?.memberships.map((m) => m.role)
          .sort(),
      ).toEqual(['member', 'secretary']);
      expect(found.find((f) => f?.person.id === ids.rev)?.memberships).toEqual([
        { orgId: ids.root, orgPath: (await r.orgs.get(ids.root))!.path, role: 'reviewer' },
      ]);

      // A log-out while other lookups are under way: a lookup asked after it finds nothing.
      const busy = Promise.all(asked.map((h) => r.sessions.findValidWithActor(h)));
      await r.sessions.delete(sessions[5].id);
      expect(await r.sessions.findValidWithActor('th-many-5')).toBeNull();
      expect((await busy).filter(Boolean).length).toBeGreaterThanOrEqual(n + 1);

      // Material heads: many at once, a missing one, and a save seen by the read asked after it.
      const authors = await Promise.all(Array.from({ length: 12 }, (_, i) => r.people.create({ name: `作者${i}` })));
      const mats = await Promise.all(
        authors.map((a, i) =>
          r.materials.create({
            meetingId: ids.meeting,
            orgId: i % 2 ? ids.b1 : ids.b2,
            kind: 'member',
            authorId: a.id,
            title: `材料${i}`,
            content: { i },
            digest: `d${i}`,
          }),
        ),
      );
      const heads = await Promise.all([
        ...mats.map((m) => r.materials.getHead(m.id)),
        r.materials.getHead('no-such-material'),
      ]);
      mats.forEach((m, i) =>
        expect(heads[i]).toMatchObject({
          summary: { id: m.id, title: `材料${i}`, version: 1 },
          orgPath: expect.stringContaining(i % 2 ? ids.b1 : ids.b2),
        }),
      );
      expect(heads[12]).toBeNull();
      const reading = Promise.all(mats.map((m) => r.materials.getHead(m.id)));
      await r.materials.saveVersion(mats[3].id, {
        baseVersion: 1,
        expectStatus: ['draft'],
        content: { i: 3, v: 2 },
        digest: 'd3-2',
        title: '材料3（改）',
        authorId: authors[3].id,
      });
      expect((await r.materials.getHead(mats[3].id))?.summary).toMatchObject({ version: 2, title: '材料3（改）' });
      await reading;
    });
  });
}
