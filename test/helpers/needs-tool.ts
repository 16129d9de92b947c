// Tests that drive a program the machine may lack (zsh, fish, Chromium): on a machine without it they are skipped, with
// one line naming the program and how to install it, so `npm test` still passes there; under CI=true (.ci/run
// installs them) a missing program is a failing test instead, so CI never passes by skipping.
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';

/** Where `name` is on PATH, as the shell would find it (without running it); undefined when it is not. */
export function findOnPath(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(':')) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Whether `name` is an executable on PATH. */
export const onPath = (name: string, path?: string): boolean => findOnPath(name, path) !== undefined;

/** `describe`, when `tool` is on PATH; otherwise a skip that says why (or, under CI=true, a failure). */
export function describeWithTool(tool: string, install: string, name: string, body: () => void): void {
  if (onPath(tool)) {
    describe(name, body);
    return;
  }
  const why = `${tool} is not installed: these tests need it (${install})`;
  if (process.env['CI'] === 'true') {
    describe(name, () => {
      it(`needs ${tool}`, () => {
        throw new Error(`${why}. Under CI=true a missing tool fails rather than skips.`);
      });
    });
    return;
  }
  // One visible line in the run's output, besides the skipped tests' own names.
  console.warn(`SKIPPED ${name}: ${why}.`);
  describe.skip(`${name} (skipped: ${why})`, body);
}
