/**
 * Anonymous opinions and their collections (征求意见), and the spool the public form writes to.
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
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, OpinionCollectionsTable } from '../../schema.js';
import type { DialectName } from '../../db.js';
import { JianshiError } from '../../../core/errors.js';
import { knownDate } from '../../../core/meeting/dates.js';
import type { AnonymousOpinion, OpinionCollectionStatus } from '../../../core/meeting/opinions.js';
import { newId, nowIso } from '../util.js';
import { D, inTx, shuffled } from './shared.js';

export type CollectionStatus = OpinionCollectionStatus;

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

/** Opinion ids: UUID v4 only (random; no time or order in the bits). */
export const opinionId = (): string => randomUUID();

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

export function opinionsRepository(db: Kysely<Database>, dialect: DialectName) {
  const tx = inTx(db);

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
    /** Whether any opinion collection exists (the demo seeds the procedure once). */
    async hasCollections(): Promise<boolean> {
      return !!(await db.selectFrom('opinion_collections').select('id').executeTakeFirst());
    },
  };
}
