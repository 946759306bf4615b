/** core/settings.ts (the `perk config` grammar) and the empty-wallet rule of core/wallet.ts. */
import { describe, expect, it } from 'vitest';
import {
  canonicalSettingKey,
  checkSetting,
  cppSetting,
  parseSettingKey,
  pathSetting,
  payoutSetting,
  settingKey,
  unitsSetting,
  type SettingsCatalog,
} from '../../src/core/settings.js';
import { comparedCards } from '../../src/core/wallet.js';
import { AMEX_GOLD, CURRENCIES, FREEDOM_FLEX, RAKUTEN, TOPCASHBACK, VENTURE_X } from '../helpers/fixtures.js';

const catalog: SettingsCatalog = {
  portal: (id) => [RAKUTEN, TOPCASHBACK].find((p) => p.id === id),
  portals: () => [RAKUTEN, TOPCASHBACK],
  currency: (code) => CURRENCIES.find((c) => c.code === code),
};

describe('setting keys', () => {
  it('reads each form of key, currency codes in any case', () => {
    expect(parseSettingKey('portal.rakuten.payout')).toEqual({ kind: 'payout', portal: 'rakuten' });
    expect(parseSettingKey('portal.rakuten.units.mr')).toEqual({ kind: 'units', portal: 'rakuten', currency: 'MR' });
    expect(parseSettingKey('path.ur')).toEqual({ kind: 'path', currency: 'UR' });
    expect(parseSettingKey('cpp.Mr.transfer')).toEqual({ kind: 'cpp', currency: 'MR', path: 'transfer' });
    expect(parseSettingKey('color')).toBeUndefined();
    expect(parseSettingKey('portal.Rakuten.payout')).toBeUndefined();
  });

  it('writes a setting back as its stored key, which a typed key is canonicalised to', () => {
    for (const typed of ['portal.rakuten.payout', 'portal.rakuten.units.mr', 'path.mr', 'cpp.mr.transfer']) {
      expect(settingKey(parseSettingKey(typed)!)).toBe(canonicalSettingKey(typed));
    }
    expect(canonicalSettingKey('cpp.mr.transfer')).toBe('cpp.MR.transfer');
  });
});

describe('checkSetting (what perk config set and a restored backup accept)', () => {
  it('normalises a good value', () => {
    expect(checkSetting(catalog, 'portal.rakuten.payout', 'mr')).toEqual({ key: 'portal.rakuten.payout', value: 'MR' });
    expect(checkSetting(catalog, 'portal.rakuten.units.MR', '0.50')).toEqual({ key: 'portal.rakuten.units.MR', value: '0.5' });
    expect(checkSetting(catalog, 'path.USD', 'cash')).toEqual({ key: 'path.USD', value: 'cash' });
    expect(checkSetting(catalog, 'cpp.MR.transfer', '1.70')).toEqual({ key: 'cpp.MR.transfer', value: '1.7' });
  });

  it('names the problem: unknown portal, currency not paid, bounds, USD cpp', () => {
    expect(checkSetting(catalog, 'portal.ebates.payout', 'USD')).toEqual({ problem: 'Unknown portal "ebates" in "portal.ebates.payout".', hint: 'Portals: rakuten, topcashback.' });
    expect(checkSetting(catalog, 'portal.topcashback.units.MR', '1')).toEqual({ problem: 'TopCashback pays in USD, not "MR" (in "portal.topcashback.units.MR").' });
    expect(checkSetting(catalog, 'portal.rakuten.units.MR', '1001')).toHaveProperty('problem', expect.stringMatching(/^Units per cent must be a number above 0 and at most 1000/));
    expect(checkSetting(catalog, 'cpp.MR.transfer', '100.5')).toHaveProperty('problem', 'A cpp must be a number of cents per point from 0 to 100 (got "100.5").');
    expect(checkSetting(catalog, 'cpp.USD.cash', '1')).toHaveProperty('problem', 'A US dollar cent is always worth 1 cent, so USD has no cpp to set.');
    expect(checkSetting(catalog, 'cpp.MR.amazon', '1')).toEqual({ problem: 'MR has no path "amazon".', hint: 'Paths: statement_credit, gift_cards, transfer.' });
  });
});

describe('typed reads', () => {
  const config = { 'portal.rakuten.payout': 'MR', 'portal.rakuten.units.MR': '0.5', 'path.UR': 'cash', 'cpp.MR.transfer': '1.7', 'cpp.UR.cash': 'x', 'portal.topcashback.units.USD': '0' };
  it('reads what is set, and nothing for what is unset or unusable', () => {
    expect(payoutSetting(config, 'rakuten')).toBe('MR');
    expect(payoutSetting(config, 'topcashback')).toBeUndefined();
    expect(unitsSetting(config, 'rakuten', 'MR')).toBe(0.5);
    expect(unitsSetting(config, 'topcashback', 'USD')).toBeUndefined();
    expect(pathSetting(config, 'UR')).toBe('cash');
    expect(cppSetting(config, 'MR', 'transfer')).toBe(1.7);
    expect(cppSetting(config, 'UR', 'cash')).toBeUndefined();
  });
});

describe('the empty-wallet rule (comparedCards)', () => {
  const all = [AMEX_GOLD, FREEDOM_FLEX, VENTURE_X];
  it('an empty wallet holds the whole catalog', () => {
    const { cards, held, catalogStandsIn } = comparedCards([], all);
    expect(cards.map((c) => c.id)).toEqual(['amex-gold', 'chase-freedom-flex', 'c1-venture-x']);
    expect([...held.currencies]).toEqual(['MR', 'UR', 'C1']);
    expect(catalogStandsIn).toBe(true);
  });

  it('a card named with --card is compared alone and counts as held beside the wallet', () => {
    const { cards, held, catalogStandsIn } = comparedCards([AMEX_GOLD], all, [VENTURE_X]);
    expect(cards.map((c) => c.id)).toEqual(['c1-venture-x']);
    expect([...held.cards]).toEqual(['amex-gold', 'c1-venture-x']);
    expect(catalogStandsIn).toBe(false);
  });
});
