/**
 * The command line: registers every noun on the program (commands/register/program.ts) — each command
 * loaded lazily, so `perk stack` pays only for what it uses; the registrations are in
 * commands/register/, one module per group of nouns — and where its errors become exit codes (exit.ts
 * printError, as for the fast paths): 0 ok, 1 runtime failure, 2 bad usage or invalid input.
 */
import type { Command } from 'commander';
import type { CtxOutput } from './context.js';
import { printError } from './exit.js';
import { registerCatalogCommands, registerWalletCommand } from './commands/register/catalog.js';
import { registerConfigCommand, registerMcpCommand } from './commands/register/config.js';
import { registerBackupCommands, registerDataCommands } from './commands/register/data.js';
import { helpers, session } from './commands/register/helpers.js';
import { registerOfferCommands } from './commands/register/offers.js';
import { registerBonusCommand, registerOrderCommand } from './commands/register/order.js';
import { registerPayoutCommand } from './commands/register/payout.js';
import { newProgram } from './commands/register/program.js';
import { registerSpendCommands, registerWatchCommand } from './commands/register/spending.js';
import { registerStackCommand } from './commands/register/stack.js';
import { registerGiftCardCommands, registerValueCommands } from './commands/register/value.js';


export function buildProgram(): Command {
  const program = newProgram();

  // Registration order is the order of `perk --help`'s command list.
  registerDataCommands(program, helpers);
  registerWalletCommand(program, helpers);
  registerSpendCommands(program, helpers);
  registerCatalogCommands(program, helpers);
  registerWatchCommand(program, helpers);
  registerConfigCommand(program, helpers);

  // @register-more: other command nouns are registered below this line.

  registerStackCommand(program, helpers);
  registerValueCommands(program, helpers);
  registerGiftCardCommands(program, helpers);
  registerBackupCommands(program, helpers);
  registerOrderCommand(program, helpers);
  registerBonusCommand(program, helpers);
  registerPayoutCommand(program, helpers);
  registerOfferCommands(program, helpers);
  registerMcpCommand(program, helpers);

  return program;
}

export async function main(argv: string[] = process.argv, io: { stdout?: CtxOutput } = {}): Promise<number> {
  const program = buildProgram();
  session.outputStream = io.stdout;
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    return printError(error);
  } finally {
    session.outputStream = undefined;
  }
}
