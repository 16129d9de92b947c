// The [y/N] rules: --force skips the question; on a TTY inquirer asks; with stdin piped one line
// is read; at end of input, with --no-input, or with CI set and no TTY, the command fails at once naming
// --force and changes nothing. It never waits for input that cannot come.
import { DeclinedError, usageError } from './errors.js';
import type { IO } from './io.js';
import type { Prompter } from './prompt.js';

export interface ConfirmSettings {
  io: IO;
  noInput: boolean;
  prompter: () => Promise<Prompter>;
}

const needForce = (why: string): Error =>
  usageError(`${why}. Run the command again with -f (--force) to go ahead without confirmation.`);

export async function confirmOrThrow(s: ConfirmSettings, question: string, force: boolean): Promise<void> {
  if (force) return;
  if (s.noInput) throw needForce('This command asks for confirmation, and --no-input forbids asking');
  const ci = s.io.env['CI'];
  if (!s.io.stdinIsTTY && ci !== undefined && ci !== '' && ci.toLowerCase() !== 'false') {
    throw needForce('This command asks for confirmation, and CI is set with no terminal to answer on');
  }
  const answer = await (await s.prompter()).confirm(question);
  if (answer === undefined) throw needForce('Could not read from input: EOF');
  if (!answer) throw new DeclinedError();
}
