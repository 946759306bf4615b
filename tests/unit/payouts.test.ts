import { describe, expect, it } from 'vitest';
import { addMonths } from '../../src/core/dates.js';
import {
  confirmWindow,
  effectiveDates,
  nextPayoutDate,
  orderPayoutTiming,
  paidDates,
  payoutCurrency,
  payoutDatesFrom,
  payoutItems,
  payoutUnits,
  planPayouts,
  type PayoutItem,
} from '../../src/core/payouts.js';
import type { Bonus, ConfirmDays, Order, Portal } from '../../src/core/types.js';
import { BEFRUGAL, RAKUTEN } from '../helpers/fixtures.js';

const rakuten: Portal = {
  ...RAKUTEN,
  payout_options: { USD: 1, MR: 1, BILT: 0.5 },
  confirm_days: { default: [20, 100], dining: [20, 25], travel: [45, 120] },
};
const monthly: Portal = {
  id: 'topcashback',
  name: 'TopCashback',
  payout: { months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], day: 1, minimum_cents: 1 },
  payout_options: { USD: 1 },
  default_payout: 'USD',
  confirm_days: [30, 90],
};

let nextId = 1;
function confirmed(cents: number, on: string, date = '2026-10-01'): PayoutItem {
  return { kind: 'order', id: nextId++, date, cents, status: 'confirmed', confirmed_on: on, window: [20, 100] };
}
function pending(cents: number, date: string, window: [number, number] = [20, 100]): PayoutItem {
  return { kind: 'order', id: nextId++, date, cents, status: 'pending', window };
}
function order(fields: Partial<Order>): Order {
  return {
    id: nextId++,
    date: '2026-11-01',
    retailer: 'macys',
    amount_cents: 10000,
    category: 'department_store',
    card: null,
    portal: 'rakuten',
    channel: 'online',
    promos: [],
    giftcard_cents: 0,
    charged_cents: 10000,
    expected_cents: 600,
    status: 'pending',
    ...fields,
  };
}
const next = (items: PayoutItem[], today: string, portal: Portal = rakuten) => planPayouts(portal.payout, items, { today }).upcoming[0]!;

describe('payout calendar', () => {
  it.each([
    ['2026-11-21', '2027-02-15'], // year rollover: Nov → Feb
    ['2026-11-15', '2026-11-15'], // the payout day itself is still upcoming
    ['2026-11-14', '2026-11-15'],
    ['2027-02-16', '2027-05-15'],
    ['2026-01-01', '2026-02-15'],
  ])('today %s → next payout %s', (today, date) => {
    expect(nextPayoutDate(rakuten.payout, today)).toBe(date);
  });

  it('lists dates across years in order', () => {
    expect(payoutDatesFrom(rakuten.payout, '2026-09-01', 5)).toEqual(['2026-11-15', '2027-02-15', '2027-05-15', '2027-08-15', '2027-11-15']);
  });

  it('clamps the payout day to the month length (leap years too)', () => {
    const schedule = { months: [1, 2, 4], day: 31, minimum_cents: 0 };
    expect(payoutDatesFrom(schedule, '2027-01-01', 3)).toEqual(['2027-01-31', '2027-02-28', '2027-04-30']);
    expect(payoutDatesFrom(schedule, '2028-02-01', 1)).toEqual(['2028-02-29']);
  });

  it('has no dates for an empty schedule', () => {
    expect(payoutDatesFrom({ months: [], day: 1, minimum_cents: 0 }, '2026-01-01', 3)).toEqual([]);
  });

  it('adds months with clamping', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-11-21', 12)).toBe('2027-11-21');
  });
});

