/**
 * Which card next (SPEC 10.3): replay a stretch of real spending through the earn rules of a set of
 * cards — each purchase on the card worth most for it, capped rules filling up as the year goes — and
 * value the points by the redemption paths that set of cards can use (SPEC 9.1), so a card that
 * unlocks transfers lifts the points the other cards earn. Portals and card-linked offers are left out.
 *
 * Spending is replayed per day and category (the purchases of one category on one day are one
 * purchase): caps and rule windows are by day, so this changes only where a rounding happens.
 * Refunds (negative days) give back the earn and the cap room of the card that would have taken them.
 */
import { capWindow } from './caps.js';
import { periodBounds, type IsoDate } from './dates.js';
import { computeEarn } from './earn.js';
import { divRound, formatUnits, mulDivRound, type Cents, type Units } from './money.js';
import type { Spend } from './spend.js';
import type { Card, Currency, EarnRule } from './types.js';
import { formatCpp, nominalCpp, pathValueCents, resolvePath, USD, type PathChoice } from './valuation.js';

export interface AdviseInput {
  spend: readonly Spend[];
  /** Months the spending covers: results are scaled to a year (× 12 / months). */
  months: number;
  wallet: readonly Card[];
  catalog: readonly Card[];
  currencies: readonly Currency[];
  config: Readonly<Record<string, string>>;
  chainOf: (category: string) => readonly string[];
}

export interface HeldAdvice {
  card: string;
  value_cents: Cents;
  fee_cents: Cents;
  net_cents: Cents;
  drop_loses_cents: Cents;
}

export interface Lift {
  currency: string;
  units: Units;
  from_path: string;
  from_cpp: number;
  to_path: string;
  to_cpp: number;
  cents: Cents;
}

export interface CandidateAdvice {
  card: string;
  added_cents: Cents;
  fee_cents: Cents;
  net_cents: Cents;
  first_year_cents: Cents;
  /** What the card's own earn adds (added minus the lifts). */
  earns_cents: Cents;
  lifts: Lift[];
  /** The welcome bonus's value, counted in the first year when the spending reaches its minimum in time. */
  welcome_cents: Cents;
  welcome_reached: boolean | null;
}

export interface Advice {
  months: number;
  spend_cents: Cents;
  wallet_value_cents: Cents;
  held: HeldAdvice[];
  candidates: CandidateAdvice[];
  explanation: string;
}

/** The advice on the spending of a window (`perk advise --json`). */
export interface AdviceReport extends Advice {
  since: IsoDate;
  until: IsoDate;
}

interface Bucket {
  date: IsoDate;
  chain: readonly string[];
  amount: Cents;
}

export interface ReplayResult {
  /** Units each card earned. */
  units: Map<string, Units>;
  /** Total value of the units by the paths `held` can use. */
  value: Cents;
  /** Each card's share of the value (its units × its currency's value per unit). */
  valueByCard: Map<string, Cents>;
  /** Units and path per currency. */
  byCurrency: Map<string, { units: Units; path: PathChoice }>;
}

