/**
 * The full command line, built as ESM with code splitting (dist/main.js and its chunks): the launcher
 * (launch.ts) hands it every command line except the `perk stack` fast path.
 */
export { main } from './cli.js';

// A reader that goes away (`perk … | head`) ends perk quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});
