/**
 * Writes at scale: autosave writes the author's working copy (no version, no audit entry), versions
 * are made at explicit saves; a crash between an autosave and the next version loses nothing; two
 * tabs writing the same copy conflict. On SQLite and, with TEST_DATABASE_URL, PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createPgDatabase, openTestStore, testDialects } from '../../src/storage/testing.js';
import { migrateToLatest, openDatabase } from '../../src/storage/db.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { sessionSecret } from '../../src/server/app.js';
import { seedWorld, sessionFor, startTestApp, type TestApp } from './harness.js';
import { HttpClient, spawnServer } from './process.js';
import { startOutboxWorker } from '../../src/server/jobs/outbox.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** The app's own 查重 index (what its routes read). */
const similarityOfApp = (t: TestApp) => t.app.similarityIndex;

const content = (marker: string) => ({
  title: '对照检查材料',
  preface: '按照要求，对照检视。',
  problems: [
    {
      aspect: null,
      heading: '（一）理论学习方面',
      text: `学习不深入，比如${marker}。`,
      points: [],
      examples: [],
    },
  ],
  causes: [{ heading: '（一）理想信念有所淡化', text: '放松了学习。' }],
  measures: [{ heading: '（一）加强学习', text: '2024年3月底前完成。', deadline: null }],
  closing: '以上发言，请同志们批评指正。',
});

