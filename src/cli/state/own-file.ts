// iamkeys' own files in IAMKEYS_HOME hold credentials (settings.json the session's API key, tokens.json access
// tokens) and are made 0600. They are refused when they are a symbolic link (which could point at any file,
// one of another user's, or nowhere yet: a dangling link would make the file at its target) or belong to
// another user (who could read or plant them). The home folder must belong to the current user too.
import { lstatSync, type Stats } from 'node:fs';
import { CliError } from '../errors.js';
import { Exit } from '../exit-codes.js';
import { safeText } from '../output/safe.js';
import { osErrorText } from '../output/os-error.js';

const myUid = (): number | undefined => process.getuid?.();

/** What is wrong with an existing path of iamkeys' own, or undefined (also when it does not exist). */
function ownPathProblem(st: Stats | undefined): string | undefined {
  if (!st) return undefined;
  if (st.isSymbolicLink()) return 'is a symbolic link (iamkeys does not open its files through links)';
  const uid = myUid();
  if (uid !== undefined && st.uid !== uid) return `belongs to another user (uid ${st.uid}, not ${uid})`;
  return undefined;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Throws (exit 1) if the file at path is a symbolic link or another user's; a missing file is fine. */
export function checkOwnFile(path: string, what: string): void {
  let problem: string | undefined;
  try {
    problem = ownPathProblem(lstatOrUndefined(path));
  } catch (err) {
    problem = `cannot be checked (${osErrorText(err)})`;
  }
  if (problem) {
    throw new CliError(Exit.failure, `The ${what} ${safeText(path)} ${problem}. Remove it, or set IAMKEYS_HOME to a folder of your own, and run the command again.`);
  }
}
