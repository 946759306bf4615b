/**
 * Data format v1 (SPEC section 4) as zod schemas: strict objects, so unknown keys and wrong types are
 * errors, plus the cross-field rules each kind has. Orders and bonuses are a documented extension.
 */
import { z } from 'zod';
import { isIsoDate } from '../core/dates.js';
import type { PayoutSchedule } from '../core/types.js';

export const ID_RE = /^[a-z0-9][a-z0-9._-]*$/;

export { LIMITS } from '../core/limits.js';
import { LIMITS } from '../core/limits.js';

const id = z
  .string()
  .max(LIMITS.name)
  .regex(ID_RE, { error: 'expected an id of lower-case letters, digits, ".", "_" or "-"' });
const isoDate = z.string().refine(isIsoDate, { error: 'expected a real date written YYYY-MM-DD' });
const cents = z.number().int({ error: 'expected whole cents (an integer)' }).min(0).max(LIMITS.cents);
const units = z.number().int({ error: 'expected whole units (an integer)' }).min(0).max(LIMITS.units);
const percent = z.number().min(0).max(100);
const multiplier = z.number().min(0).max(LIMITS.multiplier);
/**
 * A name or alias is one line of text: no control character (newline, ESC, …) or bidi override, so
 * a stored name can never print a fake line in an error or table (README "Your data").
 */
// eslint-disable-next-line no-control-regex
export const NAME_UNSAFE_RE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const name = z
  .string()
  .min(1)
  .max(LIMITS.name)
  .refine((v) => !NAME_UNSAFE_RE.test(v), { error: 'expected one line of text (no newline, tab or other control character)' });
const note = z.string().max(LIMITS.note);
/** Miles per $1 of an airline shopping portal's rate (SPEC 11.4). */
const unitsPerDollar = z.number().min(0).max(LIMITS.multiplier);
const currencyCode = z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/, { error: 'expected a currency code such as MR or USD' });
const dayRange = z
  .tuple([z.number().int().min(0).max(3650), z.number().int().min(0).max(3650)])
  .refine(([a, b]) => a <= b, { error: 'expected [min, max] days with min ≤ max' });

function windowOk(v: { from?: string | undefined; to?: string | undefined }): boolean {
  return !v.from || !v.to || v.from <= v.to;
}
const windowRule = { error: '"from" must not be after "to"', path: ['to'] };

export const categorySchema = z.strictObject({ id, parent: id.optional() });

const cpp = z.number().min(0).max(LIMITS.cpp);
/** Cards of which the wallet must hold one (SPEC 9.1, 9.2). */
const requires = z.array(id).min(1).max(100);
export const pathValueSchema = z.union([
  cpp,
  z.strictObject({
    cpp,
    fee_per_unit_cents: z.number().min(0).max(LIMITS.cpp).optional(),
    fee_max_cents: cents.optional(),
    note: note.optional(),
    requires: requires.optional(),
    variant_of: id.optional(),
  }),
  z.strictObject({
    tiers: z
      .array(z.strictObject({ up_to_units: units.optional(), cpp }))
      .min(1)
      .refine((t) => t.slice(0, -1).every((x) => x.up_to_units !== undefined), {
        error: 'every tier but the last needs "up_to_units"',
      }),
    note: note.optional(),
    requires: requires.optional(),
    variant_of: id.optional(),
  }),
]);

const unitsPerCent = z.number().min(0.0001).max(LIMITS.cpp);
/** Units per cent of cash back: a number, or the first entry whose `requires` the wallet meets (SPEC 9.2). */
const payoutUnitsSchema = z.union([
  unitsPerCent,
  z
    .array(z.strictObject({ units: unitsPerCent, requires: requires.optional() }))
    .min(1)
    .max(20)
    .refine((list) => list[list.length - 1]?.requires === undefined, {
      error: 'the last entry must have no "requires" (what everyone else gets)',
    }),
]);

export const currencySchema = z
  .strictObject({
    code: currencyCode.refine((c) => c !== 'USD', { error: 'USD is built in and cannot be redefined' }),
    name,
    paths: z.record(id, pathValueSchema).refine((p) => Object.keys(p).length > 0, { error: 'expected at least one path' }),
    default_path: id,
  })
  .refine((c) => c.default_path in c.paths, { error: 'default_path must be one of "paths"', path: ['default_path'] });

/**
 * A payout calendar (`months`, `day`) or an on-request payout (`"on_request": true`, SPEC 9.10): exactly
 * one of the two forms, each with `minimum_cents`. One object with a refinement rather than a union, so
 * a mix of the two is reported as such.
 */
