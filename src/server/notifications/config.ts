/**
 * Configuration of notifications, read by server/config.ts from the environment and
 * validated with everything else (every problem listed at once).
 *
 *   NOTIFY_SCHEDULER        0 → this instance runs no daily pass and sends no mail (default 1; with
 *                           several instances it is safe to leave it on everywhere)
 *   NOTIFY_DAILY_HOUR       hour (0–23) from which the day's deadline pass runs (default 8)
 *   NOTIFY_TIME_ZONE        IANA zone of that hour and of "today" (default Asia/Shanghai)
 *   NOTIFY_INTERVAL_SECONDS how often each instance looks for work: the day's pass, pending mail (default 300)
 *   PUBLIC_URL              the address people open Jianshi at, for links in e-mails (optional)
 *   SMTP_URL                smtp://user:pass@host:587 or smtps://…:465 — or the parts below
 *   SMTP_HOST, SMTP_PORT (587; 465 → TLS), SMTP_USER, SMTP_PASS, SMTP_SECURE (1 → TLS from the start)
 *   SMTP_FROM               the sender, e.g. "检视 <jianshi@example.org>" (required when SMTP is set)
 */
export interface SmtpConfig {
  url?: string;
  host?: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
}

export interface NotifyConfig {
  scheduler: boolean;
  dailyHour: number;
  timeZone: string;
  intervalMs: number;
  publicUrl?: string;
  /** Set when SMTP is configured; otherwise notifications are in-app only. */
  smtp?: SmtpConfig;
}

const on = (v: string | undefined, dflt: boolean) =>
  v === undefined || v === '' ? dflt : v === '1' || v === 'true' || v === 'yes';
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

export function readNotifyConfig(env: Record<string, string | undefined>): { value: NotifyConfig; problems: string[] } {
  const problems: string[] = [];
  for (const k of ['NOTIFY_SCHEDULER', 'SMTP_SECURE']) {
    const v = env[k];
    if (v !== undefined && v !== '' && !['0', '1', 'true', 'false', 'yes', 'no'].includes(v))
      problems.push(`${k} 须为 0 或 1`);
  }
  const hour = env.NOTIFY_DAILY_HOUR ? Number(env.NOTIFY_DAILY_HOUR) : 8;
  if (!(Number.isInteger(hour) && hour >= 0 && hour <= 23)) problems.push('NOTIFY_DAILY_HOUR 须为 0–23 之间的整数');
  const timeZone = env.NOTIFY_TIME_ZONE || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
  } catch {
    problems.push(`NOTIFY_TIME_ZONE 不是有效的时区名称（如 Asia/Shanghai）：“${timeZone}”`);
  }
  const interval = env.NOTIFY_INTERVAL_SECONDS ? Number(env.NOTIFY_INTERVAL_SECONDS) : 300;
  if (!(Number.isFinite(interval) && interval >= 1 && interval <= 86_400))
    problems.push('NOTIFY_INTERVAL_SECONDS 须为 1–86400 之间的数');
  const publicUrl = env.PUBLIC_URL || undefined;
  if (publicUrl && !/^https?:\/\/[^\s]+$/.test(publicUrl)) problems.push('PUBLIC_URL 须以 http:// 或 https:// 开头');

  let smtp: SmtpConfig | undefined;
  const url = env.SMTP_URL || undefined;
  const host = env.SMTP_HOST || undefined;
  if (url || host) {
    let port = env.SMTP_PORT ? Number(env.SMTP_PORT) : 587;
    let secure = on(env.SMTP_SECURE, port === 465);
    if (url) {
      if (host) problems.push('SMTP_URL 与 SMTP_HOST 只能设置其一');
      try {
        const u = new URL(url);
        if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') problems.push('SMTP_URL 须以 smtp:// 或 smtps:// 开头');
        if (!u.hostname) problems.push('SMTP_URL 缺少主机名');
        secure = u.protocol === 'smtps:';
        port = u.port ? Number(u.port) : secure ? 465 : 587;
      } catch {
        problems.push('SMTP_URL 不是有效的地址');
      }
    }
    if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) problems.push('SMTP_PORT 须为 1–65535 之间的整数');
    if ((env.SMTP_USER && !env.SMTP_PASS) || (!env.SMTP_USER && env.SMTP_PASS))
      problems.push('SMTP_USER 与 SMTP_PASS 须同时设置');
    const from = env.SMTP_FROM || '';
    const addr = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
    if (!from) problems.push('设置了 SMTP 服务器时必须设置发件人 SMTP_FROM（如 “检视 <jianshi@example.org>”）');
    else if (!ADDRESS.test(addr)) problems.push(`SMTP_FROM 不是有效的邮件地址：“${from}”`);
    smtp = { url, host, port, secure, user: env.SMTP_USER || undefined, pass: env.SMTP_PASS || undefined, from };
  } else {
    for (const k of ['SMTP_PORT', 'SMTP_USER', 'SMTP_PASS', 'SMTP_FROM'])
      if (env[k]) problems.push(`设置了 ${k} 却没有 SMTP_HOST 或 SMTP_URL`);
  }
  return {
    value: {
      scheduler: on(env.NOTIFY_SCHEDULER, true),
      dailyHour: hour,
      timeZone,
      intervalMs: Math.round(interval * 1000),
      publicUrl: publicUrl?.replace(/\/+$/, ''),
      smtp,
    },
    problems,
  };
}
