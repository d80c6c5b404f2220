/**
 * The public opinion link can be shown and printed again at any time by those who manage the
 * opinions, and rotated on purpose; the collection period defaults to the meeting's 征求意见 stage.
 * The link is rebuilt from a nonce in the database and a key kept outside it: the database (or a
 * backup) alone still gives no link, and with another key the link cannot be shown (it keeps working).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';
import { backup } from '../../src/storage/backup.js';
import { LINK_KEY_FILE } from '../../src/server/domain/procedure/link-key.js';

const PUBLIC = { 'x-csrf-token': 'public' };
const BASE = 'https://jianshi.example.org';
const day = (n: number) => new Date(Date.now() + n * 86400_000).toISOString().slice(0, 10);

describe('the opinion link is shown again, rotated on purpose, and kept out of the database', () => {
  let t: TestApp;
  let collection = '';
  let token = '';
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  const form = (tok: string) => t.anon().post('/api/public/opinions/form', { token: tok }, PUBLIC);

  it('opens with the period of the meeting’s 征求意见 stage when none is given', async () => {
    const sec = await t.as('secB1');
    const stages = [{ stage: 'opinions', startOn: day(-2), dueOn: day(12), doneAt: null }];
    expect((await sec.patch(`/api/meetings/${t.world.meeting}`, { stages })).status).toBe(200);
    const r = await sec.post(`/api/meetings/${t.world.meeting}/opinion-collections`, { baseUrl: BASE });
    expect(r.status).toBe(201);
    expect([r.body.collection.opensOn, r.body.collection.closesOn]).toEqual([day(-2), day(12)]);
    collection = r.body.collection.id;
    token = r.body.token;
    expect(r.body.url).toBe(`${BASE}/o#${token}`);
    expect((await form(token)).status).toBe(200);
  });

  it('the organizer sees the same link and QR code again, as often as asked', async () => {
    const sec = await t.as('secB1');
    for (let i = 0; i < 2; i++) {
      const r = await sec.get(`/api/opinion-collections/${collection}/link?baseUrl=${encodeURIComponent(BASE)}`);
      expect(r.status).toBe(200);
      expect(r.body.token).toBe(token);
      expect(r.body.url).toBe(`${BASE}/o#${token}`);
      expect(r.body.qrSvg).toContain('<svg');
      expect(r.headers['cache-control']).toBe('no-store');
    }
  });

  it('only the organizers may see it: members, the 督导组 and strangers may not', async () => {
    for (const [who, status] of [
      ['memberB1', 403],
      ['reviewerCounty', 403],
      ['memberB2', 404],
    ] as const) {
      const r = await (await t.as(who)).get(`/api/opinion-collections/${collection}/link`);
      expect(r.status, who).toBe(status);
      expect(JSON.stringify(r.body), who).not.toContain(token);
    }
    expect((await t.anon().get(`/api/opinion-collections/${collection}/link`)).status).toBe(401);
  });

  it('rotating gives a new link, shown again from then on; the old one stops working', async () => {
    const sec = await t.as('secB1');
    const r = await sec.post(`/api/opinion-collections/${collection}/rotate`, { baseUrl: BASE });
    expect(r.status).toBe(200);
    expect(r.body.token).not.toBe(token);
    const again = await sec.get(`/api/opinion-collections/${collection}/link`);
    expect(again.body.token).toBe(r.body.token);
    expect(again.body.url).toBeNull(); // no base address given: the path only
    expect(again.body.path).toBe(`/o#${r.body.token}`);
    expect((await form(token)).status).toBeGreaterThanOrEqual(400);
    expect((await form(r.body.token)).status).toBe(200);
    token = r.body.token;
  });

  it('neither the database nor a backup holds the link or its key; the key file is private to the server', async () => {
    const keyFile = join(dirname(t.store.file!), LINK_KEY_FILE);
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    const key = readFileSync(keyFile, 'utf8').trim();
    t.store.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    const db = readFileSync(t.store.file!);
    const dir = mkdtempSync(join(tmpdir(), 'jianshi-link-backup-'));
    await backup(t.store, join(dir, 'b'));
    const raw = readFileSync(join(dir, 'b'));
    const copy = raw[0] === 0x1f ? gunzipSync(raw) : raw;
    rmSync(dir, { recursive: true, force: true });
    const keyBytes = Buffer.from(key, 'base64');
    for (const [what, bytes] of [
      ['database', db],
      ['backup', copy],
    ] as const) {
      expect(bytes.includes(Buffer.from(token)), `token in the ${what}`).toBe(false);
      expect(bytes.includes(Buffer.from(key)), `key in the ${what}`).toBe(false);
      expect(bytes.includes(keyBytes), `raw key in the ${what}`).toBe(false);
    }
    // The stored nonce is no link.
    const row = await t.store.db
      .selectFrom('opinion_collections')
      .select(['link_nonce'])
      .where('id', '=', collection)
      .executeTakeFirstOrThrow();
    expect(row.link_nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await form(row.link_nonce!)).status).toBeGreaterThanOrEqual(400);
  });

  it('under another key the link cannot be shown again (409, with what to do), yet keeps working', async () => {
    const other = await startTestApp('sqlite', { opinionLinkKey: randomBytes(32).toString('base64') }, t.store);
    try {
      const r = await (await other.as('secB1')).get(`/api/opinion-collections/${collection}/link`);
      expect([r.status, r.body.code]).toEqual([409, 'E_OPINION_LINK_UNAVAILABLE']);
      expect(r.body.message).toContain('重新生成');
      expect(
        (await other.anon().post('/api/public/opinions/form', { token }, PUBLIC)).status,
        'the link still works',
      ).toBe(200);
    } finally {
      await other.app.close();
    }
  });
});
