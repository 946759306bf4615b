/**
 * The full command line, built as ESM with code splitting (dist/main.js and its chunks): the launcher
 * (launch.ts) hands it every command line except the `perk stack` fast path.
 */
import { stdoutFailed } from './exit.js';

export { main } from './cli.js';

// A reader that goes away (`perk … | head`) ends perk quietly; a full disk is an error.
process.stdout.on('error', stdoutFailed);
