/**
 * Cash back or points (SPEC section 7, `perk compare`): the same portal cash back taken as each of the
 * portal's payout options, each valued through every redemption path of its currency, with the
 * break-even cpp (the cpp at which the option is worth exactly the cash) and a recommendation.
 */
import { centsToUnits, divRound, formatCents, formatUnits, RATE_SCALE, toScaled, type Cents, type Units } from './money.js';
import { payoutCurrency, payoutLacksCard } from './payouts.js';
import type { Currency, Portal } from './types.js';
import { formatCpp, pathLabel, skippedPathNote, USD, valueCurrency, type PathValuation } from './valuation.js';
import { unitsPerCent, type Holdings } from './wallet.js';


export interface CompareOption {
  currency: string;
  /** Units paid for the cash back (cents for USD). */
  units: Units;
  /** Units paid per cent of cash back. */
  units_per_cent: number;
  /** cpp at which this option is worth exactly the cash: 1 / units per cent, 4 decimals. */
  break_even_cpp: number;
  /** Best value first. */
  paths: PathValuation[];
  /** False when the user cannot take this payout (no card earning the currency). */
  available: boolean;
  note?: string;
}

export interface CompareBest {
  currency: string;
  path: string;
  value_cents: Cents;
}

export interface CompareResult {
  portal: string;
  portal_name: string;
  cash_cents: Cents;
  /** The payout currency the user is set to receive (config, else the portal's default). */
  current_payout: string;
  options: CompareOption[];
  best: CompareBest;
  /** Best path of each other available option, best first (for "next best"). */
  runners_up: CompareBest[];
  /** What a person can act on, one sentence each (the first is the decision). */
  sentences: string[];
  /** The sentences joined. */
  recommendation: string;
  notes: string[];
}

export interface CompareInput {
  portal: Portal;
  cash_cents: Cents;
  /** Currencies by code (USD is built in and need not be given). */
  currencies: ReadonlyMap<string, Currency> | Readonly<Record<string, Currency>>;
  config: Readonly<Record<string, string>>;
  /** Currencies of the cards in the wallet. */
  walletCurrencies: ReadonlySet<string>;
  /** The wallet is empty (the note says so). */
  walletEmpty?: boolean;
  /** The cards held, for paths and payout units that require one (SPEC 9.1–9.2); undefined: no limits. */
  held?: Pick<Holdings, 'cards'> | undefined;
}

function lookup(currencies: CompareInput['currencies'], code: string): Currency | undefined {
  if (code === 'USD') return USD;
  if (currencies instanceof Map) return currencies.get(code);
  return (currencies as Readonly<Record<string, Currency>>)[code];
}

/** The cpp at which units paid at `unitsPerCent` per cent are worth the cash: 1 / unitsPerCent, 4 decimals. */
export function breakEvenCpp(unitsPerCent: number): number {
  if (!(unitsPerCent > 0)) return 0;
  return divRound(RATE_SCALE * RATE_SCALE, toScaled(unitsPerCent, RATE_SCALE)) / RATE_SCALE;
}

