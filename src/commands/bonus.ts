/**
 * `perk bonus add|list|confirm|set|remove`: portal bonuses (welcome, referral, promotion). A bonus is
 * pending until confirmed, like an order, and is paid with the portal's orders (see `perk payout`).
 */
import type { Ctx } from '../context.js';
import { isOrderStatus } from '../core/orders.js';
import { formatCents } from '../core/money.js';
import type { Bonus, OrderStatus } from '../core/types.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { parseAmountArg, parseDateArg, printJson, requirePortal, withStatus } from './shared.js';

export interface BonusAddOptions {
  portal: string;
  amount: string;
  date?: string | undefined;
  note?: string | undefined;
  /** Already confirmed (on `--date`, default today). */
  confirmed?: boolean | undefined;
}

const MAX_NOTE = 2000;

export async function runBonusAdd(options: BonusAddOptions, ctx: Ctx): Promise<Bonus> {
  const amount = parseAmountArg(options.amount, 'The bonus amount');
  const date = options.date === undefined ? ctx.today : parseDateArg(options.date, 'date');
  if (options.note !== undefined && options.note.length > MAX_NOTE) throw new UsageError(`--note is longer than ${MAX_NOTE} characters.`);
  if (options.confirmed && date > ctx.today) {
    throw new UsageError(`--date ${date} is after today (${ctx.today}): a bonus is logged as confirmed once the portal has confirmed it.`, 'Leave out --confirmed, or give the date it was confirmed.');
  }
  const store = ctx.store();
  const bonus = store.write(() => {
    const portal = requirePortal(store, options.portal, null);
    const record: Omit<Bonus, 'id'> = {
      portal: portal.id,
      amount_cents: amount,
      date,
      status: options.confirmed ? 'confirmed' : 'pending',
      confirmed_on: options.confirmed ? date : null,
      note: options.note || null,
    };
    const id = store.saveBonus(record);
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
  if (options.status !== undefined && !isOrderStatus(options.status)) {
    throw new UsageError(`--status must be pending, confirmed or ineligible (got "${options.status}").`);
  }
  const store = ctx.store();
  if (options.portal) requirePortal(store, options.portal);
  const bonuses = store.bonuses(options.portal).filter((b) => !options.status || b.status === options.status);
  if (ctx.json) {
    printJson(ctx, { bonuses });
    return bonuses;
  }
  if (!bonuses.length) {
    ctx.out('No bonuses. Log one with: perk bonus add rakuten 30 --note "welcome bonus"');
    return bonuses;
  }
  const { renderTable, safeText } = await import('../ui/table.js');
  ctx.out(
    renderTable(
      ['id', 'date', 'portal', 'amount', 'status', 'note'],
      bonuses.map((b) => [
        String(b.id),
        b.date,
        b.portal,
        formatCents(b.amount_cents),
        b.status === 'confirmed' ? `confirmed ${b.confirmed_on ?? ''}`.trim() : b.status,
        b.note ? safeText(b.note) : '',
      ]),
      { tty: ctx.tty, width: ctx.width, align: ['right', 'left', 'left', 'right', 'left', 'left'], cut: [5], drop: [5, 1] },
    ),
  );
  return bonuses;
}

function parseBonusId(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`The bonus id must be a whole number such as 3 (got "${text}").`, 'See "perk bonus list".');
  }
  return Number(text);
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
  const id = parseBonusId(options.id);
  let status: OrderStatus | undefined;
  if (options.status !== undefined) {
    if (!isOrderStatus(options.status)) throw new UsageError(`--status must be pending, confirmed or ineligible (got "${options.status}").`);
    status = options.status;
  }
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

export async function runBonusConfirm(options: { id: string; date?: string | undefined }, ctx: Ctx): Promise<Bonus> {
  return runBonusSet({ id: options.id, status: 'confirmed', date: options.date ?? ctx.today }, ctx);
}

export async function runBonusRemove(options: { id: string }, ctx: Ctx): Promise<Bonus> {
  const id = parseBonusId(options.id);
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
