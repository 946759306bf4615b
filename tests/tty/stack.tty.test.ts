// The guided `perk stack` on a real terminal (tmux): search a retailer, type the amount, keep the
// category, see the table, then log the best option as an order. Skipped where tmux is missing.
import { describe, expect, it } from 'vitest';
import { hasTmux, perkCommand, terminalSession, tmux, waitForScreen, enterMacys200 } from '../helpers/tmux.js';

const { session, db } = terminalSession('perk-stack-tty');

const screen = () => tmux('capture-pane', '-p', '-t', session);

const waitFor = (text: string | RegExp, timeoutMs?: number) => waitForScreen(screen, text, timeoutMs);

describe.skipIf(!hasTmux)('perk stack guided flow (tmux)', () => {
  it('asks, shows the ranked stacks and logs the best option', async () => {
    const cmd = `${perkCommand(db, 'stack')}; echo "EXIT=$?"; sleep 60`;
    tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '60', cmd);
    // Macy's has an in-store rate too: the channel is asked, online first.
    await enterMacys200(session, waitFor);
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor('Category');
    tmux('send-keys', '-t', session, 'Enter');
    const table = await waitFor('Log this order with the best option?');
    // The seeded data holds no offers (SPEC 9.6) and UR is worth cash without a Sapphire (SPEC 9.1):
    // Rakuten 10% of $200 = $20.00, Freedom Flex 5x department stores = 1,000 UR at 1¢ = $10.00.
    expect(table).toContain('Best: chase-freedom-flex through rakuten');
    expect(table).toContain('Rakuten 10% $20.00 + 1,000 UR ($10.00) = $30.00, 15.0%');
    tmux('send-keys', '-t', session, 'y', 'Enter');
    const done = await waitFor('EXIT=');
    expect(done).toContain('Logged order 1: $200.00 at Macy\'s on 2026-11-21 with chase-freedom-flex through rakuten.');
    expect(done).toContain('EXIT=0');
  });
});
