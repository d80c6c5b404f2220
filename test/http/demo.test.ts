/** Demo mode: the seeded world, the demo accounts route (demo only) and the minimal login page. */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { openTestStore } from '../../src/storage/testing.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/server/demo.js';
import { Client, testConfig } from './harness.js';

describe('demo mode', () => {
  it('seeds once, lists the demo accounts and shows the sample material to its author and reviewers', async () => {
    const store = await openTestStore('sqlite');
    const repos = createRepositories(store);
    const accounts = await seedDemo(repos);
    expect(await seedDemo(repos)).toEqual(accounts);
    expect(await repos.people.count()).toBe(11);
    const demo = await buildApp({ config: testConfig({ demo: true }), store, logger: false, demoAccounts: accounts });
    const plain = await buildApp({ config: testConfig(), store, logger: false });
    try {
      const anon = new Client(demo, undefined, 'x');
      const list = await anon.get('/api/demo/accounts');
      expect(list.body.items.map((a: { username: string }) => a.username)).toContain('zhangwei');
      expect((await new Client(plain).get('/api/demo/accounts')).status).toBe(404);
      const page = await anon.get('/');
      expect(page.raw.body).toContain('演示账号');
      expect(page.raw.body).toContain('zhangwei');
      expect((await new Client(plain).get('/')).raw.body).not.toContain('zhangwei');

      const login = async (u: string) => {
        const r = await anon.post('/api/auth/login', { username: u, password: DEMO_PASSWORD });
        return new Client(demo, /jianshi_sid=([^;]+)/.exec(String(r.headers['set-cookie']))![1], r.body.csrfToken);
      };
      const zhang = await login('zhangwei');
      const [m] = (await zhang.get('/api/materials')).body.items;
      expect(m.title).toContain('2023');
      const full = (await zhang.get(`/api/materials/${m.id}`)).body;
      expect(full.model.problems.map((p: { aspect: string }) => p.aspect)).toEqual([
        '理论学习',
        '政治素质',
        '能力本领',
        '担当作为',
        '工作作风',
        '廉洁自律',
      ]);
      expect((await (await login('zhaomin')).get(`/api/materials/${m.id}`)).status).toBe(200);
      expect((await (await login('liming')).get(`/api/materials/${m.id}`)).status).toBe(404);
      const meetings = (await (await login('wangjianguo')).get('/api/meetings')).body.items;
      expect(
        meetings.some(
          (x: { frameworkId: string; year: number }) => x.frameworkId === '2023-theme-education' && x.year === 2023,
        ),
      ).toBe(true);
    } finally {
      await demo.close();
      await plain.close();
      await store.close();
    }
  });
});
