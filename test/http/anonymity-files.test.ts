/**
 * ACCEPTANCE: anonymity against someone who holds the database files.
 *
 * The attacker's method, done here for real: people log in (timestamped session rows) and submit
 * opinions in between — login → opinion → login → opinion … — and after every step the attacker
 * copies the files. On SQLite he rebuilds the database as it was at EVERY commit kept in the `-wal`
 * file (the WAL cut at each commit frame, opened with better-sqlite3) and looks for opinions; on
 * PostgreSQL he reads the `xmin` of the opinion rows against the session rows'. Opinions must
 * appear only as whole batches of at least k, the waiting ones must be unreadable ciphertext, and
 * after the batch the key file in hand no longer opens any ciphertext he copied.
 */
import { createDecipheriv } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { openTestStore, testDialects, type TestStore } from '../../src/storage/testing.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { Client, PASSWORD, seedWorld, testConfig, type World } from './harness.js';

const K = 3;
const SPOOL_KEY_FILE = 'opinion-spool.key';

/**
 * The attacker's decryption of a spooled row, from the published format (opinion-spool.ts):
 * base64(kid[4] | nonce[12] | tag[16] | AES-256-GCM(padded JSON)), the collection id as AAD.
 */
function unseal(keys: Buffer[], collectionId: string, sealed: string): { body: string } | null {
  const raw = Buffer.from(sealed, 'base64');
  for (const key of keys) {
    try {
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(4, 16));
      d.setAAD(Buffer.from(collectionId, 'utf8'));
      d.setAuthTag(raw.subarray(16, 32));
      return {
        body: JSON.parse(
          Buffer.concat([d.update(raw.subarray(32)), d.final()])
            .toString('utf8')
            .trimEnd(),
        ).b,
      };
    } catch {
      /* not this key */
    }
  }
  return null;
}
const BODIES = ['第一条：调研走过场', '第二条：会议文山会海', '第三条：谈心谈话流于形式', '第四条：台账只记不改'];

interface Snapshot {
  label: string;
  db: Buffer;
  wal: Buffer;
  key: Buffer | null;
}

/** The commits kept in a WAL: the byte length of the WAL up to and including each commit frame. */
function walCommits(wal: Buffer): number[] {
  if (wal.length < 32) return [];
  const pageSize = wal.readUInt32BE(8);
  const salt = wal.subarray(16, 24);
  const out: number[] = [];
  for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) {
    if (!wal.subarray(off + 8, off + 16).equals(salt)) break; // a frame of an earlier WAL generation
    if (wal.readUInt32BE(off + 4) !== 0) out.push(off + 24 + pageSize);
  }
  return out;
}

interface State {
  opinions: string[];
  spool: { collection_id: string; sealed: string }[];
  sessions: number;
}

