/**
 * The one definition of `perk stack`'s options: register/stack.ts adds them to commander, and the fast
 * path's argv reader (src/fast-argv.ts, loaded on every run) builds its flag tables from them — so this
 * module imports nothing. tests/cli/fast-stack.test.ts holds the two readers to the same options.
 */

export interface StackOptions {
  retailer?: string | undefined;
  amount?: string | undefined;
  online?: boolean | undefined;
  inStore?: boolean | undefined;
  dining?: boolean | undefined;
  category?: string | undefined;
  card?: string[] | undefined;
  /** `--portal <id>`; false for `--no-portal`. */
  portal?: string | false | undefined;
  payout?: string | undefined;
  via?: string | undefined;
  promo?: string[] | undefined;
  giftCard?: boolean | undefined;
  path?: string[] | undefined;
  top?: string | undefined;
}

/** The options of `StackOptions` that a flag sets, by what the flag's value is. */
type Keys<V> = { [K in keyof StackOptions]-?: [V] extends [NonNullable<StackOptions[K]>] ? K : never }[keyof StackOptions];

/**
 * One option: `flag` sets its key to true, `value` to the word after it (the last one given wins),
 * `list` adds the word after it to its key's list (repeatable), `negate` (`--no-x`) sets its key to false.
 */
export type StackOption = { flags: string; description: string } & (
  | { kind: 'flag'; key: Keys<true> }
  | { kind: 'value'; key: Exclude<Keys<string>, 'retailer' | 'amount'> }
  | { kind: 'list'; key: Keys<string[]> }
  | { kind: 'negate'; key: Keys<false> }
);

/** In the order of `perk stack --help`. */
export const STACK_OPTIONS: readonly StackOption[] = [
  { flags: '--online', kind: 'flag', key: 'online', description: 'use online portal rates (the default, unless the category is dining)' },
  { flags: '--in-store', kind: 'flag', key: 'inStore', description: 'use in-store portal rates' },
  { flags: '--dining', kind: 'flag', key: 'dining', description: 'use dining portal rates (the default for a dining category)' },
  { flags: '--category <category>', kind: 'value', key: 'category', description: "override the retailer's category" },
  { flags: '--card <id>', kind: 'list', key: 'card', description: 'only this card (repeatable)' },
  { flags: '--portal <id>', kind: 'value', key: 'portal', description: 'only options through this portal' },
  { flags: '--no-portal', kind: 'negate', key: 'portal', description: 'only options without a shopping portal' },
  { flags: '--payout <currency>', kind: 'value', key: 'payout', description: "the portal payout currency (default: config portal.<id>.payout, else the portal's default)" },
  { flags: '--via <portal>', kind: 'value', key: 'via', description: 'booked through an issuer travel portal (amex_travel, chase_travel, c1_travel)' },
  { flags: '--promo <code>', kind: 'list', key: 'promo', description: 'a promo code to use (repeatable)' },
  { flags: '--gift-card', kind: 'flag', key: 'giftCard', description: "spend the retailer's stored gift-card balance first" },
  { flags: '--path <CUR=path>', kind: 'list', key: 'path', description: 'value a currency by this redemption path, e.g. MR=statement_credit (repeatable)' },
  { flags: '--top <n>', kind: 'value', key: 'top', description: 'show only the best n options' },
];
