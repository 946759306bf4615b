/**
 * The one place where an error becomes a line on stderr and an exit code: 0 ok, 1 runtime failure,
 * 2 bad usage or invalid input. Shared by cli.ts and the `perk stack` fast path (fast-stack.ts), so it
 * does not import commander: commander's errors are known by their `commander.*` code.
 */
import { RuntimeError, UsageError } from './errors.js';
import { safeLines } from './ui/safe-text.js';

export function printError(error: unknown): number {
  const stderr = process.stderr;
  const red = (s: string) => (stderr.isTTY && !process.env.NO_COLOR ? `\u001b[31m${s}\u001b[39m` : s);
  const e = error as { code?: unknown; message?: string };
  if (error instanceof Error && typeof e.code === 'string' && e.code.startsWith('commander.')) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    // Commander has already printed its message.
    return 2;
  }
  if (error instanceof UsageError || error instanceof RuntimeError) {
    // Messages quote what the user typed and what is stored: shown, never obeyed by the terminal.
    stderr.write(`${red('perk:')} ${safeLines(error.message)}${error.hint ? `\n${safeLines(error.hint)}` : ''}\n`);
    return error.exitCode;
  }
  if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED') {
    stderr.write(`${red('perk:')} the database is busy in another perk process; nothing was changed.\nTry again in a moment.\n`);
    return 1;
  }
  if (e.code === 'EPIPE') return 0;
  stderr.write(`${red('perk:')} internal error: ${safeLines(e.message ?? String(error))}\n`);
  if (process.env.PERK_DEBUG) stderr.write(`${(error as Error).stack ?? ''}\n`);
  return 1;
}
