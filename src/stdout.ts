/**
 * stdout for every command: written with fs.writeSync, so a write that fails (a full disk) fails the
 * command there and then — exit 1, saying the output is incomplete — instead of an 'error' event that
 * comes after perk has already exited 0. Shared by the full command line and the stack fast path.
 */
import { fstatSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RuntimeError } from './errors.js';
import { stdoutFailed } from './exit.js';

/**
 * stdout written with fs.writeSync, without building process.stdout: that stream (and the net and
 * stream modules behind it for a pipe) costs ~2.5 ms, a tenth of what the stack itself takes. A
 * non-blocking stdout (EAGAIN) gets the rest through process.stdout, which waits for it.
 */
export function directStdout(fd = 1): { isTTY: boolean; readonly columns: number | undefined; write(text: string): void } {
  const tty = isTerminal(fd);
  // Once process.stdout has taken over (EAGAIN), everything after goes through it, in order.
  let stream: NodeJS.WriteStream | undefined;
  return {
    isTTY: tty,
    // The terminal's width, from the tty stream (built only for a terminal, where people read).
    get columns() {
      return tty ? process.stdout.columns : undefined;
    },
    write(text) {
      if (stream) return void stream.write(text);
      const bytes = Buffer.from(text);
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done);
      } catch (error) {
        // EPIPE (the reader went away) ends perk quietly through printError, and a full disk is an
        // error there, as on the full path.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') throw error;
        if (code !== 'EAGAIN') {
          throw new RuntimeError(
            `Could not write the output (${code ?? 'error'}: ${(error as Error).message.replace(/^E[A-Z]+: /, '')}); it is incomplete.`,
            'Free some space (or check the file it goes to) and run the command again.',
          );
        }
        stream = process.stdout;
        stream.on('error', stdoutFailed);
        stream.write(bytes.subarray(done));
      }
    },
  };
}

/** isatty, without loading node:tty (and net behind it, ~2 ms) for the pipes and files scripts use. */
function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
}
