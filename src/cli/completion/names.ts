// Where name completion gets its names. The local IAM: its store, read directly. A remote IAM: a short-lived
// cache in the home, answered at once; when the cache is old or missing a detached `iamkeys __complete-refresh`
// fills it for the next TAB, so the prompt never waits for the network.
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localNames, type KnownNames } from '../../emulator/names.js';
import { resolveTarget, type ClientSetup } from '../client-factory.js';
import { writeFileAtomic } from '../state/fs-atomic.js';
import { storePath } from '../state/home.js';
import type { PolicyNames } from './policy-names.js';

/** How long cached remote names are used without asking for fresh ones. */
export const CACHE_TTL_MS = 60_000;
/** One refresh at a time: another starts only once this long has passed since the last one began. */
const REFRESH_GAP_MS = 10_000;

export const namesCachePath = (home: string): string => join(home, 'completion-names.json');
const refreshMark = (home: string): string => join(home, 'completion-names.refresh');

interface CacheFile extends KnownNames {
  endpoint: string;
  fetchedAt: number;
  /** Policy IDs, role and service names (absent in a cache written before policies were completed). */
  policyNames?: PolicyNames;
}

const NONE: KnownNames = { serviceIds: [], apiKeys: [] };

function readCache(home: string, endpoint: string): CacheFile | undefined {
  try {
    const c = JSON.parse(readFileSync(namesCachePath(home), 'utf8')) as CacheFile;
    if (c.endpoint !== endpoint || !Array.isArray(c.serviceIds) || !Array.isArray(c.apiKeys)) return undefined;
    return c;
  } catch {
    return undefined;
  }
}

export function writeNamesCache(home: string, endpoint: string, names: KnownNames, now = Date.now(), policyNames?: PolicyNames): void {
  const c: CacheFile = { endpoint, fetchedAt: now, ...names, ...(policyNames ? { policyNames } : {}) };
  writeFileAtomic(namesCachePath(home), JSON.stringify(c), 0o600);
}

/** Starts a refresh in the background unless one began a moment ago. */
function refreshInBackground(home: string, env: Record<string, string | undefined>, bin: string | undefined): void {
  if (!bin) return;
  const mark = refreshMark(home);
  try {
    if (Date.now() - statSync(mark).mtimeMs < REFRESH_GAP_MS) return;
  } catch {
    // no refresh yet
  }
  try {
    writeFileSync(mark, '', { mode: 0o600 });
    const child = spawn(process.execPath, [bin, '__complete-refresh'], { detached: true, stdio: 'ignore', env: env as NodeJS.ProcessEnv });
    child.on('error', () => {});
    child.unref();
  } catch {
    // completion offers nothing rather than failing
  }
}

/** The names the current target holds, as fast as they can be had; none rather than a wait. */
export function knownNames(s: ClientSetup, bin: string | undefined): KnownNames {
  if (s.home === undefined) return NONE; // no usable home: no store to read, no cache to keep
  const target = resolveTarget(s);
  if (target.kind === 'local') return localNames(storePath(s.home));
  return remoteCache(s, s.home, target.endpoint, bin) ?? NONE;
}

/** The cached policy names of a remote IAM (a refresh started when old); undefined on the local IAM. */
export function cachedPolicyNamesOf(s: ClientSetup, bin: string | undefined): PolicyNames | undefined {
  if (s.home === undefined) return undefined;
  const target = resolveTarget(s);
  if (target.kind === 'local') return undefined;
  return remoteCache(s, s.home, target.endpoint, bin)?.policyNames;
}

function remoteCache(s: ClientSetup, home: string, endpoint: string, bin: string | undefined): CacheFile | undefined {
  const cached = readCache(home, endpoint);
  if (!cached || Date.now() - cached.fetchedAt > CACHE_TTL_MS) refreshInBackground(home, s.env, bin);
  return cached;
}