describe.each(testDialects())('autosave and versions (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('autosave keeps the working copy without a version or an audit entry; an explicit save makes the version', async () => {
    const c = await t.as('author');
    const id = t.world.material;
    const v0 = (await c.get(`/api/materials/${id}`)).body.version as number;
    const audit0 = (await t.repos.audit.head()).count;
    expect((await c.get(`/api/materials/${id}/draft`)).body).toEqual({ draft: null });

    const a1 = await c.put(`/api/materials/${id}/draft`, { baseVersion: v0, rev: 0, content: content('第一次停顿') });
    expect(a1.status).toBe(200);
    expect(a1.body).toMatchObject({ version: v0, rev: 1, versioned: false });
    const a2 = await c.put(`/api/materials/${id}/draft`, { baseVersion: v0, rev: 1, content: content('第二次停顿') });
    expect(a2.body).toMatchObject({ version: v0, rev: 2 });
    // No version, no audit entry: the version list stays what the author made.
    expect((await c.get(`/api/materials/${id}/versions`)).body.items).toHaveLength(v0);
    expect((await t.repos.audit.head()).count).toBe(audit0);
    const d = (await c.get(`/api/materials/${id}/draft`)).body.draft;
    expect(d).toMatchObject({ baseVersion: v0, rev: 2, current: true });
    expect(d.content.problems[0].text).toContain('第二次停顿');

    // The branch secretary reads the material, but not the author's unsaved copy, and cannot write it.
    const other = await t.as('secB1');
    expect((await other.get(`/api/materials/${id}`)).status).toBe(200);
    expect((await other.get(`/api/materials/${id}/draft`)).status).toBe(403);
    const w = await other.put(`/api/materials/${id}/draft`, { baseVersion: v0, rev: 2, content: content('别人') });
    expect(w.status).toBe(403);
    expect(w.body.code).toBe('E_FORBIDDEN');

    // The explicit save: a version (with its audit entry), and the copy is in it.
    const s = await c.put(`/api/materials/${id}`, { baseVersion: v0, content: content('第二次停顿') });
    expect(s.status).toBe(200);
    expect(s.body.version).toBe(v0 + 1);
    expect(s.body.model.text).toContain('第二次停顿');
    expect((await t.repos.audit.head()).count).toBe(audit0 + 1);
    expect((await c.get(`/api/materials/${id}/draft`)).body).toEqual({ draft: null });
  });

  it('two tabs writing the same working copy conflict; neither overwrites the other', async () => {
    const c = await t.as('author');
    const id = t.world.material;
    const v = (await c.get(`/api/materials/${id}`)).body.version as number;
    const tabA = await c.put(`/api/materials/${id}/draft`, { baseVersion: v, rev: 0, content: content('甲窗口') });
    expect(tabA.status).toBe(200);
    // Tab B opened before A's autosave: it has not seen revision 1.
    const tabB = await c.put(`/api/materials/${id}/draft`, { baseVersion: v, rev: 0, content: content('乙窗口') });
    expect(tabB.status).toBe(409);
    expect(tabB.body.code).toBe('E_CONFLICT');
    expect(tabB.body.message).toMatch(/另一个窗口或设备/);
    // A goes on; B, still behind, conflicts again.
    expect(
      (await c.put(`/api/materials/${id}/draft`, { baseVersion: v, rev: 1, content: content('甲窗口又改') })).status,
    ).toBe(200);
    expect(
      (await c.put(`/api/materials/${id}/draft`, { baseVersion: v, rev: 1, content: content('乙窗口又改') })).status,
    ).toBe(409);
    expect((await c.get(`/api/materials/${id}/draft`)).body.draft.content.problems[0].text).toContain('甲窗口又改');
    // A makes a version; B's autosave on the old version conflicts too.
    expect((await c.put(`/api/materials/${id}`, { baseVersion: v, content: content('甲窗口又改') })).status).toBe(200);
    const late = await c.put(`/api/materials/${id}/draft`, { baseVersion: v, rev: 2, content: content('乙窗口') });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('E_CONFLICT');
  });

  it("a reviewer's list pages by cursor: every material once, in order, and a bad cursor is refused in Chinese", async () => {
    const c = await t.as('reviewerCounty');
    const all = (await c.get('/api/materials?limit=500')).body.items as { id: string }[];
    expect(all.length).toBeGreaterThanOrEqual(2);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const r: { body: { items: { id: string }[]; next: string | null } } = await c.get(
        `/api/materials?limit=1${after ? `&after=${after}` : ''}`,
      );
      seen.push(...r.body.items.map((m) => m.id));
      after = r.body.next;
      if (!after) break;
    }
    expect(seen).toEqual(all.map((m) => m.id));
    const bad = await c.get('/api/materials?after=bm9wZQ');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'E_VALIDATION', message: expect.stringContaining('分页参数') });
  });

  it('the audit chain of these saves still shows an edited entry', async () => {
    // Saves of this file's materials: a version each (autosaves have no entries of their own).
    const saves = (await t.repos.audit.list({ entity: 'material', entityId: t.world.material })).filter(
      (e) => e.action === 'material.save',
    );
    expect(saves.length).toBeGreaterThanOrEqual(2);
    expect((await t.repos.audit.verify()).ok).toBe(true);
    const victim = saves[saves.length - 1];
    if (dialect === 'postgres')
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(t.store.db);
    else await sql`drop trigger audit_log_no_update`.execute(t.store.db);
    await sql`update audit_log set details = ${JSON.stringify({ version: 99, fileId: null })} where seq = ${victim.seq}`.execute(
      t.store.db,
    );
    const v = await t.repos.audit.verify();
    expect(v.ok).toBe(false);
    expect(v.firstBroken).toMatchObject({ seq: victim.seq, reason: expect.stringContaining('记录被改动') });
    // Put back, so the next tests start from a sound chain.
    await sql`update audit_log set details = ${JSON.stringify(victim.details)} where seq = ${victim.seq}`.execute(
      t.store.db,
    );
    expect((await t.repos.audit.verify()).ok).toBe(true);
  });

  it('submitting with unsaved edits submits them: the copy becomes a version first', async () => {
    const c = await t.as('author');
    const id = t.world.material;
    const v = (await c.get(`/api/materials/${id}`)).body.version as number;
    expect(
      (await c.put(`/api/materials/${id}/draft`, { baseVersion: v, rev: 0, content: content('提交前最后一句') }))
        .status,
    ).toBe(200);
    const r = await c.post(`/api/materials/${id}/submit`, { version: v });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'submitted', version: v + 1 });
    expect((await c.get(`/api/materials/${id}`)).body.model.text).toContain('提交前最后一句');
    // Not editable any more: autosave is refused with the workflow's code.
    const no = await c.put(`/api/materials/${id}/draft`, { baseVersion: v + 1, rev: 0, content: content('晚了') });
    expect(no.status).toBe(409);
  });
});

