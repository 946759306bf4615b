/**
 * Run a perk command line in this test process, through the same `main()` that bin/perk.js runs (minus
 * the `perk stack` fast path, which tests/cli/fast-stack.test.ts proves equivalent): no process start,
 * so a bad-input case costs milliseconds instead of a Node start-up. The environment and working
 * directory are those of the run for its duration (the test pool is `forks`, so chdir is allowed);
 * stdout is captured through main's output stream (and process.stdout.write, where commander prints
 * --help), stderr by taking over process.stderr.write.
 */
import { main } from '../../src/cli.js';
import type { PerkResult } from './spawn.js';

export interface InProcessOptions {
  /** The whole environment of the run (as a spawned perk would get it); default: this process's. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Replace process.env's content by `env` and return how to put the old content back. */
function swapEnv(env: NodeJS.ProcessEnv): () => void {
  const saved = { ...process.env };
  const assign = (from: NodeJS.ProcessEnv) => {
    for (const key of Object.keys(process.env)) if (!(key in from)) delete process.env[key];
    for (const [key, value] of Object.entries(from)) if (value !== undefined) process.env[key] = value;
  };
  assign(env);
  return () => assign(saved);
}

/** `perk …args` in process: its exit code and what it wrote on stdout and stderr. */
export async function perkIn(args: string[], options: InProcessOptions = {}): Promise<PerkResult> {
  let stdout = '';
  let stderr = '';
  const restoreEnv = options.env ? swapEnv(options.env) : () => {};
  const cwd = process.cwd();
  if (options.cwd) process.chdir(options.cwd);
  const capture = (add: (s: string) => void) =>
    ((chunk: string | Uint8Array) => {
      add(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
  const writes = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = capture((s) => (stdout += s));
  process.stderr.write = capture((s) => (stderr += s));
  try {
    const code = await main(['node', 'perk', ...args], { stdout: { write: (s: string) => void (stdout += s), isTTY: false } });
    return { code, signal: null, stdout, stderr };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    process.chdir(cwd);
    restoreEnv();
  }
}
