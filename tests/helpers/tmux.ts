/** Helpers for the real-terminal tests, which drive perk inside a tmux window. */
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll } from 'vitest';
import { tempDir } from './db.js';
import { BIN } from './spawn.js';

/** Whether tmux is installed (the terminal tests are skipped where it is not, saying so). */
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('terminal tests skipped: tmux is not installed (apt-get install tmux)');

/** Run one tmux command and return its output. */
export const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

/** Poll `screen` until it shows `text`; fail with the last screen after `timeoutMs`. */
export async function waitForScreen(screen: () => string, text: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${String(text)}; screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** A tmux session name and a temp database for one test file; the session and the files go afterwards. */
export function terminalSession(name: string): { session: string; dir: string; db: string } {
  const session = `${name}-${process.pid}`;
  const tmp = tempDir(`${name}-`);
  afterAll(() => {
    if (hasTmux) spawnSync('tmux', ['kill-session', '-t', session]);
    tmp.cleanup();
  });
  return { session, dir: tmp.dir, db: tmp.file('perk.db') };
}

/** The shell command that runs bin/perk.js on `db` on 2026-11-21 with prompts allowed (no CI, color on). */
export const perkCommand = (db: string, args: string): string =>
  `env -u CI -u NO_COLOR -u PERK_DB -u PERK_TODAY '${process.execPath}' '${BIN}' --db '${db}' --today 2026-11-21 ${args}`;

/** The guided stack's first two answers: search "mac", pick Macy's, enter $200 — up to the channel question. */
export async function enterMacys200(session: string, waitFor: (text: string | RegExp) => Promise<string>): Promise<void> {
  await waitFor('Retailer');
  tmux('send-keys', '-t', session, 'mac');
  await waitFor("Macy's (macys)");
  tmux('send-keys', '-t', session, 'Enter');
  await waitFor('Amount');
  tmux('send-keys', '-t', session, '200', 'Enter');
  await waitFor('Where do you pay?');
}
