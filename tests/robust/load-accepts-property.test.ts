/**
 * Property: any file that `perk load` accepts leaves every read command (stack, value, compare, payout,
 * order list, export) free of internal errors. Files are drawn at the edges of what the loader accepts
 * (largest amounts, points, cpp, multipliers, tiny rates, first and last dates), loaded in-process into
 * a copy of a seeded database, then every read command runs with a text and a JSON context. A command
 * may refuse with a UsageError (exit 2); anything else is an internal error and fails the test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompare } from '../../src/commands/compare.js';
import { runExport } from '../../src/commands/export.js';
import { runLoad } from '../../src/commands/load.js';
import { runOrderList } from '../../src/commands/order.js';
import { runPayoutForecast, runPayoutHistory, runPayoutNext } from '../../src/commands/payout.js';
import { runStack } from '../../src/commands/stack.js';
import { runValue } from '../../src/commands/value.js';
import { makeContext, type Ctx } from '../../src/context.js';
import { UsageError } from '../../src/errors.js';
import { LIMITS } from '../../src/load/schemas.js';
import { createSeededDatabase } from '../../src/load/seed.js';

let root: string;
let template: string;
let n = 0;
let accepted = 0;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-accepts-'));
  template = path.join(root, 'template.db');
  createSeededDatabase(template);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function context(db: string, json: boolean, today = '2026-11-21'): { ctx: Ctx; out: () => string } {
  const out: string[] = [];
  const ctx = makeContext({
    db,
    today,
    json,
    env: {},
    stdout: { write: (s: string) => out.push(s), isTTY: false },
    stderr: { write: () => undefined, isTTY: false },
    stdinTTY: false,
  });
  return { ctx, out: () => out.join('') };
}

/** Numbers at and near the bounds of a range, plus anything in between. */
const edge = (min: number, max: number, integer: boolean) =>
  fc.oneof(
    fc.constantFrom(min, max, integer ? Math.max(min, 1) : Math.min(max, 0.0001), integer ? Math.floor(max / 3) : max / 3),
    integer ? fc.integer({ min, max: Math.min(max, Number.MAX_SAFE_INTEGER) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
  );
const cents = edge(0, LIMITS.cents, true);
const units = edge(0, LIMITS.units, true);
const cpp = edge(0, LIMITS.cpp, false);
const multiplier = edge(0, LIMITS.multiplier, false);
const percent = edge(0, 100, false);
const date = fc.constantFrom('1900-01-01', '2026-11-21', '2026-12-31', '9999-12-31', '2000-02-29');
const orderId = edge(1, LIMITS.id, true);

const pathValue = fc.oneof(
  cpp,
  fc.record({ cpp, fee_per_unit_cents: cpp, fee_max_cents: cents }, { requiredKeys: ['cpp'] }),
  fc
    .array(fc.record({ up_to_units: units, cpp }), { minLength: 1, maxLength: 3 })
    .map((tiers) => ({ tiers: tiers.map((t, i) => (i === tiers.length - 1 && i > 0 ? { cpp: t.cpp } : t)) })),
);

const file = fc
  .record({
    pathValue,
    unitsPerCent: edge(0.0001, LIMITS.cpp, false),
    minimum: cents,
    payDay: fc.integer({ min: 1, max: 31 }),
    days: fc.tuple(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 0, max: 3650 })),
    rate: fc.oneof(percent.map((p) => ({ percent: p })), cents.map((c) => ({ flat_cents: c }))),
    rateFrom: date,
    base: multiplier,
    earn: multiplier,
    cap: cents,
    offer: fc.oneof(
      fc.record({ kind: fc.constant('credit'), credit_cents: cents, min_spend_cents: cents }),
      fc.record({ kind: fc.constant('percent'), percent, max_credit_cents: cents }),
      fc.record({ kind: fc.constant('points'), points: units }),
      fc.record({ kind: fc.constant('points_per_dollar'), points_per_dollar: multiplier, max_points: units }),
    ),
    offerUses: fc.integer({ min: 1, max: 1000 }),
    promo: fc.oneof(cents.map((c) => ({ kind: 'amount', amount_cents: c })), percent.map((p) => ({ kind: 'percent', percent: p }))),
    balance: cents,
    amount: edge(1, LIMITS.cents, true),
    giftShare: fc.double({ min: 0, max: 1, noNaN: true }),
    chargedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    expected: cents,
    actual: fc.option(cents),
    orderId,
    orderDate: date,
    status: fc.constantFrom('pending', 'confirmed', 'ineligible'),
    bonus: cents,
    bonusId: orderId,
    bonusDate: date,
    name: fc.string({ minLength: 1, maxLength: LIMITS.name }),
  })
  .map((r) => {
    const gift = Math.floor(r.amount * r.giftShare);
    const charged = Math.min(r.amount - gift, Math.floor(r.amount * r.chargedShare));
    return {
      currencies: [{ code: 'PP', name: r.name, paths: { redeem: r.pathValue, cash: 1 }, default_path: 'redeem' }],
      portals: [
        {
          id: 'pp-portal',
          name: r.name,
          payout: { months: [1, 4, 7, 10], day: r.payDay, minimum_cents: r.minimum },
          payout_options: { USD: 1, PP: r.unitsPerCent },
          default_payout: 'PP',
          confirm_days: [Math.min(...r.days), Math.max(...r.days)],
        },
      ],
      retailers: [{ id: 'pp-shop', name: r.name, category: 'apparel', aliases: [r.name] }],
      rates: [{ portal: 'pp-portal', retailer: 'pp-shop', ...r.rate, from: r.rateFrom === '9999-12-31' ? '2026-01-01' : r.rateFrom }],
      cards: [
        {
          id: 'pp-card',
          issuer: 'amex',
          name: r.name,
          currency: 'PP',
          annual_fee_cents: r.minimum,
          base: r.base,
          earn: [{ category: 'apparel', multiplier: r.earn, cap_cents: r.cap, cap_period: 'year' }],
        },
      ],
      wallet: ['pp-card', 'amex-gold'],
      offers: [{ id: 'pp-offer', issuer: 'amex', card: 'pp-card', retailer: 'pp-shop', ...r.offer, max_uses: r.offerUses }],
      promos: [{ code: 'PPCODE', retailer: 'pp-shop', ...r.promo }],
      giftcards: [{ id: 'gc-pp', retailer: 'pp-shop', balance_cents: r.balance, code: 'PPPP-QQQQQQ-RRRR' }],
      orders: [
        {
          id: r.orderId,
          date: r.orderDate,
          retailer: 'pp-shop',
          amount_cents: r.amount,
          category: 'apparel',
          card: 'pp-card',
          portal: 'pp-portal',
          offer: 'pp-offer',
          promos: ['PPCODE'],
          ...(gift > 0 ? { giftcard: 'gc-pp', giftcard_cents: gift, giftcard_split: [{ giftcard: 'gc-pp', cents: gift }] } : {}),
          charged_cents: charged,
          expected_cents: r.expected,
          ...(r.actual === null ? {} : { actual_cents: r.actual }),
          status: r.status,
          ...(r.status === 'confirmed' ? { confirmed_on: r.orderDate } : {}),
        },
      ],
      bonuses: [{ id: r.bonusId, portal: 'pp-portal', amount_cents: r.bonus, date: r.bonusDate, status: r.status }],
    };
  });

