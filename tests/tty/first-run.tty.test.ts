// First run on a real terminal (tmux, 80 columns): `perk init` picks the wallet and the payout, the
// guided `perk stack` asks the channel of a retailer with rates in two, and Ctrl-C in any prompt ends
// perk quietly with exit 130, changing nothing (SPEC 13). Skipped where tmux is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/spawn.js';
import { hasTmux, perkCommand, terminalSession, tmux, waitForScreen, enterMacys200 } from '../helpers/tmux.js';

const { session, db } = terminalSession('perk-first-run');

// -J joins the lines the terminal wrapped: a line wider than 80 here is one the terminal had to break.
const screen = () => tmux('capture-pane', '-p', '-J', '-t', session, '-S', '-200');
const perk = (args: string) => perkCommand(db, args);

const waitFor = (text: string | RegExp, timeoutMs?: number) => waitForScreen(screen, text, timeoutMs);

/** Run `command` in a fresh 80×50 tmux window. */
function start(command: string): void {
  spawnSync('tmux', ['kill-session', '-t', session]);
  tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '50', command);
}

describe.skipIf(!hasTmux)('first run on a terminal (tmux)', () => {
  it('Ctrl-C in the first init: no error, exit 130, no database left behind', async () => {
    start(`${perk('init')}; echo "EXIT=$?"; sleep 60`);
    await waitFor('Which cards do you hold?');
    tmux('send-keys', '-t', session, 'C-c');
    const done = await waitFor('EXIT=');
    expect(done).toContain('EXIT=130');
    expect(done).not.toMatch(/internal error|SIGINT|perk:/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('init picks the wallet and the payout; the guided stack asks the channel; Ctrl-C there changes nothing', async () => {
    start(`${perk('init')}; echo "EXIT=$?"; ${perk('stack')}; echo "EXIT=$?"; ${perk('stack')}; echo "EXIT=$?"; sleep 60`);
    await waitFor('Which cards do you hold?');
    tmux('send-keys', '-t', session, 'Enter'); // the default wallet, as seeded
    await waitFor('How does Rakuten pay you?');
    tmux('send-keys', '-t', session, 'Enter'); // cash
    let s = await waitFor('EXIT=');
    expect(s).toContain(`Created ${db}.`);
    expect(s).toContain('Wallet: amex-gold, c1-venture-x, chase-freedom-flex, rakuten-amex.');
    expect(s).toContain('EXIT=0');

    // Macy's has a Rakuten rate online (10%) and in store (3%): the channel is asked.
    await enterMacys200(session, waitFor);
    tmux('send-keys', '-t', session, 'Down', 'Enter'); // in store
    await waitFor('Category');
    tmux('send-keys', '-t', session, 'Enter'); // department_store, Macy's own
    s = await waitFor('Log this order with the best option?');
    // In store: Rakuten 3% of $200 = $6.00; Freedom Flex 5x department stores = 1,000 UR at 1¢ = $10.00.
    expect(s).toMatch(/Macy's \(department_store\) · \$200\.00 · 2026-11-21 · in-store/);
    expect(s).toContain('Rakuten 3% $6.00 + 1,000 UR ($10.00) = $16.00, 8.0%');
    // What perk printed (from the stack's first line to the question) fits the 80 columns unbroken.
    const shown = s.slice(s.indexOf("Macy's (department_store)"), s.indexOf('Log this order')).split('\n');
    expect(shown.length).toBeGreaterThan(10);
    for (const line of shown) expect([...line].length, line).toBeLessThanOrEqual(80);
    tmux('send-keys', '-t', session, 'y', 'Enter');
    s = await waitFor('Logged order 1');
    // Wider than 80 columns: wrapped between words (by perk, so the line break is a real one).
    expect(s).toMatch(/Logged order 1: \$200\.00 at Macy's on 2026-11-21 with chase-freedom-flex through\nrakuten\./);

    // Ctrl-C in the next guided stack, at the amount: quiet, exit 130, no order logged.
    tmux('send-keys', '-t', session, 'mac');
    await waitFor(/Retailer[\s\S]*Macy's \(macys\)[\s\S]*Macy's \(macys\)/);
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor(/Amount[\s\S]*Amount/);
    tmux('send-keys', '-t', session, 'C-c');
    s = await waitFor('EXIT=130');
    expect(s).not.toMatch(/internal error|SIGINT/);
    const orders = JSON.parse(execFileSync(process.execPath, [BIN, '--db', db, 'order', 'list', '--json'], { encoding: 'utf8' })) as {
      orders: Array<{ channel: string; expected_cents: number }>;
    };
    expect(orders.orders).toHaveLength(1);
    expect(orders.orders[0]).toMatchObject({ channel: 'in_store', expected_cents: 600 });
  });
});
