/**
 * Durability: kill -9 the real server during a burst of concurrent saves. Every save that was
 * acknowledged (200) must be in the database afterwards, and SQLite's integrity check must pass.
 */
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/storage/db.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { openTestStore } from '../../src/storage/testing.js';
import { sessionSecret } from '../../src/server/app.js';
import { seedWorld, sessionFor } from './harness.js';
import { HttpClient, spawnServer } from './process.js';

describe('SIGKILL during concurrent saves', () => {
  it('loses no acknowledged save and keeps the database intact', async () => {
    const store = await openTestStore('sqlite');
    const dataDir = store.location.dataDir!;
    const repos = createRepositories(store);
    const w = await seedWorld(repos);
    const secret = await sessionSecret(repos);
    const text = (marker: string) =>
      `检视剖析材料\n一、存在的问题\n（一）理论学习方面。学习不深入，比如${marker}。\n二、原因剖析\n（一）理想信念有所淡化。\n三、整改措施\n（一）加强学习。2024年3月底前完成。`;
    const extra1 = await repos.materials.create({
      meetingId: w.meeting2,
      orgId: w.org.b1,
      kind: 'personal',
      authorId: w.person.memberB1,
      title: 't',
      content: {},
      digest: 'd',
    });
    const extra2 = await repos.materials.create({
      meetingId: w.meeting2,
      orgId: w.org.b1,
      kind: 'personal',
      authorId: w.person.leaderB1,
      title: 't',
      content: {},
      digest: 'd',
    });
    const writers = [
      { material: w.material, person: w.person.author },
      { material: w.leadership, person: w.person.secB1 },
      { material: extra1.id, person: w.person.memberB1 },
      { material: extra2.id, person: w.person.leaderB1 },
    ];
    const sessions = await Promise.all(writers.map((x) => sessionFor(repos, secret, x.person)));
    // Hand the database file over to the server process.
    await store.db.destroy();

    const server = await spawnServer({ DATA_DIR: dataDir });
    const acked = writers.map(() => [] as { version: number; marker: string }[]);
    let stop = false;
    const loops = writers.map(async (wr, i) => {
      const c = new HttpClient(server.url);
      c.cookie = `jianshi_sid=${sessions[i].token}`;
      c.csrf = sessions[i].csrf;
      let base = 1;
      for (let n = 0; !stop; n++) {
        const marker = `写入者${i}第${n}次保存`;
        try {
          const r = await c.req('PUT', `/api/materials/${wr.material}`, { baseVersion: base, text: text(marker) });
          if (r.status !== 200) throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
          acked[i].push({ version: r.body.version, marker });
          base = r.body.version;
        } catch (e) {
          if (stop) return;
          throw e;
        }
      }
    });
    await new Promise((r) => setTimeout(r, 2500));
    stop = true;
    await server.stop('SIGKILL');
    await Promise.allSettled(loops);
    const total = acked.reduce((n, a) => n + a.length, 0);
    expect(total).toBeGreaterThan(8);

    const after = await openDatabase({ dataDir });
    try {
      expect(after.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
      const r = createRepositories(after);
      for (let i = 0; i < writers.length; i++) {
        const versions = new Map(
          (
            await after.db
              .selectFrom('material_versions')
              .select(['version', 'content'])
              .where('material_id', '=', writers[i].material)
              .execute()
          ).map((v) => [Number(v.version), v.content]),
        );
        for (const a of acked[i]) expect(versions.get(a.version), `writer ${i} v${a.version}`).toContain(a.marker);
        const m = await r.materials.getSummary(writers[i].material);
        expect(m!.version).toBeGreaterThanOrEqual(acked[i].at(-1)?.version ?? 1);
      }
      expect((await r.audit.verify()).ok).toBe(true);
      await migrateToLatest(after.db);
    } finally {
      await after.close();
      await store.close().catch(() => {});
    }
  }, 90_000);
});

/**
 * An opinion acknowledged but still waiting for its batch survives a kill -9 of the
 * server — it is committed (sealed) at once — and appears once its batch is written after restart.
 */
describe("SIGKILL between an opinion's acknowledgement and its batch", () => {
  it('loses nothing: after restart the waiting opinion comes out with the next batch', async () => {
    const store = await openTestStore('sqlite');
    const dataDir = store.location.dataDir!;
    const repos = createRepositories(store);
    const w = await seedWorld(repos);
    const secret = await sessionSecret(repos);
    const sec = await sessionFor(repos, secret, w.person.secB1);
    await store.db.destroy();
    const env = { DATA_DIR: dataDir, OPINION_BATCH_SIZE: '3' };
    const secretary = (url: string) => {
      const c = new HttpClient(url);
      c.cookie = `jianshi_sid=${sec.token}`;
      c.csrf = sec.csrf;
      return c;
    };
    const submit = (url: string, token: string, body: string) =>
      new HttpClient(url).req('POST', '/api/public/opinions', {
        token,
        opinions: [{ target: { kind: 'group' }, body }],
      });

    let server = await spawnServer(env);
    try {
      const open = await secretary(server.url).req('POST', `/api/meetings/${w.meeting}/opinion-collections`, {});
      expect(open.status).toBe(201);
      const token = open.body.token as string;
      expect((await submit(server.url, token, '杀进程之前提交的意见')).status).toBe(201);
      // Acknowledged, waiting: the secretary sees neither its text nor a count of what waits.
      const before = await secretary(server.url).req('GET', `/api/meetings/${w.meeting}/opinions/summary`);
      expect([before.body.total, before.body.pending, before.body.batching]).toEqual([
        0,
        undefined,
        { size: 3, hourly: true },
      ]);
      await server.stop('SIGKILL');

      server = await spawnServer(env);
      const still = await secretary(server.url).req('GET', `/api/meetings/${w.meeting}/opinions/summary`);
      expect(still.body.total).toBe(0);
      expect((await submit(server.url, token, '重启之后的第二条')).status).toBe(201);
      expect((await submit(server.url, token, '重启之后的第三条')).status).toBe(201);
      const after = await secretary(server.url).req('GET', `/api/meetings/${w.meeting}/opinions/summary`);
      expect(after.body.total).toBe(3);
      expect(after.body.group.items.map((i: { body: string }) => i.body).sort()).toEqual(
        ['杀进程之前提交的意见', '重启之后的第三条', '重启之后的第二条'].sort(),
      );
    } finally {
      await server.stop('SIGKILL');
      await store.close().catch(() => {});
    }
  }, 120_000);
});
