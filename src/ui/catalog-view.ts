/**
 * Human views of the catalog nouns — cards, card, categories, retailers, wallet, offers, promo codes,
 * gift cards, settings — drawn from the same results as their JSON. Pure: a result in, text out.
 */
import type { CapUse } from '../core/caps.js';
import { formatCents } from '../core/money.js';
import type { OfferStatus } from '../core/offers.js';
import { promoStatusLabel, type PromoStatus } from '../core/promo-status.js';
import { describeDates, describeDiscount } from '../core/promos.js';
import { describeRate, isStale } from '../core/rates.js';
import type { Card, EarnRule, Offer, PortalRate, Promo, Retailer } from '../core/types.js';
import { SETTING_KEYS_HELP } from '../core/settings.js';
import { makeChalk } from './style.js';
import { renderTable, safeText } from './table.js';
import type { ViewOptions } from './valuation-view.js';

export type { ViewOptions };

/** `perk cards`: the catalog, ✓ for a card in the wallet. */
export function renderCards(cards: ReadonlyArray<Card & { in_wallet: boolean }>, issuer: string | undefined, options: ViewOptions): string {
  if (!cards.length) return issuer ? `No cards from issuer "${safeText(issuer)}".` : 'The catalog is empty.';
  const c = makeChalk(options.color);
  const table = renderTable(
    ['', 'card', 'name', 'issuer', 'currency', 'fee', 'best earn'],
    cards.map((card) => [
      card.in_wallet ? c.green('✓') : '',
      card.id,
      safeText(card.name),
      card.issuer,
      card.currency,
      formatCents(card.annual_fee_cents),
      // A USD card's multiplier is a percent (cents per $1).
      `${Math.max(card.base, ...card.earn.map((r) => r.multiplier))}${card.currency === 'USD' ? '%' : 'x'}`,
    ]),
    // Narrow terminals: the name is shortened, then currency, issuer, name and best earn are left out.
    { tty: options.tty, width: options.width, align: ['left', 'left', 'left', 'left', 'left', 'right', 'right'], cut: [2], drop: [4, 3, 2, 6] },
  );
  return `${table}\n${c.dim('✓ = in your wallet. Details: perk card <id>')}`;
}

/** `perk card <id>`: its earn rules, with the cap use of the period containing `today`. */
export function renderCard(
  view: { card: Card; rules: ReadonlyArray<EarnRule & { cap?: CapUse | undefined }>; inWallet: boolean; today: string },
  options: ViewOptions,
): string {
  const { card, rules } = view;
  const c = makeChalk(options.color);
  const lines = [
    `${c.bold(safeText(card.name))} (${card.id}) — ${card.issuer}, earns ${card.currency}, annual fee ${formatCents(card.annual_fee_cents)}${view.inWallet ? c.green(' — in your wallet') : ''}`,
  ];
  if (card.pays_via) lines.push(`Rewards are paid into your ${card.pays_via} balance when you shop through ${card.pays_via}.`);
  const unit = card.currency === 'USD' ? '%' : 'x';
  const rows = rules.map((r) => [
    `${r.multiplier}${unit}`,
    r.category ?? 'everything',
    r.via ?? '',
    r.from || r.to ? `${r.from ?? '…'} → ${r.to ?? '…'}` : '',
    r.cap ? `${formatCents(r.cap.cap_cents)}/${r.cap_period ?? 'year'}` : '',
    r.cap ? formatCents(r.cap.used_cents) : '',
    r.cap ? (r.cap.left_cents === 0 ? c.red(formatCents(0)) : formatCents(r.cap.left_cents)) : '',
  ]);
  rows.push([`${card.base}${unit}`, 'everything else', '', '', '', '', '']);
  lines.push(
    renderTable(['earn', 'category', 'via', 'dates', 'cap', 'used', 'left'], rows, {
      tty: options.tty,
      width: options.width,
      align: ['right', 'left', 'left', 'left', 'right', 'right', 'right'],
      // Narrow terminals: the category is shortened, then dates, used, via and cap are left out.
      cut: [1],
      drop: [3, 5, 2, 4],
    }),
  );
  if (rules.some((r) => r.cap)) lines.push(c.dim(`Cap use is for the period containing ${view.today}, from imported spending and the orders it does not hold.`));
  return lines.join('\n');
}