/** Purchases summed per day and category, by date. */
function bucketsOf(spend: readonly Spend[], chainOf: (category: string) => readonly string[]): Bucket[] {
  const sums = new Map<string, Bucket>();
  for (const s of spend) {
    const key = `${s.date}\u0000${s.category}`;
    const b = sums.get(key);
    if (b) b.amount += s.amount_cents;
    else sums.set(key, { date: s.date, chain: chainOf(s.category), amount: s.amount_cents });
  }
  return [...sums.values()].filter((b) => b.amount !== 0).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

class Replayer {
  private readonly currencies: Map<string, Currency>;
  private readonly pathMemo = new Map<string, PathChoice>();

  constructor(
    private readonly buckets: readonly Bucket[],
    currencies: readonly Currency[],
    private readonly config: Readonly<Record<string, string>>,
  ) {
    this.currencies = new Map(currencies.map((c) => [c.code, c]));
  }

  /** The path a currency is valued by while `held` are the cards held (SPEC 9.1). */
  path(code: string, held: ReadonlySet<string>): PathChoice {
    const key = `${code}\u0000${[...held].sort().join(',')}`;
    let p = this.pathMemo.get(key);
    if (!p) {
      const currency = code === 'USD' ? (this.currencies.get('USD') ?? USD) : this.currencies.get(code);
      p = currency
        ? resolvePath(currency, this.config, {}, { cards: held }).choice
        : { currency: code, path: 'none', cpp: 0, user: false, value: 0, available: true };
      this.pathMemo.set(key, p);
    }
    return p;
  }

  /** Replay every purchase on the best of `cards` (ties: the first card), with their caps. */
  replay(cards: readonly Card[]): ReplayResult {
    const held = new Set(cards.map((c) => c.id));
    const cpp = new Map(cards.map((c) => [c.id, nominalCpp(this.path(c.currency, held).value)]));
    const index = new Map<EarnRule, string>();
    for (const c of cards) c.earn.forEach((r, i) => index.set(r, `${c.id}\u0000${i}`));
    const used = new Map<string, Cents>();
    const units = new Map<string, Units>(cards.map((c) => [c.id, 0]));
    const capKey = (rule: EarnRule, date: IsoDate) => `${index.get(rule)}\u0000${periodBounds(date, rule.cap_period ?? 'year').start}`;
    for (const b of this.buckets) {
      const amount = Math.abs(b.amount);
      const purchase = { chain: b.chain, vias: [] as string[], date: b.date };
      const capLeft = (rule: EarnRule): Cents | undefined =>
        rule.cap_cents === undefined ? undefined : capWindow(rule, b.date) ? rule.cap_cents - (used.get(capKey(rule, b.date)) ?? 0) : 0;
      let best: { card: Card; earn: ReturnType<typeof computeEarn>; worth: number } | undefined;
      for (const card of cards) {
        const earn = computeEarn(card, amount, purchase, capLeft);
        const worth = earn.units * (cpp.get(card.id) ?? 0);
        if (!best || worth > best.worth) best = { card, earn, worth };
      }
      if (!best) continue;
      const sign = b.amount < 0 ? -1 : 1;
      units.set(best.card.id, (units.get(best.card.id) ?? 0) + sign * best.earn.units);
      for (const part of best.earn.parts) {
        if (part.rule?.cap_cents === undefined) continue;
        const key = capKey(part.rule, b.date);
        used.set(key, Math.max(0, (used.get(key) ?? 0) + sign * part.cents));
      }
    }
    return this.value(cards, units, held);
  }

  /** Value units earned per card: summed per currency, valued once by the path `held` can use. */
  value(cards: readonly Card[], units: Map<string, Units>, held: ReadonlySet<string>): ReplayResult {
    const byCurrency = new Map<string, { units: Units; path: PathChoice }>();
    for (const c of cards) {
      const entry = byCurrency.get(c.currency) ?? { units: 0, path: this.path(c.currency, held) };
      entry.units += units.get(c.id) ?? 0;
      byCurrency.set(c.currency, entry);
    }
    let value = 0;
    const currencyValue = new Map<string, Cents>();
    for (const [code, e] of byCurrency) {
      const v = e.units > 0 ? pathValueCents(e.units, e.path.value) : 0;
      currencyValue.set(code, v);
      value += v;
    }
    const valueByCard = new Map<string, Cents>();
    for (const c of cards) {
      const e = byCurrency.get(c.currency) as { units: Units };
      valueByCard.set(c.id, e.units > 0 ? mulDivRound(units.get(c.id) ?? 0, currencyValue.get(c.currency) ?? 0, e.units) : 0);
    }
    return { units, value, valueByCard, byCurrency };
  }
}

const byId = (a: Card, b: Card) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** SPEC 10.3: held cards' value, fee, net and what dropping each loses; candidates ranked by net. */
export function advise(input: AdviseInput): Advice {
  const buckets = bucketsOf(input.spend, input.chainOf);
  const replayer = new Replayer(buckets, input.currencies, input.config);
  const year = (cents: Cents) => mulDivRound(cents, 12, input.months);
  const wallet = [...input.wallet].sort(byId);
  const base = replayer.replay(wallet);
  const spend = input.spend.reduce((s, x) => s + x.amount_cents, 0);
  const yearlySpend = year(spend);

  const held: HeldAdvice[] = wallet.map((card) => {
    const without = replayer.replay(wallet.filter((c) => c.id !== card.id));
    const value = year(base.valueByCard.get(card.id) ?? 0);
    return { card: card.id, value_cents: value, fee_cents: card.annual_fee_cents, net_cents: value - card.annual_fee_cents, drop_loses_cents: year(base.value - without.value) };
  });

  const holding = new Set(wallet.map((c) => c.id));
  const candidates: CandidateAdvice[] = input.catalog
    .filter((c) => !holding.has(c.id))
    .map((card) => {
      const cards = [...wallet, card].sort(byId);
      const withCard = replayer.replay(cards);
      const lifts = liftsOf(replayer, wallet, card, withCard, year);
      const added = year(withCard.value - base.value);
      const liftCents = lifts.reduce((s, l) => s + l.cents, 0);
      const net = added - card.annual_fee_cents;
      const { cents: welcome, reached } = welcomeValue(replayer, card, new Set(cards.map((c) => c.id)), yearlySpend);
      return {
        card: card.id,
        added_cents: added,
        fee_cents: card.annual_fee_cents,
        net_cents: net,
        first_year_cents: net + welcome,
        earns_cents: added - liftCents,
        lifts,
        welcome_cents: welcome,
        welcome_reached: reached,
      };
    })
    .sort((a, b) => b.net_cents - a.net_cents || b.first_year_cents - a.first_year_cents || (a.card < b.card ? -1 : 1));

  return {
    months: input.months,
    spend_cents: yearlySpend,
    wallet_value_cents: year(base.value),
    held,
    candidates,
    explanation: explain(candidates[0], held),
  };
}

/** Each currency the wallet already earns whose path the new card changes: the other cards' units, revalued. */
function liftsOf(replayer: Replayer, wallet: readonly Card[], card: Card, withCard: ReplayResult, year: (c: Cents) => Cents): Lift[] {
  const before = new Set(wallet.map((c) => c.id));
  const after = new Set([...before, card.id]);
  const lifts: Lift[] = [];
  for (const code of new Set(wallet.map((c) => c.currency))) {
    const from = replayer.path(code, before);
    const to = replayer.path(code, after);
    if (from.path === to.path && from.cpp === to.cpp) continue;
    const units = wallet.filter((c) => c.currency === code).reduce((s, c) => s + (withCard.units.get(c.id) ?? 0), 0);
    if (units <= 0) continue;
    const cents = pathValueCents(units, to.value) - pathValueCents(units, from.value);
    lifts.push({ currency: code, units: year(units), from_path: from.path, from_cpp: from.cpp, to_path: to.path, to_cpp: to.cpp, cents: year(cents) });
  }
  return lifts;
}

/** The welcome bonus's value, when a year's spending at its pace reaches the minimum within the window. */
function welcomeValue(replayer: Replayer, card: Card, held: ReadonlySet<string>, yearlySpend: Cents): { cents: Cents; reached: boolean | null } {
  const w = card.welcome;
  if (!w) return { cents: 0, reached: null };
  const reached = mulDivRound(yearlySpend, w.days, 365) >= w.min_spend_cents;
  return { cents: reached ? pathValueCents(w.units, replayer.path(card.currency, held).value) : 0, reached };
}

const dollars = (cents: Cents) => {
  const sign = cents < 0 ? '-' : '';
  return `${sign}$${formatUnits(divRound(Math.abs(cents), 100))}`;
};
const cppText = (cpp: number) => `${formatCpp(cpp)}¢`;

/** One sentence on the top candidate (and on a held card that earns less than its fee). */
export function explain(top: CandidateAdvice | undefined, held: readonly HeldAdvice[]): string {
  const parts: string[] = [];
  if (top && top.net_cents > 0) {
    const fee = top.fee_cents > 0 ? `after its ${dollars(top.fee_cents)} fee` : 'with no annual fee';
    const lift = top.lifts
      .map((l) => ` and lifts ${formatUnits(l.units)} ${l.currency} from ${cppText(l.from_cpp)} to ${cppText(l.to_cpp)}`)
      .join('');
    const welcome = top.welcome_cents > 0 ? `; ${dollars(top.first_year_cents)} the first year with its welcome bonus` : '';
    parts.push(`Adding ${top.card} earns ${dollars(top.earns_cents)} a year on your spending${lift}: +${dollars(top.net_cents)} ${fee}${welcome}.`);
  } else if (top) {
    parts.push(`No card adds more than its fee on your spending: the closest, ${top.card}, adds ${dollars(top.added_cents)} against a ${dollars(top.fee_cents)} fee.`);
  }
  const weakest = [...held].filter((h) => h.fee_cents > 0 && h.drop_loses_cents < h.fee_cents).sort((a, b) => a.drop_loses_cents - a.fee_cents - (b.drop_loses_cents - b.fee_cents))[0];
  if (weakest) {
    parts.push(`Dropping ${weakest.card} would lose ${dollars(weakest.drop_loses_cents)} a year and save its ${dollars(weakest.fee_cents)} fee.`);
  }
  return parts.join(' ');
}
