/** Prepared queries: compiled once per dialect, the same rows as the query built anew (SQLite and PostgreSQL). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestStore, testDialects, type TestStore } from './testing.js';
import { createRepositories, type Repositories } from './repositories/index.js';
import { changeFeedOf, prepared, readView } from './prepared.js';
import { openDatabase } from './db.js';

for (const dialect of testDialects()) {
  describe(`prepared queries on ${dialect}`, () => {
    let store: TestStore;
    let r: Repositories;
    beforeAll(async () => {
      store = await openTestStore(dialect);
      r = createRepositories(store);
    });
    afterAll(async () => store?.close());

    it('puts each argument in its place, call after call, inside and outside transactions', async () => {
      const a = await r.orgs.create({ name: '甲支部', kind: '党支部' });
      const b = await r.orgs.create({ name: '乙支部', kind: '党支部' });
      // Two arguments, one used twice, plus a constant of the query itself.
      const q = prepared((db, name: string, kind: string) =>
        db
          .selectFrom('organizations')
          .select(['id', 'name'])
          .where((eb) => eb.or([eb('name', '=', name), eb('name', '=', sql<string>`${name} || '-'`)]))
          .where('kind', '=', kind)
          .where('kind', '!=', '党委'),
      );
      expect((await q.all(store.db, '甲支部', '党支部')).map((x) => x.id)).toEqual([a.id]);
      expect((await q.all(store.db, '乙支部', '党支部')).map((x) => x.id)).toEqual([b.id]);
      expect(await q.first(store.db, '乙支部', '党总支')).toBeUndefined();
      const inTx = await r.transaction(async (tx) => q.first(tx.db, '甲支部', '党支部'));
      expect(inTx?.name).toBe('甲支部');
    });

    it('finds a live session with its person and memberships in one query, ordered by organization path; not an expired one', async () => {
      const root = await r.orgs.create({ name: '测试党委', kind: '党委' });
      const branch = await r.orgs.create({ name: '测试支部', kind: '党支部', parentId: root.id });
      const p = await r.people.create({ name: '两处任职', username: 'liangchu', passwordHash: 'x' });
      await r.memberships.add({ personId: p.id, orgId: branch.id, role: 'member' });
      await r.memberships.add({ personId: p.id, orgId: root.id, role: 'secretary' });
      await r.sessions.create({
        personId: p.id,
        tokenHash: 'h-actor',
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
      await r.sessions.create({
        personId: p.id,
        tokenHash: 'h-old',
        expiresAt: new Date(Date.now() - 60_000).toISOString(),
      });
      const found = (await r.sessions.findValidWithActor('h-actor'))!;
      expect(found.person).toEqual(await r.people.get(p.id));
      expect(found.person).not.toHaveProperty('passwordHash');
      expect(found.session.personId).toBe(p.id);
      expect(await r.sessions.findValidWithActor('h-old')).toBeNull();
      expect(found.memberships).toEqual(
        (await r.memberships.forPerson(p.id)).map((m) => ({ orgId: m.orgId, orgPath: m.orgPath, role: m.role })),
      );
      expect(found.memberships.map((m) => m.role)).toEqual(['secretary', 'member']);
      // A person without memberships: an empty list, not null.
      const q = await r.people.create({ name: '无组织', username: 'wuzuzhi', passwordHash: 'x' });
      await r.sessions.create({
        personId: q.id,
        tokenHash: 'h-alone',
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
      expect((await r.sessions.findValidWithActor('h-alone'))!.memberships).toEqual([]);
      expect(await r.sessions.findValidWithActor('h-none')).toBeNull();
    });

    it('answers a lookup at once while another request holds a write transaction open, with what is committed', async () => {
      const org = await r.orgs.create({ name: '丁支部', kind: '党支部' });
      let release!: () => void;
      const held = new Promise<void>((ok) => (release = ok));
      let entered!: () => void;
      const inside = new Promise<void>((ok) => (entered = ok));
      // A save in progress: renamed inside its transaction, not yet committed.
      const save = r.transaction(async (tx) => {
        await tx.db.updateTable('organizations').set({ name: '丁支部（改）' }).where('id', '=', org.id).execute();
        entered();
        await held;
      });
      await inside;
      let during: string | undefined;
      try {
        const r1 = await Promise.race([
          r.orgs.get(org.id),
          new Promise<'waited'>((ok) => setTimeout(() => ok('waited'), 2000)),
        ]);
        during = r1 === 'waited' ? r1 : r1?.name;
      } finally {
        release();
        await save;
      }
      expect(during).toBe('丁支部');
      expect((await r.orgs.get(org.id))?.name).toBe('丁支部（改）');
    });

    it('refuses select *, and keeps answering after another process adds a column to the table', async () => {
      const star = prepared((db, id: string) => db.selectFrom('organizations').selectAll().where('id', '=', id));
      await expect(star.first(store.db, 'x')).rejects.toThrow(/select \*/);
      const org = await r.orgs.create({ name: '戊支部', kind: '党支部' });
      expect((await r.orgs.get(org.id))?.name).toBe('戊支部');
      // A migration run by another instance (PostgreSQL keeps the statement planned per connection).
      const other = await openDatabase(
        store.location.databaseUrl
          ? { databaseUrl: store.location.databaseUrl, poolSize: 1 }
          : { dataDir: store.location.dataDir! },
      );
      try {
        await sql`alter table organizations add column extra_note text`.execute(other.db);
        for (let i = 0; i < 6; i++) expect((await r.orgs.get(org.id))?.name).toBe('戊支部');
      } finally {
        await sql`alter table organizations drop column extra_note`.execute(other.db);
        await other.close();
      }
    });

    it('keeps the session and material lookups, answering them as they are after every commit, by this instance or another', async () => {
      const org = await r.orgs.create({ name: '己支部', kind: '党支部' });
      const p = await r.people.create({ name: '缓存测试', username: 'huancun', passwordHash: 'x' });
      const mt = await r.meetings.create({
        orgId: org.id,
        kind: '组织生活会',
        year: 2024,
        theme: '测试',
        frameworkId: null,
        createdBy: p.id,
      });
      const m = await r.materials.create({
        meetingId: mt.id,
        orgId: org.id,
        kind: 'member',
        authorId: p.id,
        title: '检视剖析材料',
        content: { title: 'x' },
        digest: 'd',
      });
      const expiresAt = new Date(Date.now() + 60_000).toISOString();
      await r.sessions.create({ personId: p.id, tokenHash: 'h-kept', expiresAt });
      const actor = async () => (await r.sessions.findValidWithActor('h-kept'))!;
      // Asked twice: kept (the same frozen answer, which nobody can change), on both databases.
      expect(await actor()).toBe(await actor());
      expect(await r.materials.getHead(m.id)).toBe(await r.materials.getHead(m.id));
      const first = await actor();
      expect(() => (first.memberships as unknown as unknown[]).push({})).toThrow(TypeError);
      expect(() => Object.assign(first.person, { isAdmin: true })).toThrow(TypeError);
      // Changes by this process are seen at once, in the same turn of the event loop.
      await r.memberships.add({ personId: p.id, orgId: org.id, role: 'secretary' });
      expect((await actor()).memberships.map((x) => x.role)).toEqual(['secretary']);
      await r.people.update(p.id, { disabled: true });
      expect((await actor()).person.disabled).toBe(true);
      expect((await r.materials.getHead(m.id))!.summary.status).toBe('draft');
      await r.materials.setStatus(m.id, 'draft', 'submitted', { submittedAt: new Date().toISOString() });
      expect((await r.materials.getHead(m.id))!.summary.status).toBe('submitted');
      // A kept session is not answered once expired.
      expect(
        await r.sessions.findValidWithActor('h-kept', { now: new Date(Date.now() + 120_000).toISOString() }),
      ).toBeNull();
      // Another process (the command line, another instance) changes the database: seen from the next turn on.
      const other = await openDatabase(
        store.location.databaseUrl
          ? { databaseUrl: store.location.databaseUrl, poolSize: 1 }
          : { dataDir: store.location.dataDir! },
      );
      try {
        await other.db.updateTable('people').set({ name: '改名了' }).where('id', '=', p.id).execute();
        await other.db.updateTable('materials').set({ title: '改题了' }).where('id', '=', m.id).execute();
        await other.db.deleteFrom('sessions').where('token_hash', '=', 'h-kept').execute();
      } finally {
        await other.close();
      }
      await new Promise((ok) => setImmediate(ok));
      expect((await r.materials.getHead(m.id))!.summary.title).toBe('改题了');
      expect(await r.sessions.findValidWithActor('h-kept')).toBeNull();
    });

    it.runIf(dialect === 'postgres')(
      'on PostgreSQL, answers a kept lookup as another instance left it the moment its commit returned',
      async () => {
        const org = await r.orgs.create({ name: '庚支部', kind: '党支部' });
        const p = await r.people.create({ name: '另一实例' });
        const mt = await r.meetings.create({
          orgId: org.id,
          kind: '组织生活会',
          year: 2024,
          theme: '测试',
          frameworkId: null,
          createdBy: p.id,
        });
        const m = await r.materials.create({
          meetingId: mt.id,
          orgId: org.id,
          kind: 'member',
          authorId: p.id,
          title: '第0稿',
          content: { title: 'x' },
          digest: 'd',
        });
        const other = await openDatabase({ databaseUrl: store.location.databaseUrl!, poolSize: 1 });
        try {
          for (let i = 1; i <= 40; i++) {
            expect((await r.materials.getHead(m.id))!.summary.title).toBe(`第${i - 1}稿`);
            // No waiting between the other instance's commit and the next read: the fence orders them.
            await other.db
              .updateTable('materials')
              .set({ title: `第${i}稿` })
              .where('id', '=', m.id)
              .execute();
            expect((await r.materials.getHead(m.id))!.summary.title).toBe(`第${i}稿`);
          }
        } finally {
          await other.close();
        }
      },
    );

    it.runIf(dialect === 'postgres')(
      "on PostgreSQL, fences once per request's view (requests arriving together share one), and again after a write of this process",
      async () => {
        const org = await r.orgs.create({ name: '辛支部', kind: '党支部' });
        const p = await r.people.create({ name: '一次围栏' });
        const mt = await r.meetings.create({
          orgId: org.id,
          kind: '组织生活会',
          year: 2024,
          theme: '测试',
          frameworkId: null,
          createdBy: p.id,
        });
        const m = await r.materials.create({
          meetingId: mt.id,
          orgId: org.id,
          kind: 'member',
          authorId: p.id,
          title: '稿0',
          content: { title: 'x' },
          digest: 'd',
        });
        await r.sessions.create({
          personId: p.id,
          tokenHash: 'h-view',
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
        });
        const feed = changeFeedOf(store.db)!;
        for (let i = 1; i <= 20; i++) {
          // A request: its session, then the material (kept from the previous round), one fence.
          const view = readView();
          const before = feed.fences;
          expect(await r.sessions.findValidWithActor('h-view', { view })).not.toBeNull();
          expect((await r.materials.getHead(m.id, view))!.summary.title).toBe(`稿${i - 1}`);
          expect(await r.materials.getHead(m.id, view)).toBe(await r.materials.getHead(m.id, view));
          expect(feed.fences - before).toBe(1);
          // Requests arriving together share a fence.
          const sent = feed.sent;
          const all = await Promise.all(Array.from({ length: 30 }, () => r.materials.getHead(m.id, readView())));
          expect(new Set(all).size).toBe(1);
          expect(feed.sent - sent).toBeLessThanOrEqual(2);
          // The same view after this process's own write (its notice may still be on the way): the write is read.
          await store.db
            .updateTable('materials')
            .set({ title: `稿${i}` })
            .where('id', '=', m.id)
            .execute();
          expect((await r.materials.getHead(m.id, view))!.summary.title).toBe(`稿${i}`);
        }
      },
    );

    it('refuses a query whose argument is not a parameter', () => {
      const q = prepared((db, col: string) => db.selectFrom('organizations').select(sql.ref(col).as('x')));
      return expect(q.all(store.db, 'name')).rejects.toThrow(/inlined|not a parameter/);
    });

    it('reads a material as its stored JSON bytes, the same model as the parsed read', async () => {
      const org = await r.orgs.create({ name: '丙支部', kind: '党支部' });
      const p = await r.people.create({ name: '王五' });
      const mt = await r.meetings.create({
        orgId: org.id,
        kind: '组织生活会',
        year: 2024,
        theme: '测试',
        frameworkId: null,
        createdBy: p.id,
      });
      const content = {
        title: '检视剖析材料',
        text: '一、问题——“引号”与\\u2028',
        problems: [{ aspect: null, points: ['比如：𠀀字'] }],
      };
      const m = await r.materials.create({
        meetingId: mt.id,
        orgId: org.id,
        kind: 'member',
        authorId: p.id,
        title: '检视剖析材料',
        content,
        digest: 'x',
      });
      const head = (await r.materials.getHead(m.id))!;
      expect(head.summary).toEqual((await r.materials.getSummary(m.id))!);
      expect(head.orgPath).toBe(org.path);
      const raw = (await r.materials.versionJson(m.id, head.summary.version))!;
      const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
      expect(JSON.parse(text)).toEqual(content);
      expect(await r.materials.versionJson(m.id, 2)).toBeNull();
      expect(await r.materials.getHead('nope')).toBeNull();
    });
  });
}
