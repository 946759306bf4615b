/**
 * Hand-written checks for the two kinds that come by the hundred thousand (rates and retailers), so
 * validation does not dominate a large load: zod costs a few microseconds a record, these a fraction.
 *
 * Each check accepts only records that the zod schema in schemas.ts also accepts, and returns exactly
 * what zod would (these schemas have no transforms and no defaults, so the record itself). Anything
 * else — a wrong type, an unknown field, a bad date — returns undefined, and the record goes through zod,
 * which gives the error message. So errors are unchanged; tests/unit/load-fast-path.test.ts checks the
 * two agree. A change to rateSchema or retailerSchema must be mirrored here (or the kind dropped
 * from FAST_CHECKS).
 */
import { daysInMonth } from '../core/dates.js';
import { ID_RE, LIMITS, NAME_UNSAFE_RE, type Kind } from './schemas.js';

type Check = (value: unknown) => unknown;

const isId = (v: unknown): boolean => typeof v === 'string' && v.length <= LIMITS.name && ID_RE.test(v);

/** Two ASCII digits at `i` as a number, or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** core/dates isIsoDate (a real date written YYYY-MM-DD, year 1900–9999) on char codes, no regex. */
function isDate(v: unknown): boolean {
  if (typeof v !== 'string' || v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  const hi = digits2(v, 0);
  const lo = digits2(v, 2);
  const month = digits2(v, 5);
  const day = digits2(v, 8);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1) return false;
  const year = hi * 100 + lo;
  return year >= 1900 && day <= daysInMonth(year, month);
}
const CHANNELS = new Set(['online', 'in_store', 'dining']);

function plainObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null ? (value as Record<string, unknown>) : undefined;
}

/** rateSchema: portal, retailer, exactly one of percent / flat_cents / units_per_dollar, from ≤ to, as_of, channel. */
function rate(value: unknown): unknown {
  const r = plainObject(value);
  if (!r) return undefined;
  let given = 0;
  for (const key of Object.keys(r)) {
    const v = r[key];
    switch (key) {
      case 'portal':
      case 'retailer':
        if (!isId(v)) return undefined;
        break;
      case 'percent':
        if (typeof v !== 'number' || !(v >= 0 && v <= 100)) return undefined;
        given++;
        break;
      case 'flat_cents':
        if (!Number.isSafeInteger(v) || (v as number) < 0 || (v as number) > LIMITS.cents) return undefined;
        given++;
        break;
      case 'units_per_dollar':
        if (typeof v !== 'number' || !(v >= 0 && v <= LIMITS.multiplier)) return undefined;
        given++;
        break;
      case 'from':
      case 'to':
      case 'as_of':
        if (!isDate(v)) return undefined;
        break;
      case 'channel':
        if (typeof v !== 'string' || !CHANNELS.has(v)) return undefined;
        break;
      default:
        return undefined;
    }
  }
  if (r.portal === undefined || r.retailer === undefined || given !== 1) return undefined;
  if (r.from !== undefined && r.to !== undefined && (r.from as string) > (r.to as string)) return undefined;
  return r;
}

const nameOk = (v: unknown): boolean => typeof v === 'string' && v.length >= 1 && v.length <= LIMITS.name && !NAME_UNSAFE_RE.test(v);

/** retailerSchema: id, name (1–200), category, aliases (each 1–200). */
function retailer(value: unknown): unknown {
  const r = plainObject(value);
  if (!r) return undefined;
  for (const key of Object.keys(r)) {
    const v = r[key];
    switch (key) {
      case 'id':
      case 'category':
        if (!isId(v)) return undefined;
        break;
      case 'name':
        if (!nameOk(v)) return undefined;
        break;
      case 'aliases':
        if (!Array.isArray(v)) return undefined;
        for (let i = 0; i < v.length; i++) if (!nameOk(v[i])) return undefined; // (every() would skip holes)
        break;
      default:
        return undefined;
    }
  }
  if (r.id === undefined || r.name === undefined || r.category === undefined) return undefined;
  return r;
}

/** Fast checks by kind; kinds without one always go through zod. */
export const FAST_CHECKS: Partial<Record<Kind, Check>> = { rates: rate, retailers: retailer };