describe('confirmation windows', () => {
  it.each([
    ['online', false, [20, 100]],
    ['in_store', false, [20, 100]],
    ['dining', false, [20, 25]],
    ['online', true, [45, 120]],
    ['dining', true, [20, 25]],
  ] as const)('%s (travel %s) → %j', (channel, travel, window) => {
    expect(confirmWindow(rakuten.confirm_days, channel, travel)).toEqual(window);
  });

  it('an `online` window applies to online orders, before `default` (which the other channels get)', () => {
    const table: ConfirmDays = { default: [20, 100], online: [10, 50] };
    expect(confirmWindow(table, 'online')).toEqual([10, 50]);
    expect(confirmWindow(table, 'in_store')).toEqual([20, 100]);
  });

  it('a plain [min, max] applies to every channel', () => {
    expect(confirmWindow([30, 90], 'dining', true)).toEqual([30, 90]);
  });

  it('payoutItems picks the window by channel and travel category, skips ineligible and other portals', () => {
    const orders = [
      order({ id: 1, channel: 'dining', category: 'dining' }),
      order({ id: 2, category: 'airfare' }),
      order({ id: 3, status: 'ineligible' }),
      order({ id: 4, portal: 'topcashback' }),
      order({ id: 5, expected_cents: 600, actual_cents: 450, status: 'confirmed', confirmed_on: '2026-12-01' }),
    ];
    const bonuses: Bonus[] = [{ id: 9, portal: 'rakuten', amount_cents: 3000, date: '2026-11-02', status: 'pending' }];
    const items = payoutItems(rakuten, orders, bonuses, (c) => c === 'airfare');
    expect(items.map((i) => [i.kind, i.id, i.window, i.cents])).toEqual([
      ['order', 1, [20, 25], 600],
      ['order', 2, [45, 120], 600],
      ['order', 5, [20, 100], 450], // credited amount wins over expected
      ['bonus', 9, [20, 100], 3000],
    ]);
  });
});

describe('payout on date P (DOMAIN worked example 5)', () => {
  it('$5.00 confirmed before Feb 15 is not paid and carries over', () => {
    const p = next([confirmed(500, '2027-01-10')], '2027-01-20');
    expect(p).toMatchObject({ date: '2027-02-15', confirmed_cents: 500, will_pay: false, likely_pay: false, minimum_cents: 501 });
    // After Feb 15 the history shows it carried, and May 15 still has it (as carry-over).
    const plan = planPayouts(rakuten.payout, [confirmed(500, '2027-01-10')], { today: '2027-03-01' });
    expect(plan.history).toEqual([{ date: '2027-02-15', total_cents: 500, paid: false, paid_cents: 0, carried_cents: 500 }]);
    expect(plan.upcoming[0]).toMatchObject({ date: '2027-05-15', confirmed_cents: 500, carried_in_cents: 500, will_pay: false });
  });

  it('$5.01 confirmed before Feb 15 is paid Feb 15', () => {
    expect(next([confirmed(501, '2027-01-10')], '2027-01-20')).toMatchObject({ confirmed_cents: 501, will_pay: true, likely_pay: true });
    const plan = planPayouts(rakuten.payout, [confirmed(501, '2027-01-10')], { today: '2027-03-01' });
    expect(plan.history).toEqual([{ date: '2027-02-15', total_cents: 501, paid: true, paid_cents: 501, carried_cents: 0 }]);
    expect(plan.upcoming[0]).toMatchObject({ date: '2027-05-15', confirmed_cents: 0, carried_in_cents: 0 });
  });

  it('releases the carry-over once the total passes the minimum', () => {
    const items = [confirmed(500, '2027-01-10'), confirmed(1, '2027-03-01')];
    const plan = planPayouts(rakuten.payout, items, { today: '2027-06-01' });
    expect(plan.history).toEqual([
      { date: '2027-02-15', total_cents: 500, paid: false, paid_cents: 0, carried_cents: 500 },
      { date: '2027-05-15', total_cents: 501, paid: true, paid_cents: 501, carried_cents: 0 },
    ]);
    expect(plan.upcoming[0]).toMatchObject({ date: '2027-08-15', confirmed_cents: 0, expected_cents: 0, possible_cents: 0 });
  });

  it('carries over several times and counts the carry toward confirmed', () => {
    const items = [confirmed(200, '2026-12-01'), confirmed(200, '2027-03-01'), confirmed(200, '2027-06-01')];
    const plan = planPayouts(rakuten.payout, items, { today: '2027-07-01' });
    expect(plan.history.map((h) => [h.date, h.total_cents, h.paid])).toEqual([
      ['2027-02-15', 200, false],
      ['2027-05-15', 400, false],
    ]);
    expect(plan.upcoming[0]).toMatchObject({ date: '2027-08-15', confirmed_cents: 600, carried_in_cents: 400, will_pay: true });
  });

  it('a confirmation on the payout day itself goes to the next payout', () => {
    const items = [confirmed(1000, '2027-02-15')];
    const plan = planPayouts(rakuten.payout, items, { today: '2027-02-01', count: 2 });
    expect(plan.upcoming.map((u) => [u.date, u.confirmed_cents])).toEqual([
      ['2027-02-15', 0],
      ['2027-05-15', 1000],
    ]);
    // The day before counts.
    expect(next([confirmed(1000, '2027-02-14')], '2027-02-01').confirmed_cents).toBe(1000);
  });

  it('on the payout day, what confirms that day waits for the next one', () => {
    const plan = planPayouts(rakuten.payout, [confirmed(700, '2027-02-10'), confirmed(900, '2027-02-15')], { today: '2027-02-15', count: 2 });
    expect(plan.history).toEqual([]);
    expect(plan.upcoming.map((u) => [u.date, u.confirmed_cents])).toEqual([
      ['2027-02-15', 700],
      ['2027-05-15', 900],
    ]);
  });

  it('pays across the year boundary: confirmed in November after Nov 15 → Feb 15', () => {
    const plan = planPayouts(rakuten.payout, [confirmed(2500, '2026-11-16')], { today: '2026-11-21', count: 2 });
    expect(plan.upcoming.map((u) => [u.date, u.confirmed_cents])).toEqual([
      ['2027-02-15', 2500],
      ['2027-05-15', 0],
    ]);
  });
});

