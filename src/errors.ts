/** Bad usage or invalid input: exit code 2, nothing changed. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure at run time that is not the user's input: exit code 1. */
export class RuntimeError extends Error {
  readonly exitCode = 1;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}
