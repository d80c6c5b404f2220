/**
 * Contract of the meeting-procedure repository (opinions, talks, the meeting record, appraisal) on
 * SQLite and, when TEST_DATABASE_URL is set, PostgreSQL — including the anonymity guarantees that
 * the storage layer itself must keep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestStore, testDialects, type TestStore } from './testing.js';
import { createRepositories, type Repositories } from './repositories/index.js';
import { meetingProcedureRepository, type MeetingProcedureRepository } from './repositories/meeting-procedure.js';
import type { AnonymousOpinion } from '../core/meeting/opinions.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const op = (
  body: string,
  day = '2026-01-05',
  personId: string | null = null,
  category: string | null = null,
): AnonymousOpinion => ({
  targetKind: personId ? 'person' : 'group',
  targetPersonId: personId,
  category,
  body,
  submittedOn: day,
});

for (const dialect of testDialects()) {
  describe(`meeting procedure repository on ${dialect}`, () => {
    let store: TestStore;
    let r: Repositories;
    let p: MeetingProcedureRepository;
    const id = { org: '', sec: '', l1: '', l2: '', meeting: '', coll: '' };

    beforeAll(async () => {
      store = await openTestStore(dialect);
      r = createRepositories(store);
      p = meetingProcedureRepository(store.db, store.dialect);
      const org = await r.orgs.create({ name: '某党委', kind: '党委' });
      const sec = await r.people.create({ name: '张书记', username: 'zhang' });
      const l1 = await r.people.create({ name: '李委员', username: 'li' });
      const l2 = await r.people.create({ name: '王委员' });
      const m = await r.meetings.create({
        orgId: org.id,
        kind: '民主生活会',
        year: 2025,
        theme: '主题',
        participants: [
          { personId: sec.id, role: 'secretary' },
          { personId: l1.id, role: 'leader' },
          { personId: l2.id, role: 'leader' },
        ],
      });
      Object.assign(id, { org: org.id, sec: sec.id, l1: l1.id, l2: l2.id, meeting: m.id });
    });
    afterAll(async () => {
      await store?.close();
    });

    it('opens a collection known only by the HMAC of its token', async () => {
      const c = await p.openCollection({
        meetingId: id.meeting,
        tokenHash: 'h'.repeat(64),
        opensOn: '2026-01-01',
        closesOn: '2026-01-20',
        createdBy: id.sec,
      });
      id.coll = c.id;
      expect(c).toMatchObject({ status: 'open', opensOn: '2026-01-01', closesOn: '2026-01-20' });
      expect((await p.collectionByTokenHash('h'.repeat(64)))?.id).toBe(c.id);
      expect(await p.collectionByTokenHash('x')).toBeNull();
      expect(await p.listCollections(id.meeting)).toHaveLength(1);
      await expect(
        p.openCollection({ meetingId: id.meeting, tokenHash: 'h'.repeat(64), createdBy: id.sec }),
      ).rejects.toThrow();
    });

    it('stores anonymous opinions with UUID v4 ids and the date only; reads them sorted by content', async () => {
      await p.submitOpinions(
        id.coll,
        [op('乙：会议多'), op('甲：调研少', '2026-01-05', id.l1, '工作作风'), op('丙', '2026-01-05', id.l1)],
        { dailyCap: 10 },
      );
      const list = await p.listOpinions({ collectionId: id.coll });
      expect(list).toHaveLength(3);
      for (const o of list) expect(o.id).toMatch(UUID_V4);
      expect(list.map((o) => o.body)).toEqual(['乙：会议多', '丙', '甲：调研少']); // group first, then by person, category (none first), text
      expect(list[2]).toMatchObject({
        targetKind: 'person',
        targetPersonId: id.l1,
        category: '工作作风',
        submittedOn: '2026-01-05',
      });
      expect((await p.listOpinions({ meetingId: id.meeting, targetPersonId: id.l1 })).map((o) => o.body)).toEqual([
        '丙',
        '甲：调研少',
      ]);
      expect(await p.listOpinions({ meetingId: id.meeting, group: true })).toHaveLength(1);
    });

    it('the opinions table has no column that could identify or time a submitter', async () => {
      const tables = await store.db.introspection.getTables();
      const cols = tables
        .find((t) => t.name === 'opinions')!
        .columns.map((c) => c.name)
        .sort();
      // `hidden`: set by the secretary (junk), never at submission.
      expect(cols).toEqual([
        'body',
        'category',
        'collection_id',
        'hidden',
        'id',
        'submitted_on',
        'target_kind',
        'target_person_id',
      ]);
      // Nothing else was written: no audit entry, no throttle row, the collection untouched.
      expect(await r.audit.list()).toEqual([]);
      expect(await store.db.selectFrom('login_throttle').selectAll().execute()).toEqual([]);
    });

    it('caps submissions per collection per day, counted from the dates (no counter, no identity)', async () => {
      await p.submitOpinions(id.coll, [op('a', '2026-01-06'), op('b', '2026-01-06')], { dailyCap: 3 });
      await expect(
        p.submitOpinions(id.coll, [op('c', '2026-01-06'), op('d', '2026-01-06')], { dailyCap: 3 }),
      ).rejects.toMatchObject({ code: 'E_RATE_LIMITED' });
      expect(await p.countOpinionsOn(id.coll, '2026-01-06')).toBe(2);
      await p.submitOpinions(id.coll, [op('c', '2026-01-06')], { dailyCap: 3 });
      await p.submitOpinions(id.coll, [op('next day', '2026-01-07')], { dailyCap: 3 });
      await expect(
        p.submitOpinions(id.coll, [op('x', '2026-01-06'), op('y', '2026-01-07')], { dailyCap: 3 }),
      ).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    });

    it('refuses outside the window, when closed, and for an unknown collection', async () => {
      await expect(p.submitOpinions(id.coll, [op('早', '2025-12-31')], { dailyCap: 10 })).rejects.toMatchObject({
        code: 'E_BAD_STATE',
      });
      await expect(p.submitOpinions(id.coll, [op('晚', '2026-01-21')], { dailyCap: 10 })).rejects.toMatchObject({
        code: 'E_BAD_STATE',
      });
      await expect(p.submitOpinions('nope', [op('x')], { dailyCap: 10 })).rejects.toMatchObject({
        code: 'E_NOT_FOUND',
      });
    });

    it('concurrent submissions cannot overrun the daily cap', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => p.submitOpinions(id.coll, [op(`并发${i}`, '2026-01-08')], { dailyCap: 5 })),
      );
      expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(5);
      expect(await p.countOpinionsOn(id.coll, '2026-01-08')).toBe(5);
    });

    it('every submission reseals the collection: one xmin (PostgreSQL), ids that change each time', async () => {
      const ids1 = (await p.listOpinions({ collectionId: id.coll })).map((o) => o.id);
      if (dialect === 'postgres') {
        const xmins = (await sql<{ x: string }>`select xmin::text as x from opinions`.execute(store.db)).rows.map(
          (x) => x.x,
        );
        expect(new Set(xmins).size).toBe(1);
      }
      await p.submitOpinions(id.coll, [op('再一条', '2026-01-08')], { dailyCap: 10 });
      const ids2 = (await p.listOpinions({ collectionId: id.coll })).map((o) => o.id);
      expect(ids2.some((x) => ids1.includes(x))).toBe(false);
      await p.submitOpinions(id.coll, [op('不重封', '2026-01-09')], { dailyCap: 10, reseal: false });
      const ids3 = (await p.listOpinions({ collectionId: id.coll })).map((o) => o.id);
      expect(ids3.filter((x) => ids2.includes(x))).toHaveLength(ids2.length);
    });

    it('reseal rewrites the rows in random order with fresh ids, keeping content and dates', async () => {
      const before = await p.listOpinions({ collectionId: id.coll });
      const physical = async () => {
        const q =
          dialect === 'sqlite'
            ? sql<{ id: string; body: string }>`select id, body from opinions order by rowid`
            : sql<{ id: string; body: string }>`select id, body from opinions order by ctid`;
        return (await q.execute(store.db)).rows;
      };
      const bodiesBefore = (await physical()).map((x) => x.body);
      const n = await p.reseal(id.coll);
      expect(n).toBe(before.length);
      const after = await p.listOpinions({ collectionId: id.coll });
      expect(after.map(({ id: _, ...rest }) => rest)).toEqual(before.map(({ id: _, ...rest }) => rest));
      expect(new Set(after.map((o) => o.id)).size).toBe(after.length);
      for (const o of after) expect(before.some((b) => b.id === o.id)).toBe(false);
      for (const o of after) expect(o.id).toMatch(UUID_V4);
      // 15 rows: the chance that a random shuffle keeps the physical order is 1/15!.
      expect((await physical()).map((x) => x.body)).not.toEqual(bodiesBefore);
      if (dialect === 'postgres') {
        const xmins = (await sql<{ x: string }>`select xmin::text as x from opinions`.execute(store.db)).rows.map(
          (x) => x.x,
        );
        expect(new Set(xmins).size).toBe(1);
      }
      expect(await p.reseal(id.coll, { before: '2026-01-01' })).toBe(0);
    });

    it('closes and rotates a collection', async () => {
      await p.updateCollection(id.coll, { status: 'closed' });
      await expect(p.submitOpinions(id.coll, [op('x', '2026-01-09')], { dailyCap: 10 })).rejects.toMatchObject({
        code: 'E_BAD_STATE',
      });
      const c = await p.updateCollection(id.coll, { status: 'open', tokenHash: 'k'.repeat(64) });
      expect(c?.status).toBe('open');
      expect(await p.collectionByTokenHash('h'.repeat(64))).toBeNull();
    });

    it('records talks, lists them per person, updates and deletes', async () => {
      const t1 = await p.addTalk({
        meetingId: id.meeting,
        personAId: id.sec,
        personBId: id.l1,
        heldOn: '2026-01-03',
        topics: '分管工作',
        recordedBy: id.sec,
      });
      await p.addTalk({
        meetingId: id.meeting,
        personAId: id.l2,
        personBId: id.l1,
        heldOn: '2026-01-02',
        recordedBy: id.l2,
      });
      expect((await p.listTalks(id.meeting)).map((t) => t.heldOn)).toEqual(['2026-01-02', '2026-01-03']);
      expect(await p.listTalks(id.meeting, { personId: id.sec })).toHaveLength(1);
      expect((await p.updateTalk(t1.id, { notes: '交换意见' }))?.notes).toBe('交换意见');
      expect(await p.deleteTalk(t1.id)).toBe(true);
      expect(await p.deleteTalk(t1.id)).toBe(false);
      expect(await p.listTalks(id.meeting)).toHaveLength(1);
    });

    it('keeps one meeting record with its agenda, attendance upserted per person', async () => {
      expect(await p.getRecord(id.meeting)).toBeNull();
      const rec = await p.saveRecord(id.meeting, {
        heldOn: '2026-01-10',
        agenda: [{ seq: 1, kind: 'open', title: '开会', personId: id.sec }],
        recorderId: id.l2,
      });
      expect(rec).toMatchObject({
        heldOn: '2026-01-10',
        status: 'draft',
        recorderId: id.l2,
        agenda: [{ seq: 1, kind: 'open' }],
      });
      const rec2 = await p.saveRecord(id.meeting, { summary: '总结', status: 'in_progress' });
      expect(rec2).toMatchObject({
        heldOn: '2026-01-10',
        summary: '总结',
        status: 'in_progress',
        agenda: [{ seq: 1 }],
      });
      await p.setAttendance(id.meeting, [
        { personId: id.sec, status: 'present' },
        { personId: id.l1, status: 'leave', reason: '出差' },
      ]);
      await p.setAttendance(id.meeting, [
        { personId: id.l1, status: 'present' },
        { personId: id.l2, status: 'absent', reason: null },
      ]);
      const att = await p.listAttendance(id.meeting);
      expect(att).toHaveLength(3);
      expect(att.find((a) => a.personId === id.l1)).toEqual({ personId: id.l1, status: 'present', reason: null });
      await p.removeAttendance(id.meeting, id.l2);
      expect(await p.listAttendance(id.meeting)).toHaveLength(2);
    });

    it('records speeches in order, criticisms per speaker, comments', async () => {
      const s1 = await p.addSpeech({ meetingId: id.meeting, speakerId: id.sec });
      const s2 = await p.addSpeech({ meetingId: id.meeting, speakerId: id.l1, notes: '发言要点' });
      expect([s1.seq, s2.seq]).toEqual([1, 2]);
      const c1 = await p.addCriticism({
        meetingId: id.meeting,
        speechId: s2.id,
        targetPersonId: id.l1,
        criticId: id.sec,
        body: '抓落实不够',
      });
      await p.addCriticism({
        meetingId: id.meeting,
        speechId: s1.id,
        targetPersonId: id.sec,
        criticId: id.l1,
        body: '调研少',
      });
      expect(await p.listCriticisms(id.meeting, { targetPersonId: id.l1 })).toHaveLength(1);
      expect((await p.updateCriticism(c1.id, { body: '抓落实不够有力' }))?.body).toBe('抓落实不够有力');
      expect(await p.deleteSpeech(s2.id)).toBe(true);
      expect((await p.getCriticism(c1.id))?.speechId).toBeNull();
      expect((await p.listSpeeches(id.meeting)).map((s) => s.speakerId)).toEqual([id.sec]);
      const k = await p.addComment({ meetingId: id.meeting, authorId: id.sec, kind: 'supervisor', body: '准备充分' });
      await p.addComment({ meetingId: id.meeting, authorId: id.sec, kind: 'summary', body: '总结' });
      expect(await p.listComments(id.meeting, { kind: 'supervisor' })).toHaveLength(1);
      expect(await p.deleteComment(k.id)).toBe(true);
      expect(await p.listComments(id.meeting)).toHaveLength(1);
    });

    it('appraisal: assessments replace, secret ballots keep no rater and only the date, final grades', async () => {
      await p.saveAssessment(id.meeting, {
        rateeId: id.l1,
        raterId: id.l1,
        kind: 'self',
        grade: '合格',
        comment: '一般',
      });
      await p.saveAssessment(id.meeting, {
        rateeId: id.l1,
        raterId: id.l1,
        kind: 'self',
        grade: '优秀',
        comment: '改了',
      });
      await p.saveAssessment(id.meeting, { rateeId: id.l1, raterId: id.sec, kind: 'peer', grade: '合格' });
      await expect(
        p.saveAssessment(id.meeting, { rateeId: id.l1, raterId: null, kind: 'peer', grade: '合格' }),
      ).rejects.toMatchObject({ code: 'E_VALIDATION' });
      expect(
        await p.castBallot(
          id.meeting,
          [
            { rateeId: id.l1, grade: '优秀' },
            { rateeId: id.l2, grade: '合格' },
            { rateeId: id.sec, grade: '合格' },
          ],
          '2026-01-10',
        ),
      ).toBe(3);
      const all = await p.listAppraisals(id.meeting);
      expect(all.filter((a) => a.kind === 'self')).toEqual([
        expect.objectContaining({ grade: '优秀', comment: '改了' }),
      ]);
      const votes = await p.listAppraisals(id.meeting, { kind: 'vote' });
      expect(votes).toHaveLength(3);
      for (const v of votes) expect(v).toMatchObject({ raterId: null, createdAt: '2026-01-10' });
      await p.saveFinalGrade(id.meeting, id.l1, '合格', id.sec);
      await p.saveFinalGrade(id.meeting, id.l1, '优秀', id.sec);
      expect(await p.listAppraisals(id.meeting, { kind: 'final' })).toEqual([
        expect.objectContaining({ rateeId: id.l1, grade: '优秀' }),
      ]);
    });
  });
}
