// What bin/iamkeys.js keeps next to the bundle to start faster: V8's code cache and the root help's text. Neither
// may change what a run prints, and a damaged or missing one only costs time.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { ROOT, cliEnv, runBin } from '../helpers/spawn.js';

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

  it('a cache with a few damaged bytes is ignored and written again, never handed to V8 (which would abort)', async () => {
    const home = tempHome();
    expect((await runBin(['service-id-create', 'cached', '-q'], { home })).code).toBe(0);
    const cacheFile = join(BUNDLE_DIR, `iamkeys-${hash()}-${process.version}-${process.arch}.v8cache`);
    const withCache = await runBin(['service-ids', '--output', 'json'], { home });
    expect(withCache.code).toBe(0);
    // 16 bytes in V8's part of the file changed, its length and first line kept.
    const damaged = readFileSync(cacheFile);
    const at = damaged.indexOf(10) + 1 + 4096;
    for (let i = at; i < at + 16; i++) damaged[i] = damaged[i]! ^ 0xff;
    writeFileSync(cacheFile, damaged);
    const run = await runBin(['service-ids', '--output', 'json'], { home });
    expect(run.signal).toBeNull();
    expect(run).toEqual(withCache);
    const rewritten = readFileSync(cacheFile);
    expect(rewritten.equals(damaged)).toBe(false);
    // Sound again: the next run uses it as it is.
    expect(await runBin(['service-ids', '--output', 'json'], { home })).toEqual(withCache);
    expect(readFileSync(cacheFile).equals(rewritten)).toBe(true);
    rmSync(home, { recursive: true, force: true });
  });

  it('a cache made from another bundle of the same length and first line is not used: the code on disk runs', () => {
    // An install of its own (bin, package.json, the bundles; node_modules linked), so that its bundle can be changed.
    const root = tempHome('iamkeys-install-');
    const home = tempHome();
    try {
      mkdirSync(join(root, 'bin'));
      mkdirSync(join(root, 'dist', 'bundle'), { recursive: true });
      for (const f of ['bin/iamkeys.js', 'bin/package.json', 'package.json']) copyFileSync(join(ROOT, f), join(root, f));
      for (const f of readdirSync(BUNDLE_DIR).filter((n) => n.endsWith('.cjs'))) copyFileSync(join(BUNDLE_DIR, f), join(root, 'dist', 'bundle', f));
      symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
      const bundle = join(root, 'dist', 'bundle', 'iamkeys.cjs');
      const run = (): string => {
        const r = spawnSync(process.execPath, [join(root, 'bin', 'iamkeys.js'), 'completion', 'bash'], { env: cliEnv(home), encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        return r.stdout.split('\n')[0]!;
      };
      expect(run()).toMatch(/^# bash completion for iamkeys/);
      expect(readdirSync(join(root, 'dist', 'bundle')).some((f) => f.endsWith('.v8cache'))).toBe(true);
      // Another bundle: the same first line and length, other code.
      const original = readFileSync(bundle, 'utf8');
      const other = original.replace('# bash completion for iamkeys', '# BASH COMPLETION FOR IAMKEYS');
      expect(other.length).toBe(original.length);
      expect(other.split('\n')[0]).toBe(original.split('\n')[0]);
      writeFileSync(bundle, other);
      expect(statSync(bundle).size).toBe(Buffer.byteLength(original));
      expect(run()).toMatch(/^# BASH COMPLETION FOR IAMKEYS/);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  });
});
