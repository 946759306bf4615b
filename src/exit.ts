/**
 * The one place where an error becomes a line on stderr and an exit code: 0 ok, 1 runtime failure,
 * 2 bad usage or invalid input. Shared by cli.ts and the fast paths (fast-run.ts), so it does not
 * import commander: commander's errors are known by their `commander.*` code.
 */
import { RuntimeError, UsageError } from './errors.js';
import { safeLines } from './ui/safe-text.js';

/**
 * Whether stderr may be colored: the same rule as stdout's (context.ts resolveColor) — `--no-color` and
 * NO_COLOR switch it off, FORCE_COLOR on, else only on a terminal. Read from argv because an error can
 * come before (or from) the parsing of the flags.
 */
export function stderrColor(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
  tty: boolean = Boolean(process.stderr.isTTY),
): boolean {
  const end = argv.indexOf('--');
  if ((end === -1 ? argv : argv.slice(0, end)).includes('--no-color')) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return tty;
}

/** The prefix of every error line: `perk:`, red when stderr may be colored. */
export function errorPrefix(): string {
  return stderrColor() ? '\u001b[31mperk:\u001b[39m' : 'perk:';
}

/** An error from the operating system (fs, a write to stdout): `ENOSPC: no space left on device, write`. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const e = error as NodeJS.ErrnoException;
  return error instanceof Error && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === 'string';
}

/**
 * What to do when writing to stdout failed: a reader that went away (`perk … | head`) ends perk
 * quietly; anything else (a full disk) is an error, exit 1.
 */
export function stdoutFailed(error: NodeJS.ErrnoException): never {
  if (error.code === 'EPIPE') process.exit(0);
  process.exit(printError(error));
}

/** Exit code of a command cancelled with Ctrl-C (128 + SIGINT), as shells report it. */
export const CANCELLED = 130;

/** A prompt the user cancelled with Ctrl-C (@inquirer/prompts' ExitPromptError). */
export function isCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExitPromptError';
}

export function printError(error: unknown): number {
  const { code, text, internal } = explainError(error);
  if (text !== undefined) process.stderr.write(`${errorPrefix()} ${text}\n`);
  if (internal && process.env.PERK_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
  return code;
}

/**
 * What an error says to the user (the sentence and hint lines that follow `perk:`; none when it has been
 * said already or there is nothing to say), its exit code, and whether it is a bug (internal). printError
 * prints it; `perk mcp` returns it as a tool error.
 */
export function explainError(error: unknown): { code: number; text?: string; internal?: boolean } {
  const e = error as { code?: unknown; message?: string };
  // Ctrl-C in a prompt (SPEC 13): a quiet end, exit 130; the command changed nothing.
  if (isCancelled(error)) return { code: CANCELLED };
  if (error instanceof Error && typeof e.code === 'string' && e.code.startsWith('commander.')) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return { code: 0 };
    // Commander has already printed its message.
    return { code: 2 };
  }
  if (error instanceof UsageError || error instanceof RuntimeError) {
    // Messages quote what the user typed and what is stored: shown, never obeyed by the terminal.
    return { code: error.exitCode, text: `${safeLines(error.message)}${error.hint ? `\n${safeLines(error.hint)}` : ''}` };
  }
  if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED') {
    return { code: 1, text: 'the database is busy in another perk process; nothing was changed.\nTry again in a moment.' };
  }
  if (typeof e.code === 'string' && /^SQLITE_(FULL|IOERR)/.test(e.code)) {
    // A full disk or an I/O error while writing: the transaction rolled back.
    return { code: 1, text: `${safeLines(e.message ?? e.code)}; nothing was changed.\nFree some disk space and try again.` };
  }
  if (e.code === 'EPIPE') return { code: 0 };
  if (isSystemError(error)) {
    // The file system said no (permissions, a full disk, a directory where a file should be): not a bug.
    return { code: 1, text: `${safeLines(error.message)}.\nCheck the path, its permissions and the free space.` };
  }
  return { code: 1, text: `internal error: ${safeLines(e.message ?? String(error))}`, internal: true };
}
