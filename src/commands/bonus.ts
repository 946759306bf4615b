/**
 * `perk bonus add|list|confirm|set|remove`: portal bonuses (welcome, referral, promotion). A bonus is
 * pending until confirmed, like an order, and is paid with the portal's orders (see `perk payout`).
 */
import type { Ctx } from '../context.js';
import { newBonus } from '../core/bonuses.js';
import { MAX_NOTE } from '../core/order-entry.js';
import { formatCents } from '../core/money.js';
import type { Bonus } from '../core/types.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { parseAmountArg, parseDateArg, printJson, requirePortal } from './shared.js';
import { parseRecordId, parseStatus, withStatus } from './order/status.js';
import { print } from '../ui/printout.js';

export interface BonusAddOptions {
  portal: string;
  amount: string;
  date?: string | undefined;
  note?: string | undefined;
  /** Already confirmed (on `--date`, default today). */
  confirmed?: boolean | undefined;
}

export async function runBonusAdd(options: BonusAddOptions, ctx: Ctx): Promise<Bonus> {
  const amount = parseAmountArg(options.amount, 'The bonus amount');
  const date = options.date === undefined ? ctx.today : parseDateArg(options.date, 'date');
  if (options.note !== undefined && options.note.length > MAX_NOTE) throw new UsageError(`--note is longer than ${MAX_NOTE} characters.`);
  const record = newBonus({ portal: options.portal, amount_cents: amount, date, note: options.note, confirmed: Boolean(options.confirmed) }, ctx.today);
  if ('problem' in record) {
    throw new UsageError(`--date ${date} is after today (${ctx.today}): a bonus is logged as confirmed once the portal has confirmed it.`, 'Leave out --confirmed, or give the date it was confirmed.');
  }
  const store = ctx.store();
  const bonus = store.write(() => {
    const portal = requirePortal(store, options.portal, null);
    const id = store.saveBonus({ ...record.bonus, portal: portal.id });
    return store.bonus(id) as Bonus;
  });
  if (ctx.json) printJson(ctx, { bonus });
  else {
    ctx.out(
      `Logged bonus ${bonus.id}: ${formatCents(bonus.amount_cents)} from ${bonus.portal} on ${bonus.date}, ${bonus.status}.` +
        (bonus.status === 'pending' ? ` Confirm it with: perk bonus confirm ${bonus.id}` : ''),
    );
  }
  return bonus;
}

export interface BonusListOptions {
  portal?: string | undefined;
  status?: string | undefined;
}

export async function runBonusList(options: BonusListOptions, ctx: Ctx): Promise<Bonus[]> {
  if (options.status !== undefined) parseStatus(options.status, 'status');
  const store = ctx.store();
  if (options.portal) requirePortal(store, options.portal);
  const bonuses = store.bonuses(options.portal).filter((b) => !options.status || b.status === options.status);
  if (ctx.json) printJson(ctx, { bonuses });
  else {
    const { renderBonusList } = await import('../ui/orders-view.js');
    print(ctx, renderBonusList(bonuses, ctx));
  }
  return bonuses;
}

function requireBonus(store: Store, id: number): Bonus {
  const bonus = store.bonus(id);
  if (!bonus) throw new UsageError(`There is no bonus ${id}.`, 'See "perk bonus list".');
  return bonus;
}

export interface BonusSetOptions {
  id: string;
  status?: string | undefined;
  date?: string | undefined;
  amount?: string | undefined;
}

export async function runBonusSet(options: BonusSetOptions, ctx: Ctx): Promise<Bonus> {
  const id = parseRecordId(options.id, 'bonus');
  const status = options.status === undefined ? undefined : parseStatus(options.status, 'status');
  const date = options.date === undefined ? undefined : parseDateArg(options.date, 'date');
  const amount = options.amount === undefined ? undefined : parseAmountArg(options.amount, '--amount');
  if (status === undefined && date === undefined && amount === undefined) {
    throw new UsageError('Nothing to change.', 'Pass --status pending|confirmed|ineligible, --date <YYYY-MM-DD> or --amount <amount>.');
  }
  const store = ctx.store();
  const bonus = store.write(() => {
    const next = withStatus(requireBonus(store, id), 'bonus', { status, date }, ctx.today);
    if (amount !== undefined) next.amount_cents = amount;
    store.saveBonus(next);
    return next;
  });
  if (ctx.json) printJson(ctx, { bonus });
  else {
    ctx.out(
      `Bonus ${bonus.id} (${formatCents(bonus.amount_cents)} from ${bonus.portal}): ${bonus.status}${bonus.status === 'confirmed' && bonus.confirmed_on ? ` on ${bonus.confirmed_on}` : ''}.`,
    );
  }
  return bonus;
}

export interface BonusConfirmOptions {
  id: string;
  date?: string | undefined;
}

export async function runBonusConfirm(options: BonusConfirmOptions, ctx: Ctx): Promise<Bonus> {
  return runBonusSet({ id: options.id, status: 'confirmed', date: options.date ?? ctx.today }, ctx);
}

export interface BonusRemoveOptions {
  id: string;
}

export async function runBonusRemove(options: BonusRemoveOptions, ctx: Ctx): Promise<Bonus> {
  const id = parseRecordId(options.id, 'bonus');
  const store = ctx.store();
  const bonus = store.write(() => {
    const bonus = requireBonus(store, id);
    store.removeBonus(id);
    return bonus;
  });
  if (ctx.json) printJson(ctx, { removed: bonus });
  else ctx.out(`Removed bonus ${bonus.id} (${formatCents(bonus.amount_cents)} from ${bonus.portal} on ${bonus.date}).`);
  return bonus;
}
