// Where name completion gets its names. The local IAM: its store, read directly. A remote IAM: a short-lived
// cache in the home, answered at once; when the cache is old or missing a detached `iamkeys __complete-refresh`
// fills it for the next TAB, so the prompt never waits for the network.
// A name is offered only if it holds no control, separator, format or bidi character (escapeText leaves it as
// it is): such a name would act on the terminal, and one holding a newline would forge a second candidate. An
// escaped form would not be the name, so such names are left out, when the cache is written and when read.
import { spawn } from 'node:child_process';
import { closeSync, constants, futimesSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { localNames, type KnownNames } from '../../emulator/names.js';
import { escapeText } from '../../wire/unsafe-text.js';
import { resolveTarget, type ClientSetup } from '../client-factory.js';
import { writeFileAtomic } from '../state/fs-atomic.js';
import { storePath } from '../state/home.js';
import { checkOwnFile } from '../state/own-file.js';

/** Whether a name may be offered at the prompt as it is. */
export const completable = (name: unknown): name is string => typeof name === 'string' && name !== '' && escapeText(name) === name;
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

/** The names that may be offered, of names from anywhere (a cache file may hold anything). */
function completableNames(n: { serviceIds: unknown; apiKeys: unknown; userKeys?: unknown }): KnownNames {
  const sids = Array.isArray(n.serviceIds) ? n.serviceIds : [];
  const keys = (Array.isArray(n.apiKeys) ? n.apiKeys : []) as { name?: unknown; serviceId?: unknown }[];
  const own = Array.isArray(n.userKeys) ? n.userKeys : [];
  return {
    serviceIds: sids.filter(completable),
    apiKeys: keys.filter((k) => k && completable(k.name) && completable(k.serviceId)).map((k) => ({ name: k.name as string, serviceId: k.serviceId as string })),
    userKeys: own.filter(completable),
  };
}

/** The policy names that may be offered (ids, role and service names come from IAM, or from a file). */
function completablePolicyNames(n: Partial<PolicyNames>): PolicyNames {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  return {
    policies: (list(n.policies) as { subject?: unknown; id?: unknown }[])
      .filter((p) => p && completable(p.subject) && completable(p.id)).map((p) => ({ subject: p.subject as string, id: p.id as string })),
    roles: list(n.roles).filter(completable),
    services: list(n.services).filter(completable),
  };
}

function readCache(home: string, endpoint: string, now: number): CacheFile | undefined {
  try {
    const path = namesCachePath(home);
    checkOwnFile(path, 'completion names cache'); // never read through a link, nor another user's file
    const c = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheFile>;
    if (c.endpoint !== endpoint || !Array.isArray(c.serviceIds) || !Array.isArray(c.apiKeys)) return undefined;
    // A time in the future (a clock set back, a planted file) would keep the cache fresh forever: it counts as old.
    const fetchedAt = typeof c.fetchedAt === 'number' && c.fetchedAt <= now ? c.fetchedAt : 0;
    return {
      endpoint, fetchedAt, ...completableNames({ serviceIds: c.serviceIds, apiKeys: c.apiKeys, userKeys: c.userKeys }),
      ...(c.policyNames ? { policyNames: completablePolicyNames(c.policyNames) } : {}),
    };
  } catch {
    return undefined;
  }
}

export function writeNamesCache(home: string, endpoint: string, names: KnownNames, now = Date.now(), policyNames?: PolicyNames): void {
  const c: CacheFile = {
    endpoint, fetchedAt: Math.min(now, Date.now()), ...completableNames(names),
    ...(policyNames ? { policyNames: completablePolicyNames(policyNames) } : {}),
  };
  writeFileAtomic(namesCachePath(home), JSON.stringify(c), 0o600);
}

/** Marks the start of a refresh by the mark's time; never through a link (a planted one would touch its target). */
function touchMark(path: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  try {
    const now = new Date();
    futimesSync(fd, now, now);
  } finally {
    closeSync(fd);
  }
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
    touchMark(mark);
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
  const now = Date.now();
  const cached = readCache(home, endpoint, now);
  if (!cached || now - cached.fetchedAt > CACHE_TTL_MS) refreshInBackground(home, s.env, bin);
  return cached;
}
