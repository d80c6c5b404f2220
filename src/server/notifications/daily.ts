/**
 * The work behind the notification scheduler, each step safe to run on several instances at once:
 *
 *  - `runDailyPass(repos, day)`: the day's deadline pass (core dailyNotifications: due soon, overdue,
 *    the secretaries' digest) written as in-app notifications. Every notification has a unique
 *    dedupe key, so running it twice, or on two instances, notifies once. Overdue notices and the
 *    digest also enter the mail outbox when mail is on.
 *  - `claimDailyLease(repos, day, owner)`: a lease row in `settings`, so that normally only one
 *    instance does a day's pass (the dedupe keys are the guarantee; the lease saves the work). A
 *    lease left by a crashed instance expires and another instance runs the pass.
 *  - `drainMailOutbox(repos, mailer)`: pending mails, each claimed by compare-and-set before it is
 *    sent; a failure leaves it pending (retried after `retryMs`), so an SMTP outage loses nothing.
 */
import type { Repositories } from '../../storage/repositories/index.js';
import { dailyNotifications, mailFor, type LedgerNotification, type Mailer } from '../../core/ledger/notify.js';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from '../../core/ledger/model.js';

/** Which notifications also go out by e-mail: overdue notices to owners, the daily digest to secretaries. */
export const MAILED_KINDS: ReadonlySet<LedgerNotification['kind']> = new Set(['ledger.overdue', 'ledger.digest']);

export async function runDailyPass(
  repos: Repositories,
  day: string,
  opts: { mail?: boolean; policy?: DeadlinePolicy; at?: string } = {},
): Promise<{ items: number; notified: number; queuedMail: number }> {
  const L = repos.ledger.configured({ policy: opts.policy ?? DEFAULT_DEADLINE_POLICY });
  const items = await L.openItemsDueBy(day);
  const secs = await L.secretariesByOrg([...new Set(items.map((i) => i.orgId))]);
  const mail = opts.mail ? (n: LedgerNotification) => MAILED_KINDS.has(n.kind) : undefined;
  const fresh = await L.notify(dailyNotifications(items, secs, day, L.policy), opts.at, { mail });
  return { items: items.length, notified: fresh.length, queuedMail: mail ? fresh.filter(mail).length : 0 };
}

// ---------------------------------------------------------------- the daily lease

const LEASE_KEY = 'notify.daily_pass';
interface Lease {
  day: string;
  state: 'running' | 'done';
  owner: string;
  until: string;
}

/** Try to take the day's pass: true when this owner should run it now. `key`: another daily task's lease. */
export async function claimDailyLease(
  repos: Repositories,
  day: string,
  owner: string,
  now = new Date(),
  leaseMs = 10 * 60_000,
  key = LEASE_KEY,
): Promise<boolean> {
  const raw = await repos.settings.getOrInit(
    key,
    JSON.stringify({ day: '', state: 'done', owner: '', until: '' } satisfies Lease),
  );
  let cur: Lease;
  try {
    cur = JSON.parse(raw) as Lease;
  } catch {
    cur = { day: '', state: 'done', owner: '', until: '' };
  }
  if (cur.day > day) return false; // another instance's clock is ahead: that day is being (or was) handled
  if (cur.day === day && (cur.state === 'done' || cur.until > now.toISOString())) return false;
  const next: Lease = { day, state: 'running', owner, until: new Date(now.getTime() + leaseMs).toISOString() };
  return repos.settings.swap(key, raw, JSON.stringify(next));
}

/** Mark the day's pass done (only by the lease's owner). */
export async function finishDailyLease(
  repos: Repositories,
  day: string,
  owner: string,
  now = new Date(),
  key = LEASE_KEY,
): Promise<void> {
  await repos.settings.setIfContains(
    key,
    `"day":"${day}","state":"running","owner":"${owner}"`,
    JSON.stringify({ day, state: 'done', owner, until: now.toISOString() } satisfies Lease),
  );
}

export async function dailyLease(repos: Repositories): Promise<Lease | null> {
  const raw = await repos.settings.get(LEASE_KEY);
  return raw ? (JSON.parse(raw) as Lease) : null;
}

// ---------------------------------------------------------------- the mail outbox

export interface DrainResult {
  sent: number;
  failed: number;
  noAddress: number;
  /** The SMTP error that stopped this round (the rest stay pending for the next tick). */
  error?: string;
}

export interface DrainOptions {
  /** A failed or abandoned claim is retried after this long (default 10 minutes). */
  retryMs?: number;
  /** A mail still unsent after this long is given up (`failed`, logged); default 7 days. */
  giveUpMs?: number;
  limit?: number;
  publicUrl?: string;
  now?: () => Date;
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

export async function drainMailOutbox(
  repos: Repositories,
  mailer: Mailer,
  opts: DrainOptions = {},
): Promise<DrainResult> {
  const L = repos.ledger;
  const now = opts.now ?? (() => new Date());
  const retryMs = opts.retryMs ?? 10 * 60_000;
  const giveUpMs = opts.giveUpMs ?? 7 * 86_400_000;
  const res: DrainResult = { sent: 0, failed: 0, noAddress: 0 };
  const staleBefore = new Date(now().getTime() - retryMs).toISOString();
  for (const m of await L.pendingMails(staleBefore, opts.limit ?? 200)) {
    if (!m.email) {
      await L.mailOutcome(m.id, { status: 'no_address' });
      res.noAddress++;
      continue;
    }
    if (Date.parse(m.createdAt) < now().getTime() - giveUpMs) {
      await L.mailOutcome(m.id, { status: 'failed', error: 'gave up: not sent within the retry period' });
      opts.log?.warn({ notification: m.id, attempts: m.attempts }, 'notification mail given up');
      res.failed++;
      continue;
    }
    if (!(await L.claimMail(m.id, staleBefore, now().toISOString()))) continue; // another instance has it
    try {
      await mailer.send(mailFor(m, m.email, opts.publicUrl ?? ''));
      await L.mailOutcome(m.id, { status: 'sent' }, now().toISOString());
      res.sent++;
    } catch (e) {
      const error = e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);
      // Stays pending with its claim time: retried after retryMs, by this instance or another.
      await L.mailOutcome(m.id, { status: 'pending', error });
      opts.log?.warn(
        { notification: m.id, attempts: m.attempts + 1, err: error },
        'notification mail not sent; will retry',
      );
      res.error = error;
      break; // the server is probably down: do not hammer it with the rest of the queue
    }
  }
  return res;
}
