/**
 * ACCEPTANCE: anonymity of opinions, proven over HTTP on a real database.
 *
 * Opinions are submitted through the public endpoint from a distinctive address and user agent, by
 * a person who also has an account. Afterwards nothing — in any column of any table, in the logs
 * or in the audit log — links an opinion to an account, a session, an address, or a time finer
 * than a day; and the submission changed nothing but the opinions table.
 */
import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { openTestStore, testDialects, type TestStore } from '../../src/storage/testing.js';
import { createRepositories, type Repositories } from '../../src/storage/repositories/index.js';
import { TABLES_IN_ORDER } from '../../src/storage/schema.js';
import { SESSION_COOKIE } from '../../src/server/auth/tokens.js';
import { seedWorld, sessionFor, testConfig, type World } from './harness.js';
import { sessionSecret } from '../../src/server/app.js';

const IP = '203.0.113.77';
const UA = 'Mozilla/5.0 (Submitter-Fingerprint-7f3a)';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Anything finer than a day: a clock time or an epoch in milliseconds/seconds of this era. */
const FINER_THAN_A_DAY = /\d{1,2}:\d{2}|\b1[7-9]\d{8}(\d{3})?\b/;

type Dump = Record<string, Record<string, unknown>[]>;

async function dumpAll(store: TestStore): Promise<Dump> {
  const out: Dump = {};
  for (const t of TABLES_IN_ORDER) {
    const rows = await store.db.selectFrom(t).selectAll().execute();
    out[t] = rows.map((r) =>
      JSON.parse(
        JSON.stringify(r, (_k, v) =>
          Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v,
        ),
      ),
    );
  }
  return out;
}
const canon = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();

