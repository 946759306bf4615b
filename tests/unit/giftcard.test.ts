import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runGiftCardAdd, runGiftCardList, runGiftCardSetBalance } from '../../src/commands/giftcard.js';
import { runPromoAdd, runPromoList } from '../../src/commands/promo.js';
import { hashClaimCode } from '../../src/claim-hash.js';
import { makeContext, type Ctx } from '../../src/context.js';
import {
  checkClaimCode,
  giftCardId,
  isValidClaimCode,
  last4,
  normalizeClaimCode,
  spendGiftCards,
} from '../../src/core/giftcards.js';
import { promoStatus } from '../../src/core/promo-status.js';
import type { Promo } from '../../src/core/types.js';
import { UsageError } from '../../src/errors.js';
import { seedStore } from '../../src/load/seed.js';
import { loadExamples } from '../helpers/examples.js';

describe('claim codes: normalise, validate, reduce', () => {
  it.each([
    ['Z7NV-LBBG39-75MU', 'Z7NVLBBG3975MU'],
    [' z7nv lbbg39 75mu ', 'Z7NVLBBG3975MU'],
    ['z7nv--lbbg39\t75mu', 'Z7NVLBBG3975MU'],
    ['ABCD-EFGHIJ-KLMNO', 'ABCDEFGHIJKLMNO'],
  ])('%j → %s', (typed, code) => {
    expect(normalizeClaimCode(typed)).toBe(code);
    expect(checkClaimCode(typed)).toEqual({ ok: true, code });
  });

  it.each([
    ['', 'the claim code is empty'],
    ['Z7NV-LBBG39-75M', 'an Amazon claim code has 14 to 15 letters and digits, this one has 13'],
    ['Z7NV-LBBG39-75MUXY', 'an Amazon claim code has 14 to 15 letters and digits, this one has 16'],
    ['Z7NV-LBBG39-75M!', 'a claim code has only letters and digits (spaces and dashes are ignored)'],
    ['Z7NV_LBBG39_75MU', 'a claim code has only letters and digits (spaces and dashes are ignored)'],
  ])('%j is refused for Amazon: %s', (typed, reason) => {
    expect(checkClaimCode(typed, 'amazon')).toEqual({ ok: false, reason });
  });

  it.each([
    ['6006-4912-3456-7890', true], // a 16-digit Macy's card
    ['1234-5678', true],
    ['1234567', false],
    ['1234 5678 9012 3456 7890 1', false],
  ])("other retailers' codes are 8–20 letters and digits: %j → %s", (typed, ok) => {
    expect(checkClaimCode(typed, 'macys').ok).toBe(ok);
  });

  it('never quotes the code in a refusal', () => {
    fc.assert(
      // Upper case and at least four characters after normalising, so no word or number of the reason matches by chance.
      fc.property(fc.stringMatching(/^[A-Z0-9!_. -]{4,20}$/).filter((t) => normalizeClaimCode(t).length >= 4), (typed) => {
        const check = checkClaimCode(typed);
        if (!check.ok) {
          expect(check.reason).not.toContain(normalizeClaimCode(typed));
          expect(check.reason).not.toContain(typed);
        }
      }),
    );
  });

  it('keeps a hash (stable, different per code, not the code) and the last four', () => {
    const a = hashClaimCode('Z7NVLBBG3975MU');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(hashClaimCode('Z7NVLBBG3975MU')).toBe(a);
    expect(hashClaimCode('Z7NVLBBG3975MV')).not.toBe(a);
    expect(a).not.toContain('Z7NV');
    expect(last4('Z7NVLBBG3975MU')).toBe('75MU');
    expect(isValidClaimCode('Z7NVLBBG3975MU')).toBe(true);
  });

  it.each([
    [[], 'gc-amazon-75mu'],
    [['gc-amazon-75mu'], 'gc-amazon-75mu-2'],
    [['gc-amazon-75mu', 'gc-amazon-75mu-2'], 'gc-amazon-75mu-3'],
    [['gc-target-75mu'], 'gc-amazon-75mu'],
  ])('id with %j taken → %s', (taken, id) => {
    expect(giftCardId('amazon', '75MU', taken)).toBe(id);
  });
});

