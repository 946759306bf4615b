/**
 * What bin/perk.js runs (built as the CommonJS file dist/perk.cjs). Start-up is a feature (STYLE 14),
 * and on Node 20 the ESM loader alone costs several milliseconds per process plus one per module, so:
 * a plain `perk stack <retailer> <amount> …` (stack-argv.ts decides) runs from dist/stack.cjs, one
 * CommonJS file with only the stack command, the store and the core rules; everything else — and the
 * first run, which seeds the database — goes to the full command line in dist/main.js.
 */
import { createRequire } from 'node:module';
import { parseFastStack } from './stack-argv.js';

async function launch(args: string[]): Promise<number> {
  const fast = parseFastStack(args.slice(2));
  if (fast) {
    const { runFastStack } = createRequire(import.meta.url)('./stack.cjs') as typeof import('./fast-stack.js');
    const code = await runFastStack(fast);
    if (code !== undefined) return code;
  }
  return (await import('./main.js')).main(args);
}

void launch(process.argv).then((code) => {
  process.exitCode = code;
});
