/**
 * The filtered list with keyset pagination (constant cost at any depth), its total from the
 * maintained summary when the filter allows, and every matching item for an export.
 */
import { sql } from 'kysely';
import type { LedgerItem } from '../../../core/ledger/model.js';
import { today as todayIn } from '../../../core/meeting/dates.js';
import {
  type LedgerContext,
  type LedgerListScope,
  type LedgerFilter,
  type LedgerPage,
  type LedgerListResult,
  toLedgerItem,
} from './model.js';
import {
  scopeCondition,
  filterConditions,
  withIndex,
  encodeCursor,
  decodeCursor,
  statsServable,
  statsOrgCondition,
  statsCondition,
} from './sql.js';

export function listPart(c: LedgerContext) {
  const { db, dialect, policy } = c;
  const part = {
    /**
     * The filtered list, ordered by number, with keyset pagination (constant cost at any depth).
     * The total comes from the maintained summary when the filter allows (organizations, status,
     * aspect, year), otherwise from a count over the items.
     */
    async list(
      filter: LedgerFilter,
      scope: LedgerListScope,
      page: LedgerPage = {},
      today = todayIn(),
    ): Promise<LedgerListResult> {
      const limit = Math.max(1, Math.min(500, page.limit ?? 50));
      const wantTotal = page.withTotal ?? !page.cursor;
      const servable = statsServable(filter, scope);
      const narrowScope =
        'ownerId' in scope &&
        scope.ownerId &&
        !scope.orgIds.length &&
        !scope.subtreeOfPaths.length &&
        !scope.strictSubtreeOfPaths.length;
      const narrow = !!(filter.ownerId || narrowScope || (filter.orgIds && filter.orgIds.length === 1));
      let matching: number | null = null;
      let scan = false;
      if (dialect === 'sqlite' && servable && !narrow) {
        // SQLite: a wide list (many matches: the overdue items of a whole tree) is read in number order and
        // stops after one page (see colRef); a narrow one (one organization, one owner, a small subtree or
        // a rare combination) through the organization or owner index, sorting the few matches. The summary
        // tells which: reading in number order costs about limit × items / matches rows, the index the
        // items of the selected organizations.
        const e = await part.statsEstimate(filter, scope);
        matching = e.matching;
        scan = e.matching > 0 && (limit * e.all) / e.matching < e.selected;
      } else if (dialect === 'sqlite') scan = !narrow;
      if (servable && wantTotal && matching === null) matching = await part.statsCount(filter, scope);
      let q = db
        .selectFrom('ledger_items')
        .selectAll()
        .where((eb) => scopeCondition(eb, scope, scan))
        .where((eb) => filterConditions(eb, filter, today, policy, scan));
      if (page.cursor) {
        const c = decodeCursor(page.cursor);
        // `number >= c` first, so both databases seek into the (number, id) index instead of scanning from the start.
        q = q
          .where('ledger_items.number', '>=', c.number)
          .where((eb) => eb.or([eb('ledger_items.number', '>', c.number), eb('ledger_items.id', '>', c.id)]));
      }
      const rows = await q
        .orderBy('ledger_items.number')
        .orderBy('ledger_items.id')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map(toLedgerItem);
      let total: number | null = null;
      if (wantTotal) {
        if (matching !== null) total = matching;
        else {
          const cq = db
            .selectFrom('ledger_items')
            .select((eb) => eb.fn.countAll().as('n'))
            .where((eb) => scopeCondition(eb, scope))
            .where((eb) => filterConditions(eb, filter, today, policy));
          // SQLite: counting the overdue / due-soon items reads the covering index on open deadlines (see dashboardFromStats).
          const t =
            dialect === 'sqlite' && filter.due && !filter.ownerId && !('ownerId' in scope && scope.ownerId)
              ? (await db.executeQuery<{ n: number }>(withIndex(cq.compile(), 'ledger_items_open_due'))).rows[0]
              : await cq.executeTakeFirstOrThrow();
          total = Number(t.n);
        }
      }
      return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null, total };
    },
    /** From the summary in one pass: all items, those of the selected organizations, those matching the filter. */
    async statsEstimate(
      filter: LedgerFilter,
      scope: LedgerListScope,
    ): Promise<{ all: number; selected: number; matching: number }> {
      const r = await db
        .selectFrom('ledger_stats')
        .select([
          sql<number>`coalesce(sum(n), 0)`.as('all'),
          sql<number>`coalesce(sum(case when ${statsOrgCondition('ledger_stats', { orgIds: filter.orgIds, subtreeOf: filter.subtreeOf }, scope)} then n else 0 end), 0)`.as(
            'selected',
          ),
          sql<number>`coalesce(sum(case when ${statsCondition(filter, scope)} then n else 0 end), 0)`.as('matching'),
        ])
        .executeTakeFirstOrThrow();
      return { all: Number(r.all), selected: Number(r.selected), matching: Number(r.matching) };
    },
    /** How many items match (organizations, status, aspect, year only: see statsServable), from the summary. */
    async statsCount(filter: LedgerFilter, scope: LedgerListScope): Promise<number> {
      const r = await db
        .selectFrom('ledger_stats')
        .select(sql<number>`coalesce(sum(n), 0)`.as('n'))
        .where(statsCondition(filter, scope))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /** Every matching item (export), in number order, fetched in pages. */
    async *iterate(
      filter: LedgerFilter,
      scope: LedgerListScope,
      today?: string,
      max = 100_000,
    ): AsyncGenerator<LedgerItem> {
      let cursor: string | null = null;
      let n = 0;
      do {
        const page: LedgerListResult = await part.list(
          filter,
          scope,
          { limit: Math.min(500, max - n + 1), cursor, withTotal: false },
          today,
        );
        for (const i of page.items) {
          if (n++ >= max) return;
          yield i;
        }
        cursor = page.nextCursor;
      } while (cursor);
    },
  };
  return part;
}