describe('spendGiftCards', () => {
  it('spends the smallest balance first across two orders', () => {
    const cards = [
      { id: 'gc-b', balance_cents: 5000 },
      { id: 'gc-a', balance_cents: 3000 },
    ];
    // Order 1: $40.00 → all of gc-a ($30) and $10 of gc-b.
    const first = spendGiftCards(cards, 4000);
    expect(first).toEqual({
      used: 4000,
      perCard: [
        { id: 'gc-a', used_cents: 3000, balance_after_cents: 0 },
        { id: 'gc-b', used_cents: 1000, balance_after_cents: 4000 },
      ],
    });
    const after = cards.map((c) => ({ ...c, balance_cents: first.perCard.find((p) => p.id === c.id)?.balance_after_cents ?? c.balance_cents }));
    // Order 2: $60.00 → the $40 left on gc-b; $20 is charged to a card.
    const second = spendGiftCards(after, 6000);
    expect(second).toEqual({ used: 4000, perCard: [{ id: 'gc-b', used_cents: 4000, balance_after_cents: 0 }] });
    expect(6000 - second.used).toBe(2000);
  });

  it('ties by id, skips empty cards, spends nothing on nothing', () => {
    const cards = [
      { id: 'gc-z', balance_cents: 1000 },
      { id: 'gc-y', balance_cents: 1000 },
      { id: 'gc-x', balance_cents: 0 },
    ];
    expect(spendGiftCards(cards, 1500).perCard.map((p) => [p.id, p.used_cents])).toEqual([
      ['gc-y', 1000],
      ['gc-z', 500],
    ]);
    expect(spendGiftCards(cards, 0)).toEqual({ used: 0, perCard: [] });
    expect(spendGiftCards([], 5000)).toEqual({ used: 0, perCard: [] });
  });

  it('never spends more than the amount or the balances, and the parts add up', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 300_000 }),
        (balances, amount) => {
          const cards = balances.map((b, i) => ({ id: `gc-${i}`, balance_cents: b }));
          const r = spendGiftCards(cards, amount);
          const total = balances.reduce((s, b) => s + b, 0);
          expect(r.used).toBe(Math.min(amount, total));
          expect(r.perCard.reduce((s, p) => s + p.used_cents, 0)).toBe(r.used);
          for (const p of r.perCard) {
            const card = cards.find((c) => c.id === p.id)!;
            expect(p.used_cents).toBeGreaterThan(0);
            expect(p.balance_after_cents).toBe(card.balance_cents - p.used_cents);
          }
        },
      ),
    );
  });
});

describe('promoStatus (perk promo list)', () => {
  const save10: Promo = { code: 'SAVE10', retailer: 'macys', kind: 'amount', amount_cents: 1000, min_purchase_cents: 5000, from: '2026-11-01', to: '2026-12-31' };

  it.each([
    ['2026-11-21', 0, 'active', 1],
    ['2026-11-01', 0, 'active', 1],
    ['2026-12-31', 0, 'active', 1],
    ['2026-10-31', 0, 'not_started', 1],
    ['2027-01-01', 0, 'expired', 1],
    ['2026-11-21', 1, 'used_up', 0],
    ['2027-01-01', 1, 'expired', 0],
    ['2026-10-31', 1, 'used_up', 0],
  ])('on %s with %d uses: %s, %d left', (today, used, status, left) => {
    expect(promoStatus(save10, used, today)).toEqual({ status, uses: used, uses_left: left });
  });

  it('counts uses against max_uses', () => {
    const twice: Promo = { ...save10, max_uses: 2 };
    expect(promoStatus(twice, 1, '2026-11-21')).toEqual({ status: 'active', uses: 1, uses_left: 1 });
    expect(promoStatus(twice, 2, '2026-11-21').status).toBe('used_up');
  });

  it('a code without dates is active until used', () => {
    const open: Promo = { code: 'ANY', retailer: 'nike', kind: 'percent', percent: 5 };
    expect(promoStatus(open, 0, '2030-01-01').status).toBe('active');
  });
});

