// The package as a user installs it: `npm pack`, then `npm install -g` of the tarball into a fresh prefix, and
// the installed `iamkeys` run from that prefix's bin, from a folder outside the clone, with a clean home. The
// install may use the npm registry (or npm's cache) and nothing else: better-sqlite3's addon is built from its
// source against this Node's headers, not downloaded. Slow (the addon is compiled), so it has a file of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/run-cli.js';
import { ROOT } from '../helpers/spawn.js';

/** The folder holding include/node of this Node, so node-gyp needs no download of headers. */
function nodeDir(): string | undefined {
  const dir = resolve(dirname(process.execPath), '..');
  return existsSync(join(dir, 'include', 'node', 'node.h')) ? dir : undefined;
}

function run(cmd: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv }): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { ...o, encoding: 'utf8', timeout: 900_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

describe('the npm package', () => {
  it('packs, installs into a prefix without dev dependencies, and runs as iamkeys from its bin', () => {
    const out = tempHome('iamkeys-pack-');
    // dist/ is built by the global set-up; --ignore-scripts packs it without building it again (`prepare`),
    // which would rewrite dist/ under the tests that run the binary at the same time.
    const packed = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: ROOT, env: process.env });
    expect(packed.status, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    expect(files).toContain('bin/iamkeys.js');
    expect(files).toContain('bin/package.json'); // bin/iamkeys.js is CommonJS
    expect(files).toContain('dist/bundle/iamkeys.cjs');
    expect(files).toContain('README.md');
    // The caches kept next to the bundle are this machine's, made at run time: never packed.
    expect(files.filter((f) => /\.v8cache$|help/.test(f) && f.startsWith('dist/bundle/'))).toEqual([]);
    expect(files.filter((f) => /^(src|test|bench|scripts)\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);

    const prefix = join(out, 'prefix');
    // A HOME of its own for npm and the addon's build (node-gyp's folders), keeping the user's npm cache and
    // settings, which an offline install needs. better-sqlite3's installer (prebuild-install) reads
    // ~/.prebuild-installrc: no prebuilt download (a host other than the registry), a local build. The README's
    // form, which npm does not warn about as it does about npm_config_build_from_source.
    const npmHome = tempHome('iamkeys-npm-home-');
    writeFileSync(join(npmHome, '.prebuild-installrc'), 'buildFromSource=true\n');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: npmHome,
      npm_config_cache: process.env['npm_config_cache'] ?? join(homedir(), '.npm'),
      npm_config_userconfig: process.env['npm_config_userconfig'] ?? join(homedir(), '.npmrc'),
      ...(nodeDir() ? { npm_config_nodedir: nodeDir() } : {}),
    };
    delete env['NODE_PATH'];
    const installed = run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(out, info!.filename)], { cwd: out, env });
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stderr).not.toContain('Unknown env config');
    const pkg = join(prefix, 'lib', 'node_modules', 'iamkeys');
    // Only the runtime dependencies: no compiler, bundler or test runner came along.
    const deps = readdirSync(join(pkg, 'node_modules'));
    for (const dev of ['typescript', 'esbuild', 'vitest', 'fast-check']) expect(deps).not.toContain(dev);
    expect(existsSync(join(pkg, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);

    // The installed command alone: its bin on the PATH (with node), run from outside the clone, a clean home.
    const home = tempHome();
    const userEnv: NodeJS.ProcessEnv = {
      PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: home, IAMKEYS_HOME: join(home, '.iamkeys'), LANG: 'C.UTF-8',
    };
    const version = run('iamkeys', ['--version'], { cwd: home, env: userEnv });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const created = run('iamkeys', ['service-id-create', 'x', '--output', 'json'], { cwd: home, env: userEnv });
    expect(created.status, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'x', id: expect.stringMatching(/^ServiceId-/) });
    const listed = run('iamkeys', ['service-ids', '--uuid'], { cwd: home, env: userEnv });
    expect(listed.stdout.trim()).toBe((JSON.parse(created.stdout) as { id: string }).id);
  }, 900_000);
});
