// The settings file (settings.json in IAMKEYS_HOME, 0600): where commands go and the session. A small JSON file
// read on every command, so it is parsed by hand rather than through conf (whose schema machinery costs ~90 ms
// per start, most of the start-up budget). Writes are atomic; a damaged file is reported, never overwritten.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import { Exit } from '../exit-codes.js';
import { writeFileAtomic } from './fs-atomic.js';
import { checkOwnFile } from './own-file.js';
import { osErrorText } from '../output/os-error.js';

export interface RemoteSession {
  /**
   * The IAM endpoint the key was stored for, e.g. https://iam.cloud.ibm.com or a `serve` URL, or `local` (a login
   * into the embedded IAM under IAMKEYS_IAM_ENDPOINT=local). The key is only ever sent there.
   */
  endpoint: string;
  /** The API key the session was opened with: kept (0600) so the token is renewed without the user acting. */
  apikey?: string;
  /**
   * A session a person opened (login --sso, -u/-p) holds no API key: its access token, and IAM's refresh token
   * when it gave one, kept (0600) and replaced at each renewal.
   */
  tokens?: { accessToken: string; refreshToken?: string };
}

/** What `login` / `target` / `api` recorded with -a, -r, -g: shown by `target`; IAM itself is global. */
export interface TargetChoice {
  apiEndpoint?: string;
  region?: string;
  resourceGroup?: string;
}

export interface Settings {
  mode: 'local' | 'remote';
  remote?: RemoteSession;
  target?: TargetChoice;
}

export const DEFAULT_SETTINGS: Settings = { mode: 'local' };

function damaged(path: string, why: string): CliError {
  return new CliError(Exit.failure,
    `The settings file ${path} is damaged (${why}). Move it aside or delete it, then run 'iamkeys login' or 'iamkeys login --local' again.`);
}

/** Reads the settings; undefined when the file does not exist yet. */
export function readSettings(path: string): Settings | undefined {
  checkOwnFile(path, 'settings file');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') {
      throw new CliError(Exit.failure, `The settings file ${path} is a folder, not a file. Move it aside, then run 'iamkeys login' or 'iamkeys login --local' again.`);
    }
    throw new CliError(Exit.failure, `The settings file ${path} cannot be read: ${osErrorText(err)}. Check its owner and permissions.`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw damaged(path, 'not JSON');
  }
  if (typeof v !== 'object' || v === null) throw damaged(path, 'not a JSON object');
  const s = v as Record<string, unknown>;
  if (s['mode'] !== 'local' && s['mode'] !== 'remote') throw damaged(path, "'mode' is neither local nor remote");
  if (s['mode'] === 'remote' || s['remote'] !== undefined) {
    const r = s['remote'] as Record<string, unknown> | undefined;
    if (!r || typeof r['endpoint'] !== 'string' || (typeof r['apikey'] !== 'string' && !isTokens(r['tokens']))) {
      throw damaged(path, 'the remote session is incomplete');
    }
    // Files of older versions kept the access token here too; tokens live in tokens.json now, so it is dropped
    // (and gone from the file at its next write).
    const { token: _token, tokenExpiry: _tokenExpiry, ...remote } = r;
    return { ...s, remote } as unknown as Settings;
  }
  const t = s['target'];
  if (t !== undefined && (typeof t !== 'object' || t === null || Object.values(t).some((x) => typeof x !== 'string'))) {
    throw damaged(path, "'target' is not an object of strings");
  }
  return v as Settings;
}

function isTokens(v: unknown): boolean {
  const t = v as Record<string, unknown> | undefined;
  return typeof t === 'object' && t !== null && typeof t['accessToken'] === 'string'
    && (t['refreshToken'] === undefined || typeof t['refreshToken'] === 'string');
}

export function writeSettings(path: string, settings: Settings): void {
  // A damaged file is reported, never overwritten (not by login or logout either): the user decides what
  // becomes of it. This throws the same message as any other command gives.
  readSettings(path);
  try {
    writeFileAtomic(path, `${JSON.stringify(settings, null, 2)}\n`, 0o600);
  } catch (err) {
    throw new CliError(Exit.failure, `The settings file ${path} cannot be written: ${(err as Error).message}.`);
  }
  if (!settings.remote) forgetLeftovers(path);
}

/**
 * A write killed between its temporary file and the rename (SIGKILL, power loss during the fsync) leaves
 * `.settings.json.<random>.tmp` or `.tokens.json.<random>.tmp` beside the file, holding an API key or a token.
 * When the settings stop holding a session (logout, login --local), those go too: logout leaves no credential.
 * Temporary settings files without a key (another process's first-run write, at this very moment) are left be.
 */
function forgetLeftovers(path: string): void {
  const dir = dirname(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith('.tmp')) continue;
    const file = join(dir, name);
    try {
      if (name.startsWith('.tokens.json.') || (name.startsWith(`.${basename(path)}.`) && /"apikey"|"accessToken"/.test(readFileSync(file, 'utf8')))) {
        rmSync(file, { force: true });
      }
    } catch {
      // gone already, or not ours to read: nothing to forget
    }
  }
}
