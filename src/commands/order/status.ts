/** The usage errors of a refused change of status or confirmation date, as `order set/confirm` and `bonus set/confirm` say them. */
import type { IsoDate } from '../../core/dates.js';
import { isOrderStatus, statusChange, type StatusChangeProblem } from '../../core/orders.js';
import type { OrderStatus } from '../../core/types.js';
import { UsageError } from '../../errors.js';

/** The usage error naming the flag for a problem found by core/orders.ts statusChange. */
export function statusProblem(noun: 'order' | 'bonus', record: { id: number; date: IsoDate }, problem: StatusChangeProblem, date: IsoDate, today: IsoDate): UsageError {
  switch (problem) {
    case 'date_while_pending':
      return new UsageError(`--date is the confirmation date, and ${noun} ${record.id} stays pending.`, 'Add --status confirmed.');
    case 'before_date':
      return new UsageError(`--date ${date} is before the ${noun} date ${record.date}.`, noun === 'order' ? 'A portal confirms an order after it is placed.' : undefined);
    case 'after_today':
      return new UsageError(`--date ${date} is after today (${today}): a confirmation is recorded once the portal has confirmed.`);
  }
}

/** `record` with the status and confirmation date asked for (core/orders.ts statusChange), or the usage error. */
export function withStatus<T extends { id: number; date: IsoDate; status: OrderStatus; confirmed_on?: IsoDate | null | undefined }>(
  record: T,
  noun: 'order' | 'bonus',
  wanted: { status?: OrderStatus | undefined; date?: IsoDate | undefined },
  today: IsoDate,
): T {
  const change = statusChange(record, wanted, today);
  if ('problem' in change) throw statusProblem(noun, record, change.problem, change.date, today);
  return { ...record, ...change };
}

/** A record id typed as a whole number ≥ 1, or the usage error naming the noun and where to find ids. */
export function parseRecordId(text: string, noun: 'order' | 'bonus'): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    const example = noun === 'order' ? 12 : 3;
    throw new UsageError(`The ${noun} id must be a whole number such as ${example} (got "${text}").`, `See "perk ${noun} list".`);
  }
  return Number(text);
}

/** A `--status` value: pending, confirmed or ineligible. */
export function parseStatus(text: string, flag: string): OrderStatus {
  if (!isOrderStatus(text)) throw new UsageError(`--${flag} must be pending, confirmed or ineligible (got "${text}").`);
  return text;
}
