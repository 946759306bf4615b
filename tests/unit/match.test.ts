import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, nearest, squash, type Candidate } from '../../src/core/match.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['macys', 'macys', 0],
    ['macys', 'macy', 1],
    ['amzon', 'amazon', 1],
    ['kitten', 'sitting', 3],
    ['target', 'tagret', 1], // two letters swapped is one typo
    ['nike', 'nkie', 1],
    ['ca', 'abc', 3], // swapped letters are not edited again
  ])('%j → %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('is symmetric, zero only for equal strings, and bounded by the lengths', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const ab = editDistance(a, b);
        expect(editDistance(b, a)).toBe(ab);
        expect(ab === 0).toBe(a === b);
        expect(ab).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(ab).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });

  it('one swap of adjacent letters costs one edit', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2, maxLength: 12 }), fc.nat(), (s, k) => {
        const i = k % (s.length - 1);
        const swapped = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
        expect(editDistance(s, swapped)).toBe(s[i] === s[i + 1] ? 0 : 1);
      }),
    );
  });
});

describe('squash', () => {
  it.each([
    ["Macy's", 'macys'],
    ['Bed Bath & Beyond', 'bedbathbeyond'],
    ['amazon.com', 'amazoncom'],
    ['  ', ''],
  ])('%j → %j', (text, key) => {
    expect(squash(text)).toBe(key);
  });
});

const RETAILERS: Candidate[] = [
  { id: 'macys', keys: ['macys', "Macy's", 'macys.com'] },
  { id: 'amazon', keys: ['amazon', 'Amazon', 'amazon.com', 'amzn'] },
  { id: 'target', keys: ['target', 'Target', 'target.com'] },
  { id: 'walmart', keys: ['walmart', 'Walmart', 'walmart.com'] },
  { id: 'nike', keys: ['nike', 'Nike', 'nike.com'] },
  { id: 'nordstrom', keys: ['nordstrom', 'Nordstrom'] },
  { id: 'nordstrom-rack', keys: ['nordstrom-rack', 'Nordstrom Rack'] },
];

describe('nearest (did-you-mean suggestions)', () => {
  it.each([
    ['amzon', 'amazon'],
    ['macy', 'macys'],
    ["MACY'S", 'macys'],
    ['targte', 'target'],
    ['wallmart', 'walmart'],
    ['nkie', 'nike'],
  ])('%j suggests %j first', (query, id) => {
    expect(nearest(query, RETAILERS)[0]).toBe(id);
  });

  it('lists every retailer that starts with the query, closest first', () => {
    expect(nearest('nord', RETAILERS)).toEqual(['nordstrom', 'nordstrom-rack']);
  });

  it('suggests nothing for an empty query or for unrelated text', () => {
    expect(nearest('', RETAILERS)).toEqual([]);
    expect(nearest('!!!', RETAILERS)).toEqual([]);
    expect(nearest('xyzzyqwerty', RETAILERS)).toEqual([]);
  });

  it('returns at most `limit` suggestions', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ id: `shop${i}`, keys: [`shop${i}`] }));
    expect(nearest('shop', many, 5)).toHaveLength(5);
  });

  it('never throws and only returns known ids', () => {
    const ids = new Set(RETAILERS.map((r) => r.id));
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (query) => {
        for (const id of nearest(query, RETAILERS)) expect(ids.has(id)).toBe(true);
      }),
    );
  });
});
