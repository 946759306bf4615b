import { safeText } from '../ui/safe-text.js';
import fs from 'node:fs';
import type { Ctx } from '../context.js';
import { removeDatabaseFiles } from '../db/files.js';
import { UsageError } from '../errors.js';
import { createSeededDatabase, readDefaultDataset } from '../load/seed.js';
import { loadItems } from '../load/apply.js';
import type { RawItem } from '../load/read.js';
import { openDatabase } from '../db/open.js';
import { Store } from '../db/store.js';
import { payoutLacksCard } from '../core/payouts.js';
import { payoutSetting, settingKey } from '../core/settings.js';
import { holdings } from '../core/wallet.js';
import { exportKind } from './export.js';
import { printJson, requireCard } from './shared.js';

/**
 * The records of the default dataset a user can change (with perk load or perk rate set), by kind,
 * and the key that names one.
 */
const KEYS: Record<string, (v: Record<string, unknown>) => string> = {
  categories: (v) => String(v.id),
  currencies: (v) => String(v.code),
  portals: (v) => String(v.id),
  retailers: (v) => String(v.id),
  cards: (v) => String(v.id),
  rates: (v) => `${String(v.portal)}/${String(v.retailer)}/${String(v.channel ?? 'online')}/${String(v.from ?? '')}`,
};

/** The records of the default dataset that the database holds in another version: the user's edits. */
export function editedDefaults(store: Store, defaults: RawItem[]): Array<{ kind: string; key: string }> {
  const pristine = new Store(openDatabase(':memory:').db);
  try {
    loadItems(pristine, defaults);
    const out: Array<{ kind: string; key: string }> = [];
    for (const [kind, keyOf] of Object.entries(KEYS)) {
      const published = new Map((exportKind(pristine, kind as never) as Array<Record<string, unknown>>).map((v) => [keyOf(v), JSON.stringify(v)]));
      for (const v of exportKind(store, kind as never) as Array<Record<string, unknown>>) {
        const key = keyOf(v);
        const original = published.get(key);
        if (original !== undefined && original !== JSON.stringify(v)) out.push({ kind, key });
      }
    }
    return out;
  } finally {
    pristine.close();
  }
}

export interface InitOptions {
  force?: boolean | undefined;
  empty?: boolean | undefined;
  wallet?: string | undefined;
  payout?: string | undefined;
  /** With --force: replace the records of the default dataset the user changed too. */
  replaceEdits?: boolean | undefined;
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
  if (options.replaceEdits && !options.force) throw new UsageError('--replace-edits goes with --force (it reloads the default dataset over your edits).');
  const created = !exists && createSeededDatabase(ctx.dbPath);
  const store = ctx.store();
  // Validate the answers given as flags and ask the questions before changing anything; a database
  // created just now is removed again when an answer is wrong or a prompt is cancelled (Ctrl-C), so a
  // failed or cancelled init leaves nothing behind, and a cancelled --force changes nothing.
  let chosenWallet: string[] | undefined;
  let chosenPayout: string | undefined;
  const rakuten = store.portal('rakuten');
  try {
    chosenWallet = options.wallet?.split(',').map((s) => s.trim()).filter(Boolean);
    chosenWallet?.forEach((id) => requireCard(store, id, 'wallet'));
    chosenPayout = options.payout?.trim().toUpperCase();
    if (chosenPayout !== undefined && !rakuten) throw new UsageError('--payout sets the Rakuten payout, but this database has no "rakuten" portal.');
    if (chosenPayout !== undefined && rakuten && !(chosenPayout in rakuten.payout_options)) {
      throw new UsageError(`--payout must be one of ${Object.keys(rakuten.payout_options).join(', ')} (got "${options.payout}").`);
    }
    if (ctx.interactive && !chosenWallet) chosenWallet = await pickWallet(store);
    if (ctx.interactive && !chosenPayout && rakuten) chosenPayout = await pickPayout(Object.keys(rakuten.payout_options), store, chosenWallet ?? store.walletIds());
  } catch (error) {
    if (created) {
      ctx.close();
      removeDatabaseFiles(ctx.dbPath);
    }
    throw error;
  }
  // An MR payout needs an MR card (SPEC 9.2): said before it is saved, as a flag or an answer.
  const missing = chosenPayout && needsCard(store, chosenPayout, chosenWallet ?? store.walletIds());
  if (missing && !ctx.json) ctx.err(`warning: ${missing}`);

