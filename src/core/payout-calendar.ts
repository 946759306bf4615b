/** The payout calendar: a portal's payout dates, on-request schedules, and calendar-month arithmetic. */
import { clampedDate, parts, type IsoDate } from './dates.js';
import type { PayoutCalendar, PayoutOnRequest, PayoutSchedule } from './types.js';

/** Whether a portal pays on request (no calendar). */
export function isOnRequest(schedule: PayoutSchedule): schedule is PayoutOnRequest {
  return (schedule as Partial<PayoutOnRequest>).on_request === true;
}

/**
 * Payout dates on or after `start`, ascending, at most `limit` of them (none when `months` is empty or
 * the portal pays on request).
 */
export function payoutDatesFrom(schedule: PayoutSchedule, start: IsoDate, limit: number): IsoDate[] {
  const out: IsoDate[] = [];
  if (isOnRequest(schedule)) return out;
  const calendar: PayoutCalendar = schedule;
  const months = [...new Set(calendar.months)].filter((m) => m >= 1 && m <= 12).sort((a, b) => a - b);
  if (!months.length || limit <= 0) return out;
  let year = parts(start).year;
  // The calendar ends with year 9999 (dates past it are not dates perk can store or compare).
  while (out.length < limit && year <= 9999) {
    for (const m of months) {
      const d = clampedDate(year, m, calendar.day);
      if (d >= start && out.length < limit) out.push(d);
    }
    year++;
  }
  return out;
}

/** The first payout date on or after `today` (none for an on-request portal). */
export function nextPayoutDate(schedule: PayoutSchedule, today: IsoDate): IsoDate | undefined {
  return payoutDatesFrom(schedule, today, 1)[0];
}

/** Calendar-month arithmetic lives with the rest of the calendar (core/dates.ts). */
export { addMonths } from './dates.js';
