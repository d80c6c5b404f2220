/**
 * One save must not stall the server (issue #25, item 8). A maximum-size save (a text of ~1.3
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
import { PASSWORD, seedWorld } from './harness.js';
import { HttpClient, spawnServer } from './process.js';
import { maximumText, SAMPLE_TEXT } from './large-text.js';

const SAMPLE = SAMPLE_TEXT;

describe('a maximum-size save does not stall other requests', () => {
  it('health checks answer within 200 ms while the save runs', async () => {
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
      expect((await c.req('PUT', `/api/materials/${w.material}`, { baseVersion: 1, text: SAMPLE.repeat(40) })).status).toBe(200);
      const health = async () => {
        const t = performance.now();
        const r = await fetch(`${server.url}/api/health`);
        await r.text();
        expect(r.status).toBe(200);
        return performance.now() - t;
      };
      for (let i = 0; i < 5; i++) await health();

      let done = false;
      const t0 = performance.now();
      const save = c.req('PUT', `/api/materials/${w.material}`, { baseVersion: 2, text }).finally(() => (done = true));
      const latencies: number[] = [];
      while (!done) {
        latencies.push(await health());
        await new Promise((r) => setTimeout(r, 10));
      }
      const saved = await save;
      const saveMs = performance.now() - t0;
      expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(200);
      expect(saved.body.version).toBe(3);
      expect(saved.body.checks.version).toBe(3);
      const max = Math.max(...latencies);
      console.log(`save ${saveMs.toFixed(0)} ms, ${latencies.length} health checks, max ${max.toFixed(0)} ms, ratio ${(max / saveMs).toFixed(3)}, load ${loadavg()[0].toFixed(1)}`);
      // The save is long enough for the bounds to mean something…
      expect(saveMs).toBeGreaterThan(600);
      expect(latencies.length).toBeGreaterThan(3);
      // …and no health check waited behind it: the longest wait is a small part of the save
      // (robust to load: on the old code it was ~0.9 of it, the whole save), and within the
      // promised 200 ms when the machine is not oversubscribed (on a shared machine at several
      // times its core count every step of the server takes that many times longer).
      expect(max / saveMs).toBeLessThan(0.2);
      const busy = loadavg()[0] / availableParallelism();
      expect(max).toBeLessThan(busy < 1 ? 200 : 1000);
    } finally {
      await server.stop();
      await store.close().catch(() => {});
    }
  }, 120_000);
});
