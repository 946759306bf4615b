// Review of the numbers against SPEC.md and DOMAIN.md: each answer below is computed by hand.
import { describe, expect, it } from 'vitest';
import { payoutCurrency, payoutUnits } from '../../src/core/payouts.js';
import type { Portal } from '../../src/core/types.js';
import { RAKUTEN as rakuten } from '../helpers/fixtures.js';

describe('payout currency needs a card of that currency (SPEC 5.3)', () => {
  const config = { 'portal.rakuten.payout': 'MR' };

  it('MR with an MR card in the wallet: 1,400 cents are 1,400 MR', () => {
    const currency = payoutCurrency(rakuten, config, ['MR', 'USD']);
    expect(currency).toBe('MR');
    expect(payoutUnits(rakuten, currency, 1400)).toBe(1400);
  });

  it('MR without an MR card falls back to USD: $14.00, not 2,800 MR (at 2 MR a cent)', () => {
    // A portal paying 2 MR per cent, so the units tell MR (2,800) from USD (1,400).
    const doubled: Portal = { ...rakuten, payout_options: { USD: 1, MR: 2, BILT: 1 } };
    expect(payoutUnits(doubled, 'MR', 1400)).toBe(2800);
    const currency = payoutCurrency(doubled, config, ['UR', 'C1', 'USD']);
    expect(currency).toBe('USD');
    expect(payoutUnits(doubled, currency, 1400)).toBe(1400);
  });

  it('BILT needs no card of its own', () => {
    expect(payoutCurrency(rakuten, { 'portal.rakuten.payout': 'BILT' }, ['UR'])).toBe('BILT');
  });
});
