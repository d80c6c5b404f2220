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
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const store = await openTestStore('sqlite');
    const w = await seedWorld(createRepositories(store));
    const app = await buildApp({
      config: testConfig({ logLevel: 'trace' }),
      store,
      logger: { level: 'trace', stream },
    });
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
      for (const secret of [PASSWORD, 'wrong-password-x', token, login.body.csrfToken, '理论学习方面', '浅尝辄止'])
        expect(log).not.toContain(secret);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

/**
 * At the default log level, opening the anonymous form (GET /o, its script chunk)
 * and using its API leave no log line at all — a line carries the client's address and a
 * millisecond time, which would place a submitter next to the opinions of that hour.
 */
describe('logs of the anonymous form', () => {
  it('at the default level: no line for /o, its assets or /api/public/*, while other requests are logged with their address', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { loadConfig } = await import('../../src/server/config.js');
    // A built front end (index.html and the form's lazy chunk), as a deployment serves it.
    const web = mkdtempSync(join(tmpdir(), 'jianshi-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>检视</title><div id="root"></div>');
    writeFileSync(join(web, 'assets', 'PublicOpinionPage-abc123.js'), 'export default 1;');
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const store = await openTestStore('sqlite');
    const w = await seedWorld(createRepositories(store));
    // The default configuration: LOG_LEVEL unset → info.
    const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', WEB_DIST: web, DATA_DIR: store.location.dataDir });
    expect(config.logLevel).toBe('info');
    const app = await buildApp({ config, store, logger: { stream } });
    const SUBMITTER = '203.0.113.99';
    try {
      const sec = new Client(app, undefined, 'x');
      const login = await sec.post('/api/auth/login', { username: 'secb1', password: PASSWORD });
      expect(login.status).toBe(200);
      const c = new Client(
        app,
        /jianshi_sid=([^;]+)/.exec(String(login.headers['set-cookie']))![1],
        login.body.csrfToken,
      );
      const open = await c.post(`/api/meetings/${w.meeting}/opinion-collections`, {});
      expect(open.status).toBe(201);
      const mark = lines.length;
      const from = { remoteAddress: SUBMITTER };
      const inject = (method: 'GET' | 'HEAD' | 'POST', url: string, payload?: unknown) =>
        app.inject({
          method,
          url,
          payload: payload as object,
          headers: { 'x-csrf-token': 'public', 'user-agent': 'Phone-Fingerprint' },
          ...from,
        });
      expect((await inject('GET', '/o')).statusCode).toBe(200);
      expect((await inject('GET', '/o?from=qr')).statusCode).toBe(200);
      expect((await inject('GET', '/o.html')).statusCode).toBe(200);
      await inject('HEAD', '/o');
      expect((await inject('GET', '/assets/PublicOpinionPage-abc123.js')).statusCode).toBe(200);
      expect((await inject('GET', '/assets/missing-chunk.js')).statusCode).toBe(404);
      // A browser opening /o asks for the site icon by itself: no line either.
      await inject('GET', '/favicon.ico');
      expect((await inject('POST', '/api/public/opinions/form', { token: open.body.token })).statusCode).toBe(200);
      expect((await inject('POST', '/api/public/opinions/form', { token: 'x'.repeat(43) })).statusCode).toBe(404);
      expect(
        (
          await inject('POST', '/api/public/opinions', {
            token: open.body.token,
            opinions: [{ target: { kind: 'group' }, body: '会议太多' }],
          })
        ).statusCode,
      ).toBe(201);
      expect((await inject('POST', '/api/public/opinions', { token: open.body.token, opinions: [] })).statusCode).toBe(
        400,
      );
      const broken = await app.inject({
        method: 'POST',
        url: '/api/public/opinions',
        payload: '{"broken',
        headers: { 'content-type': 'application/json', 'x-csrf-token': 'public' },
        ...from,
      });
      expect(broken.statusCode).toBe(400);
      const during = lines.slice(mark);
      expect(during).toEqual([]);
      // Control: an ordinary request from the same address is logged, with its address and a time.
      await inject('GET', '/api/health');
      const after = lines.slice(mark).join('');
      expect(after).toContain(SUBMITTER);
      expect(after).toMatch(/"time":\d{13}/);
      for (const l of lines) expect(l).not.toMatch(/\/o\b|\/api\/public\/|PublicOpinionPage|Phone-Fingerprint|favicon/);
    } finally {
      await app.close();
      await store.close();
      rmSync(web, { recursive: true, force: true });
    }
  });
});
