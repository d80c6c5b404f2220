/**
 * The ledger items themselves: numbered inserts, reads, content updates (compare-and-set on the
 * status), the 重复出现 mark, earlier items for the recurrence check, and what items point at.
 */
import { sql } from 'kysely';
import { JianshiError } from '../../../core/errors.js';
import {
  effectiveDeadline,
  OPEN_STATUSES,
  type DeadlinePolicy,
  type LedgerItem,
  type LedgerPatch,
  type LedgerStatus,
  type SourceRef,
} from '../../../core/ledger/model.js';
import type { NewLedgerItem } from '../../../core/ledger/create.js';
import { isUniqueViolation, newId, nowIso } from '../util.js';
import { type LedgerContext, toLedgerItem, PATCH_COLUMNS } from './model.js';
import { likeEscape } from './sql.js';

function rowOf(
  i: NewLedgerItem & { number: string },
  by: string | null,
  at: string,
  id: string,
  policy: DeadlinePolicy,
) {
  const status = i.status ?? 'pending';
  return {
    id,
    org_id: i.orgId,
    meeting_id: i.meetingId ?? null,
    year: i.year,
    number: i.number,
    source: i.source,
    source_ref: i.sourceRef ? JSON.stringify(i.sourceRef) : null,
    aspect: i.aspect ?? null,
    problem: i.problem,
    target: i.target ?? null,
    measures: i.measures ?? null,
    leader_name: i.leaderName ?? null,
    department: i.department ?? null,
    owner_id: i.ownerId ?? null,
    deadline_kind: i.deadlineKind,
    deadline_on: effectiveDeadline(i.deadlineKind, i.deadlineOn, at, policy),
    status,
    repeated_of_id: null as string | null,
    created_by: by,
    created_at: at,
    updated_at: at,
    closed_at: status === 'closed' ? at : null,
    closed_by: null as string | null,
  };
}