describe('pending orders: expected and possible', () => {
  // 2026-11-06 + 100 days = 2027-02-14 (just before Feb 15); 2026-11-07 + 100 = 2027-02-15 (not before).
  it('a window ending the day before the payout is expected in it', () => {
    const p = next([pending(1200, '2026-11-06')], '2026-11-21');
    expect(p).toMatchObject({ date: '2027-02-15', confirmed_cents: 0, expected_cents: 1200, possible_cents: 1200, likely_pay: true, will_pay: false });
  });

  it('a window ending on the payout day is only possible in it, and expected in the next', () => {
    const plan = planPayouts(rakuten.payout, [pending(1200, '2026-11-07')], { today: '2026-11-21', count: 2 });
    expect(plan.upcoming[0]).toMatchObject({ date: '2027-02-15', expected_cents: 0, possible_cents: 1200, likely_pay: false });
    expect(plan.upcoming[1]).toMatchObject({ date: '2027-05-15', expected_cents: 1200, possible_cents: 1200 });
  });

  it('a window whose minimum has not passed is in neither', () => {
    // 2027-01-30 + 20 = 2027-02-19 (after Feb 15); + 100 = 2027-05-10 (before May 15).
    const plan = planPayouts(rakuten.payout, [pending(800, '2027-01-30')], { today: '2027-02-01', count: 3 });
    expect(plan.upcoming.map((u) => [u.date, u.expected_cents, u.possible_cents])).toEqual([
      ['2027-02-15', 0, 0],
      ['2027-05-15', 800, 800],
      ['2027-08-15', 0, 0],
    ]);
  });

  it('a dining order has a short window', () => {
    // 2026-12-01 + 25 = 2026-12-26.
    const items = [pending(600, '2026-12-01', confirmWindow(rakuten.confirm_days, 'dining'))];
    expect(next(items, '2026-12-02')).toMatchObject({ date: '2027-02-15', expected_cents: 600 });
  });

  it('an overdue pending order is expected in the next payout, never in a past one', () => {
    const plan = planPayouts(rakuten.payout, [pending(900, '2026-01-01')], { today: '2026-11-21' });
    expect(plan.history).toEqual([]);
    expect(plan.upcoming[0]).toMatchObject({ date: '2027-02-15', confirmed_cents: 0, expected_cents: 900, possible_cents: 900 });
    expect(effectiveDates(pending(1, '2026-01-01'), '2026-11-21')).toEqual({ confirmed: '9999-12-31', expected: '2026-11-21', possible: '2026-11-21' });
  });

  it('expected includes confirmed and possible includes expected', () => {
    const items = [confirmed(300, '2026-12-01'), pending(400, '2026-11-01'), pending(500, '2026-12-20')];
    // 11-01 + 100 = 2027-02-09 (expected); 12-20 + 20 = 2027-01-09 (possible), + 100 = 2027-03-30.
    expect(next(items, '2026-12-21')).toMatchObject({
      confirmed_cents: 300,
      expected_cents: 700,
      possible_cents: 1200,
      will_pay: false,
      likely_pay: true,
    });
  });

  it('later payouts follow the likely path: what the next payout likely pays is gone after it', () => {
    const items = [confirmed(300, '2026-12-01'), pending(400, '2026-11-01'), pending(500, '2026-12-20')];
    const plan = planPayouts(rakuten.payout, items, { today: '2026-12-21', count: 3 });
    expect(plan.upcoming.map((u) => [u.date, u.confirmed_cents, u.expected_cents, u.possible_cents])).toEqual([
      ['2027-02-15', 300, 700, 1200],
      ['2027-05-15', 0, 500, 500], // 500 < 501: likely carried to Aug 15
      ['2027-08-15', 0, 500, 500],
    ]);
    for (const u of plan.upcoming) {
      expect(u.expected_cents).toBeGreaterThanOrEqual(u.confirmed_cents);
      expect(u.possible_cents).toBeGreaterThanOrEqual(u.expected_cents);
    }
  });

  it('an expected amount below the minimum carries with everything else to the next date', () => {
    const items = [pending(300, '2026-11-01'), pending(300, '2027-01-01')];
    // 11-01 + 100 = 2027-02-09 → expected Feb 15 (300 < 501, carries); 01-01 + 100 = 2027-04-11 → May 15.
    const plan = planPayouts(rakuten.payout, items, { today: '2026-11-21', count: 2 });
    expect(plan.upcoming.map((u) => [u.date, u.expected_cents, u.likely_pay, u.carried_in_cents])).toEqual([
      ['2027-02-15', 300, false, 0],
      ['2027-05-15', 600, true, 0],
    ]);
  });

  it('until: every payout dated before a horizon', () => {
    const plan = planPayouts(rakuten.payout, [], { today: '2026-11-21', until: addMonths('2026-11-21', 12) });
    expect(plan.upcoming.map((u) => u.date)).toEqual(['2027-02-15', '2027-05-15', '2027-08-15', '2027-11-15']);
  });
});