describe.each(testDialects())('kill -9 between an autosave and the next version (%s)', (dialect) => {
  it('loses nothing: the copy is there after the restart and becomes the next version', async () => {
    const pg = dialect === 'postgres' ? await createPgDatabase('jianshi_writes') : null;
    const store = pg ? await openDatabase({ databaseUrl: pg.url, poolSize: 2 }) : await openTestStore('sqlite');
    if (pg) await migrateToLatest(store.db);
    const env: Record<string, string> = pg
      ? { DATABASE_URL: pg.url }
      : { DATA_DIR: (store as Awaited<ReturnType<typeof openTestStore>>).location.dataDir! };
    const repos = createRepositories(store);
    const w = await seedWorld(repos);
    const secret = await sessionSecret(repos);
    const s = await sessionFor(repos, secret, w.person.author);
    await store.db.destroy();
    const client = (url: string) => {
      const c = new HttpClient(url);
      c.cookie = `jianshi_sid=${s.token}`;
      c.csrf = s.csrf;
      return c;
    };
    let server = await spawnServer(env);
    try {
      const c = client(server.url);
      const v = (await c.req('GET', `/api/materials/${w.material}`)).body.version as number;
      let rev = 0;
      for (let i = 1; i <= 5; i++) {
        const r = await c.req('PUT', `/api/materials/${w.material}/draft`, {
          baseVersion: v,
          rev,
          content: content(`第${i}次停顿时打的字`),
        });
        expect(r.status).toBe(200);
        rev = r.body.rev;
      }
      await server.stop('SIGKILL');
      server = await spawnServer(env);
      const c2 = client(server.url);
      const d = (await c2.req('GET', `/api/materials/${w.material}/draft`)).body.draft;
      expect(d).toMatchObject({ baseVersion: v, rev: 5, current: true });
      expect(d.content.problems[0].text).toContain('第5次停顿时打的字');
      const saved = await c2.req('PUT', `/api/materials/${w.material}`, { baseVersion: v, content: d.content });
      expect(saved.status).toBe(200);
      expect(saved.body.model.text).toContain('第5次停顿时打的字');
    } finally {
      await server.stop('SIGKILL');
      await pg?.drop();
    }
  }, 120_000);
});

