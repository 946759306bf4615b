/**
 * The one way tests run the built `bin/perk.js` as a real process: a clean environment (no PERK_DB,
 * PERK_TODAY, PERK_DEBUG, FORCE_COLOR or NO_COLOR leaking in from the caller, prompts off with CI), to
 * completion (`perk`, `perkAt`) or in the background (`perkAsync`). Keep spawned runs for what only a
 * real process shows (exit codes as the shell sees them, signals, the fast path, stdin, terminals);
 * bad input is checked in process (in-process.ts, reject.ts).
 */
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'perk.js');

export interface PerkResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The caller's environment without perk's settings, CI on (no prompts), `extra` on top (a key set to
 * undefined is removed). With `home`, HOME and XDG_DATA_HOME point into it, so the default database is
 * never the user's.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}, home?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['PERK_DB', 'PERK_TODAY', 'PERK_DEBUG', 'FORCE_COLOR', 'NO_COLOR']) delete env[key];
  const homeVars = home ? { HOME: home, XDG_DATA_HOME: path.join(home, 'data') } : {};
  const out: NodeJS.ProcessEnv = { ...env, ...homeVars, CI: 'true', ...extra };
  for (const [key, value] of Object.entries(out)) if (value === undefined) delete out[key];
  return out;
}

/** An environment with no perk settings leaking in from the caller, prompts off, home in `home`. */
export function perkEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cleanEnv(extra, home);
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  cwd?: string;
  /** Node flags before bin/perk.js (e.g. --cpu-prof). */
  nodeArgs?: string[];
  stdio?: StdioOptions;
  timeout?: number;
}

/** Run `node bin/perk.js …args` to completion. */
export function perk(args: string[], options: RunOptions = {}): PerkResult {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? perkEnv(os.tmpdir()),
    input: options.stdio ? undefined : (options.input ?? ''),
    stdio: options.stdio,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeout,
    killSignal: options.timeout ? 'SIGKILL' : undefined,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * The end-to-end tests' run: `node bin/perk.js --db <db> …args` in a clean environment with NO_COLOR=1
 * (`env` goes on top; `NO_COLOR: undefined` removes it).
 */
export function perkAt(db: string, args: string[], options: RunOptions = {}): PerkResult {
  return perk(['--db', db, ...args], { ...options, env: cleanEnv({ NO_COLOR: '1', ...options.env }) });
}

/** Run perk without blocking the test process (for several at once). */
export function perkAsync(args: string[], options: RunOptions = {}): Promise<PerkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? perkEnv(os.tmpdir()),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The stdout of a run that must succeed quietly: exit 0 and nothing on stderr. */
export function okOut(r: { code: number | null; stdout: string; stderr: string }): string {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

/** The parsed JSON stdout of a run that must succeed quietly. */
export function okJson<T>(r: { code: number | null; stdout: string; stderr: string }): T {
  return JSON.parse(okOut(r)) as T;
}