describe('several portals', () => {
  it('each portal has its own schedule and minimum', () => {
    const orders = [
      order({ portal: 'rakuten', status: 'confirmed', confirmed_on: '2026-11-10', expected_cents: 450 }),
      order({ portal: 'topcashback', status: 'confirmed', confirmed_on: '2026-11-10', expected_cents: 450 }),
    ];
    const r = next(payoutItems(rakuten, orders, []), '2026-11-12');
    const t = next(payoutItems(monthly, orders, []), '2026-11-12', monthly);
    expect(r).toMatchObject({ date: '2026-11-15', confirmed_cents: 450, will_pay: false });
    expect(t).toMatchObject({ date: '2026-12-01', confirmed_cents: 450, will_pay: true });
  });

  it('a monthly portal derives one history row per month with something due', () => {
    const items = [confirmed(100, '2026-08-10'), confirmed(200, '2026-09-20')];
    const plan = planPayouts(monthly.payout, items, { today: '2026-11-21' });
    expect(plan.history.map((h) => [h.date, h.paid_cents])).toEqual([
      ['2026-09-01', 100],
      ['2026-10-01', 200],
    ]);
  });

  it('paidDates gives the payout each confirmed item went (or likely goes) out with', () => {
    const items = [confirmed(600, '2026-12-01'), confirmed(100, '2027-03-01'), confirmed(600, '2027-05-15')];
    const plan = planPayouts(rakuten.payout, items, { today: '2027-04-01', count: 3 });
    const dates = paidDates(items, plan);
    // $1.00 confirmed Mar 1 is below the minimum on May 15 and goes with the $6.00 on Aug 15.
    expect([...dates.values()]).toEqual(['2027-02-15', '2027-08-15', '2027-08-15']);
  });
});

describe('payout currency and units', () => {
  it('config portal.<id>.payout wins over default_payout; an unknown choice falls back', () => {
    expect(payoutCurrency(rakuten, {})).toBe('USD');
    expect(payoutCurrency(rakuten, { 'portal.rakuten.payout': 'MR' })).toBe('MR');
    expect(payoutCurrency(rakuten, { 'portal.rakuten.payout': 'UR' })).toBe('USD');
  });

  it.each([
    ['USD', 1234, 1234],
    ['MR', 1234, 1234], // $1 = 100 MR
    ['BILT', 1234, 617], // 50 per $1
    ['BILT', 1001, 501], // half away from zero
  ])('%s: %i cents → %i units', (currency, cents, units) => {
    expect(payoutUnits(rakuten, currency, cents)).toBe(units);
  });
});

