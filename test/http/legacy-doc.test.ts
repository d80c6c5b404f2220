/**
 * Legacy .doc conversion is bounded, against a real server process:
 * - four .doc uploads at once run one LibreOffice at a time (the soffice processes of the
 *   server — those with a profile under its private TMPDIR — are counted while they run), and
 *   each upload succeeds or gets the clear queue-full code;
 * - random bytes behind an OLE header are refused (400 E_NOT_WORD_DOC) and nothing is stored;
 * - a real .doc (made here by LibreOffice from a .docx fixture) still imports.
 * On the code before, four uploads ran four LibreOffices at once and the random bytes were stored
 * as a version of garbled text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { openTestStore, type TestStore } from '../../src/storage/testing.js';
import { hasSoffice, sofficeConvert } from '../../src/formats/legacy.js';
import { multipart, PASSWORD, seedWorld, type World } from './harness.js';
import { HttpClient, spawnServer, type ServerProcess } from './process.js';

describe.skipIf(!hasSoffice())('legacy .doc uploads', () => {
  let store: TestStore;
  let server: ServerProcess;
  let w: World;
  let serverTmp = '';
  let work = '';
  let doc: Uint8Array;
  const clients: HttpClient[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'jianshi-doc-test-'));
    copyFileSync(new URL('../fixtures/docx/headings.docx', import.meta.url), join(work, 'material.docx'));
    doc = new Uint8Array(
      readFileSync(await sofficeConvert(join(work, 'material.docx'), 'doc:MS Word 97', work, { timeoutMs: 90_000 })),
    );
    store = await openTestStore('sqlite');
    w = await seedWorld(createRepositories(store));
    await store.db.destroy();
    serverTmp = mkdtempSync(join(tmpdir(), 'jianshi-doc-server-'));
    server = await spawnServer({ DATA_DIR: store.location.dataDir!, TMPDIR: serverTmp });
    for (const user of ['author', 'memberb1', 'leaderb1', 'secb1']) {
      const c = new HttpClient(server.url);
      expect((await c.login(user, PASSWORD)).status).toBe(200);
      clients.push(c);
    }
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await store?.close().catch(() => {});
    for (const d of [work, serverTmp]) if (d) rmSync(d, { recursive: true, force: true });
  });

  const upload = async (c: HttpClient, bytes: Uint8Array, name: string, kind = 'member') => {
    const { body, headers } = multipart({ meetingId: w.meeting2, kind }, { name, bytes, type: 'application/msword' });
    const r = await fetch(`${server.url}/api/materials/import`, {
      method: 'POST',
      headers: { ...headers, cookie: c.cookie, 'x-csrf-token': c.csrf },
      body,
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  // The secretary of the branch sees every material of its meeting.
  const materialCount = async () =>
    (await clients[3].req('GET', `/api/materials?meetingId=${w.meeting2}`)).body.items.length as number;

  /** The LibreOffice conversions of the server running now: distinct private profiles under its TMPDIR. */
  const runningConversions = (): number => {
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    const profiles = new Set<string>();
    for (const line of ps.split('\n')) {
      const m = new RegExp(`${serverTmp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/lo-jianshi-[^\\s/]+`).exec(line);
      if (m && /soffice|oosplash/.test(line)) profiles.add(m[0]);
    }
    return profiles.size;
  };

  it('random bytes behind an OLE header: 400 E_NOT_WORD_DOC, nothing stored, no LibreOffice started', async () => {
    const before = await materialCount();
    const junk = new Uint8Array(64 * 1024);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 2654435761) >>> 24;
    junk.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const r = await upload(clients[0], junk, '旧材料.doc', 'personal');
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(400);
    expect(r.body.code).toBe('E_NOT_WORD_DOC');
    expect(r.body.message).toMatch(/Word/);
    expect(await materialCount()).toBe(before);
    expect(readdirNames(serverTmp).filter((n) => n.startsWith('lo-jianshi-'))).toEqual([]);
  });

  it(
    'four uploads at once run one LibreOffice at a time; each succeeds or gets E_CONVERT_BUSY',
    { timeout: 240_000 },
    async () => {
      const before = await materialCount();
      let max = 0;
      let samples = 0;
      let done = false;
      const sampler = (async () => {
        while (!done) {
          max = Math.max(max, runningConversions());
          samples++;
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      const results = await Promise.all(clients.map((c, i) => upload(c, doc, `材料${i}.doc`))).finally(
        () => (done = true),
      );
      await sampler;
      for (const r of results) {
        expect([201, 503], JSON.stringify(r.body).slice(0, 300)).toContain(r.status);
        if (r.status === 503) expect(r.body.code).toBe('E_CONVERT_BUSY');
      }
      const ok = results.filter((r) => r.status === 201);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      expect(samples).toBeGreaterThan(5);
      expect(max).toBe(1);
      expect(await materialCount()).toBe(before + ok.length);
      // The real .doc still imports, with its text.
      for (const r of ok) expect(r.body.model.problems.length).toBeGreaterThan(0);
      expect(ok[0].body.title).toMatch(/对照检查材料/);
    },
  );
});

function readdirNames(dir: string): string[] {
  return execFileSync('ls', ['-1', dir], { encoding: 'utf8' }).split('\n').filter(Boolean);
}
