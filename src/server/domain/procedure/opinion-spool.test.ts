/**
 * The opinion spool on a real database (SQLite and PostgreSQL): the clock-hour rule, key rotation
 * that keeps what still waits, and two instances flushing the same batch once.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, testDialects, type TestStore } from '../../../storage/testing.js';
import { createRepositories, type Repositories } from '../../../storage/repositories/index.js';
import type { AnonymousOpinion } from '../../../core/meeting/opinions.js';
import { createOpinionSpool, SPOOL_KEY_FILE, unseal } from './opinion-spool.js';

const op = (body: string): AnonymousOpinion => ({
  targetKind: 'group',
  targetPersonId: null,
  category: null,
  body,
  submittedOn: '2026-03-02',
});
const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00+08:00`);

for (const dialect of testDialects()) {
  describe(`opinion spool on ${dialect}`, () => {
    let store: TestStore;
    let repos: Repositories;
    let dataDir: string;
    let coll: string[] = [];

    beforeAll(async () => {
      store = await openTestStore(dialect);
      repos = createRepositories(store);
      dataDir = mkdtempSync(join(tmpdir(), 'jianshi-spool-'));
      const org = await repos.orgs.create({ name: '某支部', kind: '党支部' });
      const sec = await repos.people.create({ name: '书记', username: 'sec' });
      const m = await repos.meetings.create({
        orgId: org.id,
        kind: '组织生活会',
        year: 2026,
        theme: '主题',
        participants: [{ personId: sec.id, role: 'secretary' }],
      });
      const p = repos.procedure;
      coll = [];
      for (let i = 0; i < 3; i++)
        coll.push((await p.openCollection({ meetingId: m.id, tokenHash: String(i).repeat(64), createdBy: sec.id })).id);
    });
    afterAll(async () => {
      await store?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const list = (c: string) => repos.procedure.listOpinions({ collectionId: c });

    it('fewer than k wait until the clock hour is over, then come out together; k come out at once', async () => {
      let now = at('10:20');
      const spool = createOpinionSpool({ repos, store, dataDir, batchSize: 3, now: () => now, intervalMs: false });
      await spool.submit(coll[0], [op('十点二十')], { dailyCap: 100 });
      now = at('10:59');
      await spool.submit(coll[0], [op('十点五十九')], { dailyCap: 100 });
      expect(await spool.tick()).toBe(0);
      expect(await list(coll[0])).toEqual([]);
      expect((await spool.pending()).get(coll[0])).toBe(2);
      now = at('11:00');
      expect(await spool.tick()).toBe(2);
      expect((await list(coll[0])).map((o) => o.body).sort()).toEqual(['十点二十', '十点五十九']);
      expect((await spool.pending()).get(coll[0])).toBeUndefined();
      // k submissions in one go: written by the submission that completes the batch.
      await spool.submit(coll[1], [op('甲'), op('乙')], { dailyCap: 100 });
      await spool.submit(coll[1], [op('丙')], { dailyCap: 100 });
      expect(await list(coll[1])).toEqual([]);
      await spool.submit(coll[1], [op('丁')], { dailyCap: 100 });
      expect((await list(coll[1])).map((o) => o.body).sort()).toEqual(['丁', '丙', '乙', '甲']);
      await spool.stop();
    });

    it('one submission of k or more opinions is no batch by itself — it waits (in the same clock hour) until other submissions make k', async () => {
      const now = at('16:05');
      const spool = createOpinionSpool({ repos, store, dataDir, batchSize: 3, now: () => now, intervalMs: false });
      const c = (
        await repos.procedure.openCollection({
          meetingId: (await repos.procedure.getCollection(coll[0]))!.meetingId,
          tokenHash: 'f'.repeat(64),
          createdBy: (await repos.procedure.getCollection(coll[0]))!.createdBy,
        })
      ).id;
      await spool.submit(
        c,
        ['一', '二', '三', '四', '五', '六'].map((b) => op(`一人${b}`)),
        { dailyCap: 100 },
      );
      expect(await spool.tick()).toBe(0);
      expect(await list(c)).toEqual([]);
      // The spool rows show no grouping: nothing but id, collection and equal-size ciphertext.
      const rows = await store.db.selectFrom('opinion_spool').selectAll().where('collection_id', '=', c).execute();
      expect(rows).toHaveLength(6);
      expect(Object.keys(rows[0]).sort()).toEqual(['collection_id', 'id', 'sealed']);
      expect(new Set(rows.map((r) => r.sealed.length)).size).toBe(1);
      await spool.submit(c, [op('第二个人')], { dailyCap: 100 });
      expect(await list(c)).toEqual([]);
      await spool.submit(c, [op('第三个人')], { dailyCap: 100 });
      expect((await list(c)).map((o) => o.body).sort()).toHaveLength(8);
      await spool.stop();
    });

    it('OPINION_BATCH_HOURLY=0: fewer than k wait past the hour while the collection is open, and come out after it closes', async () => {
      let now = at('12:20');
      const spool = createOpinionSpool({
        repos,
        store,
        dataDir,
        batchSize: 3,
        hourly: false,
        now: () => now,
        intervalMs: false,
      });
      await spool.submit(coll[0], [op('只有一条')], { dailyCap: 100 });
      now = at('15:00');
      expect(await spool.tick()).toBe(0);
      expect((await list(coll[0])).map((o) => o.body)).not.toContain('只有一条');
      await repos.procedure.updateCollection(coll[0], { status: 'closed' });
      expect(await spool.tick()).toBe(1);
      expect((await list(coll[0])).map((o) => o.body)).toContain('只有一条');
      await repos.procedure.updateCollection(coll[0], { status: 'open' });
      await spool.stop();
    });

    it('the key file is 0600; rotation after a batch keeps what still waits in another collection', async () => {
      const now = at('14:10');
      const spool = createOpinionSpool({ repos, store, dataDir, batchSize: 2, now: () => now, intervalMs: false });
      await spool.submit(coll[2], [op('另一个征集里等待的')], { dailyCap: 100 });
      const keyFile =
        dialect === 'sqlite' ? join(store.location.dataDir!, SPOOL_KEY_FILE) : join(dataDir, SPOOL_KEY_FILE);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const keysBefore = spool.currentKeys();
      const waiting = await repos.procedure.spoolRows(coll[2]);
      await spool.submit(coll[0], [op('一')], { dailyCap: 100 });
      await spool.submit(coll[0], [op('二')], { dailyCap: 100 });
      expect((await list(coll[0])).map((o) => o.body)).toContain('一');
      const keysAfter = spool.currentKeys();
      const rowsAfter = await repos.procedure.spoolRows(coll[2]);
      expect(rowsAfter).toHaveLength(1);
      if (dialect === 'sqlite') {
        // Rotated: the old key is gone from the file; the waiting row was re-sealed (new id, new key).
        expect(keysAfter[0].equals(keysBefore[0])).toBe(false);
        expect(JSON.parse(readFileSync(keyFile, 'utf8')).keys).toHaveLength(1);
        expect(unseal(keysAfter, coll[2], waiting[0].sealed)).toBeNull();
        expect(rowsAfter[0].id).not.toBe(waiting[0].id);
      }
      expect(unseal(keysAfter, coll[2], rowsAfter[0].sealed)?.body).toBe('另一个征集里等待的');
      await spool.stop();
    });

    it('concurrent submissions through the spool cannot overrun the daily cap (pending ones count)', async () => {
      const spool = createOpinionSpool({
        repos,
        store,
        dataDir,
        batchSize: 4,
        now: () => at('09:10'),
        intervalMs: false,
      });
      const before = (await list(coll[2])).length + ((await spool.pending()).get(coll[2]) ?? 0);
      const cap = before + 5;
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) => spool.submit(coll[2], [op(`并发${i}`)], { dailyCap: cap })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
      expect(
        results
          .filter((r) => r.status === 'rejected')
          .every((r) => (r as PromiseRejectedResult).reason.code === 'E_RATE_LIMITED'),
      ).toBe(true);
      expect((await list(coll[2])).length + ((await spool.pending()).get(coll[2]) ?? 0)).toBe(cap);
      await spool.stop();
    });

    it('two instances sharing OPINION_SPOOL_KEY flush one batch once', async () => {
      const envKey = randomBytes(32).toString('base64');
      const mk = () =>
        createOpinionSpool({ repos, store, dataDir, envKey, batchSize: 50, now: () => at('16:10'), intervalMs: false });
      const a = mk();
      const b = mk();
      for (let i = 0; i < 6; i++) await (i % 2 ? a : b).submit(coll[1], [op(`两实例${i}`)], { dailyCap: 1000 });
      const later = createOpinionSpool({
        repos,
        store,
        dataDir,
        envKey,
        batchSize: 50,
        now: () => at('17:00'),
        intervalMs: false,
      });
      const later2 = createOpinionSpool({
        repos,
        store,
        dataDir,
        envKey,
        batchSize: 50,
        now: () => at('17:00'),
        intervalMs: false,
      });
      const n = await Promise.all([later.tick(), later2.tick()]);
      expect(n[0] + n[1]).toBe(6);
      expect((await list(coll[1])).filter((o) => o.body.startsWith('两实例'))).toHaveLength(6);
      for (const s of [a, b, later, later2]) await s.stop();
    });
  });
}
