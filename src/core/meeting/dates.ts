/**
 * Calendar dates as `YYYY-MM-DD` strings (the storage format) — no times, no time zones after the
 * first conversion. Dates in documents are written without leading zeros: 2026年5月1日.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/**
 * A date read back from storage: itself when it is a real calendar date, otherwise unknown (null).
 * Rows written before every route checked its dates may hold 2024-13-45; pages, reports and
 * exports show such a date as missing instead of failing on it.
 */
export function knownDate(s: string | null | undefined): string | null {
  return s && isIsoDate(s) ? s : null;
}

/** A timestamp read back from storage (ISO 8601, a real calendar date): itself, otherwise unknown. */
export function knownTimestamp(s: string | null | undefined): string | null {
  return s && isIsoDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)) ? s : null;
}

function parse(s: string): Date {
  if (!isIsoDate(s)) throw new RangeError(`不是有效的日期：${s}`);
  const [y, m, d] = s.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

const fmt = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fmt(d);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((parse(b).getTime() - parse(a).getTime()) / 86_400_000);
}

/** The zone "today" is reckoned in unless a deployment configures another (NOTIFY_TIME_ZONE). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * The calendar date of an instant in a time zone (default China Standard Time). This is the ONLY
 * time an anonymous opinion keeps: the instant itself is dropped right here.
 */
export function dateInZone(instant: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * Today's date where the organization is: the one "today" of the server, the CLI and the web (due
 * states, overdue alerts, default dates). Never `toISOString().slice(0, 10)`, which is the UTC date
 * and a day behind in China from 00:00 to 08:00.
 */
export function today(timeZone: string = DEFAULT_TIME_ZONE, now: Date = new Date()): string {
  return dateInZone(now, timeZone);
}

/** 2026-05-01 → 2026年5月1日 (GB/T 9704: Arabic numerals, no leading zeros). */
export function chineseDate(date: string): string {
  const d = parse(date);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