// ---- SPEC 9.9–9.11: minimums everywhere, on-request portals, travel after the trip --------------------

const befrugal = BEFRUGAL;
const topcashback: Portal = { ...befrugal, id: 'topcashback', name: 'TopCashback', payout: { on_request: true, minimum_cents: 1 } };
/** BeFrugal as perk modelled it before 9.10: monthly on the 1st, $25.00 minimum. */
const monthlyMin: Portal = { ...befrugal, payout: { months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], day: 1, minimum_cents: 2500 } };

const paidCarried = (plan: ReturnType<typeof planPayouts>) => plan.upcoming.map((u) => [u.date, u.paid_cents, u.carried_cents]);

describe('minimums in the forecast: paid_cents and carried_cents (SPEC 9.9)', () => {
  // 2026-11-21 + 90 = 2027-02-19 (expected before Mar 1); + 30 = 2026-12-21.
  const small = () => pending(750, '2026-11-21', [30, 90]);

  it('a $7.50 balance under a $25.00 monthly minimum: every forecast row pays $0.00 and carries $7.50 once expected', () => {
    const plan = planPayouts(monthlyMin.payout, [small()], { today: '2026-11-21', until: '2027-06-01' });
    expect(paidCarried(plan)).toEqual([
      ['2026-12-01', 0, 0],
      ['2027-01-01', 0, 0],
      ['2027-02-01', 0, 0],
      ['2027-03-01', 0, 750],
      ['2027-04-01', 0, 750],
      ['2027-05-01', 0, 750],
    ]);
    expect(plan.upcoming.every((u) => !u.likely_pay)).toBe(true);
  });

  it('$7.50 + $18.00 (expected 2027-03-10) = $25.50 reaches $25.00: paid Apr 1, nothing carried after', () => {
    // 2026-12-10 + 90 = 2027-03-10.
    const plan = planPayouts(monthlyMin.payout, [small(), pending(1800, '2026-12-10', [30, 90])], { today: '2026-11-21', until: '2027-06-01' });
    expect(paidCarried(plan).slice(3)).toEqual([
      ['2027-03-01', 0, 750],
      ['2027-04-01', 2550, 0],
      ['2027-05-01', 0, 0],
    ]);
  });

  it('a payout that reaches the minimum pays all it expects: paid = expected, carried 0', () => {
    const p = next([pending(1200, '2026-11-06')], '2026-11-21');
    expect(p).toMatchObject({ date: '2027-02-15', expected_cents: 1200, paid_cents: 1200, carried_cents: 0 });
  });
});

describe("order add's payout date respects the minimum (SPEC 9.9)", () => {
  const today = '2026-11-21';
  // Best Buy 1% at Rakuten: $300 → $3.00, expected 2026-11-21 + 100 = 2027-03-01.
  const a = order({ id: 101, date: today, retailer: 'bestbuy', category: 'electronics', expected_cents: 300 });
  // $201 → $2.01 on 2026-12-10, expected 2027-03-20.
  const b = order({ id: 102, date: '2026-12-10', retailer: 'bestbuy', category: 'electronics', expected_cents: 201 });

  it('Rakuten $3.00 alone stays under the $5.01 minimum for the next 8 payouts: no payout date', () => {
    expect(orderPayoutTiming(rakuten, a, payoutItems(rakuten, [a], []), false, today)).toEqual({
      confirm_by: '2027-03-01',
      payout: null,
      why: 'below_minimum',
    });
  });

  it('Rakuten $3.00 then $2.01: together $5.01 reach the minimum on 2027-05-15, which pays both', () => {
    const items = payoutItems(rakuten, [a, b], []);
    expect(orderPayoutTiming(rakuten, b, items, false, '2026-12-10')).toEqual({ confirm_by: '2027-03-20', payout: '2027-05-15', why: null });
    expect(orderPayoutTiming(rakuten, a, items, false, '2026-12-10').payout).toBe('2027-05-15');
  });

  it('Rakuten $6.00 (over the minimum) is paid at the first payout after its window: 2027-05-15', () => {
    const c = order({ id: 103, date: today, expected_cents: 600 });
    expect(orderPayoutTiming(rakuten, c, payoutItems(rakuten, [c], []), false, today)).toEqual({ confirm_by: '2027-03-01', payout: '2027-05-15', why: null });
  });

  it('a trip ending 2029-01-01 confirms (2029-05-01) after the next 8 payouts (to 2028-11-15): no date, and says why', () => {
    const trip = order({ id: 104, date: today, category: 'hotel', expected_cents: 2000, trip_end: '2029-01-01' });
    expect(orderPayoutTiming(rakuten, trip, payoutItems(rakuten, [trip], [], () => true), true, today)).toEqual({
      confirm_by: '2029-05-01',
      payout: null,
      why: 'confirms_later',
    });
  });
});

