/**
 * One save must not stall the server. A maximum-size save (a text of ~1.3
 * million characters, just under the JSON body limit) is parsed, checked and fingerprinted for 查重
 * in a worker pool; meanwhile small requests to the same server process keep being answered. The
 * promise is that no request waits more than 200 ms behind another's CPU work: the longest
 * /api/health answer during the save is held to that bound when the machine is not oversubscribed
 * (a health check takes about a millisecond alone), and in any case to a small part of the save's
 * own duration. On the code before the pool, health checks waited for the whole save (2–4 s, ratio
 * ~0.9).
 */
import { describe, expect, it } from 'vitest';
import { availableParallelism, loadavg } from 'node:os';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { openTestStore } from '../../src/storage/testing.js';
import { multipart, PASSWORD, seedWorld, startTestApp } from './harness.js';
import { closeComputePool, computePool, offloads } from '../../src/server/compute/index.js';
import { findFramework } from '../../src/core/frameworks/framework.js';
import { materialFromText } from '../../src/core/material/pipeline.js';
import { contentOf, toJSON } from '../../src/core/material/model.js';
import { lint } from '../../src/core/lint/index.js';
import { digestOf } from '../../src/storage/digest.js';
import { HttpClient, spawnServer } from './process.js';
import { longItemsText, maximumText, SAMPLE_TEXT } from './large-text.js';

const SAMPLE = SAMPLE_TEXT;

describe('a maximum-size save does not stall other requests', () => {
  it('small requests answer within 200 ms while the save runs', async () => {
    const store = await openTestStore('sqlite');
    const dataDir = store.location.dataDir!;
    const w = await seedWorld(createRepositories(store));
    await store.db.destroy();
    const server = await spawnServer({ DATA_DIR: dataDir });
    try {
      const c = new HttpClient(server.url);
      expect((await c.login('author', PASSWORD)).status).toBe(200);
      const text = maximumText();
      expect(text.length).toBeGreaterThan(1_000_000);
      // Warm up: the first save of the process loads code (and starts the pool's workers).
      expect(
        (await c.req('PUT', `/api/materials/${w.material}`, { baseVersion: 1, text: SAMPLE.repeat(40) })).status,
      ).toBe(200);
      // /api/ping waits only for the event loop; /api/health also for SQLite's writer connection,
      // which the save's transaction holds for its last few hundred milliseconds.
      const probe = (path: string) => async () => {
        const t = performance.now();
        const r = await fetch(`${server.url}${path}`);
        await r.text();
        expect(r.status).toBe(200);
        return performance.now() - t;
      };
      const ping = probe('/api/ping');
      const health = probe('/api/health');
      for (let i = 0; i < 5; i++) await health();

      let done = false;
      const t0 = performance.now();
      const save = c.req('PUT', `/api/materials/${w.material}`, { baseVersion: 2, text }).finally(() => (done = true));
      const latencies: number[] = [];
      const healthLatencies: number[] = [];
      for (let k = 0; !done; k++) {
        if (k % 4 === 3) healthLatencies.push(await health());
        else latencies.push(await ping());
        await new Promise((r) => setTimeout(r, 10));
      }
      const saved = await save;
      const saveMs = performance.now() - t0;
      expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(200);
      expect(saved.body.version).toBe(3);
      expect((await c.req('GET', `/api/materials/${w.material}/checks`)).body.version).toBe(3);
      const max = Math.max(...latencies);
      const maxHealth = Math.max(0, ...healthLatencies);
      console.log(
        `save ${saveMs.toFixed(0)} ms, ${latencies.length} pings, max ${max.toFixed(0)} ms, ratio ${(max / saveMs).toFixed(3)}; ${healthLatencies.length} health checks, max ${maxHealth.toFixed(0)} ms; load ${loadavg()[0].toFixed(1)}`,
      );
      // The save is long enough for the bounds to mean something…
      expect(saveMs).toBeGreaterThan(600);
      expect(latencies.length).toBeGreaterThan(3);
      // …and no health check waited behind it: the longest wait is a small part of the save
      // (robust to load: on the old code it was ~0.9 of it, the whole save), and within the
      // promised 200 ms when the machine is not oversubscribed (on a shared machine at several
      // times its core count every step of the server takes that many times longer).
      expect(max / saveMs).toBeLessThan(0.2);
      expect(maxHealth / saveMs).toBeLessThan(0.3);
      const busy = loadavg()[0] / availableParallelism();
      expect(max).toBeLessThan(busy < 1 ? 200 : 1000);
    } finally {
      await server.stop();
      await store.close().catch(() => {});
    }
  }, 120_000);
});

describe('in-process (vitest runs the app in a fork): large inputs go through the pool with the same result', () => {
  it('a 150k-character save and a large .txt import store what the request thread would', async () => {
    const t = await startTestApp('sqlite');
    try {
      const c = await t.as('author');
      const text = Array.from({ length: 48 }, (_, i) => SAMPLE.replace(/学习/g, `学习${i}`)).join('\n');
      expect(offloads({ op: 'text', text, opts: {} })).toBe(true);
      const before = computePool()?.started ?? 0;
      const r = await c.put(`/api/materials/${t.world.material}`, { baseVersion: 1, text });
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
      expect(computePool()!.started).toBeGreaterThanOrEqual(Math.max(1, before));
      const fw = findFramework('2023-theme-education')!;
      const here = toJSON(materialFromText(text, { framework: fw }));
      expect(r.body.model).toEqual(JSON.parse(JSON.stringify(here)));
      expect((await c.get(`/api/materials/${t.world.material}/checks`)).body.findings).toEqual(
        JSON.parse(
          JSON.stringify(
            lint(materialFromText(text, { framework: fw }), {
              framework: fw,
              kind: '个人',
              meetingYear: 2023,
              previous: null,
              organization: { names: ['第一党支部'] },
            }),
          ),
        ),
      );
      const version = await t.repos.materials.version(t.world.material, 2);
      expect(version!.digest).toBe(digestOf(contentOf(materialFromText(text, { framework: fw }))));
      // The audit chain still verifies with the digests computed in the worker.
      expect((await t.repos.audit.verify()).ok).toBe(true);
      // An import is held to the item limits of a material (48 copies of the sample make 710
      // measures): a long text of the sample's fifteen items instead.
      const long = longItemsText(48);
      expect(offloads({ op: 'text', text: long, opts: {} })).toBe(true);
      const { body, headers } = multipart(
        { meetingId: t.world.meeting2, kind: 'member' },
        { name: '大材料.txt', bytes: new TextEncoder().encode(long), type: 'text/plain' },
      );
      const up = await c.post('/api/materials/import', body, headers);
      expect(up.status, JSON.stringify(up.body).slice(0, 300)).toBe(201);
      expect(up.body.model.problems).toEqual(
        JSON.parse(JSON.stringify(materialFromText(long, { framework: fw }).problems)),
      );
    } finally {
      await t.close();
      await closeComputePool();
    }
  }, 120_000);
});
