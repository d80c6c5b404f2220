/**
 * The dashboard in SQL (agrees with core/ledger/views.ts dashboard()): from the maintained
 * summary when the filter allows, else counted from the items.
 */
import { sql } from 'kysely';
import { addDays, LEDGER_STATUSES, OPEN_STATUSES, type LedgerStatus } from '../../../core/ledger/model.js';
import { rate, type CompletionRow, type Dashboard, type TrendRow } from '../../../core/ledger/views.js';
import { today as todayIn } from '../../../core/meeting/dates.js';
import type { LedgerContext, LedgerListScope, LedgerFilter } from './model.js';
import {
  scopeCondition,
  filterConditions,
  withIndex,
  statsServable,
  statsOrgCondition,
  statsCondition,
} from './sql.js';

export function dashboardPart(c: LedgerContext) {
  const { db, dialect, policy } = c;
  const part = {
    /** The dashboard in SQL; agrees with core/ledger/views.ts dashboard() (tested). */
    async dashboard(filter: LedgerFilter, scope: LedgerListScope, today = todayIn()): Promise<Dashboard> {
      if (statsServable(filter, scope)) return part.dashboardFromStats(filter, scope, today);
      return part.dashboardFromItems(filter, scope, today);
    },
    /**
     * The dashboard from the maintained summary: counts per (org, aspect, status) and the monthly
     * trend are summary rows; overdue and due soon (which depend on today) are counted from the
     * open items through the covering index `ledger_items_open_due`.
     */
    async dashboardFromStats(filter: LedgerFilter, scope: LedgerListScope, today = todayIn()): Promise<Dashboard> {
      const soon = addDays(today, policy.dueSoonDays);
      const groupsQuery = db
        .selectFrom('ledger_stats')
        .select([
          'org_id',
          'aspect_key',
          'status',
          sql<number>`sum(n)`.as('n'),
          sql<number>`sum(repeated)`.as('repeated'),
        ])
        .where(statsCondition(filter, scope))
        .groupBy(['org_id', 'aspect_key', 'status']);
      const openStatuses = OPEN_STATUSES.filter((x) => !filter.status?.length || filter.status.includes(x));
      type DueRow = { org_id: string; aspect_key: string; overdue: number; due_soon: number };
      const dueQuery = db
        .selectFrom('ledger_items')
        .select([
          'org_id',
          sql<string>`coalesce(aspect, '')`.as('aspect_key'),
          sql<number>`sum(case when deadline_on < ${today} then 1 else 0 end)`.as('overdue'),
          sql<number>`sum(case when deadline_on >= ${today} then 1 else 0 end)`.as('due_soon'),
        ])
        .where('status', 'in', openStatuses.length ? openStatuses : ['-'])
        .where('deadline_on', '<=', soon)
        .where('deadline_kind', '!=', 'ongoing')
        .where((eb) => scopeCondition(eb, scope))
        .where((eb) => filterConditions(eb, filter, today, policy))
        .groupBy(['org_id', sql`coalesce(aspect, '')`]);
      const trendQuery =
        filter.status?.length || filter.aspect !== undefined
          ? null // the monthly summary has no status or aspect: count those from the items
          : db
              .selectFrom('ledger_stats_month')
              .select(['month', sql<number>`sum(created)`.as('created'), sql<number>`sum(closed)`.as('closed')])
              .where(statsOrgCondition('ledger_stats_month', filter, scope))
              .groupBy('month');
      // The three run at once (PostgreSQL: on separate pooled connections, outside a transaction).
      const [groups, due, trendRows] = await Promise.all([
        groupsQuery.execute(),
        // SQLite: read only the covering index on open deadlines; with ANALYZE statistics the planner would
        // otherwise pick (org_id, status, deadline_on) and fetch every open row from the table.
        !openStatuses.length
          ? Promise.resolve([] as DueRow[])
          : dialect === 'sqlite'
            ? db.executeQuery<DueRow>(withIndex(dueQuery.compile(), 'ledger_items_open_due')).then((r) => r.rows)
            : dueQuery.execute(),
        trendQuery ? trendQuery.execute() : Promise.resolve(null),
      ]);

      const byStatus = Object.fromEntries(LEDGER_STATUSES.map((st) => [st, 0])) as Record<LedgerStatus, number>;
      const byOrg = new Map<string, CompletionRow>();
      const byAspect = new Map<string, CompletionRow>();
      let total = 0,
        od = 0,
        ds = 0,
        rep = 0;
      const row = (m: Map<string, CompletionRow>, key: string) => {
        let r = m.get(key);
        if (!r) m.set(key, (r = { key, total: 0, closed: 0, awaitingClose: 0, overdue: 0, rate: 0 }));
        return r;
      };
      for (const g of groups) {
        const n = Number(g.n);
        if (!n) continue;
        total += n;
        rep += Number(g.repeated ?? 0);
        if (g.status in byStatus) byStatus[g.status as LedgerStatus] += n;
        for (const r of [row(byOrg, g.org_id), row(byAspect, g.aspect_key)]) {
          r.total += n;
          if (g.status === 'closed') r.closed += n;
          if (g.status === 'awaiting_close') r.awaitingClose += n;
        }
      }
      for (const d of due) {
        const o = Number(d.overdue ?? 0);
        od += o;
        ds += Number(d.due_soon ?? 0);
        if (o) {
          row(byOrg, d.org_id).overdue += o;
          row(byAspect, d.aspect_key).overdue += o;
        }
      }
      const finish = (m: Map<string, CompletionRow>) =>
        [...m.values()]
          .map((r) => ({ ...r, rate: rate(r.closed, r.total) }))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const trend = trendRows
        ? trendRows
            .map((r) => ({ month: r.month, created: Number(r.created), closed: Number(r.closed) }))
            .filter((t) => t.created || t.closed)
            .sort((a, b) => (a.month < b.month ? -1 : 1))
        : (await part.dashboardFromItems(filter, scope, today)).trend;
      return {
        total,
        byStatus,
        overdue: od,
        dueSoon: ds,
        repeated: rep,
        byOrg: finish(byOrg),
        byAspect: finish(byAspect),
        trend,
      };
    },
    /** The dashboard counted from the items (any filter). */
    async dashboardFromItems(filter: LedgerFilter, scope: LedgerListScope, today = todayIn()): Promise<Dashboard> {
      const soon = addDays(today, policy.dueSoonDays);
      const base = () =>
        db
          .selectFrom('ledger_items')
          .where((eb) => scopeCondition(eb, scope))
          .where((eb) => filterConditions(eb, filter, today, policy));
      const open = sql`status in ('pending', 'in_progress') and deadline_kind <> 'ongoing'`;
      const overdue = sql<number>`sum(case when ${open} and deadline_on < ${today} then 1 else 0 end)`;
      const dueSoon = sql<number>`sum(case when ${open} and deadline_on >= ${today} and deadline_on <= ${soon} then 1 else 0 end)`;
      // One scan grouped by (org, aspect, status) gives totals, status counts, by-org and by-aspect figures.
      const groups = await base()
        .select([
          'org_id',
          sql<string>`coalesce(aspect, '')`.as('aspect_key'),
          'status',
          sql<number>`count(*)`.as('n'),
          overdue.as('overdue'),
          dueSoon.as('due_soon'),
          sql<number>`sum(case when repeated_of_id is not null then 1 else 0 end)`.as('repeated'),
        ])
        .groupBy(['org_id', sql`coalesce(aspect, '')`, 'status'])
        .execute();
      const created = await base()
        .select([sql<string>`substr(created_at, 1, 7)`.as('m'), sql<number>`count(*)`.as('n')])
        .groupBy(sql`substr(created_at, 1, 7)`)
        .execute();
      const closed = await base()
        .select([sql<string>`substr(closed_at, 1, 7)`.as('m'), sql<number>`count(*)`.as('n')])
        .where('closed_at', 'is not', null)
        .groupBy(sql`substr(closed_at, 1, 7)`)
        .execute();

      const byStatus = Object.fromEntries(LEDGER_STATUSES.map((s) => [s, 0])) as Record<LedgerStatus, number>;
      const byOrg = new Map<string, CompletionRow>();
      const byAspect = new Map<string, CompletionRow>();
      let total = 0,
        od = 0,
        ds = 0,
        rep = 0;
      const bump = (m: Map<string, CompletionRow>, key: string, status: string, n: number, o: number) => {
        let r = m.get(key);
        if (!r) m.set(key, (r = { key, total: 0, closed: 0, awaitingClose: 0, overdue: 0, rate: 0 }));
        r.total += n;
        if (status === 'closed') r.closed += n;
        if (status === 'awaiting_close') r.awaitingClose += n;
        r.overdue += o;
      };
      for (const g of groups) {
        const n = Number(g.n),
          o = Number(g.overdue ?? 0);
        total += n;
        od += o;
        ds += Number(g.due_soon ?? 0);
        rep += Number(g.repeated ?? 0);
        if (g.status in byStatus) byStatus[g.status as LedgerStatus] += n;
        bump(byOrg, g.org_id, g.status, n, o);
        bump(byAspect, g.aspect_key, g.status, n, o);
      }
      const finish = (m: Map<string, CompletionRow>) =>
        [...m.values()]
          .map((r) => ({ ...r, rate: rate(r.closed, r.total) }))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const trend = new Map<string, TrendRow>();
      for (const r of created) trend.set(r.m, { month: r.m, created: Number(r.n), closed: 0 });
      for (const r of closed) {
        const t = trend.get(r.m) ?? { month: r.m, created: 0, closed: 0 };
        t.closed = Number(r.n);
        trend.set(r.m, t);
      }
      return {
        total,
        byStatus,
        overdue: od,
        dueSoon: ds,
        repeated: rep,
        byOrg: finish(byOrg),
        byAspect: finish(byAspect),
        trend: [...trend.values()].sort((a, b) => (a.month < b.month ? -1 : 1)),
      };
    },
  };
  return part;
}