describe('on-request portals (SPEC 9.10)', () => {
  it('has no calendar dates', () => {
    expect(payoutDatesFrom(befrugal.payout, '2026-11-21', 3)).toEqual([]);
    expect(nextPayoutDate(befrugal.payout, '2026-11-21')).toBeUndefined();
  });

  it('BeFrugal $7.50 expected 2027-02-19 never reaches $25.00: the next payout has no date, $7.50 carried', () => {
    const plan = planPayouts(befrugal.payout, [pending(750, '2026-11-21', [30, 90])], { today: '2026-11-21' });
    expect(plan.upcoming).toEqual([
      {
        date: null,
        confirmed_cents: 0,
        expected_cents: 750,
        possible_cents: 750,
        minimum_cents: 2500,
        will_pay: false,
        likely_pay: false,
        carried_in_cents: 0,
        paid_cents: 0,
        carried_cents: 750,
      },
    ]);
  });

  it('four $7.50 BeFrugal orders (Nov 21–24): $30.00 expected reaches $25.00 on 2027-02-22, when the fourth window ends', () => {
    const items = ['2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24'].map((d) => pending(750, d, [30, 90]));
    // $22.50 on Feb 21 is still below the minimum.
    expect(next(items, '2026-11-25', befrugal)).toMatchObject({ date: '2027-02-22', confirmed_cents: 0, expected_cents: 3000, will_pay: false, likely_pay: true });
  });

  it('$30.00 confirmed today (≥ $25.00): the payout date is today, and it will pay', () => {
    expect(next([confirmed(3000, '2027-01-05')], '2027-01-05', befrugal)).toMatchObject({ date: '2027-01-05', confirmed_cents: 3000, will_pay: true });
  });

  it('$20.00 confirmed and $10.00 pending until 2027-02-19: not today, but the first day the expected $30.00 reaches $25.00', () => {
    const items = [confirmed(2000, '2027-01-05'), pending(1000, '2026-11-21', [30, 90])];
    expect(next(items, '2027-01-10', befrugal)).toMatchObject({ date: '2027-02-19', confirmed_cents: 2000, expected_cents: 3000, will_pay: false, likely_pay: true });
  });

  it('history: $10.00 confirmed Jan 5 and $20.00 Jan 20 are asked for on Jan 20 ($30.00); nothing is left', () => {
    const plan = planPayouts(befrugal.payout, [confirmed(1000, '2027-01-05'), confirmed(2000, '2027-01-20')], { today: '2027-02-01' });
    expect(plan.history).toEqual([{ date: '2027-01-20', total_cents: 3000, paid: true, paid_cents: 3000, carried_cents: 0 }]);
    expect(plan.upcoming).toMatchObject([{ date: null, expected_cents: 0, paid_cents: 0, carried_cents: 0 }]);
  });

  it('forecast: TopCashback ($0.01 minimum) pays each window as it ends; a horizon stops the list, with no dateless row', () => {
    // 2026-11-21 + 90 = 2027-02-19; 2026-11-25 + 90 = 2027-02-23.
    const items = [pending(500, '2026-11-21', [30, 90]), pending(700, '2026-11-25', [30, 90])];
    expect(paidCarried(planPayouts(topcashback.payout, items, { today: '2026-11-25', until: '2027-06-01' }))).toEqual([
      ['2027-02-19', 500, 0],
      ['2027-02-23', 700, 0],
    ]);
    expect(paidCarried(planPayouts(topcashback.payout, items, { today: '2026-11-25', until: '2027-02-21' }))).toEqual([['2027-02-19', 500, 0]]);
  });

  it('forecast: BeFrugal $7.50 is one dateless row carrying $7.50; nothing at all is no row', () => {
    const plan = planPayouts(befrugal.payout, [pending(750, '2026-11-21', [30, 90])], { today: '2026-11-21', until: '2027-11-21' });
    expect(paidCarried(plan)).toEqual([[null, 0, 750]]);
    expect(planPayouts(befrugal.payout, [], { today: '2026-11-21', until: '2027-11-21' }).upcoming).toEqual([]);
  });

  it("order add: BeFrugal Best Buy $500 at 1.5% = $7.50 has no payout date; the fourth such order's $30.00 does, 2027-02-22", () => {
    const orders = ['2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24'].map((date, i) =>
      order({ id: 201 + i, date, portal: 'befrugal', retailer: 'bestbuy', category: 'electronics', expected_cents: 750 }),
    );
    const first = orders[0]!;
    expect(orderPayoutTiming(befrugal, first, payoutItems(befrugal, [first], []), false, '2026-11-21')).toEqual({
      confirm_by: '2027-02-19',
      payout: null,
      why: 'below_minimum',
    });
    const all = payoutItems(befrugal, orders, []);
    expect(orderPayoutTiming(befrugal, orders[3]!, all, false, '2026-11-24')).toEqual({ confirm_by: '2027-02-22', payout: '2027-02-22', why: null });
    expect(orderPayoutTiming(befrugal, first, all, false, '2026-11-24').payout).toBe('2027-02-22');
  });

  it('paidDates: an on-request payout pays what was confirmed that same day', () => {
    const items = [confirmed(3000, '2027-01-05')];
    const plan = planPayouts(befrugal.payout, items, { today: '2027-02-01' });
    expect([...paidDates(items, plan, true).values()]).toEqual(['2027-01-05']);
  });
});

