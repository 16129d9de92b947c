// Access tokens cached between runs in tokens.json (0600, atomic replace), one per endpoint and API key, keyed
// by a hash so the file never names a key. `logout` deletes the file.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CachedToken, TokenCache } from '../../client/token-auth.js';
import { writeFileAtomic } from './fs-atomic.js';
import { checkOwnFile } from './own-file.js';

export const tokenCachePath = (home: string): string => join(home, 'tokens.json');

type Entries = Record<string, CachedToken>;

function readEntries(path: string): Entries {
  checkOwnFile(path, 'token cache');
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Entries) : {};
  } catch {
    // A missing or damaged cache only costs one token request; it is rewritten whole on the next save.
    return {};
  }
}

export function fileTokenCache(home: string, endpoint: string, apikey: string): TokenCache {
  const path = tokenCachePath(home);
  const key = createHash('sha256').update(`${endpoint}\0${apikey}`).digest('hex');
  return {
    get() {
      const t = readEntries(path)[key];
      return t && typeof t.token === 'string' && typeof t.exp === 'number' && typeof t.iat === 'number' ? t : undefined;
    },
    set(token) {
      const now = Date.now() / 1000;
      const entries = Object.fromEntries(Object.entries(readEntries(path)).filter(([, t]) => typeof t?.exp === 'number' && t.exp > now));
      entries[key] = token;
      try {
        writeFileAtomic(path, JSON.stringify(entries), 0o600);
      } catch {
        // Not being able to cache costs a token request next time, nothing more.
      }
    },
  };
}

export function clearTokenCache(home: string): void {
  rmSync(tokenCachePath(home), { force: true });
}
