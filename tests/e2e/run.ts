/**
 * The one way the end-to-end tests run the built `bin/perk.js` against a temp database: no PERK_DB,
 * PERK_TODAY or FORCE_COLOR leaking in from the caller, prompts off (CI), colour off (NO_COLOR).
 */
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';

export interface PerkRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `node bin/perk.js --db <db> …args` to completion; `env` is added on top of the clean environment. */
export function perkAt(db: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): PerkRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: 'true' };
  delete env.PERK_DB;
  delete env.PERK_TODAY;
  delete env.FORCE_COLOR;
  Object.assign(env, options.env);
  const r = spawnSync(process.execPath, ['bin/perk.js', '--db', db, ...args], { env, input: options.input ?? '', encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The stdout of a run that must succeed quietly: exit 0 and nothing on stderr. */
export function okOut(r: PerkRun): string {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}