/** Compare `cash_cents` of portal cash back across the portal's payout options. */
export function compareCashback(input: CompareInput): CompareResult {
  const { portal, cash_cents: cash, config } = input;
  const notes: string[] = [];
  const options: CompareOption[] = [];
  for (const code of Object.keys(portal.payout_options)) {
    const currency = lookup(input.currencies, code);
    if (!currency) {
      notes.push(`${portal.name} pays in ${code}, but ${code} is not a known currency: it is left out (load it with "perk load").`);
      continue;
    }
    const perCent = unitsPerCent(portal, code, input.held, config) ?? 0;
    const units = centsToUnits(cash, perCent);
    const valuation = valueCurrency(currency, units, config, {}, input.held);
    if (valuation.skipped) notes.push(skippedPathNote(valuation.skipped));
    const option: CompareOption = {
      currency: code,
      units,
      units_per_cent: perCent,
      break_even_cpp: breakEvenCpp(perCent),
      paths: valuation.paths,
      available: true,
    };
    if (payoutLacksCard(code, input.walletCurrencies)) {
      option.available = false;
      option.note = input.walletEmpty
        ? `${portal.name} pays ${code} only into an account of a card that earns ${code}, and your wallet is empty (perk wallet add <card>).`
        : `${portal.name} pays ${code} only into an account of a card that earns ${code}; your wallet has none (perk wallet add <card>).`;
      notes.push(option.note);
    }
    options.push(option);
  }
  // USD is always a way to take cash back, even for a portal that lists only points.
  if (!options.some((o) => o.currency === 'USD')) {
    options.unshift({ currency: 'USD', units: cash, units_per_cent: 1, break_even_cpp: 1, paths: valueCurrency(USD, cash, config).paths, available: true });
  }

  const bestOf = (o: CompareOption): CompareBest => {
    const top = topPath(o) as PathValuation;
    return { currency: o.currency, path: top.path, value_cents: top.value_cents };
  };
  // Best: highest value among the options (and paths) the user can take; ties go to cash (no redemption risk), then portal order.
  const ranked = options
    .filter((o) => o.available && topPath(o) !== undefined)
    .map((o, i) => ({ o, best: bestOf(o), i }))
    .sort((a, b) => b.best.value_cents - a.best.value_cents || Number(b.o.currency === 'USD') - Number(a.o.currency === 'USD') || a.i - b.i);
  const best = ranked[0]?.best ?? { currency: 'USD', path: 'cash', value_cents: cash };
  const runners_up = ranked.slice(1).map((r) => r.best);
  // What the portal pays now, as perk stack and perk payout see it (MR without an MR card is USD).
  const current_payout = payoutCurrency(portal, config, [...input.walletCurrencies]);

  const result: CompareResult = {
    portal: portal.id,
    portal_name: portal.name,
    cash_cents: cash,
    current_payout,
    options,
    best,
    runners_up,
    sentences: [],
    recommendation: '',
    notes,
  };
  result.sentences = recommend(result);
  result.recommendation = result.sentences.join(' ');
  return result;
}

const cpp = (x: number) => `${formatCpp(x)}¢`;

/** The best path of an option that the wallet can use (paths are best first). */
function topPath(o: CompareOption): PathValuation | undefined {
  return o.paths.find((p) => p.available);
}

/**
 * The sentence: take the best option and say at which redemption it pays off, what the losing
 * redemptions would cost against the cash, and whether the configured payout has to change.
 */
export function recommend(r: CompareResult): string[] {
  const cash = formatCents(r.cash_cents);
  const option = r.options.find((o) => o.currency === r.best.currency);
  const sentences: string[] = [];
  if (!option || r.best.currency === 'USD') {
    const points = r.options.filter((o) => o.currency !== 'USD' && o.available);
    if (!points.length) {
      sentences.push(`Take the ${cash} in cash: ${r.portal_name} offers no points payout you can take.`);
    } else {
      const list = points.map((o) => `${o.currency} (needs ${cpp(o.break_even_cpp)} a point)`).join(', ');
      sentences.push(`Take the ${cash} in cash: no redemption path of ${list} beats it.`);
    }
  } else {
    const top = topPath(option) as PathValuation;
    const gain = top.value_cents - r.cash_cents;
    const cur = option.currency;
    sentences.push(
      `Take ${cur} if you ${pathLabel(top.path)}: ${formatUnits(option.units)} ${cur} at ${cpp(top.cpp)} is worth ` +
        `${formatCents(top.value_cents)}, ${formatCents(gain)} more than ${cash} in cash (${cur} beats cash above ${cpp(option.break_even_cpp)} a point).`,
    );
    const losing = option.paths.filter((p) => p.available && p.value_cents < r.cash_cents);
    const worst = losing[losing.length - 1];
    if (worst) {
      sentences.push(
        `If you would ${pathLabel(worst.path)} (${cpp(worst.cpp)}) instead, take the cash: you would lose ${formatCents(r.cash_cents - worst.value_cents)}.`,
      );
    }
    const inUse = option.paths.find((p) => p.default);
    if (inUse && inUse !== worst && inUse.value_cents < r.cash_cents) {
      sentences.push(`Your ${cur} path is ${inUse.path} (${cpp(inUse.cpp)}): at that path the cash is worth ${formatCents(r.cash_cents - inUse.value_cents)} more.`);
    }
  }
  if (r.best.currency !== r.current_payout) {
    sentences.push(
      `${r.portal_name} is set to pay you in ${r.current_payout}: switch the payout on ${r.portal_name} and run "perk config set portal.${r.portal}.payout ${r.best.currency}".`,
    );
  }
  return sentences;
}
