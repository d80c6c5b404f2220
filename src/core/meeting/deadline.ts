/**
 * The report's deadline: the meeting report (with the records) goes to the superior within 15
 * days of the meeting — the commonly cited limit, configurable per organization (DOMAIN.md §1).
 * Calendar days; the due date is the last day the report may be sent.
 *
 *   reportDeadline('2026-01-10')            → '2026-01-25'
 *   deadlineState('2026-01-25', '2026-01-27') → { daysLeft: -2, overdue: true, label: '已超期2天' }
 */
import { addDays, daysBetween } from './dates.js';

export const DEFAULT_REPORT_DAYS = 15;

export function reportDeadline(heldOn: string, days: number = DEFAULT_REPORT_DAYS): string {
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new RangeError('报告期限须为1–365天。');
  return addDays(heldOn, days);
}

/** 'ok' more than 3 days left, 'soon' 0–3, 'overdue' past; 'done' once the report was sent. */
export const DEADLINE_LEVELS = ['ok', 'soon', 'overdue', 'done'] as const;
export type DeadlineLevel = (typeof DEADLINE_LEVELS)[number];

export interface DeadlineState {
  dueOn: string;
  daysLeft: number;
  overdue: boolean;
  level: DeadlineLevel;
  label: string;
}

export function deadlineState(dueOn: string, today: string, doneOn?: string | null): DeadlineState {
  if (doneOn) {
    const late = daysBetween(dueOn, doneOn);
    return {
      dueOn,
      daysLeft: 0,
      overdue: false,
      level: 'done',
      label: late > 0 ? `已报送（逾期${late}天）` : '已按时报送',
    };
  }
  const daysLeft = daysBetween(today, dueOn);
  if (daysLeft < 0) return { dueOn, daysLeft, overdue: true, level: 'overdue', label: `已超期${-daysLeft}天` };
  if (daysLeft === 0) return { dueOn, daysLeft, overdue: false, level: 'soon', label: '今天到期' };
  return { dueOn, daysLeft, overdue: false, level: daysLeft <= 3 ? 'soon' : 'ok', label: `还剩${daysLeft}天` };
}
