// bin/iamkeys.js as a real process with a temporary IAMKEYS_HOME (tier 3): exit codes as the OS sees
// them, stdout that parses, a store that persists between processes, and `echo y |` through a real shell.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/run-cli.js';
import { BIN, ROOT, cliEnv, runBin, type ProcessResult } from '../helpers/spawn.js';
import { STACK_FRAME, fileMode, type ApiKey, type ServiceId } from '../helpers/cli.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function sh(script: string, home: string): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', script], { env: { ...cliEnv(home), NODE: process.execPath, BIN }, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, signal: null, stdout, stderr });
    });
  });
}

describe('bin/iamkeys.js', () => {
  let home: string;
  const run = (args: string[], o: { input?: string; env?: Record<string, string> } = {}) => runBin(args, { home, ...o });

  beforeEach(() => {
    home = tempHome();
  });

  it('--version prints the version and exits 0', async () => {
    const r = await run(['--version']);
    expect(r).toEqual({ code: 0, signal: null, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('--help at the root, under iam and on a command exits 0 with the usage on stdout', async () => {
    const root = await run(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain('Usage: iamkeys');
    for (const cmd of ['service-api-key-create', 'service-api-keys', 'service-id-delete', 'service-ids']) expect(root.stdout).toContain(cmd);
    const iam = await run(['iam', '--help']);
    expect(iam.code).toBe(0);
    expect(iam.stdout).toContain('Usage: iamkeys iam');
    const create = await run(['iam', 'service-api-key-create', '-h']);
    expect(create.code).toBe(0);
    expect(create.stdout).toContain('--file <FILE>');
    expect(create.stdout).toContain('--action-if-leaked <ACTION>');
    expect(create.stdout).toContain('Examples:');
  });

  it('with no command it shows the help on stderr and exits 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: iamkeys');
  });

  it('the store persists across processes, and stdout JSON parses', async () => {
    const made = await run(['service-id-create', 'app', '-d', 'demo', '--output', 'json']);
    expect(made.code, made.stderr).toBe(0);
    const sid = JSON.parse(made.stdout) as ServiceId;
    const key = await run(['iam', 'service-api-key-create', 'k', 'app', '-o', 'JSON', '-q']);
    expect(key.code, key.stderr).toBe(0);
    expect(key.stderr).toBe('');
    expect((JSON.parse(key.stdout) as ApiKey).apikey).toHaveLength(44);
    const listed = await run(['service-ids', '-o', 'json']);
    expect(JSON.parse(listed.stdout)).toEqual([sid]);
    const keys = await run(['service-api-keys', sid.id, '-o', 'json']);
    expect((JSON.parse(keys.stdout) as ApiKey[]).map((k) => k.name)).toEqual(['k']);
    const empty = await run(['service-api-keys', '--all', '-n', 'none-such', '-o', 'json']);
    expect(empty).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('exit codes as the OS sees them: 0, 1, 2, 3, 5, 6', async () => {
    expect((await run(['service-id-create', 'app', '-q'])).code).toBe(0);
    expect((await run(['service-id-create', 'dup', '-q'])).code).toBe(0);
    expect((await run(['service-id-create', 'dup', '-q'])).code).toBe(0);
    expect((await run(['service-id-create', 'held', '--lock', '-q'])).code).toBe(0);
    const cases: [string[], number, string?][] = [
      [['service-ids'], 0],
      [['service-id-delete', 'app'], 1, 'n\n'],
      [['nope'], 2],
      [['service-ids', '--bogus'], 2],
      [['service-ids', '-o', 'yaml'], 2],
      [['service-id-delete', 'app'], 2],
      [['service-id', 'ServiceId-00000000-0000-4000-8000-000000000000'], 3],
      [['service-id-delete', 'held', '-f'], 5],
      [['service-id-delete', 'dup', '-f'], 6],
    ];
    for (const [args, code, input] of cases) {
      const r = await run(args, input !== undefined ? { input } : {});
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(code);
      expect(r.signal).toBeNull();
      expect(r.stderr).not.toMatch(STACK_FRAME);
      if (code !== 0) expect(r.stderr).toMatch(/FAILED|Cancelled/);
    }
    expect((await run(['service-id', 'app', '--uuid'])).code).toBe(0);
  });

  it('`echo y |` through a shell confirms; `echo n |` declines; `</dev/null` fails naming --force', async () => {
    expect((await run(['service-id-create', 'app', '-q'])).code).toBe(0);
    expect((await run(['service-api-key-create', 'k1', 'app', '-q'])).code).toBe(0);
    expect((await run(['service-api-key-create', 'k2', 'app', '-q'])).code).toBe(0);

    const no = await sh('echo n | "$NODE" "$BIN" service-api-key-delete k1 app', home);
    expect(no.code, no.stderr).toBe(1);
    const eof = await sh('"$NODE" "$BIN" service-api-key-delete k1 app </dev/null', home);
    expect(eof.code, eof.stderr).toBe(2);
    expect(eof.stderr).toContain('-f (--force)');
    const yes = await sh('echo y | "$NODE" "$BIN" service-api-key-delete k1 app', home);
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stderr).toContain("Are you sure you want to delete API key 'k1' of service ID 'app'? [y/N]> y\n");
    expect(yes.stdout).toMatch(/^Deleting API key k1 of service ID app .*\.\.\.\nOK\nService ID API key k1 is deleted successfully\n$/);
    const piped = await sh('echo y | "$NODE" "$BIN" service-api-key-lock k2 app -o json | "$NODE" -e "let s=\'\';process.stdin.on(\'data\',(d)=>s+=d).on(\'end\',()=>console.log(JSON.parse(s).result))"', home);
    expect(piped).toMatchObject({ code: 0, stdout: 'locked\n' });

    const keys = await run(['service-api-keys', 'app', '-o', 'json']);
    expect((JSON.parse(keys.stdout) as ApiKey[]).map((k) => [k.name, k.locked])).toEqual([['k2', true]]);
  });

  it('CI=true: a piped or file answer is read; /dev/null or a closed stdin fails at once naming --force', async () => {
    for (const name of ['a', 'b', 'c', 'd']) expect((await run(['service-id-create', name, '-q'])).code).toBe(0);
    const env = 'CI=true; export CI;';
    for (const [script, code] of [
      [`${env} "$NODE" "$BIN" service-id-delete a </dev/null`, 2],
      [`${env} "$NODE" "$BIN" service-id-delete a <&-`, 2],
      [`${env} echo n | "$NODE" "$BIN" service-id-delete a`, 1],
    ] as const) {
      const r = await sh(script, home);
      expect(r.code, `${script}\n${r.stderr}`).toBe(code);
      if (code === 2) expect(r.stderr).toMatch(/neither a terminal nor a pipe nor a file.*-f \(--force\)/);
    }
    const piped = await sh(`${env} echo y | "$NODE" "$BIN" service-id-delete b`, home);
    expect(piped.code, piped.stderr).toBe(0);
    const answers = join(home, 'answers');
    await sh(`echo y > "${answers}"`, home);
    const fromFile = await sh(`${env} "$NODE" "$BIN" service-id-delete c < "${answers}"`, home);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect((JSON.parse((await run(['service-ids', '-o', 'json'])).stdout) as ServiceId[]).map((s) => s.name)).toEqual(['a', 'd']);
  });

  it('parallel processes share one store safely', async () => {
    expect((await run(['service-id-create', 'app', '-q'])).code).toBe(0);
    const results = await Promise.all([0, 1, 2, 3].map((i) => run(['service-api-key-create', `k${i}`, 'app', '-o', 'json', '-q'])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const keys = JSON.parse((await run(['service-api-keys', 'app', '-o', 'json'])).stdout) as ApiKey[];
    expect(keys.map((k) => k.name).sort()).toEqual(['k0', 'k1', 'k2', 'k3']);
  });

  it('the files it creates are private (bin sets umask 077): home 0700, store and settings 0600', async () => {
    const fresh = join(home, 'fresh');
    const r = await runBin(['service-id-create', 'app', '-q'], { home: fresh });
    expect(r.code, r.stderr).toBe(0);
    expect(fileMode(fresh)).toBe(0o700);
    expect(fileMode(join(fresh, 'store.db'))).toBe(0o600);
    expect(fileMode(join(fresh, 'settings.json'))).toBe(0o600);
  });
});
