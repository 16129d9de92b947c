// What the completion tests share: a word quoted for a POSIX shell's command line, and each shell's completion
// script as the built binary prints it, written once into the test's own folder.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BIN } from './spawn.js';

/** `s` as one single-quoted shell word. */
export const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The path of `iamkeys completion SHELL`'s output in `dir`, made on first use with `env`. */
export function completionScript(dir: string, env: NodeJS.ProcessEnv, shell: string): string {
  const path = join(dir, `iamkeys.${shell}`);
  if (!existsSync(path)) {
    const r = spawnSync(process.execPath, [BIN, 'completion', shell], { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    writeFileSync(path, r.stdout);
  }
  return path;
}
