// --file: the new key's secret is saved to this file, written 0600 and atomically, as IBM's console download
// has it ({"name","description","apikey","createdAt"}). The folder is checked before the key is created, so a
// key is never made whose secret cannot be kept. An existing file is replaced, as ibmcloud does (scripts pass
// `--file "$(mktemp)"`); a symbolic link is refused, so the key never lands where the link points.
import { accessSync, constants, lstatSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { IamClient } from '../../client/iam-client.js';
import type { ApiKey } from '../../wire/types.js';
import { writeFileAtomic } from './fs-atomic.js';
import { CliError, usageError } from '../errors.js';
import { Exit } from '../exit-codes.js';
import { safeText } from '../output/safe.js';
import { osErrorText } from '../output/os-error.js';

export interface KeyFileTarget {
  path: string;
  exists: boolean;
}

/** flag: the option as the user typed it, for the messages (--file, --apikey-file). */
export function checkKeyFile(file: string, flag = '--file'): KeyFileTarget {
  if (file.trim() === '') throw usageError(`${flag} needs a file name.`);
  const path = resolve(file);
  const dir = dirname(path);
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw usageError(`The folder of ${flag} ${safeText(file)} does not exist: ${safeText(dir)}. Nothing was created.`);
  }
  if (!dirStat.isDirectory()) throw usageError(`${safeText(dir)} is not a folder. Nothing was created.`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw usageError(`The folder ${safeText(dir)} is not writable, so ${flag} ${safeText(file)} cannot be saved. Nothing was created.`);
  }
  let exists = false;
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) {
      throw usageError(`${flag} ${safeText(file)} is a symbolic link; the key is not written through links. Give the real path. Nothing was created.`);
    }
    if (st.isDirectory()) throw usageError(`${flag} ${safeText(file)} is a folder. Give a file name. Nothing was created.`);
    exists = true;
  } catch (err) {
    if (err instanceof CliError) throw err;
  }
  return { path, exists };
}

export function writeKeyFile(target: KeyFileTarget, key: ApiKey): void {
  const content = { name: key.name, description: key.description ?? '', apikey: key.apikey, createdAt: key.created_at };
  try {
    writeFileAtomic(target.path, `${JSON.stringify(content, null, 2)}\n`, 0o600);
  } catch (err) {
    throw new CliError(Exit.failure, `The API key could not be saved to ${safeText(target.path)}: ${osErrorText(err)}.`);
  }
}

/**
 * Writes a new key's --file, if one was asked for. If the file cannot be written the key is deleted again
 * (unlocked first when it was created locked), so no key exists whose secret is lost.
 */
export async function saveKeyOrRollBack(client: IamClient, target: KeyFileTarget | undefined, key: ApiKey): Promise<void> {
  if (!target) return;
  try {
    writeKeyFile(target, key);
  } catch (err) {
    if (key.locked) await client.setApiKeyFlag(key.id, 'lock', false);
    await client.deleteApiKey(key.id);
    throw new CliError((err as CliError).exitCode, `${(err as Error).message} The key was deleted again, so no key exists whose secret is lost.`);
  }
}

/** A new key as `--output json` prints it: without its secret when the secret went to a file. */
export const keyForJson = (key: ApiKey, toFile: boolean): ApiKey => (toFile ? { ...key, apikey: '' } : key);