/** `perk categories`: each category, and the cards that earn more there (`currencyOf` a card id). */
export function renderCategories(
  views: ReadonlyArray<{ id: string; parent: string | null; earn: ReadonlyArray<{ card: string; multiplier: number }> }>,
  from: { wallet: boolean; currencyOf: (card: string) => string | undefined },
  options: ViewOptions,
): string {
  const unit = (id: string) => (from.currencyOf(id) === 'USD' ? '%' : 'x');
  const table = renderTable(
    ['category', 'parent', `earns more (${from.wallet ? 'your wallet' : 'catalog'})`],
    views.map((v) => [v.id, v.parent ?? '', v.earn.map((e) => `${e.card} ${e.multiplier}${unit(e.card)}`).join(', ')]),
    // Narrow terminals: the cards are shortened, then the parent is left out.
    { tty: options.tty, width: options.width, cut: [2], drop: [1] },
  );
  return `${table}\nUse one with: perk stack <retailer> <amount> --category <category>`;
}

/** `perk retailers [search]`: each retailer with its rates on `date` (a stale one in yellow). */
export function renderRetailers(
  listed: { date: string; retailers: ReadonlyArray<Retailer & { rates: PortalRate[] }> },
  search: string | undefined,
  options: ViewOptions,
): string {
  if (!listed.retailers.length) return `No retailer matches "${safeText(search ?? '')}".`;
  const c = makeChalk(options.color);
  return renderTable(
    ['retailer', 'name', 'category', `rates on ${listed.date}`],
    listed.retailers.map((r) => [
      r.id,
      safeText(r.name),
      r.category,
      r.rates
        .map((rate) => {
          const text = `${rate.portal} ${describeRate(rate)}${rate.channel ? ` (${rate.channel.replace('_', '-')})` : ''}`;
          return isStale(rate, listed.date) ? c.yellow(`${text} (as of ${rate.as_of})`) : text;
        })
        .join(', ') || c.dim('no portal rate'),
    ]),
    // Narrow terminals: the rates and the name are shortened, then the name and the category left out.
    { tty: options.tty, width: options.width, cut: [3, 1], drop: [1, 2] },
  );
}

/** `perk wallet`: the cards held, and what changed (`perk wallet add/remove`). */
export function renderWallet(cards: readonly Card[], changed: string | undefined, options: ViewOptions): string {
  const lines = cards.length
    ? [renderTable(['card', 'name', 'issuer', 'currency'], cards.map((c) => [c.id, safeText(c.name), c.issuer, c.currency]), { tty: options.tty, width: options.width, cut: [1], drop: [3, 2, 1] })]
    : ['Your wallet is empty: perk stack compares every card in the catalog.', 'Add the cards you hold: perk wallet add amex-gold chase-freedom-flex'];
  if (changed !== undefined) lines.push(changed);
  return lines.join('\n');
}

/** An offer as `perk offers` lists it. */
export type ListedOffer = Offer & { status: OfferStatus; uses_left: number; days_left?: number; description: string };

/** `perk offers`: soonest expiry first; `retailerName` of a retailer id. */
export function renderOffers(
  views: readonly ListedOffer[],
  asked: { within: number | undefined; all: boolean | undefined; card: string | undefined; retailerName: (id: string) => string },
  options: ViewOptions,
): string {
  if (!views.length) {
    const none =
      asked.within !== undefined
        ? `No offers end within ${asked.within} day${asked.within === 1 ? '' : 's'}.`
        : `No ${asked.all ? '' : 'active '}card-linked offers${asked.card ? ` on ${asked.card}` : ''}.`;
    return `${none}\nAdd one: perk offer add amex-macys-25 --card amex-gold --retailer macys --kind credit --min 75 --credit 25 --to 2026-12-31`;
  }
  const c = makeChalk(options.color);
  return renderTable(
    ['offer', 'card', 'retailer', 'gives', 'ends', 'uses left', 'status'],
    views.map((v) => [
      v.id,
      v.card,
      safeText(asked.retailerName(v.retailer)),
      `${v.description}${v.click_through ? ' (click-through)' : ''}`,
      v.to === undefined ? '—' : v.days_left !== undefined && v.days_left >= 0 && v.days_left <= 7 ? c.yellow(`${v.to} (${v.days_left}d)`) : v.to,
      `${v.uses_left}/${v.max_uses ?? 1}`,
      `${v.status === 'active' ? v.status : c.dim(v.status.replace('_', ' '))}${v.added ? '' : c.yellow(', not added: add it to the card before you pay')}`,
    ]),
    // Narrow terminals: status, gives and retailer are shortened, then retailer, uses left, card and
    // status are left out.
    { tty: options.tty, width: options.width, align: ['left', 'left', 'left', 'left', 'left', 'right', 'left'], cut: [6, 3, 2], drop: [2, 5, 1, 6] },
  );
}

