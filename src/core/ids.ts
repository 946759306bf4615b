/**
 * Ordering ids without ICU. `a.localeCompare(b)` loads ICU's collator on first use (~6 ms of start-up,
 * and `perk stack` sorts options by card and portal id on every run). Ids are `[a-z0-9][a-z0-9._-]*`
 * (schemas.ts), and on that alphabet the collator's order is plain character order with
 * `_ < - < . < 0–9 < a–z`, so that is what compareIds does: the same answer as localeCompare, for ids.
 * Anything outside the alphabet falls back to localeCompare. tests/unit/ids.test.ts checks both agree.
 */
const RANK = new Map([...'_-.0123456789abcdefghijklmnopqrstuvwxyz'].map((c, i) => [c, i]));

/** localeCompare's sign for two ids (negative, 0 or positive), without loading ICU. */
export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = RANK.get(a[i] as string);
    const y = RANK.get(b[i] as string);
    if (x === undefined || y === undefined) return a.localeCompare(b);
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