describe('perk giftcard and perk promo (runX on a seeded in-memory database)', () => {
  let out: string[];
  let ctx: Ctx;
  beforeEach(() => {
    out = [];
    ctx = makeContext({ db: ':memory:', today: '2026-11-21', env: {}, stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => true } });
    seedStore(ctx.store());
  });
  afterEach(() => ctx.close());

  it('adds a card with a generated id, refuses the same code twice without quoting it', async () => {
    const card = await runGiftCardAdd({ retailer: 'Amazon', code: 'z7nv-lbbg39-75mu', balance: '$50' }, ctx);
    expect(card).toEqual({ id: 'gc-amazon-75mu', retailer: 'amazon', balance_cents: 5000, last4: '75MU' });
    const error = await runGiftCardAdd({ retailer: 'amazon', code: 'Z7NV LBBG39 75MU', balance: '10' }, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    const text = `${(error as UsageError).message} ${(error as UsageError).hint ?? ''}`;
    expect(text).toContain('gc-amazon-75mu');
    expect(text).not.toMatch(/Z7NV/i);
    expect(ctx.store().giftCards()).toHaveLength(1);
    const second = await runGiftCardAdd({ retailer: 'amazon', code: 'AB12-CD34EF-75MU', balance: '20.50' }, ctx);
    expect(second.id).toBe('gc-amazon-75mu-2');
    expect(out.join('')).not.toMatch(/Z7NV|LBBG|AB12|CD34/i);
  });

  it('refuses a bad code, a missing balance and a code typed as the retailer', async () => {
    for (const options of [
      { retailer: 'amazon', code: 'Z7NV-LBBG39', balance: '50' },
      { retailer: 'amazon', code: 'Z7NV-LBBG39-75MU' },
      { retailer: 'amazon', balance: '50' },
      { retailer: 'Z7NV-LBBG39-75MU', code: 'AB12-CD34EF-75MU', balance: '50' },
      { retailer: 'amazon', code: 'Z7NV-LBBG39-75MU', balance: 'fifty' },
    ]) {
      const error = await runGiftCardAdd(options, ctx).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect(`${(error as Error).message} ${(error as UsageError).hint ?? ''}`).not.toMatch(/Z7NV|LBBG|AB12/i);
    }
    expect(ctx.store().giftCards()).toEqual([]);
  });

  it('reads the code from stdin with --code -', async () => {
    const card = await runGiftCardAdd({ retailer: 'amazon', code: '-', balance: '5', readStdin: async () => 'q1w2-e3r4t5-y6u7\n' }, ctx);
    expect(card.last4).toBe('Y6U7');
  });

  it('lists balances with last four only, and sets a balance by id, last four or code', async () => {
    await runGiftCardAdd({ retailer: 'amazon', code: 'Z7NV-LBBG39-75MU', balance: '50' }, ctx);
    await runGiftCardAdd({ retailer: 'target', code: 'Q1W2-E3R4T5-Y6U7', balance: '25' }, ctx);
    await runGiftCardSetBalance({ id: 'y6u7', balance: '12.30' }, ctx);
    await runGiftCardSetBalance({ id: 'Z7NV-LBBG39-75MU', balance: '40' }, ctx);
    const missing = await runGiftCardSetBalance({ id: 'AB12-CD34EF-GH56', balance: '1' }, ctx).catch((e: unknown) => e);
    expect((missing as Error).message).not.toContain('AB12');
    out = [];
    const listed = await runGiftCardList({}, ctx);
    expect(listed).toEqual([
      { id: 'gc-amazon-75mu', retailer: 'amazon', balance_cents: 4000, last4: '75MU' },
      { id: 'gc-target-y6u7', retailer: 'target', balance_cents: 1230, last4: 'Y6U7' },
    ]);
    const text = out.join('');
    expect(text).toContain('…75MU');
    expect(text).toContain('$52.30');
    expect(text).not.toMatch(/Z7NV|LBBG|code_hash/);
    expect(await runGiftCardList({ retailer: 'target' }, ctx)).toHaveLength(1);
  });

  it('adds promo codes and lists their status and uses left', async () => {
    loadExamples(ctx.store(), ['promos']); // SAVE10 at Macy's (SPEC 9.6: not in the seeded data)
    await runPromoAdd({ retailer: 'macys', code: 'save20', percent: '20%', min: '100', from: '2026-11-25', to: '2026-11-30', uses: '2' }, ctx);
    await runPromoAdd({ retailer: 'macys', code: 'OLD5', amount: '$5', to: '2026-10-01', portalSafe: true }, ctx);
    const rows = await runPromoList({ retailer: "macy's" }, ctx);
    expect(rows.map((r) => [r.code, r.status, r.uses_left])).toEqual([
      ['OLD5', 'expired', 1],
      ['SAVE10', 'active', 1],
      ['SAVE20', 'not_started', 2],
    ]);
    expect(rows.find((r) => r.code === 'SAVE20')).toMatchObject({ kind: 'percent', percent: 20, min_purchase_cents: 10000, max_uses: 2, portal_safe: false });
    expect(rows.find((r) => r.code === 'OLD5')).toMatchObject({ kind: 'amount', amount_cents: 500, portal_safe: true });
  });

  it('counts promo uses from the order log', async () => {
    const store = ctx.store();
    loadExamples(store, ['promos']); // SAVE10 at Macy's, max_uses 1
    store.write(() =>
      store.saveOrder({
        date: '2026-11-20',
        retailer: 'macys',
        amount_cents: 10000,
        category: 'department_store',
        channel: 'online',
        promos: ['SAVE10'],
        giftcard_cents: 0,
        charged_cents: 9000,
        expected_cents: 0,
        status: 'pending',
      }),
    );
    const rows = await runPromoList({ retailer: 'macys' }, ctx);
    expect(rows.find((r) => r.code === 'SAVE10')).toMatchObject({ status: 'used_up', uses: 1, uses_left: 0 });
  });

  it.each([
    [{ amount: '10', percent: '10' }, 'exactly one of --amount and --percent'],
    [{}, 'exactly one of --amount and --percent'],
    [{ percent: '150' }, '--percent'],
    [{ percent: '0' }, '--percent'],
    [{ amount: 'ten' }, '--amount'],
    [{ amount: '10', from: '2026-12-01', to: '2026-11-01' }, 'before --from'],
    [{ amount: '10', to: '2026-13-01' }, '--to'],
    [{ amount: '10', uses: '0' }, '--uses'],
  ])('promo add %o is refused (%s)', async (flags, fragment) => {
    const error = await runPromoAdd({ retailer: 'macys', code: 'X1', ...flags }, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(fragment);
  });
});
