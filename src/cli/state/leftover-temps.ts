// The temporary files an atomic write leaves when it is killed between writing and renaming
// (`.NAME.<12 hex>.tmp` beside NAME, fs-atomic.ts). For a key file they may hold a secret of a key that was
// removed since, so the next write of the same file that knows them stale removes them.
import { lstatSync, readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The leftover temp files of `path`: regular files of this user only, never through a link. */
export function leftoverTemps(path: string): string[] {
  const re = new RegExp(`^\\.${escapeRe(basename(path))}\\.[0-9a-f]{12}\\.tmp$`);
  const dir = dirname(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const uid = process.getuid?.();
  return names.filter((n) => re.test(n)).map((n) => join(dir, n)).filter((p) => {
    try {
      const st = lstatSync(p);
      return st.isFile() && (uid === undefined || st.uid === uid);
    } catch {
      return false;
    }
  });
}

/** Removes them; returns the ones removed and the ones that could not be. */
export function removeLeftoverTemps(path: string): { removed: string[]; kept: string[] } {
  const removed: string[] = [];
  const kept: string[] = [];
  for (const p of leftoverTemps(path)) {
    try {
      unlinkSync(p);
      removed.push(p);
    } catch {
      kept.push(p);
    }
  }
  return { removed, kept };
}
