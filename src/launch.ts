/**
 * What bin/perk.js runs (built as the CommonJS file dist/perk.cjs). Start-up is a feature (STYLE 14),
 * and on Node 20 the ESM loader alone costs several milliseconds per process plus one per module, so:
 * a plain `perk stack <retailer> <amount> …` (stack-argv.ts decides) runs from dist/stack.cjs, one
 * CommonJS file with only the stack command, the store and the core rules; everything else — and the
 * first run, which seeds the database — goes to the full command line in dist/main.js.
 */
import { fileURLToPath } from 'node:url';
import { requireWithCodeCache } from './code-cache.js';
import { parseFastStack } from './stack-argv.js';

async function launch(args: string[]): Promise<number> {
  const fast = parseFastStack(args.slice(2));
  if (fast) {
    // Compiled from a V8 code cache beside it (code-cache.ts), saved after the run when it had none.
    const stack = requireWithCodeCache(fileURLToPath(new URL('./stack.cjs', import.meta.url)));
    const code = await (stack.exports as typeof import('./fast-stack.js')).runFastStack(fast);
    stack.save();
    if (code !== undefined) return code;
  }
  return (await import('./main.js')).main(args);
}

void launch(process.argv).then((code) => {
  process.exitCode = code;
});
