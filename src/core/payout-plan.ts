/** The payout plan of one portal (see payouts.ts for the rules): past payouts and the upcoming ones, by prefix sums. */
import { addDays, type IsoDate } from './dates.js';
import type { Cents } from './money.js';
import { isOnRequest, payoutDatesFrom } from './payout-calendar.js';
import { effectiveDates, NEVER, type EffectiveDates, type PayoutItem } from './payout-items.js';
import type { PayoutOnRequest, PayoutSchedule } from './types.js';

/** Sum of `cents` of the items whose date is before `date`, by a forward-only cursor over sorted items. */
class PrefixSum {
  private readonly dates: IsoDate[];
  private readonly sums: number[];
  constructor(entries: Array<{ date: IsoDate; cents: Cents }>) {
    entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    this.dates = entries.map((e) => e.date);
    this.sums = [0];
    for (const e of entries) this.sums.push((this.sums[this.sums.length - 1] ?? 0) + e.cents);
  }
  /** Total of entries dated strictly before `date` (binary search). */
  before(date: IsoDate): Cents {
    let lo = 0;
    let hi = this.dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.dates[mid] as IsoDate) < date) lo = mid + 1;
      else hi = mid;
    }
    return this.sums[lo] ?? 0;
  }
  get first(): IsoDate | undefined {
    return this.dates[0];
  }
  /** Total of every entry. */
  get total(): Cents {
    return this.sums[this.sums.length - 1] ?? 0;
  }
  /** The distinct dates of the entries, ascending. */
  distinctDates(): IsoDate[] {
    return this.dates.filter((d, i) => i === 0 || d !== this.dates[i - 1]);
  }
}

/** A payout date in the past, as derived from the log. */
export interface PastPayout {
  date: IsoDate;
  /** Confirmed and unpaid before the date (carry-over included). */
  total_cents: Cents;
  paid: boolean;
  paid_cents: Cents;
  carried_cents: Cents;
}

/** A payout date from today on. */
export interface UpcomingPayout {
  /** Null only for an on-request portal whose expected balance never reaches the minimum. */
  date: IsoDate | null;
  confirmed_cents: Cents;
  /** Includes confirmed. */
  expected_cents: Cents;
  /** Includes expected. */
  possible_cents: Cents;
  minimum_cents: Cents;
  /** confirmed ≥ minimum. */
  will_pay: boolean;
  /** expected ≥ minimum. */
  likely_pay: boolean;
  /** Part of confirmed carried over from earlier payout dates that did not reach the minimum. */
  carried_in_cents: Cents;
  /** On the likely path: the expected amount when it reaches the minimum, else 0. */
  paid_cents: Cents;
  /** On the likely path: the expected amount left unpaid (below the minimum), else 0. */
  carried_cents: Cents;
}

export interface PayoutPlan {
  history: PastPayout[];
  upcoming: UpcomingPayout[];
}

export interface PlanOptions {
  today: IsoDate;
  /** How many upcoming payouts (default 1). */
  count?: number;
  /** Or: every upcoming payout dated before this date (e.g. a horizon of N quarters). */
  until?: IsoDate;
}

interface Sums {
  C: PrefixSum;
  E: PrefixSum;
  Pos: PrefixSum;
}

function sumsOf(items: readonly PayoutItem[], today: IsoDate): Sums {
  const confirmed: Array<{ date: IsoDate; cents: Cents }> = [];
  const expected: Array<{ date: IsoDate; cents: Cents }> = [];
  const possible: Array<{ date: IsoDate; cents: Cents }> = [];
  // Many items share a date and window: their effective dates are computed once.
  const memo = new Map<string, EffectiveDates>();
  for (const item of items) {
    const key = item.status === 'confirmed' ? `c${item.confirmed_on ?? item.date}` : `p${item.window_from ?? item.date}|${item.window[0]}|${item.window[1]}`;
    let eff = memo.get(key);
    if (!eff) memo.set(key, (eff = effectiveDates(item, today)));
    if (eff.confirmed !== NEVER) confirmed.push({ date: eff.confirmed, cents: item.cents });
    expected.push({ date: eff.expected, cents: item.cents });
    possible.push({ date: eff.possible, cents: item.cents });
  }
  return { C: new PrefixSum(confirmed), E: new PrefixSum(expected), Pos: new PrefixSum(possible) };
}

