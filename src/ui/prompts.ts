/**
 * The one wrapper around @inquirer/prompts. Every question here has a flag that answers it, so no
 * command needs a terminal; these are only called when the context is interactive.
 */
export interface Choice<T> {
  name: string;
  value: T;
  checked?: boolean;
  description?: string;
}

export async function askCheckbox<T>(message: string, choices: Choice<T>[]): Promise<T[]> {
  const { checkbox } = await import('@inquirer/prompts');
  return checkbox({ message, choices, pageSize: 15, loop: false });
}

export async function askSelect<T>(message: string, choices: Choice<T>[], defaultValue?: T): Promise<T> {
  const { select } = await import('@inquirer/prompts');
  return select({ message, choices, default: defaultValue, loop: false });
}

export async function askInput(message: string, validate?: (value: string) => string | true, defaultValue?: string): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  return input({ message, validate: validate ?? (() => true), default: defaultValue });
}

export async function askConfirm(message: string, defaultValue = false): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: defaultValue });
}

/** Type-ahead search: `source(term)` returns the choices for what has been typed so far. */
export async function askSearch<T>(message: string, source: (term: string | undefined) => Choice<T>[]): Promise<T> {
  const { search } = await import('@inquirer/prompts');
  return search({ message, source: async (term) => source(term), pageSize: 10 });
}
