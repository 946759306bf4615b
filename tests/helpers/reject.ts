/**
 * The contract of a rejected input (house rule): exit 2, nothing on stdout, one sentence on stderr
 * (plus at most one line of hint) that matches the expected message, no stack trace, no raw control
 * character, and the database unchanged (its fingerprint before and after). `rejects` checks it in
 * process (in-process.ts); `rejectsSpawned` through a real bin/perk.js, for the few cases kept end to end.
 */
import { afterAll, beforeAll } from 'vitest';
import { dbDigest, makeUserDatabase, tempDir } from './db.js';
import { perkIn } from './in-process.js';
import { perk, perkEnv, type PerkResult } from './spawn.js';

export interface RejectSetup {
  db: string;
  env: NodeJS.ProcessEnv;
  cwd?: string;
  baseline: () => string;
}

export interface RejectOptions {
  /** Commander's own usage errors ("perk: unknown option …", worded by commander). */
  commander?: boolean;
  env?: NodeJS.ProcessEnv;
}

function checkRejected(setup: RejectSetup, args: string[], message: RegExp, options: RejectOptions, r: PerkResult): PerkResult {
  const show = `perk ${args.join(' ')}\nexit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
  if (r.code !== 2 || r.stdout !== '') throw new Error(`expected exit 2 and no stdout:\n${show}`);
  const lines = r.stderr.trimEnd().split('\n');
  if (lines.length > 2) throw new Error(`expected one sentence (and a hint) on stderr:\n${show}`);
  const first = lines[0] ?? '';
  const shape = options.commander ? /^perk: .+/ : /^perk: \S.*/;
  if (!shape.test(first)) throw new Error(`stderr does not have the shape ${shape}:\n${show}`);
  if (!message.test(first)) throw new Error(`stderr does not match ${message}:\n${show}`);
  if (/internal error|\n\s+at |\bError:|\bTypeError\b|\bSqliteError\b/.test(r.stderr)) throw new Error(`a crash, not a message:\n${show}`);
  // A control character in stderr would let input drive the terminal.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.stderr)) throw new Error(`raw control characters on stderr:\n${show}`);
  const after = dbDigest(setup.db);
  if (after !== setup.baseline()) throw new Error(`the database changed:\n${show}`);
  return r;
}

/** `perk --db <db> …args`, run in process, is rejected as the contract says. */
export async function rejects(setup: RejectSetup, args: string[], message: RegExp, options: RejectOptions = {}): Promise<PerkResult> {
  const r = await perkIn(['--db', setup.db, ...args], { env: options.env ?? setup.env, cwd: setup.cwd });
  return checkRejected(setup, args, message, options, r);
}

/** The same contract through a real `node bin/perk.js` process (exit code as the shell sees it). */
export function rejectsSpawned(setup: RejectSetup, args: string[], message: RegExp, options: RejectOptions & { input?: string } = {}): PerkResult {
  const r = perk(['--db', setup.db, ...args], { env: options.env ?? setup.env, cwd: setup.cwd, input: options.input });
  return checkRejected(setup, args, message, options, r);
}

/**
 * A user database (makeUserDatabase) in a temp dir of its own, made before the file's tests with its
 * fingerprint as the baseline, removed after them: what a file of bad-input cases checks against.
 */
export function userDatabaseSetup(prefix: string, extraEnv: NodeJS.ProcessEnv = {}): { tmp: ReturnType<typeof tempDir>; setup: RejectSetup & { cwd: string } } {
  const tmp = tempDir(prefix);
  const env = perkEnv(tmp.dir, extraEnv);
  const db = tmp.file('user.db');
  let baseline = '';
  beforeAll(async () => {
    await makeUserDatabase(db, env);
    baseline = dbDigest(db);
  });
  afterAll(() => tmp.cleanup());
  return { tmp, setup: { db, env, cwd: tmp.dir, baseline: () => baseline } };
}
