/** The portal side of the stack: each portal's plan (rate, payout currency and units, exclusion) and its reward. */
import { centsToUnits, formatCents, type Cents } from './money.js';
import { payoutLacksCard } from './payouts.js';
import type { AppliedPromo } from './promos.js';
import { cashBack, describeRate, isMilesRate, isStale, validRates } from './rates.js';
import { part, type Money, type Part, type StackInput, type ValueOf } from './stack-types.js';
import type { Portal, PortalRate } from './types.js';
import { unitsPerCent } from './wallet.js';
import { payoutSetting } from './settings.js';

export interface PortalPlan {
  portal: Portal;
  rate: PortalRate;
  /** The category of the purchase the portal excludes (SPEC 9.8), if any: it pays nothing. */
  excluded: string | undefined;
  /** describeRate(rate): "6%" or "$25.00". */
  rateText: string;
  payout: string;
  factor: number;
  warnings: string[];
}

/** Portal rewards worked out once per computeStack, by plan and price (see Memo in stack-card.ts). */
export type PortalMemo = Map<PortalPlan, Map<string | number, { part: Part; warnings: string[] }>>;

/**
 * The payout currency of a portal: --payout > config portal.<id>.payout > default_payout, checked. A
 * miles rate (SPEC 11.4) pays in the portal's only payout currency, whatever was asked.
 */
function planPayout(portal: Portal, rate: PortalRate, input: StackInput, notes: Set<string>): { payout: string; factor: number; warnings: string[] } {
  if (isMilesRate(rate)) return { payout: portal.default_payout, factor: 1, warnings: [] };
  const warnings: string[] = [];
  let wanted = input.payout ?? payoutSetting(input.config, portal.id) ?? portal.default_payout;
  if (portal.payout_options[wanted] === undefined) {
    notes.add(`${portal.name} does not pay in ${wanted}; its options use ${portal.default_payout}.`);
    wanted = portal.default_payout;
  }
  if (payoutLacksCard(wanted, input.heldCurrencies)) {
    const fallback = portal.payout_options.USD !== undefined ? 'USD' : portal.default_payout;
    warnings.push(`${portal.name} pays ${wanted} only to ${wanted} cardholders and your wallet has no ${wanted} card: valued as ${fallback}`);
    wanted = fallback;
  }
  return { payout: wanted, factor: unitsPerCent(portal, wanted, input.held, input.config) ?? 1, warnings };
}

/**
 * The plans of the portals with a valid rate on the date in the channel (only `input.portal` when
 * given, none for --no-portal), adding notes for a payout it cannot use or a --portal without a rate.
 */
export function portalPlans(input: StackInput, notes: Set<string>): PortalPlan[] {
  const portalById = new Map(input.portals.map((p) => [p.id, p]));
  const plans: PortalPlan[] = [];
  if (input.portal !== false) {
    for (const rate of validRates(input.rates, input.date, input.channel)) {
      const portal = portalById.get(rate.portal);
      if (!portal || (input.portal !== undefined && rate.portal !== input.portal)) continue;
      const payout = planPayout(portal, rate, input, notes);
      const warnings = [...payout.warnings];
      const excluded = portal.excludes?.find((c) => input.chain.includes(c));
      if (isStale(rate, input.date)) {
        warnings.push(`${portal.name} rate ${describeRate(rate)} was last checked on ${rate.as_of} (stale): update it with perk rate set`);
      }
      plans.push({ portal, rate, excluded, rateText: describeRate(rate), payout: payout.payout, factor: payout.factor, warnings });
    }
    if (input.portal !== undefined && !plans.length) {
      const name = portalById.get(input.portal)?.name ?? input.portal;
      notes.add(`${name} has no ${input.channel === 'online' ? '' : `${input.channel} `}rate for ${input.retailer.name} on ${input.date}; showing options without a portal.`);
    }
  }
  return plans;
}

/** The portal reward of a plan on `price` (zero when a promo code voids it), with its warnings. */
export function portalReward(plan: PortalPlan, price: Cents, voided: readonly AppliedPromo[], valueOf: ValueOf, money: Money, memo: { portal: PortalMemo }) {
  // Keyed by the price alone when no promo code voids the reward (the usual case).
  const key = voided.length ? JSON.stringify([price, voided.map((a) => a.code)]) : price;
  let rewards = memo.portal.get(plan);
  if (!rewards) memo.portal.set(plan, (rewards = new Map()));
  const known = rewards.get(key);
  if (known) return known;

  const warnings = [...plan.warnings];
  const cash = voided.length || plan.excluded !== undefined ? 0 : cashBack(plan.rate, price);
  // A miles rate already pays units of the payout currency (miles per dollar), not cents.
  const units = isMilesRate(plan.rate) ? cash : centsToUnits(cash, plan.factor);
  const rateLabel = isMilesRate(plan.rate) ? describeRate(plan.rate, { long: true }) : plan.rateText;
  if (plan.excluded !== undefined) {
    warnings.push(`${plan.portal.name} pays no cash back on ${plan.excluded.replace(/_/g, ' ')} (excluded): counted as $0`);
  } else if (voided.length) {
    const codes = voided.map((a) => a.code).join(', ');
    warnings.push(`promo ${codes} is not listed on ${plan.portal.name} and may void its cash back: counted as $0`);
  }
  const reward = {
    part: part({ source: 'portal', id: plan.portal.id, currency: plan.payout, units }, valueOf, (value) =>
      plan.excluded !== undefined
        ? `${plan.portal.name} ${plan.rateText} excluded ($0.00)`
        : voided.length
        ? `${plan.portal.name} ${plan.rateText} voided ($0.00)`
        : plan.payout === 'USD'
          ? `${plan.portal.name} ${plan.rateText} ${formatCents(value)}`
          : `${plan.portal.name} ${rateLabel} as ${money(plan.payout, units, value)}`,
    ),
    warnings,
  };
  rewards.set(key, reward);
  return reward;
}
