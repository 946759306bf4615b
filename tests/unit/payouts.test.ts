import { describe, expect, it } from 'vitest';
import {
  addMonths,
  confirmWindow,
  effectiveDates,
  nextPayoutDate,
  paidDates,
  payoutCurrency,
  payoutDatesFrom,
  payoutItems,
  payoutUnits,
  planPayouts,
  type PayoutItem,
} from '../../src/core/payouts.js';
import type { Bonus, ConfirmDays, Order, Portal } from '../../src/core/types.js';

const rakuten: Portal = {
  id: 'rakuten',
  name: 'Rakuten',
  payout: { months: [2, 5, 8, 11], day: 15, minimum_cents: 501 },
  payout_options: { USD: 1, MR: 1, BILT: 0.5 },
  default_payout: 'USD',
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