/** `perk promo list`: each code with uses left and status; `retailer` is the name asked for (--retailer). */
export function renderPromos(rows: ReadonlyArray<Promo & { status: PromoStatus; uses_left: number }>, retailer: string | undefined, options: ViewOptions): string {
  if (!rows.length) {
    return `${retailer !== undefined ? `No promo codes for ${safeText(retailer)}.` : 'No promo codes stored.'}\nAdd one: perk promo add macys SAVE10 --amount 10 --min 50 --to 2026-12-31`;
  }
  const c = makeChalk(options.color);
  const colorStatus = (s: PromoStatus) => {
    const label = promoStatusLabel(s);
    return s === 'active' ? c.green(label) : s === 'not_started' ? c.yellow(label) : c.dim(label);
  };
  return renderTable(
    ['retailer', 'code', 'discount', 'minimum', 'dates', 'uses left', 'portal-safe', 'status'],
    rows.map((r) => [
      r.retailer,
      safeText(r.code),
      describeDiscount(r),
      r.min_purchase_cents ? formatCents(r.min_purchase_cents) : '',
      describeDates(r),
      `${r.uses_left} of ${r.max_uses ?? 1}`,
      r.portal_safe ? 'yes' : 'no',
      colorStatus(r.status),
    ]),
    // Narrow terminals: dates and discount are shortened, then portal-safe, uses left, minimum and dates
    // are left out.
    { tty: options.tty, width: options.width, align: ['left', 'left', 'right', 'right', 'left', 'right', 'left', 'left'], cut: [4, 2], drop: [6, 5, 3, 4] },
  );
}

/** `perk giftcard list`: balances and their total; `retailer` is the name asked for (--retailer). */
export function renderGiftCards(
  list: { giftcards: ReadonlyArray<{ id: string; retailer: string; last4: string; balance_cents: number }>; total_cents: number },
  retailer: string | undefined,
  options: ViewOptions,
): string {
  if (!list.giftcards.length) {
    return `${retailer !== undefined ? `No gift cards for ${safeText(retailer)}.` : 'No gift cards stored.'}\nAdd one: perk giftcard add amazon --code XXXX-XXXXXX-XXXX --balance 50`;
  }
  return renderTable(
    ['id', 'retailer', 'code', 'balance'],
    [...list.giftcards.map((g) => [g.id, g.retailer, `…${g.last4}`, formatCents(g.balance_cents)]), ['total', '', '', formatCents(list.total_cents)]],
    { tty: options.tty, width: options.width, align: ['left', 'left', 'left', 'right'], drop: [1] },
  );
}

/** `perk config get`: every setting (`key = value`), or that none is set and which keys there are. */
export function renderSettings(config: Readonly<Record<string, string>>): string {
  const entries = Object.entries(config);
  if (!entries.length) return `No settings (defaults apply).\n${SETTING_KEYS_HELP}`;
  return entries.map(([k, v]) => `${safeText(k)} = ${safeText(v)}`).join('\n');
}

/** `perk config get <key>`: its value, or that the default applies. */
export function renderSetting(key: string, value: string | undefined): string {
  return value === undefined ? `${safeText(key)} is not set (the default applies).` : safeText(value);
}
