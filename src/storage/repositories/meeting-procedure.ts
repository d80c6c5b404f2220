/**
 * The meeting procedure around a material: anonymous opinions and their collections,
 * heart-to-heart talks, the meeting record (attendance, speeches, criticisms, comments) and the
 * appraisal of members. One implementation for SQLite and PostgreSQL.
 *
 *   const proc = meetingProcedureRepository(repos.db, repos.dialect);
 *   await repos.transaction(async (tx) => meetingProcedureRepository(tx.db, tx.dialect).addTalk(…));
 *
 * ANONYMITY OF OPINIONS — what this file guarantees:
 *  - `submitOpinions` takes `AnonymousOpinion`s (core/meeting/opinions.ts): target, category, body
 *    and the calendar date. There is no parameter through which an account, session, address,
 *    user agent or instant could reach the `opinions` table, and that table has no such column.
 *  - Ids are UUID v4 (crypto.randomUUID: 122 random bits). Never v7/ULID/sequences, whose bits
 *    encode the creation time or order.
 *  - Nothing else is written on submission: no audit entry (its `at` is precise), no counter row,
 *    no `updated_at` on the collection. The abuse limit (a daily cap per collection) is *counted
 *    from the opinions themselves* (`submitted_on = today`), so it keeps no state and no identity.
 *  - Reads never return opinions in insertion order (they are sorted by target, category, text).
 *  - Physical order (SQLite rowid, PostgreSQL ctid/xmin) would follow insertion: the public form
 *    therefore never writes here directly. It seals each opinion into `opinion_spool` (`spoolOpinions`,
 *    ciphertext only) and the opinions are written in batches of ≥ k or once a clock hour
 *    (`flushSpool`), each batch rewriting the collection's rows in random order with fresh ids in
 *    one transaction (again when the collection closes). `submitOpinions` writes directly (and
 *    reseals) — for the demo data and for callers that are not the public form.
 *    See server/domain/procedure/opinion-spool.ts and src/core/meeting/ANONYMITY.md.
 *  - The public link's token is stored only as its HMAC (`token_hash`).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  AppraisalsTable,
  CriticismsTable,
  Database,
  MeetingCommentsTable,
  MeetingRecordsTable,
  OpinionCollectionsTable,
  SpeechesTable,
  TalksTable,
} from '../schema.js';
import type { DialectName } from '../db.js';
import { JianshiError } from '../../core/errors.js';
import { knownDate, knownTimestamp } from '../../core/meeting/dates.js';
import type { AnonymousOpinion } from '../../core/meeting/opinions.js';
import type { AttendanceEntry, AttendanceStatus } from '../../core/meeting/attendance.js';
import type { AppraisalEntry, AppraisalKind, Grade } from '../../core/meeting/appraisal.js';
import type { RecordStatus } from '../../core/meeting/record.js';
import { newId, nowIso, parseJson } from './util.js';

// ---------------------------------------------------------------- shapes

export type CollectionStatus = 'open' | 'closed';

export interface OpinionCollection {
  id: string;
  meetingId: string;
  opensOn: string | null;
  closesOn: string | null;
  status: CollectionStatus;
  createdBy: string;
  createdAt: string;
}

export interface StoredOpinion extends AnonymousOpinion {
  id: string;
  collectionId: string;
  /** Present when listed with `includeHidden`. */
  hidden?: boolean;
}

export interface Talk {
  id: string;
  meetingId: string;
  personAId: string;
  personBId: string;
  heldOn: string | null;
  topics: string | null;
  notes: string | null;
  recordedBy: string;
  createdAt: string;
}

export interface MeetingRecord {
  meetingId: string;
  heldOn: string | null;
  startedAt: string | null;
  endedAt: string | null;
  location: string | null;
  agenda: unknown;
  summary: string | null;
  status: RecordStatus;
  recorderId: string | null;
  updatedAt: string;
}

export interface Speech {
  id: string;
  meetingId: string;
  speakerId: string;
  seq: number;
  materialId: string | null;
  notes: string | null;
  createdAt: string;
}

export interface Criticism {
  id: string;
  meetingId: string;
  speechId: string | null;
  targetPersonId: string;
  criticId: string | null;
  body: string;
  createdAt: string;
}

export interface MeetingComment {
  id: string;
  meetingId: string;
  authorId: string;
  targetPersonId: string | null;
  kind: 'supervisor' | 'summary' | 'report';
  body: string;
  createdAt: string;
}

export interface StoredAppraisal extends Omit<AppraisalEntry, 'kind'> {
  /** self | peer | vote, or final (the grade the branch decided). */
  kind: AppraisalKind | 'final';
  id: string;
  meetingId: string;
  createdAt: string;
}

