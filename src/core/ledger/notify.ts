/**
 * The daily deadline pass: which in-app notifications (and e-mails) today's state calls for.
 * Pure: given the open items, the secretaries of each organization and today's date, it returns
 * notifications with a `dedupeKey`, so running the pass twice a day (or on two servers) notifies
 * once — the notifications table has a unique index on that key.
 *
 *   - the owner of an item that is due within `dueSoonDays`: once per item and deadline;
 *   - the owner of an overdue item: once per item and deadline, then weekly reminders;
 *   - unit items (no owner) go to the organization's secretaries;
 *   - each secretary: one daily digest per organization when it has overdue or due-soon items.
 */
import { deadlineText, dueState, DEFAULT_DEADLINE_POLICY, type DeadlinePolicy, type LedgerItem } from './model.js';

export interface LedgerNotification {
  personId: string;
  kind:
    | 'ledger.due_soon'
    | 'ledger.overdue'
    | 'ledger.digest'
    | 'ledger.applied'
    | 'ledger.closed'
    | 'ledger.sent_back'
    | 'ledger.extension_requested'
    | 'ledger.extension_decided'
    // The administrators' daily audit checkpoint, or its failure (server/notifications/audit-checkpoint.ts)
    | 'audit.checkpoint'
    | 'audit.broken'
    // The review of a material (core/workflow/notify.ts)
    | 'material.submitted'
    | 'material.returned'
    | 'material.approved'
    | 'material.withdrawn';
  title: string;
  body: string;
  link: string;
  dedupeKey: string;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

const brief = (s: string, n = 30) => (s.length > n ? s.slice(0, n) + '…' : s);

export function dailyNotifications(
  items: readonly Pick<
    LedgerItem,
    'id' | 'orgId' | 'number' | 'problem' | 'ownerId' | 'status' | 'deadlineKind' | 'deadlineOn'
  >[],
  secretariesByOrg: ReadonlyMap<string, readonly string[]>,
  today: string,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): LedgerNotification[] {
  const out: LedgerNotification[] = [];
  const digest = new Map<string, { overdue: number; dueSoon: number }>();
  for (const i of items) {
    const ds = dueState(i, today, policy);
    if (ds !== 'overdue' && ds !== 'due_soon') continue;
    const d = digest.get(i.orgId) ?? { overdue: 0, dueSoon: 0 };
    if (ds === 'overdue') d.overdue++;
    else d.dueSoon++;
    digest.set(i.orgId, d);
    const recipients = i.ownerId ? [i.ownerId] : [...(secretariesByOrg.get(i.orgId) ?? [])];
    const link = `/ledger/${i.id}`; // the web page of the item
    for (const personId of recipients) {
      if (ds === 'due_soon') {
        out.push({
          personId,
          kind: 'ledger.due_soon',
          title: `整改事项即将到期：${i.number}`,
          body: `“${brief(i.problem)}”的完成时限为${deadlineText(i)}，请抓紧整改并上传佐证材料。`,
          link,
          dedupeKey: `due_soon:${i.id}:${i.deadlineOn}:${personId}`,
        });
      } else {
        const late = daysBetween(i.deadlineOn!, today);
        const week = Math.floor((late - 1) / 7);
        out.push({
          personId,
          kind: 'ledger.overdue',
          title: `整改事项已超期：${i.number}`,
          body: `“${brief(i.problem)}”已超过完成时限（${deadlineText(i)}）${late} 天。`,
          link,
          dedupeKey: `overdue:${i.id}:${i.deadlineOn}:w${week}:${personId}`,
        });
      }
    }
  }
  for (const [orgId, d] of digest) {
    for (const personId of secretariesByOrg.get(orgId) ?? []) {
      out.push({
        personId,
        kind: 'ledger.digest',
        title: `整改台账日报（${today}）`,
        body: `本组织超期 ${d.overdue} 项，即将到期 ${d.dueSoon} 项。`,
        link: `/ledger?org=${orgId}&due=overdue`,
        dedupeKey: `digest:${orgId}:${today}:${personId}`,
      });
    }
  }
  return out;
}

/** Notifications for a transition: applied → the closers; closed / sent back → the owner. */
export function transitionNotifications(
  item: Pick<LedgerItem, 'id' | 'number' | 'problem' | 'ownerId'>,
  event: 'apply' | 'close' | 'send_back',
  recipients: readonly string[],
  at: string,
  reason?: string | null,
): LedgerNotification[] {
  const link = `/ledger/${item.id}`;
  return recipients.map((personId) => {
    const key = `${event}:${item.id}:${at}:${personId}`;
    if (event === 'apply')
      return {
        personId,
        kind: 'ledger.applied' as const,
        title: `待销号审核：${item.number}`,
        body: `“${brief(item.problem)}”已申请销号，请审核佐证材料。`,
        link,
        dedupeKey: key,
      };
    if (event === 'close')
      return {
        personId,
        kind: 'ledger.closed' as const,
        title: `已销号：${item.number}`,
        body: `“${brief(item.problem)}”已审核销号。`,
        link,
        dedupeKey: key,
      };
    return {
      personId,
      kind: 'ledger.sent_back' as const,
      title: `销号申请被退回：${item.number}`,
      body: `“${brief(item.problem)}”被退回，理由：${reason ?? ''}`,
      link,
      dedupeKey: key,
    };
  });
}

/** An e-mail to send; the transport (SMTP) lives at the edge (server/cli). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** The edge implements this with an SMTP client when SMTP is configured; otherwise none is used. */
export interface Mailer {
  send(msg: MailMessage): Promise<void>;
}

export function mailFor(n: LedgerNotification, address: string, baseUrl = ''): MailMessage {
  return { to: address, subject: `【检视】${n.title}`, text: `${n.body}\n\n${baseUrl}${n.link}\n` };
}
