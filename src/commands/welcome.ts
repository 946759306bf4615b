/** `perk welcome` (SPEC 10.4): each wallet card in its welcome-bonus window, with the pace it needs. */
import type { Ctx } from '../context.js';
import { addDays } from '../core/dates.js';
import { formatCents, formatUnits } from '../core/money.js';
import { POSTING_DAYS, unmatchedOrders } from '../core/spend.js';
import { welcomeOpen, welcomeStatus, type WelcomeStatus } from '../core/welcome.js';
import { SpendStore } from '../db/spend-store.js';
import { printJson } from './shared.js';

interface WelcomeReport {
  statuses: WelcomeStatus[];
  opened: ReturnType<SpendStore['walletOpened']>;
}

function welcomeReport(ctx: Ctx): WelcomeReport {
  const store = ctx.store();
  const spend = new SpendStore(store);
  const statuses: WelcomeStatus[] = [];
  const opened = spend.walletOpened();
  for (const { card: id, opened: day } of opened) {
    const card = store.card(id);
    if (!day || !card?.welcome || !welcomeOpen(day, card.welcome, ctx.today)) continue;
    // Imported spending on the card since it was opened, plus its orders no transaction posts.
    const txns = spend.cardSpendRows(id, day, addDays(ctx.today, POSTING_DAYS));
    const orders = unmatchedOrders(spend.cardOrderRows(id, day, ctx.today), txns);
    const spent = txns.filter((t) => t.date <= ctx.today).reduce((s, t) => s + t.amount_cents, 0) + orders.reduce((s, o) => s + o.charged_cents, 0);
    statuses.push(welcomeStatus(id, day, card.welcome, spent, ctx.today));
  }
  return { statuses, opened };
}

/** What `perk welcome --json` prints; also the MCP tool `welcome` (commands/mcp). */
export function welcomeJson(ctx: Ctx) {
  return statusesJson(welcomeReport(ctx).statuses);
}

function statusesJson(statuses: WelcomeStatus[]) {
  return { welcome: statuses };
}

export async function runWelcome(ctx: Ctx): Promise<WelcomeStatus[]> {
  const { statuses, opened } = welcomeReport(ctx);
  const store = ctx.store();
  if (ctx.json) {
    printJson(ctx, statusesJson(statuses));
    return statuses;
  }
  if (!statuses.length) {
    const noDate = opened.filter((w) => !w.opened && store.card(w.card)?.welcome).map((w) => w.card);
    ctx.out('No card in your wallet is in its welcome-bonus window.');
    if (noDate.length) ctx.out(`Tell perk when you opened one: perk wallet add ${noDate[0]} --opened YYYY-MM-DD`);
    return statuses;
  }
  const { renderTable } = await import('../ui/table.js');
  ctx.out(
    renderTable(
      ['card', 'bonus', 'spent', 'left', 'days left', 'pace needed', 'on track'],
      statuses.map((s) => [
        s.card,
        formatUnits(s.units),
        `${formatCents(s.spent_cents)} of ${formatCents(s.min_spend_cents)}`,
        formatCents(s.left_cents),
        `${s.days_left} (to ${s.ends})`,
        s.left_cents === 0 ? 'done' : `${formatCents(s.pace_cents_per_day)}/day`,
        s.on_track ? 'yes' : 'no',
      ]),
      { tty: ctx.tty, align: ['left', 'right', 'right', 'right', 'right', 'right', 'left'] },
    ),
  );
  return statuses;
}