const toCollection = (r: Omit<Selectable<OpinionCollectionsTable>, 'cap_day' | 'cap_offset'>): OpinionCollection => ({
  id: r.id,
  meetingId: r.meeting_id,
  opensOn: knownDate(r.opens_on),
  closesOn: knownDate(r.closes_on),
  status: r.status as CollectionStatus,
  createdBy: r.created_by,
  createdAt: r.created_at,
});
/** Open on `day`: status open and the day inside the window, an impossible stored bound read as no bound (as the form shows it). */
const openOn = (
  c: Pick<Selectable<OpinionCollectionsTable>, 'status' | 'opens_on' | 'closes_on'>,
  day: string,
): boolean => {
  const opensOn = knownDate(c.opens_on),
    closesOn = knownDate(c.closes_on);
  return c.status === 'open' && !(opensOn && day < opensOn) && !(closesOn && day > closesOn);
};
const toTalk = (r: Selectable<TalksTable>): Talk => ({
  id: r.id,
  meetingId: r.meeting_id,
  personAId: r.person_a_id,
  personBId: r.person_b_id,
  heldOn: knownDate(r.held_on),
  topics: r.topics,
  notes: r.notes,
  recordedBy: r.recorded_by,
  createdAt: r.created_at,
});
const toRecord = (r: Selectable<MeetingRecordsTable>): MeetingRecord => ({
  meetingId: r.meeting_id,
  heldOn: knownDate(r.held_on),
  startedAt: knownTimestamp(r.started_at),
  endedAt: knownTimestamp(r.ended_at),
  location: r.location,
  agenda: parseJson(r.agenda),
  summary: r.summary,
  status: r.status as RecordStatus,
  recorderId: r.recorder_id,
  updatedAt: r.updated_at,
});
const toSpeech = (r: Selectable<SpeechesTable>): Speech => ({
  id: r.id,
  meetingId: r.meeting_id,
  speakerId: r.speaker_id,
  seq: Number(r.seq),
  materialId: r.material_id,
  notes: r.notes,
  createdAt: r.created_at,
});
const toCriticism = (r: Selectable<CriticismsTable>): Criticism => ({
  id: r.id,
  meetingId: r.meeting_id,
  speechId: r.speech_id,
  targetPersonId: r.target_person_id,
  criticId: r.critic_id,
  body: r.body,
  createdAt: r.created_at,
});
const toComment = (r: Selectable<MeetingCommentsTable>): MeetingComment => ({
  id: r.id,
  meetingId: r.meeting_id,
  authorId: r.author_id,
  targetPersonId: r.target_person_id,
  kind: r.kind as MeetingComment['kind'],
  body: r.body,
  createdAt: r.created_at,
});
const toAppraisal = (r: Selectable<AppraisalsTable>): StoredAppraisal => ({
  id: r.id,
  meetingId: r.meeting_id,
  rateeId: r.ratee_id,
  raterId: r.rater_id,
  kind: r.kind as AppraisalKind | 'final',
  grade: r.grade as Grade | null,
  comment: r.comment,
  createdAt: r.created_at,
});

/** Opinion ids: UUID v4 only (random; no time or order in the bits). */
export const opinionId = (): string => randomUUID();

