// IAMKEYS_HOME (default ~/.iamkeys): the folder of the settings and the local store, kept 0700.
import { chmodSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { Exit } from '../exit-codes.js';

export function homeDir(env: Record<string, string | undefined>): string {
  const set = env['IAMKEYS_HOME'];
  return set && set.trim() !== '' ? set : join(homedir(), '.iamkeys');
}

/** Why the home folder cannot be used, or undefined. */
function homeProblem(st: Stats): string | undefined {
  if (!st.isDirectory()) return 'it is not a folder';
  // Another user's folder could hold settings or a store planted for us, or read ours.
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) return `it belongs to another user (uid ${st.uid}, not ${uid})`;
  return undefined;
}

/** Creates the home folder (0700) if it is missing, and returns it. */
export function ensureHome(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    const problem = homeProblem(st);
    if (problem) throw new Error(problem);
    // A folder made by hand (or by an older tool) is tightened: it holds credentials.
    if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  } catch (err) {
    throw new CliError(Exit.failure, `The iamkeys home folder ${dir} cannot be used: ${(err as Error).message}. Set IAMKEYS_HOME to a writable folder.`);
  }
  return dir;
}

/** The home folder when it exists and passes ensureHome's checks, else undefined; nothing is made or changed
 *  (for shell completion, which must never fail nor write at the prompt). */
export function existingHome(dir: string): string | undefined {
  try {
    return homeProblem(statSync(dir)) ? undefined : dir;
  } catch {
    return undefined;
  }
}

export const storePath = (home: string): string => join(home, 'store.db');
export const settingsPath = (home: string): string => join(home, 'settings.json');
