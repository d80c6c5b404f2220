/**
 * The ledger page's filters, kept in the URL (?org=…&tab=tasks&due=overdue) so links and reloads
 * keep them: the scope (an organization, or the reader's own items), the tab, and the list filters,
 * with `set` to change some of them and the filter the list and the dashboard are asked with.
 */
import { useSearchParams } from 'react-router';
import { LEDGER_STATUSES } from './common';
import type { LedgerFilterInput, LedgerStatus } from './types';

/** The scope value of "my own items". */
export const MINE = 'mine';
export type Tab = 'problems' | 'tasks' | 'responsibilities';

export function useLedgerFilters(orgOptions: readonly { value: string }[], myId: string) {
  const [sp, setSp] = useSearchParams();
  const scope = sp.get('org') ?? orgOptions[0]?.value ?? MINE;
  const mine = scope === MINE || !orgOptions.some((o) => o.value === scope);
  const orgId = mine ? undefined : scope;
  const tab = (sp.get('tab') as Tab) || 'problems';
  const statuses = sp
    .getAll('status')
    .filter((s): s is LedgerStatus => (LEDGER_STATUSES as readonly string[]).includes(s));
  const aspect = sp.get('aspect') ?? undefined;
  const ownerId = sp.get('owner') ?? undefined;
  const due = (sp.get('due') as 'overdue' | 'due_soon' | null) ?? undefined;
  const year = sp.get('year') ? Number(sp.get('year')) : undefined;
  const q = sp.get('q') ?? '';
  const extension = sp.get('extension') === 'pending' ? ('pending' as const) : undefined;

  const set = (patch: Record<string, string | string[] | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      next.delete(k);
      if (Array.isArray(v)) v.forEach((x) => next.append(k, x));
      else if (v !== undefined && v !== '') next.set(k, v);
    }
    setSp(next, { replace: true });
  };

  const base: LedgerFilterInput = mine ? { ownerId: myId, year } : { orgId, year };
  const filter: LedgerFilterInput = {
    ...base,
    status: statuses.length ? statuses : undefined,
    aspect,
    ownerId: mine ? myId : ownerId,
    due,
    q: q || undefined,
    extension,
  };
  return { mine, orgId, tab, statuses, aspect, ownerId, due, year, q, extension, set, base, filter };
}
