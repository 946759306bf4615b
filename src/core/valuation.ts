/**
 * Valuation by redemption path (SPEC section 7): the cpp of a path (the user's own cpp from config
 * replaces the published one), which path applies (`--path` > config `path.CUR` > `default_path`), and
 * the value in cents of a number of units, rounded once.
 *
 * A path is one of three kinds (data format v1, compatible extension, see README):
 * - flat: a number, cents per unit;
 * - fee: `{ cpp, fee_per_unit_cents, fee_max_cents }`, the gross value minus a per-unit fee that is
 *   capped per redemption (Amex transfers to U.S. airlines: $0.0006 a point, at most $99);
 * - tiers: `{ tiers: [{ up_to_units, cpp }, …, { cpp }] }`, each tier's cpp on the units up to its limit
 *   (cumulative, counted from the first unit redeemed), the last tier on the rest (Schwab: 1.1 on the
 *   first 1,000,000 a year, then 0.8). Units are counted as if nothing was redeemed before this year.
 */
import { bigDivRound, formatCents, formatUnits, mulDivRound, RATE_SCALE, toScaled, valueOfUnits, type Cents, type Units } from './money.js';
import type { Currency, PathValue } from './types.js';
import { meets, type Holdings } from './wallet.js';
import { cppSetting, pathSetting } from './settings.js';

/** USD is built in: 1 unit = 1 cent, one path "cash" at 1.0. */
export const USD: Currency = { code: 'USD', name: 'US dollars', paths: { cash: 1 }, default_path: 'cash' };

export type PathKind = 'flat' | 'fee' | 'tiers';

export interface PathChoice {
  currency: string;
  path: string;
  /** Nominal cents per unit (the first tier's for a tiered path). */
  cpp: number;
  /** The cpp is the user's own (config `cpp.CUR.path`, or of the path it is a `variant_of`). */
  user: boolean;
  value: PathValue;
  /** The wallet holds a card the path requires (always true without `requires`). */
  available: boolean;
  /** Cards that unlock the path (SPEC 9.1); absent when it needs none. */
  requires?: string[];
}

/** The kind of a path value. */
export function pathKind(value: PathValue): PathKind {
  if (typeof value === 'number') return 'flat';
  if ('tiers' in value) return 'tiers';
  return value.fee_per_unit_cents === undefined ? 'flat' : 'fee';
}

/** The cards a path requires (SPEC 9.1), or undefined when anyone can use it. */
export function pathRequires(value: PathValue | undefined): string[] | undefined {
  if (value === undefined || typeof value === 'number' || !value.requires?.length) return undefined;
  return value.requires;
}

/** The cpp shown for a path value. */
export function nominalCpp(value: PathValue): number {
  if (typeof value === 'number') return value;
  if ('tiers' in value) return value.tiers[0]?.cpp ?? 0;
  return value.cpp;
}

/**
 * Value in cents of `units` redeemed through a path: flat cpp, cpp minus a capped fee, or tiers.
 * A tiered value is summed exactly over the tiers and rounded once; a fee is a separate charge in
 * whole cents (as the issuer bills it), so the gross value and the fee are each rounded once.
 */
