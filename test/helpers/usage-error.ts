// Runs fn, expects a usage error (CliError, exit 2) and gives its message: for pure checks that need no CLI run.
import { expect } from 'vitest';
import { CliError } from '../../src/cli/errors.js';

export function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error('expected a usage error');
}