  let kept: Array<{ kind: string; key: string }> = [];
  let replaced: Array<{ kind: string; key: string }> = [];
  store.write(() => {
    if (exists) {
      // --force: the default dataset again, by upsert; the records the user changed are kept unless
      // --replace-edits, and either way named.
      const defaults = readDefaultDataset();
      const edited = editedDefaults(store, defaults);
      if (options.replaceEdits) replaced = edited;
      else kept = edited;
      const skip = new Set(kept.map((e) => `${e.kind}:${e.key}`));
      loadItems(store, defaults.filter((i) => !KEYS[i.kind] || !skip.has(`${i.kind}:${KEYS[i.kind]!(i.value as Record<string, unknown>)}`)));
    }
    if (chosenWallet) {
      store.clearWallet();
      chosenWallet.forEach((id) => store.addToWallet(id));
    }
    if (chosenPayout) store.configSet(settingKey({ kind: 'payout', portal: 'rakuten' }), chosenPayout);
  });
  const wallet = store.walletIds();
  if (ctx.json) {
    printJson(ctx, {
      db: ctx.dbPath,
      seeded: true,
      wallet,
      payout: payoutSetting(store.config(), 'rakuten') ?? rakuten?.default_payout ?? null,
      // Only when there is something to say.
      ...(kept.length ? { kept_edits: kept.map((e) => `${e.kind} ${e.key}`) } : {}),
      ...(replaced.length ? { replaced_edits: replaced.map((e) => `${e.kind} ${e.key}`) } : {}),
      ...(missing ? { warnings: [missing] } : {}),
    });
    return;
  }
  ctx.out(`${exists ? 'Reloaded the default dataset into' : 'Created'} ${ctx.dbPath}.`);
  const list = (edits: Array<{ kind: string; key: string }>) => edits.map((e) => `${e.kind} ${e.key}`).join(', ');
  if (kept.length) {
    ctx.out(`Kept your own version of ${kept.length} record${kept.length === 1 ? '' : 's'} of the default dataset: ${list(kept)} ("perk init --force --replace-edits" replaces them).`);
  }
  if (replaced.length) ctx.out(`Replaced your own version of ${replaced.length} record${replaced.length === 1 ? '' : 's'} with the default dataset's: ${list(replaced)}.`);
  ctx.out(`Wallet: ${wallet.join(', ') || '(empty — add cards with "perk wallet add <card>")'}.`);
  ctx.out('Try: perk stack macys 200');
}

async function pickWallet(store: Store): Promise<string[]> {
  const { askCheckbox } = await import('../ui/prompts.js');
  const { cut } = await import('../ui/table.js');
  const current = new Set(store.walletIds());
  // One line a card: a long name is shortened to the terminal (SPEC 13), the id is kept whole.
  const width = process.stdout.columns || 80;
  return askCheckbox(
    'Which cards do you hold? (space to toggle, enter to confirm)',
    store.cards().map((c) => ({ name: `${cut(safeText(c.name), Math.max(12, width - c.id.length - 7))} (${c.id})`, value: c.id, checked: current.has(c.id) })),
  );
}

/** Why `payout` cannot be paid with this wallet (an MR payout needs a card earning MR), or undefined. */
function needsCard(store: Store, payout: string, walletIds: readonly string[]): string | undefined {
  const wallet = walletIds.map((id) => store.card(id)).filter((c) => c !== undefined);
  if (!payoutLacksCard(payout, holdings(wallet, store.cards()).currencies)) return undefined;
  return `Rakuten pays ${payout} only to ${payout} cardholders and your wallet has no card earning ${payout}: perk stack and perk payout will count the cash back in USD (add one with "perk wallet add amex-gold").`;
}

async function pickPayout(options: string[], store: Store, walletIds: readonly string[]): Promise<string> {
  const { askConfirm, askSelect } = await import('../ui/prompts.js');
  const labels: Record<string, string> = { USD: 'Cash (check or PayPal)', MR: 'Amex Membership Rewards points', BILT: 'Bilt points' };
  for (;;) {
    const payout = await askSelect(
      'How does Rakuten pay you?',
      options.map((o) => ({ name: labels[o] ?? o, value: o })),
      payoutSetting(store.config(), 'rakuten') ?? 'USD',
    );
    if (!needsCard(store, payout, walletIds)) return payout;
    const keep = await askConfirm(`None of the cards you picked earns ${payout}, so Rakuten cannot pay you ${payout}: perk will count the cash back in USD. Keep ${payout} anyway?`, false);
    if (keep) return payout;
  }
}