export function itemsPart(c: LedgerContext) {
  const { db, dialect, policy } = c;
  const part = {
    /** Insert items that already carry numbers; E_CONFLICT when a number is taken. */
    async insertMany(
      items: readonly (NewLedgerItem & { number: string; id?: string; repeatedOfId?: string | null })[],
      by: string | null,
      at = nowIso(),
    ): Promise<LedgerItem[]> {
      if (!items.length) return [];
      const rows = items.map((i) => ({
        ...rowOf(i, by, at, i.id ?? newId(), policy),
        repeated_of_id: i.repeatedOfId ?? null,
      }));
      try {
        for (let k = 0; k < rows.length; k += 200)
          await db
            .insertInto('ledger_items')
            .values(rows.slice(k, k + 200))
            .execute();
      } catch (e) {
        if (isUniqueViolation(e))
          throw new JianshiError('E_CONFLICT', '问题编号已存在（一问题一台账），请刷新后重试。');
        throw e;
      }
      return rows.map(toLedgerItem);
    },
    async insert(
      item: NewLedgerItem & { number: string; id?: string; repeatedOfId?: string | null },
      by: string | null,
      at?: string,
    ): Promise<LedgerItem> {
      return (await part.insertMany([item], by, at))[0];
    },
    async get(id: string): Promise<LedgerItem | null> {
      const r = await db.selectFrom('ledger_items').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toLedgerItem(r) : null;
    },
    async getMany(ids: readonly string[]): Promise<LedgerItem[]> {
      if (!ids.length) return [];
      return (
        await db
          .selectFrom('ledger_items')
          .selectAll()
          .where('id', 'in', [...ids])
          .execute()
      ).map(toLedgerItem);
    },
    async getByNumber(orgId: string, year: number, number: string): Promise<LedgerItem | null> {
      const r = await db
        .selectFrom('ledger_items')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('year', '=', year)
        .where('number', '=', number)
        .executeTakeFirst();
      return r ? toLedgerItem(r) : null;
    },
    /** Numbers already used by an organization in a year (for assignNumbers / splitItem). */
    async numbers(orgId: string, year: number): Promise<string[]> {
      return (
        await db
          .selectFrom('ledger_items')
          .select('number')
          .where('org_id', '=', orgId)
          .where('year', '=', year)
          .execute()
      ).map((r) => r.number);
    },
    /** Items that already came from a source (e.g. a material's measures), to make creation idempotent. */
    async existingSourceRefs(orgId: string, kind: string, key: string): Promise<SourceRef[]> {
      const rows = await db
        .selectFrom('ledger_items')
        .select('source_ref')
        .where('org_id', '=', orgId)
        .where('source_ref', 'like', `%"kind":"${kind}"%${likeEscape(key)}%`)
        .execute();
      return rows.map((r) => JSON.parse(r.source_ref!) as SourceRef);
    },
    /** Content change with compare-and-set on the status (only open items change). */
    async update(
      id: string,
      patch: LedgerPatch,
      expect: readonly LedgerStatus[] = OPEN_STATUSES,
      at = nowIso(),
    ): Promise<LedgerItem> {
      const set: Record<string, unknown> = { updated_at: at };
      for (const [k, v] of Object.entries(patch))
        if (v !== undefined && k in PATCH_COLUMNS) set[PATCH_COLUMNS[k as keyof LedgerPatch]] = v;
      if (patch.deadlineKind !== undefined || patch.deadlineOn !== undefined) {
        const cur = await part.get(id);
        if (!cur) throw new JianshiError('E_NOT_FOUND', '未找到该整改事项。');
        const kind = patch.deadlineKind ?? cur.deadlineKind;
        set.deadline_on = effectiveDeadline(
          kind,
          patch.deadlineOn !== undefined ? patch.deadlineOn : kind === cur.deadlineKind ? cur.deadlineOn : null,
          cur.createdAt,
          policy,
        );
      }
      const r = await db
        .updateTable('ledger_items')
        .set(set)
        .where('id', '=', id)
        .where('status', 'in', [...expect])
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1)
        throw new JianshiError('E_CONFLICT', '整改事项状态已变化或不存在，请刷新后重试。');
      return (await part.get(id))!;
    },
    async setRepeated(id: string, repeatedOfId: string | null): Promise<void> {
      await db
        .updateTable('ledger_items')
        .set({ repeated_of_id: repeatedOfId, updated_at: nowIso() })
        .where('id', '=', id)
        .where('status', '!=', 'closed')
        .execute();
    },
    /** Items of earlier years of the same person (or the same org's unit items), closed or open. */
    async recurrenceCandidates(
      input: { ownerId: string | null; orgId: string; year: number },
      limit = 500,
    ): Promise<LedgerItem[]> {
      // Every earlier item, closed or still open (core/ledger/recurrence.ts).
      let q = db.selectFrom('ledger_items').selectAll().where('year', '<', input.year);
      q = input.ownerId
        ? q.where('owner_id', '=', input.ownerId)
        : q.where('owner_id', 'is', null).where('org_id', '=', input.orgId);
      return (await q.orderBy('year', 'desc').limit(limit).execute()).map(toLedgerItem);
    },

    /** The items made from a material's measures (its `measure` source refs), with the problem each carries. */
    async measureItems(
      orgId: string,
      materialId: string,
    ): Promise<{ measureIndex: number; problemIndex: number | null; itemId: string; number: string }[]> {
      const rows = await db
        .selectFrom('ledger_items')
        .select(['id', 'number', 'source_ref'])
        .where('org_id', '=', orgId)
        .where('source_ref', 'like', `%"kind":"measure"%${materialId.replace(/[%_\\]/g, '')}%`)
        .execute();
      return rows.flatMap((r) => {
        const ref = JSON.parse(r.source_ref ?? 'null') as SourceRef | null;
        return ref?.kind === 'measure' && ref.materialId === materialId
          ? [{ measureIndex: ref.measureIndex, problemIndex: ref.problemIndex ?? null, itemId: r.id, number: r.number }]
          : [];
      });
    },
    /**
     * Lock a material's row until the transaction ends (PostgreSQL; SQLite's write transactions are
     * serial), so two conversions of its measures at once make each item once.
     */
    async lockMaterial(materialId: string): Promise<void> {
      if (dialect === 'postgres') await sql`select id from materials where id = ${materialId} for update`.execute(db);
    },
    /**
     * What a hand-made item's link back points at: the organization of its meeting (null: no such
     * meeting) and whether the criticism, the comment or every opinion collection is of that meeting.
     */
    async sourceRefTarget(
      ref:
        | { kind: 'criticism'; criticismId: string; meetingId: string }
        | { kind: 'comment'; commentId: string; meetingId: string }
        | { kind: 'opinion'; meetingId: string; collectionIds: readonly string[] },
    ): Promise<{ meetingOrgId: string | null; found: boolean }> {
      const meeting = await db
        .selectFrom('meetings')
        .select(['id', 'org_id'])
        .where('id', '=', ref.meetingId)
        .executeTakeFirst();
      if (!meeting) return { meetingOrgId: null, found: false };
      let found = true;
      if (ref.kind === 'criticism')
        found = !!(await db
          .selectFrom('criticisms')
          .select('id')
          .where('id', '=', ref.criticismId)
          .where('meeting_id', '=', ref.meetingId)
          .executeTakeFirst());
      else if (ref.kind === 'comment')
        found = !!(await db
          .selectFrom('meeting_comments')
          .select('id')
          .where('id', '=', ref.commentId)
          .where('meeting_id', '=', ref.meetingId)
          .executeTakeFirst());
      else if (ref.collectionIds.length) {
        const n = await db
          .selectFrom('opinion_collections')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('id', 'in', [...ref.collectionIds])
          .where('meeting_id', '=', ref.meetingId)
          .executeTakeFirstOrThrow();
        found = Number(n.n) === new Set(ref.collectionIds).size;
      }
      return { meetingOrgId: meeting.org_id, found };
    },
    /** id → name of the given people (unknown ids and nulls are skipped): the names an item's readers see. */
    async personNames(ids: readonly (string | null | undefined)[]): Promise<Record<string, string>> {
      const want = [...new Set(ids.filter((x): x is string => !!x))];
      const out: Record<string, string> = {};
      for (let k = 0; k < want.length; k += 500) {
        const rows = await db
          .selectFrom('people')
          .select(['id', 'name'])
          .where('id', 'in', want.slice(k, k + 500))
          .execute();
        for (const r of rows) out[r.id] = r.name;
      }
      return out;
    },
    async count(): Promise<number> {
      const r = await db
        .selectFrom('ledger_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
  return part;
}
