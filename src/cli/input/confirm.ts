// The [y/N] rules: --force skips the question; on a TTY inquirer asks; with stdin a pipe or a file one line is
// read (`echo y | iamkeys ...` works in CI too, as with ibmcloud). When no answer can come (end of input,
// --no-input, stdin neither a TTY nor a pipe nor a file, such as /dev/null or a closed stdin) the command fails
// at once naming --force and changes nothing. With --output json the question is never printed: the answer is
// read silently from a pipe or file, and a terminal is not asked at all.
import { DeclinedError, usageError } from '../errors.js';
import { stdinKind, type IO } from './io.js';
import type { Prompter } from './prompt.js';

export interface ConfirmSettings {
  io: IO;
  noInput: boolean;
  /** --output json: nothing but the JSON document may be printed. */
  json?: boolean;
  prompter: () => Promise<Prompter>;
}

const needForce = (why: string): Error =>
  usageError(`${why}. Run the command again with -f (--force) to go ahead without confirmation.`);

export async function confirmOrThrow(s: ConfirmSettings, question: string, force: boolean): Promise<void> {
  if (force) return;
  if (s.noInput) throw needForce('This command asks for confirmation, and --no-input forbids asking');
  const kind = stdinKind(s.io);
  if (kind === 'none') throw needForce('This command asks for confirmation, and stdin is neither a terminal nor a pipe nor a file, so no answer can come');
  if (kind === 'tty' && s.json) throw needForce('This command asks for confirmation, and --output json never shows a prompt');
  const answer = await (await s.prompter()).confirm(question, { silent: s.json === true });
  if (answer === undefined) throw needForce('Could not read from input: EOF');
  if (!answer) throw new DeclinedError();
}