/** Open the database as it was at one commit: the main file plus the WAL cut after that commit. */
function stateAt(snap: Snapshot, walBytes: number): State {
  const dir = mkdtempSync(join(tmpdir(), 'jianshi-wal-'));
  try {
    writeFileSync(join(dir, 'x.db'), snap.db);
    if (walBytes) writeFileSync(join(dir, 'x.db-wal'), snap.wal.subarray(0, walBytes));
    const h = new BetterSqlite3(join(dir, 'x.db'));
    try {
      // The main file alone may predate the schema (everything still in the WAL).
      const has = (t: string) => !!h.prepare('select count(*) from sqlite_master where name = ?').pluck().get(t);
      if (!has('opinions')) return { opinions: [], spool: [], sessions: 0 };
      return {
        opinions: h.prepare('select body from opinions').pluck().all() as string[],
        spool: has('opinion_spool')
          ? (h.prepare('select collection_id, sealed from opinion_spool').all() as State['spool'])
          : [],
        sessions: h.prepare('select count(*) from sessions').pluck().get() as number,
      };
    } finally {
      h.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every state an attacker can rebuild from one copy: the main file alone, then each WAL commit. */
const rebuilt = new WeakMap<Snapshot, State[]>();
function statesOf(snap: Snapshot): State[] {
  if (!rebuilt.has(snap)) rebuilt.set(snap, [stateAt(snap, 0), ...walCommits(snap.wal).map((n) => stateAt(snap, n))]);
  return rebuilt.get(snap)!;
}

const keysIn = (file: Buffer | null) =>
  file ? (JSON.parse(file.toString('utf8')).keys as string[]).map((k) => Buffer.from(k, 'base64')) : [];

for (const dialect of testDialects()) {
  describe(`opinions cannot be placed in time from the ${dialect} files`, () => {
    let store: TestStore;
    let app: FastifyInstance;
    let world: World;
    let dataDir: string;
    let token = '';
    const snaps: Snapshot[] = [];
    /** PostgreSQL: after each step, the xmin of every opinion row and of every session row. */
    const xmins: { label: string; opinions: { x: bigint; body: string }[]; sessions: bigint[] }[] = [];

    async function observe(label: string) {
      if (dialect === 'sqlite') {
        const file = store.file!;
        snaps.push({
          label,
          db: readFileSync(file),
          wal: existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0),
          key: existsSync(join(dataDir, SPOOL_KEY_FILE)) ? readFileSync(join(dataDir, SPOOL_KEY_FILE)) : null,
        });
      } else {
        const o = (await sql<{ x: string; body: string }>`select xmin::text as x, body from opinions`.execute(store.db))
          .rows;
        const s = (await sql<{ x: string }>`select xmin::text as x from sessions`.execute(store.db)).rows;
        xmins.push({
          label,
          opinions: o.map((r) => ({ x: BigInt(r.x), body: r.body })),
          sessions: s.map((r) => BigInt(r.x)),
        });
      }
    }

    beforeAll(async () => {
      store = await openTestStore(dialect);
      dataDir = store.location.dataDir ?? mkdtempSync(join(tmpdir(), 'jianshi-pgdata-'));
      world = await seedWorld(createRepositories(store));
      app = await buildApp({ config: testConfig({ opinionBatchSize: K, dataDir }), store, logger: false });
      const login = async (username: string) => {
        const r = await new Client(app, undefined, 'x').post('/api/auth/login', { username, password: PASSWORD });
        expect(r.status).toBe(200);
        return new Client(app, /jianshi_sid=([^;]+)/.exec(String(r.headers['set-cookie']))![1], r.body.csrfToken);
      };
      const sec = await login('secb1');
      const open = await sec.post(`/api/meetings/${world.meeting}/opinion-collections`, {});
      expect(open.status).toBe(201);
      token = open.body.token;
      const submit = async (body: string) => {
        const r = await app.inject({
          method: 'POST',
          url: '/api/public/opinions',
          payload: { token, opinions: [{ target: { kind: 'group' }, body }] },
          headers: { 'x-csrf-token': 'public' },
        });
        expect([r.statusCode, r.json()]).toEqual([201, { accepted: 1 }]);
      };
      // The set-up (migrations, seeding) out of the WAL: what follows is the collection window.
      store.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
      await observe('start');
      // login → opinion → login → opinion …: the third opinion completes the batch (k = 3).
      const people = ['memberb1', 'leaderb1', 'author', 'memberb2', 'secb1'];
      for (let i = 0; i < BODIES.length; i++) {
        await login(people[i]);
        await observe(`login ${i + 1}`);
        await submit(BODIES[i]);
        await observe(`opinion ${i + 1}`);
      }
      await login(people[4]);
      await observe('login 5');
    });
    afterAll(async () => {
      await app?.close();
      await store?.close();
      if (dialect === 'postgres') rmSync(dataDir, { recursive: true, force: true });
    });

    if (dialect === 'sqlite') {
      it('no commit in any copy of the WAL holds an opinion before its batch; the first that does holds ≥ k', () => {
        const timeline: { label: string; commit: number; opinions: number; spool: number; sessions: number }[] = [];
        for (const snap of snaps)
          statesOf(snap).forEach((s, commit) =>
            timeline.push({
              label: snap.label,
              commit,
              opinions: s.opinions.length,
              spool: s.spool.length,
              sessions: s.sessions,
            }),
          );
        // The WAL really kept the history (several commits per copy, logins interleaved).
        expect(Math.max(...snaps.map((s) => walCommits(s.wal).length))).toBeGreaterThan(3);
        // Opinions appear only as whole batches: every rebuilt state holds 0 or ≥ k of them, and the
        // count never grows by fewer than k.
        for (const t of timeline)
          expect([t.label, t.commit, t.opinions === 0 || t.opinions >= K]).toEqual([t.label, t.commit, true]);
        const counts = [...new Set(timeline.map((t) => t.opinions))].sort((a, b) => a - b);
        for (let i = 1; i < counts.length; i++) expect(counts[i] - counts[i - 1]).toBeGreaterThanOrEqual(K);
        // Before the third opinion, nothing of any opinion is anywhere in the files — not as a row, not as bytes.
        const before = snaps.slice(
          0,
          snaps.findIndex((s) => s.label === 'opinion 3'),
        );
        for (const snap of before) {
          for (const s of statesOf(snap)) expect(s.opinions).toEqual([]);
          for (const body of BODIES) {
            expect(snap.db.includes(Buffer.from(body))).toBe(false);
            expect(snap.wal.includes(Buffer.from(body))).toBe(false);
          }
        }
        // … yet each acknowledged opinion was durable at once: a sealed spool row per submission.
        expect(statesOf(snaps.find((s) => s.label === 'opinion 2')!).at(-1)!.spool).toHaveLength(2);
        // After the batch: all three, and the fourth waits sealed (not readable in the files).
        const last = statesOf(snaps.at(-1)!).at(-1)!;
        expect(last.opinions.sort()).toEqual(BODIES.slice(0, 3).sort());
        expect(last.spool).toHaveLength(1);
        for (const snap of snaps)
          expect(snap.db.includes(Buffer.from(BODIES[3])) || snap.wal.includes(Buffer.from(BODIES[3]))).toBe(false);
      });

      it('the batch emptied the WAL (checkpoint TRUNCATE): the order of logins and submissions before it is gone', () => {
        const batch = snaps.find((s) => s.label === 'opinion 3')!;
        expect(batch.wal.length).toBe(0);
      });

      it('the spooled ciphertext is sealed: opened with the key of its time, never with the key file as it is after the batch', () => {
        const sealedSeen = new Map<string, { collection_id: string; sealed: string; key: Buffer | null }>();
        for (const snap of snaps)
          for (const s of statesOf(snap)) for (const r of s.spool) sealedSeen.set(r.sealed, { ...r, key: snap.key });
        expect(sealedSeen.size).toBeGreaterThanOrEqual(3);
        const keyAfter = keysIn(snaps.at(-1)!.key);
        expect(keyAfter.length).toBeGreaterThan(0);
        const opened = [...sealedSeen.values()].map((r) => ({
          then: unseal(keysIn(r.key), r.collection_id, r.sealed)?.body ?? null,
          now: unseal(keyAfter, r.collection_id, r.sealed)?.body ?? null,
        }));
        // Control: the key file of the moment opens them (so the test can tell).
        expect(opened.filter((o) => o.then !== null).length).toBe(sealedSeen.size);
        // The ciphertext of the first three (copied before the batch) is useless with today's key file;
        // only the row still waiting (re-sealed after the batch) opens.
        const stillOpen = opened.filter((o) => o.now !== null).map((o) => o.now);
        expect(stillOpen.every((b) => b === BODIES[3])).toBe(true);
        for (const b of BODIES.slice(0, 3)) expect(stillOpen).not.toContain(b);
        // Padding: every sealed row has the same length, whatever the opinion's length.
        expect(new Set([...sealedSeen.keys()].map((s) => s.length)).size).toBe(1);
      });
    } else {
      it('opinion rows appear only as a batch of ≥ k sharing one xmin, never alone between two logins', () => {
        expect(xmins.length).toBe(1 + 2 * BODIES.length + 1);
        for (const o of xmins) {
          const groups = new Map<bigint, number>();
          for (const r of o.opinions) groups.set(r.x, (groups.get(r.x) ?? 0) + 1);
          // Every transaction that wrote opinions wrote at least k of them.
          for (const [, n] of groups) expect([o.label, n >= K]).toEqual([o.label, true]);
        }
        // Before the batch, no opinion row at all (the attacker sees only which logins happened).
        for (const o of xmins.slice(
          0,
          xmins.findIndex((x) => x.label === 'opinion 3'),
        ))
          expect([o.label, o.opinions]).toEqual([o.label, []]);
        const final = xmins.at(-1)!;
        expect(final.opinions.map((r) => r.body).sort()).toEqual(BODIES.slice(0, 3).sort());
        expect(new Set(final.opinions.map((r) => r.x)).size).toBe(1);
      });
    }
  });
}
