/**
 * What bin/perk.js runs (built as the CommonJS file dist/perk.cjs). Start-up is a feature (STYLE 14),
 * and on Node 20 the ESM loader alone costs several milliseconds per process plus one per module, so
 * two command lines have a fast path (fast-argv.ts decides): a plain `perk stack <retailer> <amount> …`
 * runs from dist/stack.cjs and a plain `perk spend import <files…>` from dist/spend-import.cjs, each one
 * CommonJS file with only its command, the store and the core rules; everything else — and the first
 * run, which seeds the database — goes to the full command line in dist/main.js.
 */
import { fileURLToPath } from 'node:url';
import { requireWithCodeCache } from './code-cache.js';
import { parseFastSpendImport, parseFastStack } from './fast-argv.js';

/** Run a fast path's file (compiled from a V8 code cache beside it, code-cache.ts, saved after the run when it had none). */
async function runFile<T>(name: string, run: (exports: T) => Promise<number | undefined>): Promise<number | undefined> {
  const file = requireWithCodeCache(fileURLToPath(new URL(`./${name}`, import.meta.url)));
  const code = await run(file.exports as T);
  file.save();
  return code;
}

async function launch(args: string[]): Promise<number> {
  const stack = parseFastStack(args.slice(2));
  const spendImport = stack ? undefined : parseFastSpendImport(args.slice(2));
  const code = stack
    ? await runFile<typeof import('./fast-stack.js')>('stack.cjs', (m) => m.runFastStack(stack))
    : spendImport
      ? await runFile<typeof import('./fast-spend-import.js')>('spend-import.cjs', (m) => m.runFastSpendImport(spendImport))
      : undefined;
  if (code !== undefined) return code;
  return (await import('./main.js')).main(args);
}

void launch(process.argv).then((code) => {
  process.exitCode = code;
});
