/**
 * Deadline notifications: the daily pass's input, deduplicated inserts, a person's list and
 * read marks, and the mail outbox (claimed by compare-and-set, so two instances never send one mail twice).
 */
import { addDays, OPEN_STATUSES, type LedgerItem } from '../../../core/ledger/model.js';
import type { LedgerNotification } from '../../../core/ledger/notify.js';
import { newId, nowIso } from '../util.js';
import { type LedgerContext, toLedgerItem } from './model.js';

export function notificationsPart(c: LedgerContext) {
  const { db, policy } = c;
  const part = {
    /** Open items due within the due-soon window or overdue: the input of the daily pass. */
    async openItemsDueBy(today: string): Promise<LedgerItem[]> {
      const rows = await db
        .selectFrom('ledger_items')
        .selectAll()
        .where('status', 'in', [...OPEN_STATUSES])
        .where('deadline_kind', '!=', 'ongoing')
        .where('deadline_on', '<=', addDays(today, policy.dueSoonDays))
        .orderBy('deadline_on')
        .execute();
      return rows.map(toLedgerItem);
    },
    /** How many open items are due soon or overdue on `today` (0 → the daily pass has nothing to do). */
    async countOpenDueBy(today: string): Promise<number> {
      const r = await db
        .selectFrom('ledger_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', 'in', [...OPEN_STATUSES])
        .where('deadline_kind', '!=', 'ongoing')
        .where('deadline_on', '<=', addDays(today, policy.dueSoonDays))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async secretariesByOrg(orgIds: readonly string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      if (!orgIds.length) return out;
      for (let k = 0; k < orgIds.length; k += 500) {
        const rows = await db
          .selectFrom('memberships')
          .select(['org_id', 'person_id'])
          .where('role', '=', 'secretary')
          .where('org_id', 'in', orgIds.slice(k, k + 500))
          .execute();
        for (const r of rows) out.set(r.org_id, [...(out.get(r.org_id) ?? []), r.person_id]);
      }
      return out;
    },
    /**
     * Insert notifications; those whose dedupe key already exists are skipped (so a second pass,
     * or a second instance, notifies nobody twice). Returns the ones that were new. With `mail`,
     * the notifications it selects also enter the mail outbox (`mail_status = 'pending'`) in the
     * same statement, so a mail is never lost between the insert and the send.
     */
    async notify(
      list: readonly LedgerNotification[],
      at = nowIso(),
      opts: { mail?: (n: LedgerNotification) => boolean } = {},
    ): Promise<LedgerNotification[]> {
      const fresh: LedgerNotification[] = [];
      const byKey = new Map(list.map((n) => [n.dedupeKey, n]));
      const rows = [...byKey.values()].map((n) => ({
        id: newId(),
        person_id: n.personId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        dedupe_key: n.dedupeKey,
        created_at: at,
        read_at: null,
        mail_status: opts.mail?.(n) ? 'pending' : null,
      }));
      for (let k = 0; k < rows.length; k += 200) {
        const r = await db
          .insertInto('notifications')
          .values(rows.slice(k, k + 200))
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .returning('dedupe_key')
          .execute();
        for (const x of r) fresh.push(byKey.get(x.dedupe_key!)!);
      }
      return fresh;
    },
    /** A person's notifications, newest first (keyset on created_at, id), and the unread count. */
    async notifications(
      personId: string,
      opts: { unreadOnly?: boolean; limit?: number; before?: { createdAt: string; id: string } | null } = {},
    ) {
      let q = db
        .selectFrom('notifications')
        .select(['id', 'person_id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
        .where('person_id', '=', personId);
      if (opts.unreadOnly) q = q.where('read_at', 'is', null);
      const b = opts.before;
      if (b)
        q = q.where((eb) =>
          eb.or([
            eb('created_at', '<', b.createdAt),
            eb.and([eb('created_at', '=', b.createdAt), eb('id', '<', b.id)]),
          ]),
        );
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(opts.limit ?? 100)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        personId: r.person_id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        link: r.link,
        createdAt: r.created_at,
        readAt: r.read_at,
      }));
    },
    async unreadCount(personId: string): Promise<number> {
      const r = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('person_id', '=', personId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /** Mark one of the person's notifications read; false when it is not theirs (or does not exist). */
    async markRead(personId: string, id: string, at = nowIso()): Promise<boolean> {
      const mine = await db
        .selectFrom('notifications')
        .select(['id', 'read_at'])
        .where('id', '=', id)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      if (!mine) return false;
      if (!mine.read_at)
        await db
          .updateTable('notifications')
          .set({ read_at: at })
          .where('id', '=', id)
          .where('read_at', 'is', null)
          .execute();
      return true;
    },
    async markAllRead(personId: string, at = nowIso()): Promise<number> {
      const r = await db
        .updateTable('notifications')
        .set({ read_at: at })
        .where('person_id', '=', personId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /**
     * Claim one pending mail (compare-and-set on its claim time, so two instances never both send
     * it): pending, and never claimed or claimed before `staleBefore` (a crashed sender, or a
     * failed attempt waiting for its retry). Returns the notification and the address, or null.
     */
    async claimMail(id: string, staleBefore: string, at = nowIso()): Promise<boolean> {
      const r = await db
        .updateTable('notifications')
        .set((eb) => ({ mail_claimed_at: at, mail_attempts: eb('mail_attempts', '+', 1) }))
        .where('id', '=', id)
        .where('mail_status', '=', 'pending')
        .where((eb) => eb.or([eb('mail_claimed_at', 'is', null), eb('mail_claimed_at', '<', staleBefore)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Pending mails that are due (unclaimed or stale), oldest first, with the recipient's address. */
    async pendingMails(staleBefore: string, limit = 100) {
      const rows = await db
        .selectFrom('notifications')
        .innerJoin('people', 'people.id', 'notifications.person_id')
        .select([
          'notifications.id',
          'notifications.person_id',
          'notifications.kind',
          'notifications.title',
          'notifications.body',
          'notifications.link',
          'notifications.dedupe_key',
          'notifications.created_at',
          'notifications.mail_attempts',
          'people.email',
          'people.disabled',
        ])
        .where('notifications.mail_status', '=', 'pending')
        .where((eb) =>
          eb.or([
            eb('notifications.mail_claimed_at', 'is', null),
            eb('notifications.mail_claimed_at', '<', staleBefore),
          ]),
        )
        .orderBy('notifications.created_at')
        .orderBy('notifications.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        personId: r.person_id,
        kind: r.kind as LedgerNotification['kind'],
        title: r.title,
        body: r.body ?? '',
        link: r.link ?? '',
        dedupeKey: r.dedupe_key ?? r.id,
        createdAt: r.created_at,
        attempts: Number(r.mail_attempts),
        email: r.disabled ? null : r.email,
      }));
    },
    /** The outcome of a send: sent, given up (`failed` / `no_address`), or back to pending with the error. */
    async mailOutcome(
      id: string,
      outcome: { status: 'sent' | 'failed' | 'no_address' | 'pending'; error?: string | null },
      at = nowIso(),
    ): Promise<void> {
      await db
        .updateTable('notifications')
        .set({
          mail_status: outcome.status,
          mail_error: outcome.error ? outcome.error.slice(0, 500) : null,
          ...(outcome.status === 'sent' ? { mailed_at: at } : {}),
        })
        .where('id', '=', id)
        .execute();
    },
    async mailCounts(): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('notifications')
        .select(['mail_status', (eb) => eb.fn.countAll().as('n')])
        .where('mail_status', 'is not', null)
        .groupBy('mail_status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.mail_status!, Number(r.n)]));
    },
  };
  return part;
}
