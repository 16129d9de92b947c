// What bin/iamkeys.js keeps next to the bundle to start faster: V8's code cache and the root help's text. Neither
// may change what a run prints, and a damaged or missing one only costs time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { ROOT, runBin } from '../helpers/spawn.js';

const BUNDLE_DIR = join(ROOT, 'dist', 'bundle');
const hash = (): string => /^\/\/ iamkeys-bundle ([0-9a-f]+)\n/.exec(readFileSync(join(BUNDLE_DIR, 'iamkeys.cjs'), 'utf8'))![1]!;

describe('the caches next to the bundle', () => {
  it('--help prints what the CLI renders, when the text is first made and when it is read back', async () => {
    const home = tempHome();
    const first = await runBin(['--help'], { home });
    const second = await runBin(['--help'], { home });
    const short = await runBin(['-h'], { home });
    expect(first.code).toBe(0);
    expect(existsSync(join(BUNDLE_DIR, `iamkeys-${hash()}-help-none.txt`))).toBe(true);
    expect(second).toEqual(first);
    expect(short).toEqual(first);
    // The same text as commander renders in-process for an output that is not a terminal (80 columns).
    const inProcess = await runCli(['--help'], { home });
    expect(first.stdout).toBe(inProcess.stdout);
  });

  it('a command leaves a code cache for this bundle and Node; a damaged one is refused and the run is the same', async () => {
    const home = tempHome();
    const made = await runBin(['service-id-create', 'cached', '-q'], { home });
    expect(made.code, made.stderr).toBe(0);
    const cacheFile = join(BUNDLE_DIR, `iamkeys-${hash()}-${process.version}-${process.arch}.v8cache`);
    expect(existsSync(cacheFile)).toBe(true);
    const withCache = await runBin(['service-ids', '--output', 'json'], { home });
    writeFileSync(cacheFile, Buffer.alloc(4096, 0x5a));
    const damaged = await runBin(['service-ids', '--output', 'json'], { home });
    expect(damaged).toEqual(withCache);
    expect(JSON.parse(withCache.stdout)).toEqual([expect.objectContaining({ name: 'cached' })]);
    // V8 refused the damaged cache, so the run wrote a sound one in its place.
    expect(readFileSync(cacheFile).equals(Buffer.alloc(4096, 0x5a))).toBe(false);
  });
});
