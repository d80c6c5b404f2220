/**
 * The ledger repository contract: the same suite on SQLite (always) and PostgreSQL (when
 * TEST_DATABASE_URL is set). The dashboard in SQL is checked against the core's reference
 * definition on the same items.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, testDialects, type TestStore } from './testing.js';
import { createRepositories, type Repositories } from './repositories/index.js';
import { ledgerRepository, type LedgerRepository } from './repositories/ledger.js';
import * as ledgerIndexes from './migrations/2026-11-29T1200_ledger_indexes.js';
import { sql } from 'kysely';

/** The indexes that migration creates, sorted. */
const LEDGER_INDEXES = [
  'ledger_items_dashboard',
  'ledger_items_number_id',
  'ledger_items_org_number',
  'ledger_items_status_deadline',
  'ledger_notes_item_time',
];
import {
  applyLedgerEvent,
  assignNumbers,
  dashboard,
  dailyNotifications,
  findRecurrence,
  ledgerReadScope,
  type LedgerStatus,
  type NewLedgerItem,
} from '../core/ledger/index.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

for (const dialect of testDialects()) {
  describe(`ledger repository on ${dialect}`, () => {
    let store: TestStore;
    let r: Repositories;
    let L: LedgerRepository;
    const evidenceDir = mkdtempSync(join(tmpdir(), 'jianshi-evidence-'));
    const ids = { root: '', rootPath: '', b1: '', b1Path: '', b2: '', sec: '', mem: '', mem2: '', rev: '' };

    beforeAll(async () => {
      store = await openTestStore(dialect);
      await ledgerIndexes.up(store.db);
      r = createRepositories(store);
      L = ledgerRepository(store.db, store.dialect);
      const root = await r.orgs.create({ name: '某某党委', kind: '党委' });
      const b1 = await r.orgs.create({ name: '第一党支部', kind: '党支部', parentId: root.id });
      const b2 = await r.orgs.create({ name: '第二党支部', kind: '党支部', parentId: root.id });
      const sec = await r.people.create({ name: '张书记' });
      const mem = await r.people.create({ name: '李明' });
      const mem2 = await r.people.create({ name: '王芳' });
      const rev = await r.people.create({ name: '赵督导' });
      await r.memberships.add({ personId: sec.id, orgId: b1.id, role: 'secretary' });
      await r.memberships.add({ personId: mem.id, orgId: b1.id, role: 'member' });
      await r.memberships.add({ personId: mem2.id, orgId: b2.id, role: 'member' });
      await r.memberships.add({ personId: rev.id, orgId: root.id, role: 'reviewer' });
      Object.assign(ids, {
        root: root.id,
        rootPath: root.path,
        b1: b1.id,
        b1Path: b1.path,
        b2: b2.id,
        sec: sec.id,
        mem: mem.id,
        mem2: mem2.id,
        rev: rev.id,
      });
    });
    afterAll(async () => {
      await store?.close();
      rmSync(evidenceDir, { recursive: true, force: true });
    });

    const draft = (over: Partial<NewLedgerItem> = {}): NewLedgerItem => ({
      orgId: ids.b1,
      year: 2024,
      source: '对照检查',
      aspect: '理论学习',
      problem: '理论学习不深不透',
      measures: '每月学习',
      ownerId: ids.mem,
      deadlineKind: 'date',
      deadlineOn: '2024-06-30',
      ...over,
    });

    it('migrates its indexes down and up again', async () => {
      const ledgerIndexNames = async (): Promise<string[]> => {
        const rows =
          store.dialect === 'postgres'
            ? await sql<{
                name: string;
              }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename in ('ledger_items', 'ledger_notes')`.execute(
                store.db,
              )
            : await sql<{
                name: string;
              }>`select name from sqlite_master where type = 'index' and tbl_name in ('ledger_items', 'ledger_notes')`.execute(
                store.db,
              );
        return rows.rows
          .map((r) => r.name)
          .filter((n) => LEDGER_INDEXES.includes(n))
          .sort();
      };
      expect(await ledgerIndexNames()).toEqual(LEDGER_INDEXES);
      await ledgerIndexes.down(store.db);
      expect(await ledgerIndexNames()).toEqual([]);
      await ledgerIndexes.up(store.db);
      expect(await ledgerIndexNames()).toEqual(LEDGER_INDEXES);
    });

    it('stores items with "one problem, one account" numbers, unique per organization and year', async () => {
      const [a, b] = assignNumbers(
        [draft(), draft({ problem: '调研少', aspect: '工作作风', deadlineKind: 'immediate', deadlineOn: null })],
        '第一党支部',
        2024,
        await L.numbers(ids.b1, 2024),
      );
      const items = await L.insertMany([a, b], ids.sec, '2024-01-10T08:00:00.000Z');
      expect(items.map((i) => i.number)).toEqual(['2024-第一党支部-001', '2024-第一党支部-002']);
      expect(items[1]).toMatchObject({ deadlineKind: 'immediate', deadlineOn: '2024-02-09', status: 'pending' });
      const got = await L.get(items[0].id);
      expect(got).toEqual(items[0]);
      expect(await L.numbers(ids.b1, 2024)).toHaveLength(2);
      await expect(L.insert({ ...draft(), number: '2024-第一党支部-001' }, ids.sec)).rejects.toMatchObject({
        code: 'E_CONFLICT',
      });
      expect((await L.getByNumber(ids.b1, 2024, '2024-第一党支部-002'))?.id).toBe(items[1].id);
      // the same number in another organization is fine
      await L.insert(
        { ...draft({ orgId: ids.b2, ownerId: ids.mem2 }), number: '2024-第一党支部-001' },
        ids.sec,
        '2024-02-01T00:00:00.000Z',
      );
    });

    it('runs the closure workflow with compare-and-set transitions and snapshots', async () => {
      const item = (await L.getByNumber(ids.b1, 2024, '2024-第一党支部-001'))!;
      const updated = await L.update(item.id, { target: '学深悟透', deadlineOn: '2024-07-31' });
      expect(updated).toMatchObject({ target: '学深悟透', deadlineOn: '2024-07-31' });
      await L.addNote(item.id, ids.mem, '已集中学习 3 次', '2024-03-01T00:00:00.000Z');
      await L.addNote(item.id, ids.mem, '已撰写心得体会', '2024-03-02T00:00:00.000Z');
      expect((await L.notes(item.id)).map((n) => n.body)).toEqual(['已集中学习 3 次', '已撰写心得体会']);
      expect((await L.latestNotes([item.id])).get(item.id)).toBe('已撰写心得体会');
      const f = await L.addEvidence({
        itemId: item.id,
        bytes: PDF,
        fileName: '../../etc/学习记录.pdf',
        evidenceOn: '2024-05-01',
        uploadedBy: ids.mem,
      });
      expect(f).toMatchObject({ fileName: '学习记录.pdf', mime: 'application/pdf', storage: 'db', size: PDF.length });
      const ev = (await L.listEvidence(item.id)).map((e) => ({
        id: e.id,
        fileName: e.fileName,
        sha256: e.sha256,
        evidenceOn: e.evidenceOn,
      }));
      let cur = (await L.get(item.id))!;
      const apply = applyLedgerEvent(cur, 'apply', { actorId: ids.mem, at: '2024-05-02T00:00:00.000Z', evidence: ev });
      await L.transition(apply.record);
      // content changes are refused while awaiting closure
      await expect(L.update(item.id, { problem: 'x' })).rejects.toMatchObject({ code: 'E_CONFLICT' });
      cur = (await L.get(item.id))!;
      const back = applyLedgerEvent(cur, 'send_back', {
        actorId: ids.rev,
        at: '2024-05-03T00:00:00.000Z',
        reason: '佐证不充分',
        evidence: ev,
      });
      const close = applyLedgerEvent(cur, 'close', { actorId: ids.sec, at: '2024-05-03T00:00:00.000Z', evidence: ev });
      // two superiors decide at once: exactly one wins
      const results = await Promise.allSettled([L.transition(back.record), L.transition(close.record)]);
      expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((x) => x.status === 'rejected')).toMatchObject({ reason: { code: 'E_CONFLICT' } });
      cur = (await L.get(item.id))!;
      if (cur.status === 'in_progress') {
        const again = applyLedgerEvent(cur, 'apply', {
          actorId: ids.mem,
          at: '2024-05-04T00:00:00.000Z',
          evidence: ev,
        });
        await L.transition(again.record);
        await L.transition(
          applyLedgerEvent(again.item, 'close', { actorId: ids.rev, at: '2024-05-05T00:00:00.000Z', evidence: ev })
            .record,
        );
      }
      cur = (await L.get(item.id))!;
      expect(cur).toMatchObject({ status: 'closed' });
      expect(cur.closedAt).not.toBeNull();
      const ts = await L.transitions(item.id);
      expect(ts[0]).toMatchObject({ fromStatus: 'pending', toStatus: 'awaiting_close', actorId: ids.mem });
      expect(ts.at(-1)).toMatchObject({ toStatus: 'closed' });
      expect((ts[0].snapshot as { evidence: unknown[] }).evidence).toHaveLength(1);
      // closed is immutable
      await expect(L.update(item.id, { problem: 'x' })).rejects.toMatchObject({ code: 'E_CONFLICT' });
      await expect(L.transition({ ...close.record, fromStatus: 'awaiting_close' })).rejects.toMatchObject({
        code: 'E_CONFLICT',
      });
    });

    it('stores evidence in a directory under server-generated paths, verifies digests, enforces type and size', async () => {
      const D = ledgerRepository(store.db, store.dialect, {
        evidence: { mode: 'dir', dir: evidenceDir },
        evidenceLimits: { maxBytes: 1024, maxFilesPerItem: 2 },
      });
      const item = (await L.getByNumber(ids.b1, 2024, '2024-第一党支部-002'))!;
      const f = await D.addEvidence(
        { itemId: item.id, bytes: PNG, fileName: '/tmp/../../x/../照片.png', uploadedBy: ids.mem },
        '2024-03-05T00:00:00.000Z',
      );
      expect(f).toMatchObject({ storage: 'dir', mime: 'image/png', fileName: '照片.png' });
      const month = join(evidenceDir, '2024', '03');
      expect(readdirSync(month)).toEqual([`${f.id}.png`]);
      expect(statSync(join(month, `${f.id}.png`)).size).toBe(PNG.length);
      expect((await D.getEvidence(f.id))?.bytes.equals(PNG)).toBe(true);
      await expect(
        D.addEvidence({
          itemId: item.id,
          bytes: Buffer.from('#!/bin/sh\nrm -rf /'),
          fileName: 'a.pdf',
          uploadedBy: ids.mem,
        }),
      ).rejects.toMatchObject({ code: 'E_UNSUPPORTED_FORMAT' });
      await expect(
        D.addEvidence({
          itemId: item.id,
          bytes: Buffer.concat([PDF, Buffer.alloc(2000)]),
          fileName: 'big.pdf',
          uploadedBy: ids.mem,
        }),
      ).rejects.toMatchObject({ code: 'E_TOO_LARGE' });
      await expect(
        D.addEvidence({ itemId: item.id, bytes: new Uint8Array(0), uploadedBy: ids.mem }),
      ).rejects.toMatchObject({ code: 'E_EMPTY' });
      await D.addEvidence({ itemId: item.id, bytes: PDF, uploadedBy: ids.mem });
      await expect(D.addEvidence({ itemId: item.id, bytes: PDF, uploadedBy: ids.mem })).rejects.toMatchObject({
        code: 'E_TOO_LARGE',
      });
      expect((await D.listEvidence(item.id)).map((e) => e.fileName)).toEqual(['照片.png', '佐证材料.pdf']);
      // a file changed on disk is detected
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(month, `${f.id}.png`), Buffer.concat([PNG, Buffer.from('x')]));
      await expect(D.getEvidence(f.id)).rejects.toMatchObject({ code: 'E_IO' });
    });

    it('lists with filters, read scope and keyset pagination; the dashboard in SQL equals the core definition', async () => {
      // 120 more items across both branches, with every status and deadline kind
      const statuses: LedgerStatus[] = ['pending', 'in_progress', 'awaiting_close', 'closed'];
      const aspects = ['理论学习', '工作作风', null, '廉洁自律'];
      for (const [org, name, owner] of [
        [ids.b1, '第一党支部', ids.mem],
        [ids.b2, '第二党支部', ids.mem2],
      ] as const) {
        const drafts = Array.from({ length: 60 }, (_, k) =>
          draft({
            orgId: org,
            ownerId: k % 5 === 0 ? null : owner,
            aspect: aspects[k % 4],
            status: statuses[k % 4],
            problem: `问题${k}：调查研究不够深入`,
            deadlineKind: k % 7 === 0 ? 'ongoing' : 'date',
            deadlineOn: k % 7 === 0 ? null : `2024-0${1 + (k % 9)}-1${k % 10}`,
            source: k % 3 ? '征求意见' : '相互批评',
          }),
        );
        const numbered = assignNumbers(drafts, name, 2024, await L.numbers(org, 2024));
        for (let k = 0; k < numbered.length; k++)
          await L.insert(numbered[k], ids.sec, `2024-0${1 + (k % 6)}-15T00:00:00.000Z`);
      }
      const today = '2024-05-12';
      const all = await L.list({}, { all: true }, { limit: 500 }, today);
      expect(all.total).toBe(123);
      // keyset pages cover everything exactly once, in number order
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const p: Awaited<ReturnType<typeof L.list>> = await L.list({}, { all: true }, { limit: 17, cursor }, today);
        seen.push(...p.items.map((i) => i.id));
        cursor = p.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.items.map((i) => i.id));
      expect(new Set(seen).size).toBe(123);
      // filters
      const b1Overdue = await L.list({ orgIds: [ids.b1], due: 'overdue' }, { all: true }, { limit: 500 }, today);
      const expected = all.items.filter(
        (i) =>
          i.orgId === ids.b1 &&
          ['pending', 'in_progress'].includes(i.status) &&
          i.deadlineKind !== 'ongoing' &&
          i.deadlineOn! < today,
      );
      expect(b1Overdue.items.map((i) => i.id).sort()).toEqual(expected.map((i) => i.id).sort());
      expect(
        (
          await L.list(
            { subtreeOf: ids.rootPath, aspect: '', status: ['closed'] },
            { all: true },
            { limit: 500 },
            today,
          )
        ).items.every((i) => i.aspect === null && i.status === 'closed'),
      ).toBe(true);
      expect((await L.list({ q: '问题1' }, { all: true }, { limit: 500 }, today)).total).toBe(22);
      expect((await L.list({ q: '100%' }, { all: true }, {}, today)).total).toBe(0);
      // read scopes
      const actor = (personId: string, ms: { orgId: string; orgPath: string; role: string }[]) => ({
        personId,
        isAdmin: false,
        memberships: ms,
      });
      const memScope = ledgerReadScope(actor(ids.mem, [{ orgId: ids.b1, orgPath: ids.b1Path, role: 'member' }]));
      const mine = await L.list({}, memScope, { limit: 500 }, today);
      expect(mine.items.length).toBeGreaterThan(0);
      expect(mine.items.every((i) => i.ownerId === ids.mem)).toBe(true);
      const revScope = ledgerReadScope(actor(ids.rev, [{ orgId: ids.root, orgPath: ids.rootPath, role: 'reviewer' }]));
      expect((await L.list({}, revScope, { limit: 500 }, today)).total).toBe(123);
      const secScope = ledgerReadScope(actor(ids.sec, [{ orgId: ids.b1, orgPath: ids.b1Path, role: 'secretary' }]));
      expect((await L.list({}, secScope, { limit: 500 }, today)).items.every((i) => i.orgId === ids.b1)).toBe(true);
      // dashboard: SQL = core reference, for the whole set and a filtered one
      expect(await L.dashboard({}, { all: true }, today)).toEqual(dashboard(all.items, today));
      const b2Items = all.items.filter((i) => i.orgId === ids.b2 && i.source === '征求意见');
      expect(await L.dashboard({ orgIds: [ids.b2], source: '征求意见' }, { all: true }, today)).toEqual(
        dashboard(b2Items, today),
      );
      await expect(L.list({}, { all: true }, { cursor: 'garbage' }, today)).rejects.toMatchObject({
        code: 'E_BAD_ARGUMENT',
      });
    });

    it('finds recurrence candidates and stores the repeated link', async () => {
      const old = await L.insert(
        {
          ...draft({ year: 2023, problem: '理论学习不深不透，学用结合不够紧密', status: 'closed' }),
          number: '2023-第一党支部-001',
        },
        ids.sec,
        '2023-03-01T00:00:00.000Z',
      );
      const now = await L.insert(
        { ...draft({ problem: '理论学习不够深入，学用结合不紧密' }), number: '2024-第一党支部-900' },
        ids.sec,
      );
      // An item of an earlier year still open is a candidate too (a problem that came back unsolved).
      const open = await L.insert(
        {
          ...draft({ year: 2022, problem: '联系群众不够，调研次数少', status: 'in_progress' }),
          number: '2022-第一党支部-001',
        },
        ids.sec,
        '2022-03-01T00:00:00.000Z',
      );
      const cands = await L.recurrenceCandidates(now);
      expect(cands.map((c) => c.id)).toEqual([old.id, open.id]);
      const hit = findRecurrence(now, cands);
      expect(hit?.id).toBe(old.id);
      await L.setRepeated(now.id, hit!.id);
      expect((await L.get(now.id))?.repeatedOfId).toBe(old.id);
      expect((await L.list({ repeated: true }, { all: true })).items.map((i) => i.id)).toContain(now.id);
    });

    it('runs the daily deadline pass: notifications are stored once', async () => {
      const today = '2024-06-25';
      const due = await L.openItemsDueBy(today);
      expect(due.every((i) => ['pending', 'in_progress'].includes(i.status) && i.deadlineOn! <= '2024-07-02')).toBe(
        true,
      );
      const secs = await L.secretariesByOrg([...new Set(due.map((i) => i.orgId))]);
      expect(secs.get(ids.b1)).toEqual([ids.sec]);
      const list = dailyNotifications(due, secs, today);
      expect(list.length).toBeGreaterThan(0);
      const first = await L.notify(list);
      expect(first).toHaveLength(list.length);
      expect(await L.notify(list)).toHaveLength(0);
      const mine = await L.notifications(ids.mem, { unreadOnly: true });
      expect(mine.length).toBeGreaterThan(0);
      expect(mine[0].kind).toMatch(/^ledger\./);
    });
  });
}