describe.each(testDialects())('查重 off the save path (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    // No worker of its own: the jobs stay queued until the test runs one (deterministic).
    t = await startTestApp(dialect, { jobsWorker: false });
  });
  afterAll(async () => t?.close());

  it('a save queues its 查重; the result, once in, is the one of the version it was computed for', async () => {
    const c = await t.as('author');
    const id = t.world.material;
    const v = (await c.get(`/api/materials/${id}`)).body.version as number;
    const s = await c.put(`/api/materials/${id}`, { baseVersion: v, content: content('排队等待查重') });
    expect(s.status).toBe(200);
    expect(await c.get(`/api/materials/${id}/similarity`)).toMatchObject({
      status: 200,
      body: { version: v + 1, pending: true },
    });
    const worker = startOutboxWorker({ repos: t.repos, similarity: similarityOfApp(t), log: quiet, timer: false });
    try {
      expect(await worker.drain()).toBeGreaterThanOrEqual(1);
      const r = await c.get(`/api/materials/${id}/similarity`);
      expect(r.body.pending).toBeUndefined();
      expect(r.body.version).toBe(v + 1);
      expect(Array.isArray(r.body.matches)).toBe(true);
      // The next version: its result is not the previous one's.
      await c.put(`/api/materials/${id}`, { baseVersion: v + 1, content: content('又改了一版') });
      expect((await c.get(`/api/materials/${id}/similarity`)).body).toEqual({ version: v + 2, pending: true });
      await worker.drain();
      expect((await c.get(`/api/materials/${id}/similarity`)).body).toMatchObject({ version: v + 2 });
    } finally {
      await worker.stop();
    }
  });

  it('a job whose instance died holding it is taken again once the lease runs out, and only once', async () => {
    const id = t.world.leadership;
    const v = (await t.repos.materials.getSummary(id))!.version;
    await t.repos.jobs.enqueue(id, v + 100);
    const now = new Date();
    const [a] = (await t.repos.jobs.claim('instance-a', 60_000, 50, now)).filter((j) => j.version === v + 100);
    expect(a).toMatchObject({ leaseOwner: 'instance-a', attempts: 1 });
    // Instance A is killed. Within its lease, nobody else takes the job…
    expect((await t.repos.jobs.claim('instance-b', 60_000, 50, now)).some((j) => j.version === v + 100)).toBe(false);
    // …after it, B does.
    const later = new Date(now.getTime() + 61_000);
    const [b] = (await t.repos.jobs.claim('instance-b', 60_000, 50, later)).filter((j) => j.version === v + 100);
    expect(b).toMatchObject({ leaseOwner: 'instance-b', attempts: 2 });
    // A late word from A changes nothing; B finishes it.
    await t.repos.jobs.finish(a, 'instance-a', 'done');
    expect((await t.repos.jobs.get(id, v + 100))!.state).toBe('pending');
    await t.repos.jobs.finish(b, 'instance-b', 'done');
    expect((await t.repos.jobs.get(id, v + 100))!.state).toBe('done');
  });
});

describe.each(testDialects())('an indexing job interrupted by kill -9 (%s)', (dialect) => {
  it('is done after the restart', async () => {
    const pg = dialect === 'postgres' ? await createPgDatabase('jianshi_jobs') : null;
    const store = pg ? await openDatabase({ databaseUrl: pg.url, poolSize: 2 }) : await openTestStore('sqlite');
    if (pg) await migrateToLatest(store.db);
    const env: Record<string, string> = pg
      ? { DATABASE_URL: pg.url }
      : { DATA_DIR: (store as Awaited<ReturnType<typeof openTestStore>>).location.dataDir! };
    const repos = createRepositories(store);
    const w = await seedWorld(repos);
    const secret = await sessionSecret(repos);
    const s = await sessionFor(repos, secret, w.person.author);
    await store.db.destroy();
    const client = (url: string) => {
      const c = new HttpClient(url);
      c.cookie = `jianshi_sid=${s.token}`;
      c.csrf = s.csrf;
      return c;
    };
    // The first instance queues the job but is killed before any worker ran it.
    let server = await spawnServer({ ...env, JOBS_WORKER: '0' });
    try {
      const c = client(server.url);
      const v = (await c.req('GET', `/api/materials/${w.material}`)).body.version as number;
      const saved = await c.req('PUT', `/api/materials/${w.material}`, {
        baseVersion: v,
        content: content('被中断的查重'),
      });
      expect(saved.status).toBe(200);
      expect((await c.req('GET', `/api/materials/${w.material}/similarity`)).body).toEqual({
        version: v + 1,
        pending: true,
      });
      await server.stop('SIGKILL');
      server = await spawnServer(env);
      const c2 = client(server.url);
      let r = await c2.req('GET', `/api/materials/${w.material}/similarity`);
      for (let i = 0; r.body.pending && i < 600; i++) {
        await new Promise((res) => setTimeout(res, 50));
        r = await c2.req('GET', `/api/materials/${w.material}/similarity`);
      }
      expect(r.status).toBe(200);
      expect(r.body.pending).toBeUndefined();
      expect(r.body.version).toBe(v + 1);
      expect(Array.isArray(r.body.matches)).toBe(true);
    } finally {
      await server.stop('SIGKILL');
      await pg?.drop();
    }
  }, 120_000);
});
