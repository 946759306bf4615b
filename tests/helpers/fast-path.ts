/**
 * The sandbox of a fast-path test (tests/cli/fast-stack.test.ts, fast-spend-import.test.ts): a temp
 * working directory in which every database the generated command lines name exists (`dbs`, and the
 * default one under XDG_DATA_HOME), an environment without the caller's perk settings (color follows
 * the flags alone: stdout is not a terminal here), stdout and stderr captured; and the two ways to run
 * a command line — commander (cli.ts `main`) and the fast path — each giving its exit code, what the
 * mocked command recorded (`seen`) and stderr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';

export interface Ran {
  code: number | undefined;
  calls: unknown[];
  stderr: string;
}

export function fastPathSandbox<F>(options: {
  prefix: string;
  dbs: string[];
  seen: { calls: unknown[] };
  main: (argv: string[]) => Promise<number>;
  parse: (args: string[]) => F | undefined;
  run: (fast: F) => Promise<number | undefined>;
}): { viaCommander(args: string[]): Promise<Ran>; viaFastPath(args: string[]): Promise<Ran | undefined> } {
  const { seen } = options;
  const cwd = process.cwd();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix));
  beforeAll(() => {
    process.chdir(dir);
    for (const db of options.dbs) fs.writeFileSync(db, '');
    fs.mkdirSync(path.join(dir, 'xdg', 'perk'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'xdg', 'perk', 'perk.db'), '');
  });
  afterAll(() => {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let stderr = '';
  beforeEach(() => {
    vi.stubEnv('FORCE_COLOR', '1');
    vi.stubEnv('NO_COLOR', undefined);
    vi.stubEnv('PERK_TODAY', undefined);
    vi.stubEnv('PERK_DB', undefined);
    vi.stubEnv('XDG_DATA_HOME', path.join(dir, 'xdg'));
    stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  const capture = async (run: () => Promise<number | undefined>): Promise<Ran> => {
    seen.calls = [];
    stderr = '';
    const code = await run();
    return { code, calls: seen.calls, stderr };
  };
  return {
    viaCommander: (args) => capture(() => options.main(['node', 'perk', ...args])),
    viaFastPath: async (args) => {
      const fast = options.parse(args);
      return fast === undefined ? undefined : capture(() => options.run(fast));
    },
  };
}
