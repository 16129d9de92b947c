import { Exit, type ExitCode } from './exit-codes.js';

/** A failure the CLI reports as `FAILED` and one message, with its exit code. */
export class CliError extends Error {
  constructor(readonly exitCode: ExitCode, message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string): CliError => new CliError(Exit.usage, message);
export const notFoundError = (message: string): CliError => new CliError(Exit.notFound, message);

/** The user answered no: nothing was changed. */
export class DeclinedError extends Error {
  constructor() {
    super('Cancelled: nothing was changed.');
    this.name = 'DeclinedError';
  }
}

/** Ctrl-C at a prompt. */
export class InterruptedError extends Error {
  constructor() {
    super('Interrupted: nothing was changed.');
    this.name = 'InterruptedError';
  }
}
