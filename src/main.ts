import { parseFastStack, runFastStack } from './fast-stack.js';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});
// `perk stack` in its plain forms skips commander (see fast-stack.ts); everything else goes to cli.ts.
const fast = parseFastStack(process.argv.slice(2));
process.exitCode = fast ? await runFastStack(fast) : await (await import('./cli.js')).main();
