/**
 * An item's history: status transitions (compare-and-set on the old status, with their record),
 * deadline extension requests and decisions, and progress notes.
 */
import { JianshiError } from '../../../core/errors.js';
import type { LedgerStatus } from '../../../core/ledger/model.js';
import type { LedgerTransitionRecord } from '../../../core/ledger/workflow.js';
import type { DeadlineExtension } from '../../../core/ledger/extension.js';
import { isUniqueViolation, newId, nowIso } from '../util.js';
import { type LedgerContext, type LedgerTransition, type LedgerNote, extensionRow, toExtension } from './model.js';

export function workflowPart(c: LedgerContext) {
  const { db, inTx } = c;
  const part = {
    /** Persist a transition built by core applyLedgerEvent: CAS on the old status + the record, in one transaction. */
    async transition(rec: LedgerTransitionRecord): Promise<LedgerTransition> {
      return inTx(async (trx) => {
        const set: Record<string, unknown> = { status: rec.toStatus, updated_at: rec.at };
        if (rec.toStatus === 'closed') Object.assign(set, { closed_at: rec.at, closed_by: rec.actorId });
        const r = await trx
          .updateTable('ledger_items')
          .set(set)
          .where('id', '=', rec.itemId)
          .where('status', '=', rec.fromStatus)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1)
          throw new JianshiError('E_CONFLICT', '整改事项状态已被他人改变，请刷新后重试。');
        const t: LedgerTransition = {
          id: newId(),
          itemId: rec.itemId,
          fromStatus: rec.fromStatus,
          toStatus: rec.toStatus,
          actorId: rec.actorId,
          reason: rec.reason,
          snapshot: rec.snapshot,
          at: rec.at,
        };
        await trx
          .insertInto('ledger_transitions')
          .values({
            id: t.id,
            item_id: t.itemId,
            from_status: t.fromStatus,
            to_status: t.toStatus,
            actor_id: t.actorId,
            reason: t.reason,
            snapshot: JSON.stringify(t.snapshot),
            at: t.at,
          })
          .execute();
        return t;
      });
    },

    /** Store a new request; a second pending one for the item (a race) is E_CONFLICT (partial unique index). */
    async insertExtension(x: DeadlineExtension): Promise<DeadlineExtension> {
      try {
        await db.insertInto('ledger_extensions').values(extensionRow(x)).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new JianshiError('E_CONFLICT', '已有一份延期申请等待审批，请刷新后查看。');
        throw e;
      }
      return x;
    },
    /** Record a decision: compare-and-set on `pending`, so two deciders never both decide. */
    async decideExtension(x: DeadlineExtension): Promise<DeadlineExtension> {
      const r = await db
        .updateTable('ledger_extensions')
        .set({ status: x.status, decided_by: x.decidedBy, decided_at: x.decidedAt, comment: x.comment })
        .where('id', '=', x.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1)
        throw new JianshiError('E_CONFLICT', '该延期申请已被他人审批，请刷新后查看。');
      return x;
    },
    async getExtension(id: string): Promise<DeadlineExtension | null> {
      const r = await db.selectFrom('ledger_extensions').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toExtension(r) : null;
    },
    async pendingExtension(itemId: string): Promise<DeadlineExtension | null> {
      const r = await db
        .selectFrom('ledger_extensions')
        .selectAll()
        .where('item_id', '=', itemId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return r ? toExtension(r) : null;
    },
    /** An item's requests, oldest first. */
    async extensions(itemId: string): Promise<DeadlineExtension[]> {
      return (
        await db
          .selectFrom('ledger_extensions')
          .selectAll()
          .where('item_id', '=', itemId)
          .orderBy('requested_at')
          .orderBy('id')
          .execute()
      ).map(toExtension);
    },
    /** The requests of each item, oldest first (the export's 延期情况 column); `pendingOnly` for list badges. */
    async extensionsOf(itemIds: readonly string[], pendingOnly = false): Promise<Map<string, DeadlineExtension[]>> {
      const out = new Map<string, DeadlineExtension[]>();
      for (let k = 0; k < itemIds.length; k += 500) {
        let q = db
          .selectFrom('ledger_extensions')
          .selectAll()
          .where('item_id', 'in', itemIds.slice(k, k + 500));
        if (pendingOnly) q = q.where('status', '=', 'pending');
        for (const r of await q.orderBy('requested_at').orderBy('id').execute())
          out.set(r.item_id, [...(out.get(r.item_id) ?? []), toExtension(r)]);
      }
      return out;
    },

    async transitions(itemId: string): Promise<LedgerTransition[]> {
      const rows = await db
        .selectFrom('ledger_transitions')
        .selectAll()
        .where('item_id', '=', itemId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        itemId: r.item_id,
        fromStatus: r.from_status as LedgerStatus,
        toStatus: r.to_status as LedgerStatus,
        actorId: r.actor_id,
        reason: r.reason,
        snapshot: JSON.parse(r.snapshot),
        at: r.at,
      }));
    },
    async addNote(itemId: string, authorId: string, body: string, at = nowIso()): Promise<LedgerNote> {
      const text = body.trim();
      if (!text) throw new JianshiError('E_VALIDATION', '整改进展不能为空。');
      if (text.length > 4000) throw new JianshiError('E_VALIDATION', '整改进展不能超过 4000 字。');
      const n: LedgerNote = { id: newId(), itemId, authorId, body: text, createdAt: at };
      await db
        .insertInto('ledger_notes')
        .values({ id: n.id, item_id: itemId, author_id: authorId, body: text, created_at: at })
        .execute();
      await db.updateTable('ledger_items').set({ updated_at: at }).where('id', '=', itemId).execute();
      return n;
    },
    async notes(itemId: string): Promise<LedgerNote[]> {
      const rows = await db
        .selectFrom('ledger_notes')
        .selectAll()
        .where('item_id', '=', itemId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        itemId: r.item_id,
        authorId: r.author_id,
        body: r.body,
        createdAt: r.created_at,
      }));
    },
    /** The latest note of each item (for the 整改进展 column of an export). */
    async latestNotes(itemIds: readonly string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (let k = 0; k < itemIds.length; k += 500) {
        const chunk = itemIds.slice(k, k + 500);
        const rows = await db
          .selectFrom('ledger_notes')
          .select(['item_id', 'body', 'created_at'])
          .where('item_id', 'in', chunk)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        for (const r of rows) out.set(r.item_id, r.body);
      }
      return out;
    },
  };
  return part;
}