for (const dialect of testDialects()) {
  describe(`anonymity of opinions over HTTP on ${dialect}`, () => {
    let store: TestStore;
    let repos: Repositories;
    let app: FastifyInstance;
    let world: World;
    let secret: string;
    let logs: string[] = [];
    let token = '';
    let collectionId = '';
    let before: Dump;
    let after: Dump;
    let logsDuringSubmission: string[] = [];
    let publicAnswers: { form: Record<string, unknown>; submitted: unknown } | undefined;
    let member: { token: string; csrf: string };
    const bodies = ['支部活动形式单一，希望多到基层', '学习笔记偏少，发言准备不足', '组织生活会前谈心不够深入'];

    beforeAll(async () => {
      store = await openTestStore(dialect);
      repos = createRepositories(store);
      world = await seedWorld(repos);
      const config = testConfig({
        logLevel: 'trace',
        opinionBatchSize: 2,
        dataDir: store.location.dataDir ?? mkdtempSync(join(tmpdir(), 'jianshi-anon-')),
      }); // the second submission (third opinion) completes a batch of k = 2 submissions
      const stream = new Writable({
        write(chunk, _enc, cb) {
          logs.push(chunk.toString());
          cb();
        },
      });
      app = await buildApp({ config, store, logger: { level: 'trace', stream } });
      secret = await sessionSecret(repos, config.sessionSecret);
      const sec = await sessionFor(repos, secret, world.person.secB1);
      member = await sessionFor(repos, secret, world.person.memberB1);
      const r = await app.inject({
        method: 'POST',
        url: `/api/meetings/${world.meeting}/opinion-collections`,
        payload: {},
        headers: { cookie: `${SESSION_COOKIE}=${sec.token}`, 'x-csrf-token': sec.csrf },
        remoteAddress: '198.51.100.1',
      });
      expect(r.statusCode).toBe(201);
      ({ token } = r.json());
      collectionId = r.json().collection.id;

      before = await dumpAll(store);
      const mark = logs.length;
      const submit = (opinions: unknown[], headers: Record<string, string> = {}) =>
        app.inject({
          method: 'POST',
          url: '/api/public/opinions',
          payload: { token, opinions },
          headers: { 'x-csrf-token': 'public', 'user-agent': UA, 'x-forwarded-for': IP, ...headers },
          remoteAddress: IP,
        });
      // The public page sends no credentials (fetch with credentials: 'omit') …
      const a = await submit([
        { target: { kind: 'group' }, category: '工作作风', body: bodies[0] },
        { target: { kind: 'person', personId: world.person.author }, category: '理论学习', body: bodies[1] },
      ]);
      expect(a.statusCode).toBe(201);
      expect(a.headers['set-cookie']).toBeUndefined();
      const form = await app.inject({
        method: 'POST',
        url: '/api/public/opinions/form',
        payload: { token },
        headers: { 'x-csrf-token': 'public', 'user-agent': UA },
        remoteAddress: IP,
      });
      expect(form.statusCode).toBe(200);
      publicAnswers = { form: form.json(), submitted: a.json() };
      // A second person, later the same day.
      const b = await submit([{ target: { kind: 'person', personId: world.person.author }, body: bodies[2] }], {
        'user-agent': `${UA} 2`,
      });
      expect(b.statusCode).toBe(201);
      expect(b.headers['set-cookie']).toBeUndefined();
      // A rejected submission is not logged either.
      expect((await submit([{ target: { kind: 'person', personId: 'nobody' }, body: 'x' }])).statusCode).toBe(400);
      logsDuringSubmission = logs.slice(mark);
      after = await dumpAll(store);
    });
    afterAll(async () => {
      await app?.close();
      await store?.close();
    });

    it('the submission changed nothing but the opinions table (no session touch, no audit entry, no counter)', () => {
      for (const t of TABLES_IN_ORDER)
        if (t !== 'opinions') expect([t, canon(after[t])]).toEqual([t, canon(before[t])]);
      expect(after.opinions).toHaveLength(3);
    });

    it('an opinion row is target, category, body and a date — with a random UUID v4 id', () => {
      for (const o of after.opinions) {
        expect(Object.keys(o).sort()).toEqual([
          'body',
          'category',
          'collection_id',
          'hidden',
          'id',
          'submitted_on',
          'target_kind',
          'target_person_id',
        ]);
        expect(o.hidden).toBe(0);
        expect(o.id).toMatch(UUID_V4);
        expect(o.submitted_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(o.collection_id).toBe(collectionId);
        expect(JSON.stringify(o)).not.toMatch(FINER_THAN_A_DAY);
        expect([null, world.person.author]).toContain(o.target_person_id);
      }
    });

    it('no column of any table holds the submitter account, address, user agent or an opinion outside its row', () => {
      const everything = JSON.stringify(after);
      expect(everything).not.toContain(IP);
      expect(everything).not.toContain('Submitter-Fingerprint');
      // The submitter (memberB1) appears only where he did before: people, memberships, participants, his session.
      const submitter = world.person.memberB1;
      const oneSubmitterCount = (d: Dump) =>
        Object.fromEntries(
          Object.entries(d).map(([t, rows]) => [t, rows.filter((r) => JSON.stringify(r).includes(submitter)).length]),
        );
      expect(oneSubmitterCount(after)).toEqual(oneSubmitterCount(before));
      for (const o of after.opinions)
        for (const [t, rows] of Object.entries(after))
          if (t !== 'opinions') expect(JSON.stringify(rows)).not.toContain(String(o.id));
      for (const body of bodies)
        for (const [t, rows] of Object.entries(after))
          if (t !== 'opinions') expect([t, JSON.stringify(rows).includes(body)]).toEqual([t, false]);
    });

    it('the logs have not a single line about the public requests — while other requests are logged with their address', () => {
      expect(logsDuringSubmission).toEqual([]);
      const all = logs.join('');
      expect(all).not.toContain(IP);
      expect(all).not.toContain('Submitter-Fingerprint');
      expect(all).not.toContain('/api/public/');
      expect(all).not.toContain(token);
      // Control: the capture works and an ordinary request is logged with its address.
      expect(all).toContain('198.51.100.1');
    });

    it('the rows carry no order of submission: one transaction id for all (PostgreSQL), ids renewed each time', async () => {
      if (dialect === 'postgres') {
        const xmins = (await sql<{ x: string }>`select xmin::text as x from opinions`.execute(store.db)).rows;
        expect(new Set(xmins.map((x) => x.x)).size).toBe(1);
      }
      expect(after.opinions.length).toBe(3);
    });

    it('the audit log has no entry about a submission and its chain is intact', async () => {
      expect(after.audit_log).toEqual(before.audit_log);
      expect((await repos.audit.verify()).ok).toBe(true);
    });

    it('closing the collection records only the secretary and a count, then reseals the rows', async () => {
      const sec = await sessionFor(repos, secret, world.person.secB1);
      const r = await app.inject({
        method: 'POST',
        url: `/api/opinion-collections/${collectionId}/close`,
        headers: { cookie: `${SESSION_COOKIE}=${sec.token}`, 'x-csrf-token': sec.csrf },
      });
      expect(r.statusCode).toBe(200);
      const entries = await repos.audit.list({ entity: 'opinion_collection' });
      const close = entries.at(-1)!;
      expect(close).toMatchObject({ action: 'opinions.close', actorId: world.person.secB1, details: { opinions: 3 } });
      const rows = await store.db.selectFrom('opinions').selectAll().execute();
      expect(rows.map((x) => x.id).some((id) => after.opinions.some((o) => o.id === id))).toBe(false);
      if (dialect === 'postgres') {
        const xmins = (await sql<{ x: string }>`select xmin::text as x from opinions`.execute(store.db)).rows;
        expect(new Set(xmins.map((x) => x.x)).size).toBe(1);
      }
    });

    it('the public answers hold what the form shows and a count: nothing about a collection, a meeting id or a submitter', () => {
      const { form, submitted } = publicAnswers!;
      expect(Object.keys(form).sort()).toEqual(
        [
          'orgName',
          'meetingKind',
          'groupName',
          'year',
          'theme',
          'open',
          'closesOn',
          'targets',
          'categories',
          'limits',
        ].sort(),
      );
      for (const t of form.targets as object[]) expect(Object.keys(t).sort()).toEqual(['id', 'name']);
      expect(submitted).toEqual({ accepted: 2 });
    });

    // A browser that sends its session cookie along must neither be refused by the session-bound
    // CSRF check (403) nor get `sessions.last_seen_at` set to the instant it submits. The public
    // page omits credentials (above), and app.ts skips the session lookup and the session-bound
    // CSRF check for /api/public/.
    it('a logged-in browser can submit, and its stale session is not touched', async () => {
      await store.db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(Date.now() - 3600_000).toISOString() })
        .execute();
      const c2 = await app.inject({
        method: 'POST',
        url: `/api/opinion-collections/${collectionId}/rotate`,
        payload: { reopen: true },
        headers: await (async () => {
          const s = await sessionFor(repos, secret, world.person.secB1);
          return { cookie: `${SESSION_COOKIE}=${s.token}`, 'x-csrf-token': s.csrf };
        })(),
      });
      const fresh = c2.json().token as string;
      await store.db.updateTable('sessions').set({ last_seen_at: '2020-01-01T00:00:00.000Z' }).execute();
      const r = await app.inject({
        method: 'POST',
        url: '/api/public/opinions',
        payload: { token: fresh, opinions: [{ target: { kind: 'group' }, body: '再提一条' }] },
        headers: { 'x-csrf-token': 'public', cookie: `${SESSION_COOKIE}=${member.token}` },
      });
      expect(r.statusCode).toBe(201);
      const touched = await store.db
        .selectFrom('sessions')
        .select('last_seen_at')
        .where('person_id', '=', world.person.memberB1)
        .execute();
      expect(touched.every((s) => s.last_seen_at === '2020-01-01T00:00:00.000Z')).toBe(true);
    });
  });
}