describe('travel confirms after the trip (SPEC 9.11)', () => {
  it('the window counts from window_from: booked 2026-12-01, trip ends 2027-01-10 → possible 2027-02-24, expected 2027-05-10', () => {
    const item: PayoutItem = { ...pending(2000, '2026-12-01', [45, 120]), window_from: '2027-01-10' };
    expect(effectiveDates(item, '2026-12-01')).toEqual({ confirmed: '9999-12-31', expected: '2027-05-10', possible: '2027-02-24' });
  });

  it('payoutItems takes the trip end of an order as the start of its (travel) window', () => {
    const trip = order({ id: 301, date: '2026-12-01', category: 'hotel', trip_end: '2027-01-10' });
    const [item] = payoutItems(rakuten, [trip], [], (c) => c === 'hotel');
    expect(item).toMatchObject({ window: [45, 120], window_from: '2027-01-10' });
  });

  it('Rakuten travel booked 2026-12-01, trip ends 2027-01-10: expected after 2027-05-10, so likely paid 2027-05-15', () => {
    const trip = order({ id: 302, date: '2026-12-01', category: 'hotel', expected_cents: 2000, trip_end: '2027-01-10' });
    expect(orderPayoutTiming(rakuten, trip, payoutItems(rakuten, [trip], [], () => true), true, '2026-12-01')).toEqual({
      confirm_by: '2027-05-10',
      payout: '2027-05-15',
      why: null,
    });
  });

  it('Rakuten Marriott $1,000 (2% = $20.00) booked 2026-12-01, trip ends 2027-01-20: confirm by 2027-05-20, paid 2027-08-15 (not 2027-03-31 / 2027-05-15)', () => {
    const trip = order({ id: 303, date: '2026-12-01', retailer: 'marriott', category: 'hotel', expected_cents: 2000, trip_end: '2027-01-20' });
    const items = payoutItems(rakuten, [trip], [], () => true);
    expect(orderPayoutTiming(rakuten, trip, items, true, '2026-12-01')).toEqual({ confirm_by: '2027-05-20', payout: '2027-08-15', why: null });
    const booked = { ...trip, trip_end: null };
    expect(orderPayoutTiming(rakuten, booked, payoutItems(rakuten, [booked], [], () => true), true, '2026-12-01')).toEqual({
      confirm_by: '2027-03-31',
      payout: '2027-05-15',
      why: null,
    });
    // In the plan: only possible on May 15 (2027-01-20 + 45 = 2027-03-06), expected on Aug 15.
    const plan = planPayouts(rakuten.payout, items, { today: '2026-12-01', count: 3 });
    expect(plan.upcoming.map((u) => [u.date, u.expected_cents, u.possible_cents])).toEqual([
      ['2027-02-15', 0, 0],
      ['2027-05-15', 0, 2000],
      ['2027-08-15', 2000, 2000],
    ]);
  });
});