/** Past payouts (only dates where something was due) and the upcoming ones of one portal. */
export function planPayouts(schedule: PayoutSchedule, items: readonly PayoutItem[], options: PlanOptions): PayoutPlan {
  const sums = sumsOf(items, options.today);
  if (isOnRequest(schedule)) return planOnRequest(schedule, sums, options);
  const { today } = options;
  const { C, E, Pos } = sums;
  const minimum = schedule.minimum_cents;

  const history: PastPayout[] = [];
  // The last date that paid: everything expected before it is paid.
  let lastPaid: IsoDate | undefined;
  const paidE = () => (lastPaid === undefined ? 0 : E.before(lastPaid));
  const paidC = () => (lastPaid === undefined ? 0 : C.before(lastPaid));
  // Confirmed before an earlier payout date and still unpaid: it was due then and carried over.
  const carriedFrom = (previous: IsoDate | undefined) => (previous === undefined ? 0 : Math.max(0, C.before(previous) - paidC()));

  // Past dates: from the earliest date anything could count, up to (not including) today.
  let previous: IsoDate | undefined;
  const earliest = [C.first, E.first].filter((d): d is IsoDate => d !== undefined).sort()[0];
  if (earliest !== undefined && earliest < today) {
    let start = earliest;
    for (;;) {
      const batch = payoutDatesFrom(schedule, start, 64);
      const past = batch.filter((d) => d < today);
      for (const date of past) {
        previous = date;
        const total = E.before(date) - paidE();
        if (total <= 0) continue;
        const paid = total >= minimum;
        history.push({ date, total_cents: total, paid, paid_cents: paid ? total : 0, carried_cents: paid ? 0 : total });
        if (paid) lastPaid = date;
      }
      if (past.length < batch.length || batch.length < 64) break;
      start = addDays(batch[batch.length - 1] as IsoDate, 1);
    }
  }

  const upcoming: UpcomingPayout[] = [];
  const limit = options.until === undefined ? Math.max(1, options.count ?? 1) : 10_000;
  for (const date of payoutDatesFrom(schedule, today, limit)) {
    if (options.until !== undefined && date >= options.until) break;
    const confirmedCents = C.before(date) - paidC();
    const expectedCents = E.before(date) - paidE();
    const possibleCents = Pos.before(date) - paidE();
    const likely = expectedCents > 0 && expectedCents >= minimum;
    upcoming.push({
      date,
      confirmed_cents: confirmedCents,
      expected_cents: expectedCents,
      possible_cents: possibleCents,
      minimum_cents: minimum,
      will_pay: confirmedCents > 0 && confirmedCents >= minimum,
      likely_pay: likely,
      carried_in_cents: carriedFrom(previous),
      paid_cents: likely ? expectedCents : 0,
      carried_cents: likely ? 0 : expectedCents,
    });
    // The likely path: a payout that reaches the minimum on what is expected pays all of it.
    if (likely) lastPaid = date;
    previous = date;
  }
  return { history, upcoming };
}

/**
 * An on-request portal (see the module comment): past requests on each day the confirmed balance
 * reached the minimum; upcoming ones on each day the expected balance does, from today.
 */
function planOnRequest(schedule: PayoutOnRequest, { C, E, Pos }: Sums, options: PlanOptions): PayoutPlan {
  const { today } = options;
  const minimum = schedule.minimum_cents;
  const reaches = (cents: Cents) => cents > 0 && cents >= minimum;
  // Everything counted before `cut` is paid (a request on D pays what counts before D + 1).
  let cut: IsoDate | undefined;
  const paid = (sum: PrefixSum) => (cut === undefined ? 0 : sum.before(cut));
  const dates = E.distinctDates();

  // Before today only confirmed amounts count (a pending one is never expected before today).
  const history: PastPayout[] = [];
  for (const date of dates) {
    if (date >= today) break;
    const end = addDays(date, 1);
    const total = E.before(end) - paid(E);
    if (!reaches(total)) continue;
    history.push({ date, total_cents: total, paid: true, paid_cents: total, carried_cents: 0 });
    cut = end;
  }

  const upcoming: UpcomingPayout[] = [];
  const limit = options.until === undefined ? Math.max(1, options.count ?? 1) : Number.POSITIVE_INFINITY;
  for (const date of [today, ...dates.filter((d) => d > today)]) {
    if (upcoming.length >= limit || (options.until !== undefined && date >= options.until)) break;
    const end = addDays(date, 1);
    const expected = E.before(end) - paid(E);
    if (!reaches(expected)) continue;
    const confirmed = C.before(end) - paid(C);
    upcoming.push({
      date,
      confirmed_cents: confirmed,
      expected_cents: expected,
      possible_cents: Pos.before(end) - paid(E),
      minimum_cents: minimum,
      will_pay: reaches(confirmed),
      likely_pay: true,
      carried_in_cents: 0,
      paid_cents: expected,
      carried_cents: 0,
    });
    cut = end;
  }
  // What is left never reaches the minimum (or there is nothing yet, for `payout next`): one row, no date.
  const left = E.total - paid(E);
  if (options.until === undefined ? upcoming.length === 0 : left > 0 && !reaches(left)) {
    upcoming.push({
      date: null,
      confirmed_cents: C.total - paid(C),
      expected_cents: left,
      possible_cents: Pos.total - paid(E),
      minimum_cents: minimum,
      will_pay: false,
      likely_pay: false,
      carried_in_cents: 0,
      paid_cents: 0,
      carried_cents: left,
    });
  }
  return { history, upcoming };
}