export function pathValueCents(units: Units, value: PathValue): Cents {
  if (typeof value === 'number') return valueOfUnits(units, value);
  if ('tiers' in value) {
    let left = units;
    let scaled = 0n; // BigInt: units × scaled cpp can pass 2^53
    let prevLimit = 0;
    for (const tier of value.tiers) {
      if (left <= 0) break;
      const size = tier.up_to_units === undefined ? left : Math.min(left, Math.max(0, tier.up_to_units - prevLimit));
      scaled += BigInt(size) * BigInt(toScaled(tier.cpp, RATE_SCALE));
      left -= size;
      prevLimit = Math.max(prevLimit, tier.up_to_units ?? prevLimit);
    }
    // Units beyond the last limit (tiers that all have `up_to_units`) are valued at the last tier's cpp.
    const last = value.tiers[value.tiers.length - 1];
    if (left > 0 && last) scaled += BigInt(left) * BigInt(toScaled(last.cpp, RATE_SCALE));
    return Number(bigDivRound(scaled, BigInt(RATE_SCALE)));
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

/** What `units` actually fetch per unit after fees and tiers, in cents, 4 decimals (0 for 0 units). */
export function effectiveCpp(units: Units, value: PathValue): number {
  if (units <= 0) return nominalCpp(value);
  return mulDivRound(pathValueCents(units, value), RATE_SCALE, units) / RATE_SCALE;
}

/** `2` → `2.0`, `0.55` → `0.55`, `1.8333` → `1.8333`: at least one decimal, no trailing zeros. */
export function formatCpp(cpp: number): string {
  const text = String(Number(cpp.toFixed(4)));
  return text.includes('.') ? text : `${text}.0`;
}

/** How a non-flat path is computed, for people: `fee $0.0006/unit, max $99.00` or `1.1¢ to 1,000,000, then 0.8¢`. */
export function describePathRule(value: PathValue): string | undefined {
  if (typeof value === 'number') return undefined;
  if ('tiers' in value) {
    return value.tiers
      .map((t, i) => {
        const cpp = `${formatCpp(t.cpp)}¢`;
        if (t.up_to_units === undefined) return i === 0 ? cpp : `then ${cpp}`;
        return `${i === 0 ? '' : 'then '}${cpp} up to ${formatUnits(t.up_to_units)}`;
      })
      .join(', ');
  }
  if (value.fee_per_unit_cents === undefined) return undefined;
  const perUnit = `$${Number((value.fee_per_unit_cents / 100).toFixed(6))}`;
  return `fee ${perUnit}/unit${value.fee_max_cents === undefined ? '' : `, max ${formatCents(value.fee_max_cents)}`}`;
}

/** A path id for people: `statement_credit` → `statement credit`, `transfer` → `transfer to partners`. */
export function pathLabel(path: string): string {
  const known: Record<string, string> = {
    transfer: 'transfer to partners',
    transfer_us_airline: 'transfer to a U.S. airline',
    travel_portal: 'book travel in the issuer portal',
    travel_portal_hotels: 'book hotels in the issuer portal',
    travel_eraser: 'erase travel purchases',
    schwab: 'cash out to Schwab',
    amazon: 'shop with points at Amazon',
    gift_cards: 'buy gift cards',
    statement_credit: 'take a statement credit',
    rent: 'pay rent',
    cash: 'take cash',
  };
  return known[path] ?? path.replace(/[_-]+/g, ' ');
}

/** Apply the user's cpp override to a path value: a fee is kept, tiers become one flat cpp. */
function withUserCpp(value: PathValue, cpp: number): PathValue {
  if (typeof value === 'number' || 'tiers' in value) return cpp;
  return { ...value, cpp };
}

/**
 * The user's cpp for a path: its own `cpp.CUR.path`, else that of the path it is a `variant_of` (the same
 * redemption, e.g. a transfer to a U.S. airline is a transfer with a fee), so no published cpp the user
 * has replaced is used for the same redemption.
 */
function userCppFor(config: Readonly<Record<string, string>>, currency: Currency, path: string): number | undefined {
  const own = cppSetting(config, currency.code, path);
  if (own !== undefined) return own;
  const published = currency.paths[path];
  const parent = published !== undefined && typeof published !== 'number' ? published.variant_of : undefined;
  return parent !== undefined && parent !== path ? cppSetting(config, currency.code, parent) : undefined;
}

/**
 * Every path of a currency with the user's overrides applied, best value of `units` first (ties by name),
 * each marked available or not for `held` (undefined: every path is available).
 */
export function listPaths(currency: Currency, config: Readonly<Record<string, string>>, units = 10_000, held?: Pick<Holdings, 'cards'>): PathChoice[] {
  const out = Object.entries(currency.paths).map(([path, published]): PathChoice => {
    const override = userCppFor(config, currency, path);
    const value = override === undefined ? published : withUserCpp(published, override);
    const requires = pathRequires(published);
    const choice: PathChoice = { currency: currency.code, path, cpp: nominalCpp(value), user: override !== undefined, value, available: meets(requires, held) };
    if (requires) choice.requires = requires;
    return choice;
  });
  return out.sort(
    (a, b) => pathValueCents(units, b.value) - pathValueCents(units, a.value) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}

/** A configured path (`path.CUR`) that the wallet cannot use, so it was skipped (SPEC 9.1). */
export interface SkippedPath {
  currency: string;
  path: string;
  requires: string[];
}

export interface PathResolution {
  choice: PathChoice;
  skipped?: SkippedPath;
}

/**
 * The path used to value a currency (SPEC 9.1): the first *available* of `overrides[CUR]` (`--path`) >
 * config `path.CUR` > `default_path`; when none is, the available path worth most for 10,000 units
 * (ties by path id). An unknown path name is ignored; a configured path the wallet cannot use is
 * skipped and reported. (`--path` naming an unavailable path is refused by the command before this.)
 */
export function resolvePath(
  currency: Currency,
  config: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>> = {},
  held?: Pick<Holdings, 'cards'>,
): PathResolution {
  const paths = listPaths(currency, config, 10_000, held);
  const byName = new Map(paths.map((p) => [p.path, p]));
  let skipped: SkippedPath | undefined;
  const configured = pathSetting(config, currency.code);
  for (const wanted of [overrides[currency.code], configured, currency.default_path]) {
    const found = wanted === undefined ? undefined : byName.get(wanted);
    if (!found) continue;
    if (found.available) return skipped ? { choice: found, skipped } : { choice: found };
    if (wanted === configured && skipped === undefined) skipped = { currency: currency.code, path: found.path, requires: found.requires ?? [] };
  }
  const choice = paths.find((p) => p.available) ?? (paths[0] as PathChoice);
  return skipped ? { choice, skipped } : { choice };
}

/** The path used to value a currency (see resolvePath). */
export function choosePath(
  currency: Currency,
  config: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>> = {},
  held?: Pick<Holdings, 'cards'>,
): PathChoice {
  return resolvePath(currency, config, overrides, held).choice;
}

/** A note for a configured path the wallet cannot use. */
export function skippedPathNote(s: SkippedPath): string {
  return `Your ${s.currency} path "${s.path}" needs one of ${s.requires.join(', ')} in your wallet: ${s.currency} is valued by another path (perk value ${s.currency}).`;
}

/** One row of a valuation: a path, its cpp and what `units` fetch through it. */
export interface PathValuation {
  path: string;
  cpp: number;
  value_cents: Cents;
  /** This is the path perk values the currency with (config `path.CUR`, else `default_path`). */
  default: boolean;
  /** The cpp is the user's own (config `cpp.CUR.path`). */
  user: boolean;
  /** The published cpp the user's replaced (only when `user`). */
  published_cpp?: number;
  kind: PathKind;
  /** Fee charged for this redemption (fee paths only). */
  fee_cents?: Cents;
  /** value / units, 4 decimals (fee and tier paths only). */
  effective_cpp?: number;
  /** How the path is computed (fee and tier paths only). */
  rule?: string;
  /** The wallet holds a card the path requires (SPEC 9.1). */
  available: boolean;
  /** Cards that unlock the path, when it needs one. */
  requires?: string[];
}

export interface CurrencyValuation {
  currency: string;
  name: string;
  units: Units;
  /** Best value first. */
  paths: PathValuation[];
  /** A configured path the wallet cannot use (skipped). */
  skipped?: SkippedPath;
}

/**
 * Value `units` of a currency through every path, best first, the path in use, user cpps and (for
 * `held`) availability marked.
 */
export function valueCurrency(
  currency: Currency,
  units: Units,
  config: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>> = {},
  held?: Pick<Holdings, 'cards'>,
): CurrencyValuation {
  const resolution = resolvePath(currency, config, overrides, held);
  const inUse = resolution.choice.path;
  const paths = listPaths(currency, config, units, held).map((p): PathValuation => {
    const row: PathValuation = {
      path: p.path,
      cpp: p.cpp,
      value_cents: pathValueCents(units, p.value),
      default: p.path === inUse,
      user: p.user,
      kind: pathKind(p.value),
      available: p.available,
    };
    if (p.requires) row.requires = p.requires;
    const published = currency.paths[p.path];
    if (p.user && published !== undefined) row.published_cpp = nominalCpp(published);
    if (row.kind !== 'flat') {
      if (row.kind === 'fee') row.fee_cents = pathFeeCents(units, p.value);
      row.effective_cpp = effectiveCpp(units, p.value);
      const rule = describePathRule(p.value);
      if (rule !== undefined) row.rule = rule;
    }
    return row;
  });
  const out: CurrencyValuation = { currency: currency.code, name: currency.name, units, paths };
  if (resolution.skipped) out.skipped = resolution.skipped;
  return out;
}

/** Units argument: `50000`, `50,000` (a whole number from 1 to 100,000,000), else null. */
export function parseUnits(text: string): Units | null {
  const s = text.trim().replace(/_/g, '');
  if (!/^(\d{1,3}(,\d{3})+|\d+)$/.test(s)) return null;
  const n = Number(s.replace(/,/g, ''));
  return Number.isSafeInteger(n) && n >= 1 && n <= MAX_UNITS ? n : null;
}

/** Largest number of units valued at once: keeps units × scaled cpp an exact integer. */
export const MAX_UNITS = 100_000_000;
