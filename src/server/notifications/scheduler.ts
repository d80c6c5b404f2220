/**
 * The notification scheduler, run inside every server instance (started from app.ts). Each tick:
 *
 *   1. from NOTIFY_DAILY_HOUR (in NOTIFY_TIME_ZONE) on, the day's deadline pass — once a day across
 *      all instances: a lease row in `settings` picks one instance, and the notifications' unique
 *      dedupe keys make a second pass (a lease that expired mid-run, a clock skew) notify nobody twice;
 *   2. with `auditCheckpointFile`, from the same hour, the day's audit checkpoint (its own lease; see
 *      audit-checkpoint.ts): appended to that file and sent to the administrators;
 *   3. when SMTP is configured, the pending mails of the outbox (each claimed by compare-and-set).
 *
 * Nothing here throws into the server: a failing tick (database busy, SMTP down) is logged and the
 * next tick tries again; ticks never overlap; the timer does not keep the process alive.
 *
 *   const s = startNotificationScheduler({ repos, notify: config.notify, log: app.log });
 *   app.addHook('onClose', () => s.stop());
 */
import { randomUUID } from 'node:crypto';
import type { Repositories } from '../../storage/repositories/index.js';
import type { Mailer } from '../../core/ledger/notify.js';
import type { NotifyConfig } from './config.js';
import { smtpMailer } from './mailer.js';
import { claimDailyLease, drainMailOutbox, finishDailyLease, runDailyPass, type DrainResult } from './daily.js';
import { CHECKPOINT_LEASE_KEY, dailyAuditCheckpoint, type DailyCheckpointResult } from './audit-checkpoint.js';

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SchedulerOptions {
  repos: Repositories;
  notify: NotifyConfig;
  log: SchedulerLog;
  /** Overrides the SMTP mailer built from `notify.smtp` (tests). null → no mail. */
  mailer?: Mailer | null;
  /** Identifies this instance in the lease (default: a random id). */
  instanceId?: string;
  now?: () => Date;
  /** Delay before the first tick (default: 30–60 s, jitter, so instances spread out). */
  firstTickMs?: number;
  /** Mail retry interval (default 10 minutes). */
  retryMs?: number;
  /** When false, ticks only run through `tick()` (tests). */
  timer?: boolean;
  /** Where the daily audit checkpoint is appended (AUDIT_CHECKPOINT_FILE); none → no checkpoint. */
  auditCheckpointFile?: string;
}

export interface TickResult {
  day: string;
  pass: { items: number; notified: number; queuedMail: number } | 'not_yet' | 'taken' | 'error';
  mail: DrainResult | null;
  checkpoint?: DailyCheckpointResult | 'taken' | 'error';
}

/** The local date (YYYY-MM-DD) and hour of `d` in `timeZone`. */
export function localDayHour(d: Date, timeZone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

export function startNotificationScheduler(opts: SchedulerOptions) {
  const { repos, notify, log } = opts;
  const now = opts.now ?? (() => new Date());
  const owner = opts.instanceId ?? randomUUID();
  const ownMailer = opts.mailer === undefined && notify.smtp ? smtpMailer(notify.smtp) : null;
  const mailer: Mailer | null = opts.mailer !== undefined ? opts.mailer : ownMailer;
  let running: Promise<TickResult> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let lastMailError: string | null = null;

  async function tickOnce(): Promise<TickResult> {
    const t = now();
    const { day, hour } = localDayHour(t, notify.timeZone);
    const out: TickResult = { day, pass: 'not_yet', mail: null };
    if (hour >= notify.dailyHour) {
      try {
        // Nothing due anywhere: write nothing at all (not even the lease).
        if ((await repos.ledger.countOpenDueBy(day)) === 0) out.pass = { items: 0, notified: 0, queuedMail: 0 };
        else if (await claimDailyLease(repos, day, owner, t)) {
          out.pass = await runDailyPass(repos, day, { mail: !!mailer });
          await finishDailyLease(repos, day, owner, now());
          log.info({ day, ...out.pass }, 'daily deadline pass done');
        } else out.pass = 'taken';
      } catch (e) {
        out.pass = 'error';
        log.error(
          { day, err: e instanceof Error ? e.message : String(e) },
          'daily deadline pass failed; the next tick retries',
        );
      }
    }
    if (hour >= notify.dailyHour && opts.auditCheckpointFile) {
      try {
        if (await claimDailyLease(repos, day, owner, t, undefined, CHECKPOINT_LEASE_KEY)) {
          out.checkpoint = await dailyAuditCheckpoint(repos, day, {
            file: opts.auditCheckpointFile,
            mail: !!mailer,
            now: t,
          });
          await finishDailyLease(repos, day, owner, now(), CHECKPOINT_LEASE_KEY);
          if (out.checkpoint.line)
            log.info({ day, count: out.checkpoint.count, file: opts.auditCheckpointFile }, 'audit checkpoint written');
          else
            log.error(
              { day, failure: out.checkpoint.failure },
              'audit log does not verify: no checkpoint written, administrators notified',
            );
        } else out.checkpoint = 'taken';
      } catch (e) {
        out.checkpoint = 'error';
        log.error(
          { day, err: e instanceof Error ? e.message : String(e) },
          'audit checkpoint failed; the next tick retries',
        );
      }
    }
    if (mailer) {
      try {
        out.mail = await drainMailOutbox(repos, mailer, {
          publicUrl: notify.publicUrl,
          now,
          retryMs: opts.retryMs,
          log,
        });
        if (out.mail.sent) log.info({ sent: out.mail.sent }, 'notification mails sent');
        if (out.mail.error && out.mail.error !== lastMailError)
          log.warn({ err: out.mail.error }, 'SMTP server unavailable; mails stay queued');
        lastMailError = out.mail.error ?? null;
      } catch (e) {
        log.error({ err: e instanceof Error ? e.message : String(e) }, 'mail outbox failed; the next tick retries');
      }
    }
    return out;
  }

  /** Run one tick now (or join the one in progress). */
  function tick(): Promise<TickResult> {
    running ??= tickOnce().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(ms: number) {
    if (stopped || opts.timer === false) return;
    timer = setTimeout(() => {
      void tick().finally(() => schedule(notify.intervalMs));
    }, ms);
    timer.unref();
  }
  schedule(opts.firstTickMs ?? 30_000 + Math.floor(Math.random() * 30_000));

  return {
    tick,
    instanceId: owner,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running.catch(() => undefined);
      ownMailer?.close();
    },
  };
}

export type NotificationScheduler = ReturnType<typeof startNotificationScheduler>;
