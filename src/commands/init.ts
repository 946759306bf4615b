import { safeText } from '../ui/safe-text.js';
import fs from 'node:fs';
import type { Ctx } from '../context.js';
import { removeDatabaseFiles } from '../db/files.js';
import { UsageError } from '../errors.js';
import { createSeededDatabase, seedStore } from '../load/seed.js';
import type { Store } from '../db/store.js';
import { printJson, requireCard } from './shared.js';

export interface InitOptions {
  force?: boolean | undefined;
  empty?: boolean | undefined;
  wallet?: string | undefined;
  payout?: string | undefined;
}

/** Create (or with --force re-seed) the database, then set the wallet and Rakuten payout. */
export async function runInit(options: InitOptions, ctx: Ctx): Promise<void> {
  if (options.empty && (options.force || options.wallet !== undefined || options.payout !== undefined)) {
    throw new UsageError(
      '--empty creates a database with no data, so it cannot be combined with --force, --wallet or --payout.',
      'Create it with "perk --db <file> init --empty", then load your data with "perk load <file>".',
    );
  }
  const exists = ctx.dbPath !== ':memory:' && fs.existsSync(ctx.dbPath);
  if (options.empty) {
    if (exists) throw new UsageError(`${ctx.dbPath} already exists; --empty only creates a new database.`, 'Pass a new file with --db.');
    createSeededDatabase(ctx.dbPath, { seed: false });
    if (ctx.json) printJson(ctx, { db: ctx.dbPath, seeded: false });
    else ctx.out(`Created an empty database at ${ctx.dbPath}.`);
    return;
  }
  if (exists && !options.force) {
    throw new UsageError(`${ctx.dbPath} is already set up.`, 'Use "perk init --force" to reload the default dataset (your orders and settings are kept).');
  }
  const created = !exists && createSeededDatabase(ctx.dbPath);
  const store = ctx.store();
  // Validate the answers given as flags before changing anything; a database created just now for
  // answers that turn out to be wrong is removed again, so a failed init leaves nothing behind.
  let walletIds: string[] | undefined;
  let payout: string | undefined;
  const rakuten = store.portal('rakuten');
  try {
    walletIds = options.wallet?.split(',').map((s) => s.trim()).filter(Boolean);
    walletIds?.forEach((id) => requireCard(store, id, 'wallet'));
    payout = options.payout?.trim().toUpperCase();
    if (payout !== undefined && !rakuten) throw new UsageError('--payout sets the Rakuten payout, but this database has no "rakuten" portal.');
    if (payout !== undefined && rakuten && !(payout in rakuten.payout_options)) {
      throw new UsageError(`--payout must be one of ${Object.keys(rakuten.payout_options).join(', ')} (got "${options.payout}").`);
    }
  } catch (error) {
    if (created) {
      ctx.close();
      removeDatabaseFiles(ctx.dbPath);
    }
    throw error;
  }
  if (exists) seedStore(store);

  let chosenWallet = walletIds;
  let chosenPayout = payout;
  if (ctx.interactive && !chosenWallet) chosenWallet = await pickWallet(store);
  if (ctx.interactive && !chosenPayout && rakuten) chosenPayout = await pickPayout(Object.keys(rakuten.payout_options), store);
  store.write(() => {
    if (chosenWallet) {
      store.clearWallet();
      chosenWallet.forEach((id) => store.addToWallet(id));
    }
    if (chosenPayout) store.configSet('portal.rakuten.payout', chosenPayout);
  });
  const wallet = store.walletIds();
  if (ctx.json) {
    printJson(ctx, { db: ctx.dbPath, seeded: true, wallet, payout: store.configGet('portal.rakuten.payout') ?? rakuten?.default_payout ?? null });
    return;
  }
  ctx.out(`${exists ? 'Reloaded the default dataset into' : 'Created'} ${ctx.dbPath}.`);
  ctx.out(`Wallet: ${wallet.join(', ') || '(empty — add cards with "perk wallet add <card>")'}.`);
  ctx.out('Try: perk stack macys 200');
}

async function pickWallet(store: Store): Promise<string[]> {
  const { askCheckbox } = await import('../ui/prompts.js');
  const current = new Set(store.walletIds());
  return askCheckbox(
    'Which cards do you hold? (space to toggle, enter to confirm)',
    store.cards().map((c) => ({ name: `${safeText(c.name)} (${c.id})`, value: c.id, checked: current.has(c.id) })),
  );
}

async function pickPayout(options: string[], store: Store): Promise<string> {
  const { askSelect } = await import('../ui/prompts.js');
  const labels: Record<string, string> = { USD: 'Cash (check or PayPal)', MR: 'Amex Membership Rewards points', BILT: 'Bilt points' };
  return askSelect(
    'How does Rakuten pay you?',
    options.map((o) => ({ name: labels[o] ?? o, value: o })),
    store.configGet('portal.rakuten.payout') ?? 'USD',
  );
}
