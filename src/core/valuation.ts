/**
 * Valuation by redemption path (SPEC section 7): the cpp of a path (the user's own cpp from config
 * replaces the published one), which path applies (`--path` > config `path.CUR` > `default_path`), and
 * the value in cents of a number of units, rounded once.
 */
import { valueOfUnits, type Cents, type Units } from './money.js';
import type { Currency, PathValue } from './types.js';

/** USD is built in: 1 unit = 1 cent, one path "cash" at 1.0. */
export const USD: Currency = { code: 'USD', name: 'US dollars', paths: { cash: 1 }, default_path: 'cash' };

export interface PathChoice {
  currency: string;
  path: string;
  /** Nominal cents per unit (the first tier's for a tiered path). */
  cpp: number;
  /** The cpp is the user's own (config `cpp.CUR.path`). */
  user: boolean;
  value: PathValue;
}

/** The cpp shown for a path value. */
export function nominalCpp(value: PathValue): number {
  if (typeof value === 'number') return value;
  if ('tiers' in value) return value.tiers[0]?.cpp ?? 0;
  return value.cpp;
}

/** Value in cents of `units` redeemed through a path: flat cpp, cpp minus a capped fee, or tiers. */
export function pathValueCents(units: Units, value: PathValue): Cents {
  if (typeof value === 'number') return valueOfUnits(units, value);
  if ('tiers' in value) {
    let left = units;
    let total = 0;
    let prevLimit = 0;
    for (const tier of value.tiers) {
      if (left <= 0) break;
      const size = tier.up_to_units === undefined ? left : Math.min(left, Math.max(0, tier.up_to_units - prevLimit));
      total += valueOfUnits(size, tier.cpp);
      left -= size;
      prevLimit = tier.up_to_units ?? prevLimit;
    }
    return total;
  }
  const gross = valueOfUnits(units, value.cpp);
  return gross - pathFeeCents(units, value);
}

/** The fee of a path with a per-unit fee (capped), in cents; 0 for other paths. */
export function pathFeeCents(units: Units, value: PathValue): Cents {
  if (typeof value === 'number' || 'tiers' in value || value.fee_per_unit_cents === undefined) return 0;
  const fee = valueOfUnits(units, value.fee_per_unit_cents);
  return value.fee_max_cents === undefined ? fee : Math.min(fee, value.fee_max_cents);
}

/** Apply the user's cpp override to a path value. */
function withUserCpp(value: PathValue, cpp: number): PathValue {
  if (typeof value === 'number' || 'tiers' in value) return cpp;
  return { ...value, cpp };
}

/** Every path of a currency with the user's overrides applied, best value of `units` first. */
export function listPaths(currency: Currency, config: Readonly<Record<string, string>>, units = 10_000): PathChoice[] {
  const out = Object.entries(currency.paths).map(([path, published]) => {
    const override = config[`cpp.${currency.code}.${path}`];
    const value = override === undefined ? published : withUserCpp(published, Number(override));
    return { currency: currency.code, path, cpp: nominalCpp(value), user: override !== undefined, value };
  });
  return out.sort((a, b) => pathValueCents(units, b.value) - pathValueCents(units, a.value) || a.path.localeCompare(b.path));
}

/**
 * The path used to value a currency: `overrides[CUR]` (from `--path CUR=path`) > config `path.CUR` >
 * the currency's `default_path`. An unknown path name falls back to the default.
 */
export function choosePath(
  currency: Currency,
  config: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>> = {},
): PathChoice {
  const paths = listPaths(currency, config);
  const wanted = overrides[currency.code] ?? config[`path.${currency.code}`] ?? currency.default_path;
  return paths.find((p) => p.path === wanted) ?? paths.find((p) => p.path === currency.default_path) ?? (paths[0] as PathChoice);
}
