/** Registers settings and the assistant server: config, mcp. */
import type { Command } from 'commander';
import { resolveToday } from '../../context.js';
import type { McpOptions } from '../mcp.js';
import { VERSION, type Flags, type GlobalOptions, type Helpers } from './helpers.js';

/** config get/set/unset. */
export function registerConfigCommand(program: Command, { run, examples }: Helpers): void {
  const config = program
    .command('config')
    .description('settings, e.g. portal.rakuten.payout MR, path.MR transfer, cpp.MR.transfer 1.8')
    .addHelpText('after', examples('perk config get', 'perk config set portal.rakuten.payout MR', 'perk config set cpp.MR.transfer 1.7', 'perk config unset cpp.MR.transfer'));
  config
    .command('get')
    .description('show one setting, or all')
    .addHelpText('after', examples('perk config get', 'perk config get portal.rakuten.payout'))
    .argument('[key]', 'setting name')
    .action(async (key: string | undefined, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../config.js')).runConfig({ action: 'get', key }, ctx)),
    );
  config
    .command('set')
    .description('change a setting')
    .addHelpText('after', examples('perk config set portal.rakuten.payout MR', 'perk config set path.MR statement_credit', 'perk config set cpp.MR.transfer 1.7'))
    .argument('<key>', 'setting name')
    .argument('<value>', 'new value')
    .action(async (key: string, value: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../config.js')).runConfig({ action: 'set', key, value }, ctx)),
    );
  config
    .command('unset')
    .description('remove a setting (back to the default)')
    .addHelpText('after', examples('perk config unset cpp.MR.transfer'))
    .argument('<key>', 'setting name')
    .action(async (key: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../config.js')).runConfig({ action: 'unset', key }, ctx)),
    );
}

/** mcp. */
export function registerMcpCommand(program: Command, { run, examples }: Helpers): void {
  program
    .command('mcp')
    .description('serve perk to an AI assistant: a Model Context Protocol server on stdin/stdout')
    .option('--allow-writes', 'also offer the tools that change the database (order_add, rate_set)')
    .addHelpText(
      'after',
      examples(
        'perk mcp                          # started by an MCP client (see README: perk for assistants)',
        'perk mcp --allow-writes --db ~/perk.db',
      ),
    )
    .action(async (opts: Flags<McpOptions, 'today' | 'version'>, cmd: Command) => {
      const today = cmd.optsWithGlobals<GlobalOptions>().today;
      return run(cmd, async (ctx) =>
        (await import('../mcp.js')).runMcp({ ...opts, today: () => resolveToday(today, process.env), version: VERSION }, ctx),
      );
    });
}
