/** Kept apart from load/schemas.ts (zod) so the stack fast path can use them cheaply. */

/**
 * The bounds of every number perk accepts (README "Your data"). They keep all arithmetic exact: an
 * amount × a rate, valued in cents per point and summed over a stack, stays far below 2^53.
 */
export const LIMITS = {
  /** Largest amount in cents ($1,000,000,000, as the command line accepts). */
  cents: 1e11,
  /** Largest count of points. */
  units: 1e12,
  /** Largest cents per point (as `perk config set cpp…` accepts), per-point fee and units per cent of cash back. */
  cpp: 100,
  /** Largest earn multiplier (points per $1). */
  multiplier: 1000,
  /** Largest order or bonus id. */
  id: 1e9,
  /** Longest name, alias, note or id (characters). */
  name: 200,
  note: 2000,
} as const;
