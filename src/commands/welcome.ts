/** `perk welcome` (SPEC 10.4): each wallet card in its welcome-bonus window, with the pace it needs. */
import type { Ctx } from '../context.js';
import { welcomeStatuses, type WelcomeStatus } from '../core/welcome.js';
import { SpendStore } from '../db/spend-store.js';
import { printJson } from './shared.js';

function welcomeReport(ctx: Ctx): ReturnType<typeof welcomeStatuses> {
  const store = ctx.store();
  const spend = new SpendStore(store);
  return welcomeStatuses(spend.walletOpened(), (id) => store.card(id), spend, ctx.today);
}

/** What `perk welcome --json` prints; also the MCP tool `welcome` (commands/mcp). */
export function welcomeJson(ctx: Ctx): { welcome: WelcomeStatus[] } {
  return { welcome: welcomeReport(ctx).statuses };
}

export async function runWelcome(ctx: Ctx): Promise<WelcomeStatus[]> {
  const { statuses, undated } = welcomeReport(ctx);
  if (ctx.json) printJson(ctx, { welcome: statuses });
  else ctx.out((await import('../ui/spending-view.js')).renderWelcome(statuses, undated, ctx));
  return statuses;
}
