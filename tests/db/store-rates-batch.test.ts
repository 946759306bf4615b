// upsertRates (multi-row statements, used by big loads) must leave the table exactly as upsertRate
// one rate at a time would, including repeated keys inside one batch and a remainder after the batches.
import { describe, expect, it } from 'vitest';
import type { PortalRate } from '../../src/core/types.js';
import { openDatabase } from '../../src/db/open.js';
import { Store } from '../../src/db/store.js';

function store(): Store {
  const s = new Store(openDatabase(':memory:').db);
  return s;
}

function rates(n: number): PortalRate[] {
  const out: PortalRate[] = [];
  for (let i = 0; i < n; i++) {
    const r: PortalRate = { portal: `p${i % 3}`, retailer: `r${i % 17}` };
    if (i % 4 === 0) r.flat_cents = i * 10;
    else r.percent = (i % 50) / 2;
    if (i % 5) r.from = `2026-11-${String((i % 9) + 1).padStart(2, '0')}`;
    if (i % 7 === 0) r.to = '2026-12-31';
    if (i % 2) r.as_of = '2026-11-15';
    if (i % 11 === 0) r.channel = 'in_store';
    out.push(r);
  }
  return out;
}

describe('Store.upsertRates', () => {
  for (const n of [0, 1, 31, 32, 33, 100, 517]) {
    it(`equals ${n} single upserts (repeated keys included)`, () => {
      const one = store();
      const many = store();
      const list = rates(n);
      one.write(() => list.forEach((r) => one.upsertRate(r)));
      many.write(() => many.upsertRates(list));
      expect(many.rates()).toEqual(one.rates());
    });
  }
});
