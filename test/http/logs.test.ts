/** Structured logs carry no passwords, cookies, tokens or material text. */
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { buildApp } from '../../src/server/app.js';
import { openTestStore } from '../../src/storage/testing.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { Client, PASSWORD, SAMPLE, seedWorld, testConfig } from './harness.js';

describe('logs', () => {
  it('hold no secrets and no material text', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const store = await openTestStore('sqlite');
    const w = await seedWorld(createRepositories(store));
    const app = await buildApp({ config: testConfig({ logLevel: 'trace' }), store, logger: { level: 'trace', stream } });
    try {
      const anon = new Client(app, undefined, 'x');
      const login = await anon.post('/api/auth/login', { username: 'memberb1', password: PASSWORD });
      expect(login.status).toBe(200);
      const token = /jianshi_sid=([^;]+)/.exec(String(login.headers['set-cookie']))![1];
      const c = new Client(app, token, login.body.csrfToken);
      expect((await c.post('/api/materials', { meetingId: w.meeting, kind: 'member', text: SAMPLE })).status).toBe(201);
      await anon.post('/api/auth/login', { username: 'memberb1', password: 'wrong-password-x' });
      await c.request('POST', '/api/materials', '{"broken', { 'content-type': 'application/json' });
      const log = lines.join('');
      expect(lines.length).toBeGreaterThan(5);
      for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
      for (const secret of [PASSWORD, 'wrong-password-x', token, login.body.csrfToken, '理论学习方面', '浅尝辄止']) expect(log).not.toContain(secret);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
