/** Helpers for the real-terminal tests, which drive perk inside a tmux window. */
import { execFileSync, spawnSync } from 'node:child_process';

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
