/** Registers the data commands: load, export, init, and backup, restore. */
import { Option, type Command } from 'commander';
import type { BackupOptions } from '../backup.js';
import type { ExportOptions } from '../export.js';
import type { InitOptions } from '../init.js';
import type { LoadOptions } from '../load.js';
import type { Flags, Helpers } from './helpers.js';

/** load, export, init. */
export function registerDataCommands(program: Command, { run, examples }: Helpers): void {
  program
    .command('load')
    .description('load data files (JSON or CSV, data format v1) into the database, atomically')
    .argument('<files...>', 'JSON or CSV files')
    .option('--dry-run', 'validate only; change nothing')
    .option('--kind <kind>', 'the kind of a CSV file whose header does not say (retailers|rates|offers|promos|orders)')
    .addHelpText('after', examples('perk load my-rates.csv', 'perk load cards.json offers.json --dry-run', 'perk load rates.txt.csv --kind rates'))
    .action(async (files: string[], opts: Flags<LoadOptions, 'files'>, cmd: Command) =>
      // A first run is seeded by the load itself (its wallet, if it carries one, is the wallet).
      run(cmd, async (ctx) => (await import('../load.js')).runLoad({ ...opts, files }, ctx), { db: false }),
    );

  program
    .command('export')
    .description('write everything (or one kind) in the load format to stdout')
    .option('--kind <kind>', 'only this kind')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'))
    .addHelpText('after', examples('perk export > backup.json', 'perk export --kind rates --format csv > rates.csv'))
    .action(async (opts: ExportOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../export.js')).runExport(opts, ctx)),
    );

  program
    .command('init')
    .description('create the database and load the embedded default dataset (on a terminal: pick your wallet)')
    .option('--force', 'reload the default dataset into an existing database (keeps your orders and settings)')
    .option('--empty', 'create a new database with no data at all')
    .option('--wallet <cards>', 'comma-separated card ids for your wallet (instead of the prompt)')
    .option('--payout <currency>', 'Rakuten payout currency (USD, MR or BILT) (instead of the prompt)')
    .option('--replace-edits', 'with --force: also replace the default records you changed (otherwise kept, and named)')
    .addHelpText('after', examples('perk init', 'perk init --force --wallet amex-gold,rakuten-amex --payout MR', 'perk init --force --replace-edits', 'perk --db empty.db init --empty'))
    .action(async (opts: InitOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../init.js')).runInit(opts, ctx), { db: false }),
    );
}

/** backup, restore. */
export function registerBackupCommands(program: Command, { run, examples }: Helpers): void {
  program
    .command('backup')
    .description('copy the database to a file (a consistent snapshot, private to you)')
    .argument('<file>', 'the backup file to write')
    .option('--force', 'overwrite the file if it exists')
    .addHelpText('after', examples('perk backup ~/perk-2026-11-21.db', 'perk backup /media/usb/perk.db --force'))
    .action(async (file: string, opts: Flags<BackupOptions, 'file'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../backup.js')).runBackup({ ...opts, file }, ctx), { db: false }),
    );

  program
    .command('restore')
    .description('replace the database with a backup, after checking it (the old one is kept as <db>.pre-restore)')
    .argument('<file>', 'a file written by perk backup')
    .addHelpText('after', examples('perk restore ~/perk-2026-11-21.db', 'perk --db other.db restore backup.db'))
    .action(async (file: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../backup.js')).runRestore({ file }, ctx), { db: false }),
    );
}