/** Run one read command; a UsageError is a refusal (fine), anything else an internal error. */
async function read(db: string, json: boolean, label: string, fn: (ctx: Ctx) => Promise<unknown>, today?: string): Promise<void> {
  const { ctx } = context(db, json, today);
  try {
    await fn(ctx);
  } catch (error) {
    if (!(error instanceof UsageError)) throw new Error(`${label}${json ? ' --json' : ''}: internal error: ${(error as Error).stack}`);
  } finally {
    ctx.close();
  }
}

describe('anything perk load accepts', () => {
  it('leaves stack, value, compare, payout, order list and export free of internal errors', async () => {
    await fc.assert(
      fc.asyncProperty(file, fc.constantFrom('1', '1000000000'), fc.constantFrom('2026-11-21', '9999-12-31'), async (doc, amount, today) => {
        const db = path.join(root, `p${++n}.db`);
        fs.copyFileSync(template, db);
        const data = path.join(root, `p${n}.json`);
        fs.writeFileSync(data, JSON.stringify(doc));
        const loader = context(db, true);
        try {
          await runLoad({ files: [data], dryRun: false }, loader.ctx);
        } catch (error) {
          // Only a refusal by the loader is allowed, and then the property says nothing about this file.
          expect(error).toBeInstanceOf(UsageError);
          return;
        } finally {
          loader.ctx.close();
        }
        accepted++;
        for (const json of [false, true]) {
          await read(db, json, 'stack', (ctx) => runStack({ retailer: 'pp-shop', amount, giftCard: true, promo: ['PPCODE'] }, ctx), today);
          await read(db, json, 'stack', (ctx) => runStack({ retailer: 'pp-shop', amount, payout: 'PP' }, ctx), today);
          await read(db, json, 'value', (ctx) => runValue({ currency: 'PP', points: '100000000' }, ctx), today);
          await read(db, json, 'value', (ctx) => runValue({ currency: 'PP', points: '1' }, ctx), today);
          await read(db, json, 'compare', (ctx) => runCompare({ cash: amount, portal: 'pp-portal' }, ctx), today);
          await read(db, json, 'payout next', (ctx) => runPayoutNext({}, ctx), today);
          await read(db, json, 'payout forecast', (ctx) => runPayoutForecast({ quarters: '8' }, ctx), today);
          await read(db, json, 'payout history', (ctx) => runPayoutHistory({}, ctx), today);
          await read(db, json, 'order list', (ctx) => runOrderList({}, ctx), today);
        }
        await read(db, true, 'export', (ctx) => runExport({ format: 'json' }, ctx));
        for (const kind of ['orders', 'rates', 'offers', 'promos', 'retailers']) {
          await read(db, false, `export --kind ${kind}`, (ctx) => runExport({ format: 'csv', kind }, ctx));
        }
        fs.rmSync(db);
      }),
      { numRuns: 60, endOnFailure: true },
    );
    // The generator stays inside the loader's bounds: most files must be accepted, or the test proves little.
    expect(accepted).toBeGreaterThan(30);
  }, 240_000);
});