function shuffled<T>(xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const D = (x: string) => x.slice(0, 10);

/**
 * Opinions counted against a collection's daily cap on `day`: those stored with that date and not
 * hidden (a secretary who hides a flood gives the day's capacity back) and those still in the spool
 * (their dates are sealed; they are at most a batch old), less those counted before the link was
 * changed that day.
 */
async function usedToday(t: Kysely<Database>, c: Selectable<OpinionCollectionsTable>, day: string): Promise<number> {
  const n = await t
    .selectFrom('opinions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('collection_id', '=', c.id)
    .where('submitted_on', '=', day)
    .where('hidden', '=', 0)
    .executeTakeFirstOrThrow();
  const p = await t
    .selectFrom('opinion_spool')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('collection_id', '=', c.id)
    .executeTakeFirstOrThrow();
  const offset = c.cap_day === day ? Number(c.cap_offset ?? 0) : 0;
  return Math.max(0, Number(n.n) + Number(p.n) - offset);
}

/**
 * Before opinions are taken (spooled or written): lock the collection row (PostgreSQL; SQLite has
 * one writer), check it is open on `day`, and that `count` more stay within the day's cap of its
 * current link (stored opinions of the day plus the spool, less what was used before the link changed).
 */
async function admit(
  t: Kysely<Database>,
  dialect: DialectName,
  collectionId: string,
  day: string,
  count: number,
  dailyCap: number,
): Promise<void> {
  let q = t.selectFrom('opinion_collections').selectAll().where('id', '=', collectionId);
  if (dialect === 'postgres') q = q.forUpdate();
  const c = await q.executeTakeFirst();
  if (!c) throw new JianshiError('E_NOT_FOUND', '该意见征集链接无效。');
  if (!openOn(c, day)) throw new JianshiError('E_BAD_STATE', '意见征集未开放或已结束。');
  if ((await usedToday(t, c, day)) + count > dailyCap)
    throw new JianshiError('E_RATE_LIMITED', '今天通过该链接提交的意见已达上限，请明天再试。');
}

// ---------------------------------------------------------------- repository

export function meetingProcedureRepository(db: Kysely<Database>, dialect: DialectName) {
  /** Run in the current transaction, or open one. */
  const tx = <T>(fn: (t: Kysely<Database>) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);

  /** Rewrite a collection's rows (optionally only before a date) shuffled, with fresh ids, inside `t`. */
  async function resealIn(t: Kysely<Database>, collectionId: string, before?: string): Promise<number> {
    let q = t.selectFrom('opinions').selectAll().where('collection_id', '=', collectionId);
    if (before) q = q.where('submitted_on', '<', before);
    const rows = await q.execute();
    if (!rows.length) return 0;
    let del = t.deleteFrom('opinions').where('collection_id', '=', collectionId);
    if (before) del = del.where('submitted_on', '<', before);
    await del.execute();
    const fresh = shuffled(rows).map((r) => ({ ...r, id: opinionId() }));
    for (let i = 0; i < fresh.length; i += 500)
      await t
        .insertInto('opinions')
        .values(fresh.slice(i, i + 500))
        .execute();
    return fresh.length;
  }

  return {
    // ------------------------------------------------------------ opinion collections
    async openCollection(input: {
      meetingId: string;
      tokenHash: string;
      linkNonce?: string | null;
      opensOn?: string | null;
      closesOn?: string | null;
      createdBy: string;
    }): Promise<OpinionCollection> {
      const row = {
        id: newId(),
        meeting_id: input.meetingId,
        token_hash: input.tokenHash,
        link_nonce: input.linkNonce ?? null,
        opens_on: input.opensOn ?? null,
        closes_on: input.closesOn ?? null,
        status: 'open',
        created_by: input.createdBy,
        created_at: nowIso(),
      };
      await db.insertInto('opinion_collections').values(row).execute();
      return toCollection(row);
    },
    async getCollection(id: string): Promise<OpinionCollection | null> {
      const r = await db.selectFrom('opinion_collections').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toCollection(r) : null;
    },
    /** Look a public link up by the HMAC of its token (the token itself is never stored). */
    async collectionByTokenHash(tokenHash: string): Promise<OpinionCollection | null> {
      const r = await db
        .selectFrom('opinion_collections')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return r ? toCollection(r) : null;
    },
    /** What the current link is derived from, with the hash it must match (never part of a collection's view). */
    async collectionLink(id: string): Promise<{ tokenHash: string; linkNonce: string | null } | null> {
      const r = await db
        .selectFrom('opinion_collections')
        .select(['token_hash', 'link_nonce'])
        .where('id', '=', id)
        .executeTakeFirst();
      return r ? { tokenHash: r.token_hash, linkNonce: r.link_nonce ?? null } : null;
    },
    async listCollections(meetingId: string): Promise<OpinionCollection[]> {
      return (
        await db
          .selectFrom('opinion_collections')
          .selectAll()
          .where('meeting_id', '=', meetingId)
          .orderBy('created_at')
          .execute()
      ).map(toCollection);
    },
    async updateCollection(
      id: string,
      patch: {
        status?: CollectionStatus;
        opensOn?: string | null;
        closesOn?: string | null;
        tokenHash?: string;
        linkNonce?: string | null;
        capResetOn?: string;
      },
    ): Promise<OpinionCollection | null> {
      const set: Record<string, unknown> = {};
      if (patch.capResetOn !== undefined) {
        // A new link gets its own daily allowance: what was counted today so far stays behind.
        const c = await db.selectFrom('opinion_collections').selectAll().where('id', '=', id).executeTakeFirst();
        if (c) {
          set.cap_day = patch.capResetOn;
          set.cap_offset =
            Number(c.cap_day === patch.capResetOn ? c.cap_offset : 0) + (await usedToday(db, c, patch.capResetOn));
        }
      }
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.opensOn !== undefined) set.opens_on = patch.opensOn;
      if (patch.closesOn !== undefined) set.closes_on = patch.closesOn;
      if (patch.tokenHash !== undefined) set.token_hash = patch.tokenHash;
      if (patch.linkNonce !== undefined) set.link_nonce = patch.linkNonce;
      if (Object.keys(set).length) await db.updateTable('opinion_collections').set(set).where('id', '=', id).execute();
      return this.getCollection(id);
    },

    // ------------------------------------------------------------ opinions (anonymous)
    /**
     * Store anonymous opinions, all or nothing. Refuses with E_RATE_LIMITED when the collection's
     * daily cap would be passed (counted from the stored dates — no counter, no identity), and with
     * E_BAD_STATE when the collection is not open on that date. Serialised per collection (row lock
     * on PostgreSQL, the write lock on SQLite) so concurrent submissions cannot overrun the cap.
     */
    async submitOpinions(
      collectionId: string,
      opinions: readonly AnonymousOpinion[],
      opts: { dailyCap: number; reseal?: boolean },
    ): Promise<{ accepted: number }> {
      if (!opinions.length) return { accepted: 0 };
      const day = opinions[0].submittedOn;
      if (opinions.some((o) => o.submittedOn !== day))
        throw new JianshiError('E_BAD_ARGUMENT', '一次提交的意见日期须相同。');
      return tx(async (t) => {
        await admit(t, dialect, collectionId, day, opinions.length, opts.dailyCap);
        // Several opinions of one submission are inserted in random order, so that even their
        // relative physical order says nothing about the form's order.
        await t
          .insertInto('opinions')
          .values(
            shuffled(opinions).map((o) => ({
              id: opinionId(),
              collection_id: collectionId,
              target_kind: o.targetKind,
              target_person_id: o.targetPersonId,
              category: o.category,
              body: o.body,
              submitted_on: o.submittedOn,
            })),
          )
          .execute();
        // Reseal the whole collection in the same transaction (default): at every moment its rows
        // share one xmin and a random physical order, so not even the order of submissions shows.
        // O(rows of the collection) per submission, bounded by the daily cap and the window.
        if (opts.reseal !== false) await resealIn(t, collectionId);
        return { accepted: opinions.length };
      });
    },
    /**
     * The spool: store sealed opinions (ciphertext made by the caller, see
     * server/domain/procedure/opinion-spool.ts) after the same checks as `submitOpinions` — open on
     * `day`, and the daily cap counted from the stored dates plus everything still in the spool,
     * less what was counted before the link was last changed (`cap_offset` on `cap_day`).
     */
    async spoolOpinions(
      collectionId: string,
      day: string,
      sealed: readonly { id: string; sealed: string }[],
      opts: { dailyCap: number },
    ): Promise<{ accepted: number }> {
      if (!sealed.length) return { accepted: 0 };
      return tx(async (t) => {
        await admit(t, dialect, collectionId, day, sealed.length, opts.dailyCap);
        await t
          .insertInto('opinion_spool')
          .values(shuffled(sealed).map((x) => ({ id: x.id, collection_id: collectionId, sealed: x.sealed })))
          .execute();
        return { accepted: sealed.length };
      });
    },
    /** Sealed rows waiting (of one collection, or all), in no meaningful order. */
    async spoolRows(collectionId?: string): Promise<{ id: string; collectionId: string; sealed: string }[]> {
      let q = db.selectFrom('opinion_spool').select(['id', 'collection_id', 'sealed']);
      if (collectionId) q = q.where('collection_id', '=', collectionId);
      return (await q.execute()).map((r) => ({ id: r.id, collectionId: r.collection_id, sealed: r.sealed }));
    },
    /** How many opinions wait in the spool, per collection. */
    async pendingCounts(collectionIds?: readonly string[]): Promise<Map<string, number>> {
      let q = db
        .selectFrom('opinion_spool')
        .select(['collection_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('collection_id');
      if (collectionIds) {
        if (!collectionIds.length) return new Map();
        q = q.where('collection_id', 'in', collectionIds);
      }
      return new Map((await q.execute()).map((r) => [r.collection_id, Number(r.n)]));
    },
    /**
     * Move a batch from the spool into `opinions`, in one transaction under the collection's lock:
     * `decide` sees the sealed rows and returns the opinions (in the clear) and the spool ids to
     * take, or null (not due). The collection is then resealed (shuffled, fresh ids, one xmin).
     */
    async flushSpool(
      collectionId: string,
      decide: (
        rows: { id: string; sealed: string }[],
        collection: OpinionCollection,
      ) => { take: string[]; opinions: AnonymousOpinion[] } | null,
    ): Promise<number> {
      return tx(async (t) => {
        let q = t.selectFrom('opinion_collections').selectAll().where('id', '=', collectionId);
        if (dialect === 'postgres') q = q.forUpdate();
        const c = await q.executeTakeFirst();
        if (!c) return 0;
        const rows = await t
          .selectFrom('opinion_spool')
          .select(['id', 'sealed'])
          .where('collection_id', '=', collectionId)
          .execute();
        const d = rows.length ? decide(rows, toCollection(c)) : null;
        if (!d || !d.take.length) return 0;
        for (let i = 0; i < d.take.length; i += 500)
          await t
            .deleteFrom('opinion_spool')
            .where('id', 'in', d.take.slice(i, i + 500))
            .execute();
        const fresh = shuffled(d.opinions).map((o) => ({
          id: opinionId(),
          collection_id: collectionId,
          target_kind: o.targetKind,
          target_person_id: o.targetPersonId,
          category: o.category,
          body: o.body,
          submitted_on: o.submittedOn,
        }));
        for (let i = 0; i < fresh.length; i += 500)
          await t
            .insertInto('opinions')
            .values(fresh.slice(i, i + 500))
            .execute();
        await resealIn(t, collectionId);
        return fresh.length;
      });
    },
    /** Replace spool rows (re-sealed under a new key) with new random ids, in one transaction. */
    async resealSpool(
      rows: readonly { oldId: string; id: string; collectionId: string; sealed: string }[],
    ): Promise<void> {
      if (!rows.length) return;
      await tx(async (t) => {
        for (let i = 0; i < rows.length; i += 500)
          await t
            .deleteFrom('opinion_spool')
            .where(
              'id',
              'in',
              rows.slice(i, i + 500).map((r) => r.oldId),
            )
            .execute();
        const fresh = shuffled(rows).map((r) => ({ id: r.id, collection_id: r.collectionId, sealed: r.sealed }));
        for (let i = 0; i < fresh.length; i += 500)
          await t
            .insertInto('opinion_spool')
            .values(fresh.slice(i, i + 500))
            .execute();
      });
    },
    /** Hide (or show again) several opinions at once; returns how many rows changed. */
    async setOpinionsHidden(ids: readonly string[], hidden: boolean): Promise<number> {
      let n = 0;
      for (let i = 0; i < ids.length; i += 500) {
        const r = await db
          .updateTable('opinions')
          .set({ hidden: hidden ? 1 : 0 })
          .where('id', 'in', ids.slice(i, i + 500))
          .executeTakeFirst();
        n += Number(r.numUpdatedRows);
      }
      return n;
    },
    /** Hide (or show again) one opinion; false when no such opinion (ids change when a collection is resealed). */
    async setOpinionHidden(id: string, hidden: boolean): Promise<StoredOpinion | null> {
      const r = await db
        .updateTable('opinions')
        .set({ hidden: hidden ? 1 : 0 })
        .where('id', '=', id)
        .executeTakeFirst();
      if (!Number(r.numUpdatedRows)) return null;
      return (await this.listOpinions({ id, includeHidden: true }))[0] ?? null;
    },
    /** Opinions of a collection (or all of a meeting), sorted by content — never by insertion. Hidden ones only with `includeHidden`. */
    async listOpinions(filter: {
      collectionId?: string;
      meetingId?: string;
      targetPersonId?: string;
      group?: boolean;
      includeHidden?: boolean;
      id?: string;
    }): Promise<StoredOpinion[]> {
      let q = db
        .selectFrom('opinions')
        .innerJoin('opinion_collections as c', 'c.id', 'opinions.collection_id')
        .select([
          'opinions.id',
          'opinions.collection_id',
          'opinions.target_kind',
          'opinions.target_person_id',
          'opinions.category',
          'opinions.body',
          'opinions.submitted_on',
          'opinions.hidden',
        ]);
      if (!filter.includeHidden) q = q.where('opinions.hidden', '=', 0);
      if (filter.id) q = q.where('opinions.id', '=', filter.id);
      if (filter.collectionId) q = q.where('opinions.collection_id', '=', filter.collectionId);
      if (filter.meetingId) q = q.where('c.meeting_id', '=', filter.meetingId);
      if (filter.targetPersonId) q = q.where('opinions.target_person_id', '=', filter.targetPersonId);
      if (filter.group) q = q.where('opinions.target_kind', '=', 'group');
      // Sorted here, by code point, so that both databases give the same order whatever their collation.
      const key = (r: {
        target_kind: string;
        target_person_id: string | null;
        category: string | null;
        body: string;
        id: string;
      }) => [r.target_kind, r.target_person_id ?? '', r.category ?? '', r.body, r.id];
      const cmp = (a: string[], b: string[]) => {
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
        return 0;
      };
      const rows = (await q.execute()).sort((a, b) => cmp(key(a), key(b)));
      return rows.map((r) => ({
        id: r.id,
        collectionId: r.collection_id,
        targetKind: r.target_kind as 'group' | 'person',
        targetPersonId: r.target_person_id,
        category: r.category,
        body: r.body,
        submittedOn: r.submitted_on,
        ...(filter.includeHidden ? { hidden: Number(r.hidden) === 1 } : {}),
      }));
    },
    async countOpinionsOn(collectionId: string, day: string): Promise<number> {
      const r = await db
        .selectFrom('opinions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('collection_id', '=', collectionId)
        .where('submitted_on', '=', day)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /**
     * Rewrite a collection's opinions (optionally only those before a date) in random order with
     * fresh UUID v4 ids, in one transaction: afterwards neither ids nor physical order (rowid,
     * ctid) nor the PostgreSQL xmin of the rows reflect when each was submitted. Content and dates
     * are unchanged. Returns how many rows were rewritten.
     */
    async reseal(collectionId: string, opts: { before?: string } = {}): Promise<number> {
      return tx((t) => resealIn(t, collectionId, opts.before));
    },

    // ------------------------------------------------------------ talks
    async addTalk(input: {
      meetingId: string;
      personAId: string;
      personBId: string;
      heldOn?: string | null;
      topics?: string | null;
      notes?: string | null;
      recordedBy: string;
    }): Promise<Talk> {
      const row = {
        id: newId(),
        meeting_id: input.meetingId,
        person_a_id: input.personAId,
        person_b_id: input.personBId,
        held_on: input.heldOn ?? null,
        topics: input.topics ?? null,
        notes: input.notes ?? null,
        recorded_by: input.recordedBy,
        created_at: nowIso(),
      };
      await db.insertInto('talks').values(row).execute();
      return toTalk(row);
    },
    async getTalk(id: string): Promise<Talk | null> {
      const r = await db.selectFrom('talks').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toTalk(r) : null;
    },
    async listTalks(meetingId: string, opts: { personId?: string } = {}): Promise<Talk[]> {
      let q = db.selectFrom('talks').selectAll().where('meeting_id', '=', meetingId);
      if (opts.personId)
        q = q.where((eb) => eb.or([eb('person_a_id', '=', opts.personId!), eb('person_b_id', '=', opts.personId!)]));
      return (await q.orderBy('held_on').orderBy('created_at').execute()).map(toTalk);
    },
    async updateTalk(
      id: string,
      patch: { heldOn?: string | null; topics?: string | null; notes?: string | null },
    ): Promise<Talk | null> {
      const set: Record<string, unknown> = {};
      if (patch.heldOn !== undefined) set.held_on = patch.heldOn;
      if (patch.topics !== undefined) set.topics = patch.topics;
      if (patch.notes !== undefined) set.notes = patch.notes;
      if (Object.keys(set).length) await db.updateTable('talks').set(set).where('id', '=', id).execute();
      return this.getTalk(id);
    },
    async deleteTalk(id: string): Promise<boolean> {
      const r = await db.deleteFrom('talks').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    // ------------------------------------------------------------ meeting record
    async getRecord(meetingId: string): Promise<MeetingRecord | null> {
      const r = await db
        .selectFrom('meeting_records')
        .selectAll()
        .where('meeting_id', '=', meetingId)
        .executeTakeFirst();
      return r ? toRecord(r) : null;
    },
    /** Create or update the record (one per meeting); fields left undefined keep their value. */
    async saveRecord(
      meetingId: string,
      patch: Partial<Omit<MeetingRecord, 'meetingId' | 'updatedAt'>>,
    ): Promise<MeetingRecord> {
      return tx(async (t) => {
        const repo = meetingProcedureRepository(t, dialect);
        const cur = await repo.getRecord(meetingId);
        const next = {
          held_on: patch.heldOn !== undefined ? patch.heldOn : (cur?.heldOn ?? null),
          started_at: patch.startedAt !== undefined ? patch.startedAt : (cur?.startedAt ?? null),
          ended_at: patch.endedAt !== undefined ? patch.endedAt : (cur?.endedAt ?? null),
          location: patch.location !== undefined ? patch.location : (cur?.location ?? null),
          agenda:
            patch.agenda !== undefined
              ? patch.agenda === null
                ? null
                : JSON.stringify(patch.agenda)
              : cur?.agenda === undefined || cur?.agenda === null
                ? null
                : JSON.stringify(cur.agenda),
          summary: patch.summary !== undefined ? patch.summary : (cur?.summary ?? null),
          status: patch.status ?? cur?.status ?? 'draft',
          recorder_id: patch.recorderId !== undefined ? patch.recorderId : (cur?.recorderId ?? null),
          updated_at: nowIso(),
        };
        if (cur) await t.updateTable('meeting_records').set(next).where('meeting_id', '=', meetingId).execute();
        else
          await t
            .insertInto('meeting_records')
            .values({ meeting_id: meetingId, ...next })
            .execute();
        return (await repo.getRecord(meetingId))!;
      });
    },

    // ------------------------------------------------------------ attendance
    async setAttendance(meetingId: string, entries: readonly AttendanceEntry[]): Promise<void> {
      await tx(async (t) => {
        for (const e of entries) {
          await t
            .insertInto('attendance')
            .values({ meeting_id: meetingId, person_id: e.personId, status: e.status, reason: e.reason ?? null })
            .onConflict((oc) =>
              oc.columns(['meeting_id', 'person_id']).doUpdateSet({ status: e.status, reason: e.reason ?? null }),
            )
            .execute();
        }
      });
    },
    async listAttendance(meetingId: string): Promise<AttendanceEntry[]> {
      const rows = await db
        .selectFrom('attendance')
        .selectAll()
        .where('meeting_id', '=', meetingId)
        .orderBy('person_id')
        .execute();
      return rows.map((r) => ({ personId: r.person_id, status: r.status as AttendanceStatus, reason: r.reason }));
    },
    async removeAttendance(meetingId: string, personId: string): Promise<void> {
      await db.deleteFrom('attendance').where('meeting_id', '=', meetingId).where('person_id', '=', personId).execute();
    },

    // ------------------------------------------------------------ speeches
    async addSpeech(input: {
      meetingId: string;
      speakerId: string;
      seq?: number;
      materialId?: string | null;
      notes?: string | null;
    }): Promise<Speech> {
      return tx(async (t) => {
        let seq = input.seq;
        if (seq === undefined) {
          const r = await t
            .selectFrom('speeches')
            .select((eb) => eb.fn.max<number>('seq').as('m'))
            .where('meeting_id', '=', input.meetingId)
            .executeTakeFirst();
          seq = Number(r?.m ?? 0) + 1;
        }
        const row = {
          id: newId(),
          meeting_id: input.meetingId,
          speaker_id: input.speakerId,
          seq,
          material_id: input.materialId ?? null,
          notes: input.notes ?? null,
          created_at: nowIso(),
        };
        await t.insertInto('speeches').values(row).execute();
        return toSpeech(row);
      });
    },
    async getSpeech(id: string): Promise<Speech | null> {
      const r = await db.selectFrom('speeches').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toSpeech(r) : null;
    },
    async listSpeeches(meetingId: string): Promise<Speech[]> {
      return (
        await db
          .selectFrom('speeches')
          .selectAll()
          .where('meeting_id', '=', meetingId)
          .orderBy('seq')
          .orderBy('created_at')
          .execute()
      ).map(toSpeech);
    },
    async updateSpeech(
      id: string,
      patch: { seq?: number; materialId?: string | null; notes?: string | null },
    ): Promise<Speech | null> {
      const set: Record<string, unknown> = {};
      if (patch.seq !== undefined) set.seq = patch.seq;
      if (patch.materialId !== undefined) set.material_id = patch.materialId;
      if (patch.notes !== undefined) set.notes = patch.notes;
      if (Object.keys(set).length) await db.updateTable('speeches').set(set).where('id', '=', id).execute();
      return this.getSpeech(id);
    },
    /** Delete a speech; its criticisms stay (detached from it) — they were still said. */
    async deleteSpeech(id: string): Promise<boolean> {
      return tx(async (t) => {
        await t.updateTable('criticisms').set({ speech_id: null }).where('speech_id', '=', id).execute();
        const r = await t.deleteFrom('speeches').where('id', '=', id).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      });
    },

    // ------------------------------------------------------------ criticisms
    async addCriticism(input: {
      meetingId: string;
      speechId?: string | null;
      targetPersonId: string;
      criticId?: string | null;
      body: string;
    }): Promise<Criticism> {
      const row = {
        id: newId(),
        meeting_id: input.meetingId,
        speech_id: input.speechId ?? null,
        target_person_id: input.targetPersonId,
        critic_id: input.criticId ?? null,
        body: input.body,
        created_at: nowIso(),
      };
      await db.insertInto('criticisms').values(row).execute();
      return toCriticism(row);
    },
    async getCriticism(id: string): Promise<Criticism | null> {
      const r = await db.selectFrom('criticisms').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toCriticism(r) : null;
    },
    async listCriticisms(meetingId: string, opts: { targetPersonId?: string } = {}): Promise<Criticism[]> {
      let q = db.selectFrom('criticisms').selectAll().where('meeting_id', '=', meetingId);
      if (opts.targetPersonId) q = q.where('target_person_id', '=', opts.targetPersonId);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toCriticism);
    },
    async updateCriticism(id: string, patch: { body?: string; criticId?: string | null }): Promise<Criticism | null> {
      const set: Record<string, unknown> = {};
      if (patch.body !== undefined) set.body = patch.body;
      if (patch.criticId !== undefined) set.critic_id = patch.criticId;
      if (Object.keys(set).length) await db.updateTable('criticisms').set(set).where('id', '=', id).execute();
      return this.getCriticism(id);
    },
    async deleteCriticism(id: string): Promise<boolean> {
      const r = await db.deleteFrom('criticisms').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    // ------------------------------------------------------------ comments (supervisors, summary)
    async addComment(input: {
      meetingId: string;
      authorId: string;
      targetPersonId?: string | null;
      kind: MeetingComment['kind'];
      body: string;
    }): Promise<MeetingComment> {
      const row = {
        id: newId(),
        meeting_id: input.meetingId,
        author_id: input.authorId,
        target_person_id: input.targetPersonId ?? null,
        kind: input.kind,
        body: input.body,
        created_at: nowIso(),
      };
      await db.insertInto('meeting_comments').values(row).execute();
      return toComment(row);
    },
    async listComments(meetingId: string, opts: { kind?: MeetingComment['kind'] } = {}): Promise<MeetingComment[]> {
      let q = db.selectFrom('meeting_comments').selectAll().where('meeting_id', '=', meetingId);
      if (opts.kind) q = q.where('kind', '=', opts.kind);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toComment);
    },
    async getComment(id: string): Promise<MeetingComment | null> {
      const r = await db.selectFrom('meeting_comments').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toComment(r) : null;
    },
    async deleteComment(id: string): Promise<boolean> {
      const r = await db.deleteFrom('meeting_comments').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    // ------------------------------------------------------------ appraisal (民主评议党员)
    /** A self or peer assessment; replaces the rater's earlier one for the same ratee and kind. */
    async saveAssessment(meetingId: string, e: AppraisalEntry & { kind: 'self' | 'peer' }): Promise<StoredAppraisal> {
      if (!e.raterId) throw new JianshiError('E_VALIDATION', '自评和互评须有评议人。');
      return tx(async (t) => {
        await t
          .deleteFrom('appraisals')
          .where('meeting_id', '=', meetingId)
          .where('ratee_id', '=', e.rateeId)
          .where('rater_id', '=', e.raterId)
          .where('kind', '=', e.kind)
          .execute();
        const row = {
          id: newId(),
          meeting_id: meetingId,
          ratee_id: e.rateeId,
          rater_id: e.raterId,
          kind: e.kind,
          grade: e.grade,
          comment: e.comment ?? null,
          created_at: nowIso(),
        };
        await t.insertInto('appraisals').values(row).execute();
        return toAppraisal(row);
      });
    },
    /**
     * One secret ballot: rows without a rater, in random order, stamped with the date only (the
     * instant of a vote, next to who was seen voting when, would undo the secrecy).
     */
    async castBallot(
      meetingId: string,
      lines: readonly { rateeId: string; grade: Grade }[],
      day: string,
    ): Promise<number> {
      return tx(async (t) => {
        if (lines.length)
          await t
            .insertInto('appraisals')
            .values(
              shuffled(lines).map((l) => ({
                id: randomUUID(),
                meeting_id: meetingId,
                ratee_id: l.rateeId,
                rater_id: null,
                kind: 'vote',
                grade: l.grade,
                comment: null,
                created_at: D(day),
              })),
            )
            .execute();
        return lines.length;
      });
    },
    /** The grade the branch decided (kind `final`, recorded by the secretary); replaces an earlier one. */
    async saveFinalGrade(
      meetingId: string,
      rateeId: string,
      grade: Grade,
      recordedBy: string,
    ): Promise<StoredAppraisal> {
      return tx(async (t) => {
        await t
          .deleteFrom('appraisals')
          .where('meeting_id', '=', meetingId)
          .where('ratee_id', '=', rateeId)
          .where('kind', '=', 'final')
          .execute();
        const row = {
          id: newId(),
          meeting_id: meetingId,
          ratee_id: rateeId,
          rater_id: recordedBy,
          kind: 'final',
          grade,
          comment: null,
          created_at: nowIso(),
        };
        await t.insertInto('appraisals').values(row).execute();
        return toAppraisal(row);
      });
    },
    async listAppraisals(
      meetingId: string,
      opts: { kind?: AppraisalKind | 'final'; rateeId?: string } = {},
    ): Promise<StoredAppraisal[]> {
      let q = db.selectFrom('appraisals').selectAll().where('meeting_id', '=', meetingId);
      if (opts.kind) q = q.where('kind', '=', opts.kind);
      if (opts.rateeId) q = q.where('ratee_id', '=', opts.rateeId);
      // Votes are sorted by content, never by insertion.
      return (await q.orderBy('ratee_id').orderBy('kind').orderBy('grade').orderBy('id').execute()).map(toAppraisal);
    },
    async deleteAppraisal(id: string): Promise<boolean> {
      const r = await db.deleteFrom('appraisals').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    // ------------------------------------------------------------ the report's figures of the ledger
    /** Of the meeting's ledger items: how many name a 责任人 (owner, leader or department) and how many a 完成时限. */
    async ledgerAssigned(meetingId: string): Promise<{ owner: number; deadline: number }> {
      const rows = await db
        .selectFrom('ledger_items')
        .select(['owner_id', 'leader_name', 'department', 'deadline_kind', 'deadline_on'])
        .where('meeting_id', '=', meetingId)
        .execute();
      return {
        owner: rows.filter((r) => r.owner_id || r.leader_name?.trim() || r.department?.trim()).length,
        deadline: rows.filter((r) => r.deadline_kind !== 'date' || r.deadline_on).length,
      };
    },
    /** Ledger items of the meeting, by source. */
    async ledgerCounts(meetingId: string): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('ledger_items')
        .select(['source'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('meeting_id', '=', meetingId)
        .groupBy('source')
        .execute();
      const out: Record<string, number> = {};
      for (const r of rows) out[r.source] = Number(r.n);
      return out;
    },

    // ------------------------------------------------------------ storage housekeeping of the spool
    /**
     * SQLite: freed cells zeroed while the batch and the rotation delete (secure_delete on until
     * `restore`). Through Kysely, so that the pragma waits for the connection (never lands inside
     * another request's transaction). PostgreSQL: nothing to do.
     */
    async secureDelete(): Promise<{ restore(): Promise<void> }> {
      if (dialect !== 'sqlite') return { async restore() {} };
      const before = (await sql<{ secure_delete: number }>`pragma secure_delete`.execute(db)).rows[0]?.secure_delete;
      await sql`pragma secure_delete = ON`.execute(db);
      return {
        restore: async () =>
          void (await sql.raw(`pragma secure_delete = ${Number(before) ? 'ON' : 'OFF'}`).execute(db)),
      };
    },
    /** SQLite: copy the WAL into the database file and truncate it (retried while a reader holds it). */
    async checkpointWal(): Promise<void> {
      if (dialect !== 'sqlite') return;
      for (let i = 0; i < 50; i++) {
        const r = (await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db)).rows;
        if (!Number(r[0]?.busy)) return;
        await new Promise((res) => setTimeout(res, 20));
      }
    },

    // ------------------------------------------------------------ demo
    /** Mark a stage of the meeting done at `at` (the demo's report went to the superior). */
    async markStageDone(meetingId: string, stage: string, at: string): Promise<void> {
      await db
        .updateTable('meeting_stages')
        .set({ done_at: at })
        .where('meeting_id', '=', meetingId)
        .where('stage', '=', stage)
        .execute();
    },
    /** Whether any opinion collection exists (the demo seeds the procedure once). */
    async hasCollections(): Promise<boolean> {
      return !!(await db.selectFrom('opinion_collections').select('id').executeTakeFirst());
    },
  };
}

export type MeetingProcedureRepository = ReturnType<typeof meetingProcedureRepository>;
