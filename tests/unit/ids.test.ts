import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareIds } from '../../src/core/ids.js';

const idChar = fc.constantFrom(...'_-.0123456789abcdefghijklmnopqrstuvwxyz');
const id = fc.array(idChar, { maxLength: 8 }).map((cs) => cs.join(''));
const anyText = fc.string({ maxLength: 6 });

describe('compareIds', () => {
  it('orders ids as localeCompare does', () => {
    fc.assert(
      fc.property(id, id, (a, b) => {
        expect(Math.sign(compareIds(a, b))).toBe(Math.sign(a.localeCompare(b)));
      }),
      { numRuns: 50_000 },
    );
  });

  it('falls back to localeCompare outside the id alphabet', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        expect(Math.sign(compareIds(a, b))).toBe(Math.sign(a.localeCompare(b)));
      }),
      { numRuns: 5_000 },
    );
  });

  it('sorts a list the same way', () => {
    const ids = ['amex-gold', 'amex_gold', 'amex.gold', 'amex-gold-2', 'amex', 'c1-venture-x', 'c1_venture', '9lives', 'a'];
    expect([...ids].sort(compareIds)).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
  });
});