const payoutScheduleSchema = z
  .strictObject({
    months: z.array(z.number().int().min(1).max(12)).min(1).optional(),
    day: z.number().int().min(1).max(31).optional(),
    on_request: z.literal(true, { error: 'expected true (or leave "on_request" out for a payout calendar)' }).optional(),
    minimum_cents: cents,
  })
  .superRefine((p, ctx) => {
    if (p.on_request) {
      for (const key of ['months', 'day'] as const) {
        if (p[key] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'an on-request payout ("on_request": true) has no "months" or "day": give one form, not both' });
        }
      }
      return;
    }
    for (const key of ['months', 'day'] as const) {
      if (p[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is missing: expected "months" and "day" (a payout calendar) or "on_request": true` });
      }
    }
  }) as unknown as z.ZodType<PayoutSchedule>;

export const portalSchema = z
  .strictObject({
    id,
    name,
    payout: payoutScheduleSchema,
    payout_options: z.record(currencyCode, payoutUnitsSchema).refine((o) => Object.keys(o).length > 0, {
      error: 'expected at least one payout option',
    }),
    default_payout: currencyCode,
    // One window, or one per channel (travel: orders in a travel category; default: everything else).
    confirm_days: z.union([
      dayRange,
      z
        .strictObject({ default: dayRange, online: dayRange, in_store: dayRange, dining: dayRange, travel: dayRange })
        .partial()
        .refine((t) => Object.keys(t).length > 0, { error: 'confirm_days needs at least one window' }),
    ]),
    /** Categories the portal pays nothing on (SPEC 9.8). */
    excludes: z.array(id).max(100).optional(),
  })
  .refine((p) => p.default_payout in p.payout_options, {
    error: 'default_payout must be one of "payout_options"',
    path: ['default_payout'],
  });

export const retailerSchema = z.strictObject({
  id,
  name,
  category: id,
  aliases: z.array(name).optional(),
});

export const channelSchema = z.enum(['online', 'in_store', 'dining']);

export const rateSchema = z
  .strictObject({
    portal: id,
    retailer: id,
    percent: percent.optional(),
    flat_cents: cents.optional(),
    units_per_dollar: unitsPerDollar.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    as_of: isoDate.optional(),
    channel: channelSchema.optional(),
  })
  .refine((r) => [r.percent, r.flat_cents, r.units_per_dollar].filter((v) => v !== undefined).length === 1, {
    error: 'expected exactly one of "percent", "flat_cents" or "units_per_dollar"',
    path: ['percent'],
  })
  .refine(windowOk, windowRule);

export const earnRuleSchema = z
  .strictObject({
    category: id.optional(),
    multiplier,
    cap_cents: cents.optional(),
    cap_period: z.enum(['year', 'quarter', 'month']).optional(),
    via: id.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .refine((r) => r.cap_period === undefined || r.cap_cents !== undefined, {
    error: '"cap_period" needs "cap_cents"',
    path: ['cap_period'],
  })
  .refine(windowOk, windowRule);

export const cardSchema = z.strictObject({
  id,
  issuer: id,
  name,
  currency: currencyCode,
  annual_fee_cents: cents,
  base: multiplier,
  earn: z.array(earnRuleSchema),
  pays_via: id.nullable().optional(),
  /** SPEC 10.4: the public welcome offer, `units` after `min_spend_cents` within `days` of opening. */
  welcome: z
    .strictObject({
      units: units.min(1),
      min_spend_cents: cents,
      days: z.number().int().min(1).max(3650),
      as_of: isoDate.optional(),
      note: z.string().max(300).optional(),
    })
    .optional(),
});

export const offerSchema = z
  .strictObject({
    id,
    issuer: id,
    card: id,
    retailer: id,
    kind: z.enum(['credit', 'percent', 'points', 'points_per_dollar']),
    min_spend_cents: cents.optional(),
    credit_cents: cents.optional(),
    percent: percent.optional(),
    max_credit_cents: cents.optional(),
    points: units.optional(),
    points_per_dollar: multiplier.optional(),
    max_points: units.optional(),
    max_uses: z.number().int().min(1).max(1000).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    click_through: z.boolean().optional(),
    added: z.boolean().optional(),
  })
  .superRefine((o, ctx) => {
    const need: Record<string, string[]> = {
      credit: ['credit_cents'],
      percent: ['percent'],
      points: ['points'],
      points_per_dollar: ['points_per_dollar'],
    };
    for (const field of need[o.kind] ?? []) {
      if (o[field as keyof typeof o] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `a "${o.kind}" offer needs "${field}"` });
      }
    }
    if (!windowOk(o)) ctx.addIssue({ code: 'custom', path: ['to'], message: windowRule.error });
  });

export const promoSchema = z
  .strictObject({
    code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: 'expected a promo code of letters, digits, "_" or "-"' }),
    retailer: id,
    kind: z.enum(['amount', 'percent']),
    amount_cents: cents.optional(),
    percent: percent.optional(),
    min_purchase_cents: cents.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    max_uses: z.number().int().min(1).max(1_000_000).optional(),
    portal_safe: z.boolean().optional(),
  })
  .superRefine((p, ctx) => {
    if (p.kind === 'amount' && p.amount_cents === undefined) {
      ctx.addIssue({ code: 'custom', path: ['amount_cents'], message: 'an "amount" promo needs "amount_cents"' });
    }
    if (p.kind === 'percent' && p.percent === undefined) {
      ctx.addIssue({ code: 'custom', path: ['percent'], message: 'a "percent" promo needs "percent"' });
    }
    if (!windowOk(p)) ctx.addIssue({ code: 'custom', path: ['to'], message: windowRule.error });
  });

export const giftCardSchema = z.union([
  z.strictObject({ id, retailer: id, balance_cents: cents, code: z.string().min(1).max(64) }),
  z.strictObject({
    id,
    retailer: id,
    balance_cents: cents,
    last4: z.string().regex(/^[A-Z0-9]{4}$/, { error: 'expected the last four characters of the code (upper-case letters and digits)' }),
    code_hash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected the hash perk exports (64 hex digits)' }),
  }),
]);

export const orderStatusSchema = z.enum(['pending', 'confirmed', 'ineligible']);

/** Extension: orders as exported (and re-loaded) by perk. */
export const orderSchema = z
  .strictObject({
    id: z.number().int().min(1).max(LIMITS.id),
    date: isoDate,
    retailer: id,
    amount_cents: cents,
    category: id,
    card: id.nullable().optional(),
    portal: id.nullable().optional(),
    channel: channelSchema.optional(),
    via: id.nullable().optional(),
    offer: id.nullable().optional(),
    promos: z.array(z.string().min(1).max(64)).optional(),
    giftcard: id.nullable().optional(),
    giftcard_cents: cents.optional(),
    /** What the order took from each gift card, in spending order (the first is `giftcard`). */
    giftcard_split: z.array(z.strictObject({ giftcard: id, cents: cents.min(1) })).optional(),
    charged_cents: cents,
    expected_cents: cents.optional(),
    /** The shopping portal credited it (SPEC 9.7); omitted: credited when expected_cents is above 0. */
    portal_credited: z.boolean().optional(),
    actual_cents: cents.nullable().optional(),
    status: orderStatusSchema.optional(),
    confirmed_on: isoDate.nullable().optional(),
    note: note.nullable().optional(),
    /** Travel: the last day of the trip (SPEC 9.11); its category must be travel or under it. */
    trip_end: isoDate.nullable().optional(),
  })
  .refine((o) => !o.trip_end || o.trip_end >= o.date, { error: '"trip_end" must not be before "date"', path: ['trip_end'] });

/** Extension: portal bonuses (welcome, referral, promotion). */
export const bonusSchema = z.strictObject({
  id: z.number().int().min(1).max(LIMITS.id),
  portal: id,
  amount_cents: cents,
  date: isoDate,
  status: orderStatusSchema.optional(),
  confirmed_on: isoDate.nullable().optional(),
  note: note.nullable().optional(),
});

export const KIND_SCHEMAS = {
  categories: categorySchema,
  currencies: currencySchema,
  portals: portalSchema,
  retailers: retailerSchema,
  rates: rateSchema,
  cards: cardSchema,
  offers: offerSchema,
  promos: promoSchema,
  giftcards: giftCardSchema,
  wallet: id,
  orders: orderSchema,
  bonuses: bonusSchema,
} as const;

export type Kind = keyof typeof KIND_SCHEMAS;
export const KINDS = Object.keys(KIND_SCHEMAS) as Kind[];
/** Kinds that can be read from and written to CSV. */
export const CSV_KINDS = ['retailers', 'rates', 'offers', 'promos', 'orders'] as const satisfies readonly Kind[];
export type CsvKind = (typeof CSV_KINDS)[number];

export type KindRecord<K extends Kind> = z.infer<(typeof KIND_SCHEMAS)[K]>;
