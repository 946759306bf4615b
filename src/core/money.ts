/**
 * Money and points are integers: `Cents` for USD amounts, `Units` for points (or cents for USD).
 * Every rate (percent, multiplier, cpp) is turned into an integer scaled by a power of ten before it
 * touches money, so every computation is exact integer arithmetic followed by one rounding.
 */
export type Cents = number;
export type Units = number;

/** Round a real number half away from zero to an integer (the one rounding rule). */
export function roundHalfAwayFromZero(x: number): number {
  const r = Math.round(Math.abs(x));
  // Never -0: it prints as "-0" in toLocaleString.
  return x < 0 && r !== 0 ? -r : r;
}

/** Exact `numerator / denominator` rounded half away from zero; both must be safe integers. */
export function divRound(numerator: number, denominator: number): number {
  if (denominator === 0) throw new RangeError('division by zero');
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) {
    const n = BigInt(Math.trunc(numerator));
    const d = BigInt(Math.trunc(denominator));
    return Number(bigDivRound(n, d));
  }
  const negative = numerator < 0 !== denominator < 0;
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  let q = Math.floor(n / d);
  let rem = n - q * d;
  // Near 2^53 the float quotient can be off by one; the remainder tells.
  if (rem < 0) {
    q -= 1;
    rem += d;
  } else if (rem >= d) {
    q += 1;
    rem -= d;
  }
  const rounded = rem * 2 >= d ? q + 1 : q;
  return negative && rounded !== 0 ? -rounded : rounded;
}

/**
 * Exact `a × b / denominator` rounded half away from zero, for integers. The product is formed in
 * BigInt when it would not fit a double exactly (large amounts × scaled rates).
 */
export function mulDivRound(a: number, b: number, denominator: number): number {
  const product = a * b;
  if (Number.isSafeInteger(product) || !Number.isSafeInteger(a) || !Number.isSafeInteger(b)) return divRound(product, denominator);
  return Number(bigDivRound(BigInt(a) * BigInt(b), BigInt(denominator)));
}

/** Exact `n / d` for BigInts, rounded half away from zero (the one rounding rule). */
export function bigDivRound(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  return negative ? -q : q; // BigInt has no -0
}

/** A decimal rate (percent, multiplier, cpp) as an integer count of 1/`scale`. */
export function toScaled(x: number, scale: number): number {
  return roundHalfAwayFromZero(x * scale);
}

/** Scale used for percents, multipliers and cpp: four decimal places. */
export const RATE_SCALE = 10_000;

/** round(amount × percent / 100), exactly. */
export function percentOf(amount: Cents, percent: number): Cents {
  return mulDivRound(amount, toScaled(percent, RATE_SCALE), 100 * RATE_SCALE);
}

/** Units earned on `amount` cents at `multiplier` units per $1, rounded once. */
export function earnUnits(amount: Cents, multiplier: number): Units {
  return mulDivRound(amount, toScaled(multiplier, RATE_SCALE), 100 * RATE_SCALE);
}

/** Value in cents of `units` at `cpp` cents per unit, rounded once. */
export function valueOfUnits(units: Units, cpp: number): Cents {
  return mulDivRound(units, toScaled(cpp, RATE_SCALE), RATE_SCALE);
}

/** Units a portal pays for `cents` of cash back at `unitsPerCent` (Rakuten MR: 1), rounded once. */
export function centsToUnits(cents: Cents, unitsPerCent: number): Units {
  return mulDivRound(cents, toScaled(unitsPerCent, RATE_SCALE), RATE_SCALE);
}

const AMOUNT_RE = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,2}))?$/;

/**
 * Parse a human amount (`120`, `120.5`, `$1,234.56`, `.99`) into cents. Returns null when the text
 * is not an amount; negative amounts and more than two decimals are not amounts.
 */
export function parseAmountToCents(text: string): Cents | null {
  const s = text.trim();
  const m = AMOUNT_RE.exec(s);
  if (!m || (m[1] === undefined && m[2] === undefined)) return null;
  const whole = m[1] === undefined ? 0 : Number(m[1].replace(/,/g, ''));
  const frac = m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0'));
  const cents = whole * 100 + frac;
  return Number.isSafeInteger(cents) ? cents : null;
}

export type Rate = { percent: number } | { flat_cents: Cents };

const PERCENT_RE = /^(\d+(?:\.\d+)?|\.\d+)\s*%?$/;

/** Parse a rate: `6%` or `6` (percent, 0–100) or `$15` (flat). Returns null when it is not a rate. */
export function parseRate(text: string): Rate | null {
  const s = text.trim();
  if (s.startsWith('$')) {
    const cents = parseAmountToCents(s);
    return cents === null ? null : { flat_cents: cents };
  }
  const m = PERCENT_RE.exec(s);
  if (!m?.[1]) return null;
  const percent = Number(m[1]);
  if (!Number.isFinite(percent) || percent > 100) return null;
  return { percent };
}

/**
 * An integer with thousands separators, exactly as `toLocaleString('en-US')` prints it, without its
 * cost: the first toLocaleString of a process loads ICU number formatting (~12 ms, more than the rest
 * of `perk stack --json`). Other numbers (fractions, -0, unsafe integers) still go to toLocaleString.
 */
function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  if (n > -1000 && n < 1000) return String(n); // no separator: most amounts of a stack
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${digits}` : digits;
}

/** `1234567` → `$12,345.67` (negative: `-$1.00`). */
export function formatCents(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100);
  const rest = String(abs % 100).padStart(2, '0');
  return `${sign}$${groupThousands(dollars)}.${rest}`;
}

/** `12345` → `12,345`. */
export function formatUnits(units: Units): string {
  return groupThousands(units);
}

/** total / amount as a percent with one decimal, rounded half away from zero: 5250/20000 → "26.3%". */
export function formatRatePercent(total: Cents, amount: Cents): string {
  if (amount === 0) return '0.0%';
  const tenths = mulDivRound(total, 1000, amount);
  const sign = tenths < 0 ? '-' : '';
  const abs = Math.abs(tenths);
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}%`;
}

/** total / amount as a fraction with 4 decimals (SPEC `effective_rate`). */
export function effectiveRate(total: Cents, amount: Cents): number {
  if (amount === 0) return 0;
  return mulDivRound(total, 10_000, amount) / 10_000;
}
