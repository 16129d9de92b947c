// Completion of the policy commands: a subject's policy IDs, role names after --roles (those of the
// --service-name typed before it, each part of a comma list), service names after --service-name / --service.
// The hidden `__complete` in-process on the local IAM and on a remote IAM's cache, then the generated bash,
// fish and zsh scripts in their real shells against the built binary.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/wire/policies.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { completionScript, shq } from '../helpers/completion-scripts.js';
import { describeWithTool } from '../helpers/needs-tool.js';
import { BIN, cliEnv, iamkeysBinDir } from '../helpers/spawn.js';
import { remoteEnv, startTestIam, type TestIam } from '../remote/iam-server.js';

const ZSH_DRIVER = new URL('../helpers/zsh-complete.zsh', import.meta.url).pathname;

let home: string;
let work: string;
let ids: string[];

/** Temporary folders of this file, removed at its end. */
const made: string[] = [];
const temp = (prefix: string): string => { const d = tempHome(prefix); made.push(d); return d; };
afterAll(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

async function must(argv: string[], h = home, env: Record<string, string> = {}): Promise<string> {
  const r = await runCli(argv, { home: h, env });
  if (r.code !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const completeIn = async (h: string, env: Record<string, string>, ...words: string[]): Promise<string[]> => {
  const r = await runCli(['__complete', '--shell', 'bash', ...words], { home: h, env });
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter((l) => l !== '');
};
const complete = (...words: string[]): Promise<string[]> => completeIn(home, {}, ...words);

beforeAll(async () => {
  home = temp('iamkeys-policy-completion-');
  work = temp('iamkeys-policy-completion-bin-');
  iamkeysBinDir(work);
  await must(['service-id-create', 'my app']);
  await must(['service-id-create', 'plain']);
  await must(['service-policy-create', 'my app', '--roles', 'Writer', '--service-name', 'kms', '--service-instance', 'g1']);
  await must(['service-policy-create', 'my app', '--roles', 'Viewer']);
  ids = JSON.parse(await must(['service-policies', 'my app', '-o', 'json'])).map((p: Policy) => p.id);
});

describe('__complete on the local IAM', () => {
  it("a subject's policy IDs, after the subject (and none for a subject without policies)", async () => {
    expect((await complete('service-policy', 'my\\ app', '')).sort()).toEqual([...ids].sort());
    expect(await complete('iam', 'service-policy-delete', '-f', 'my\\ app', ids[0]!.slice(0, 6))).toEqual([ids[0]]);
    expect(await complete('service-policy-update', 'plain', '')).toEqual([]);
    expect(await complete('service-policy', 'no-such-sid', '')).toEqual([]);
  });

  it('role names after --roles / -r: of the --service-name typed before, else of every IAM service and the platform', async () => {
    const all = await complete('service-policy-create', 'plain', '--roles', '');
    expect(all).toEqual(expect.arrayContaining(['Reader', 'Writer', 'Manager', 'Viewer', 'Administrator']));
    expect(all).not.toContain('Service ID creator');
    expect(await complete('service-policy-create', 'plain', '--service-name', 'iam-identity', '-r', 'Service\\ ID')).toEqual(['Service\\ ID\\ creator']);
    expect(await complete('service-policy-create', 'plain', '--roles', 'Reader,Wr')).toEqual(['Reader,Writer']);
    expect(await complete('roles', '--roles', 'Admin')).toEqual(['Administrator']);
  });

  it('service names after --service-name and --service', async () => {
    const services = await complete('service-policy-create', 'plain', '--service-name', '');
    expect(services).toEqual(expect.arrayContaining(['iam-identity', 'kms', 'cloud-object-storage', 'container-registry']));
    expect(await complete('roles', '--service', 'iam-id')).toEqual(['iam-identity']);
  });

  it('a home without a store gets nothing, and no store is made', async () => {
    const fresh = temp('iamkeys-policy-completion-fresh-');
    expect(await completeIn(fresh, {}, 'service-policy-create', 'x', '--roles', '')).toEqual([]);
    expect(existsSync(join(fresh, 'store.db'))).toBe(false);
  });
});

describe('on a remote IAM', () => {
  let iam: TestIam;
  beforeAll(async () => { iam = await startTestIam(); });
  afterAll(async () => { await iam.close(); });

  it('policy IDs, roles and services come from the names cache, which the background refresh fills', async () => {
    const h = temp('iamkeys-policy-completion-remote-');
    const env = remoteEnv(iam);
    await must(['service-id-create', 'far'], h, env);
    const id = (JSON.parse(await must(['service-policy-create', 'far', '--roles', 'Reader', '--service-name', 'kms', '-o', 'json'], h, env)) as Policy).id;
    // The refresh runs as a detached iamkeys process, as a TAB in a shell starts it.
    const ask = (...words: string[]): string => {
      const r = spawnSync(process.execPath, [BIN, '__complete', '--shell', 'bash', ...words], { env: cliEnv(h, env), encoding: 'utf8' });
      expect(r.status).toBe(0);
      return r.stdout;
    };
    expect(ask('service-policy', 'far', '')).toBe('');
    const cache = join(h, 'completion-names.json');
    for (let i = 0; i < 200 && !existsSync(cache); i++) await new Promise((r) => setTimeout(r, 50));
    expect(ask('service-policy', 'far', '')).toBe(`${id}\n`);
    expect(ask('service-policy-create', 'far', '--roles', 'Man')).toBe('Manager\n');
    expect(ask('service-policy-create', 'far', '--service-name', 'km')).toBe('kms\n');
    expect(readFileSync(cache, 'utf8')).not.toMatch(new RegExp(`${iam.apikey}|Bearer|eyJ`));
  });
});

const shellEnv = (): NodeJS.ProcessEnv => cliEnv(home, { PATH: `${join(work, 'bin')}:${process.env['PATH']}` });
const script = (shell: string): string => completionScript(work, shellEnv(), shell);

describe('the bash completion script', () => {
  const env = shellEnv;

  it('bash: policy IDs, role names and service names', () => {
    const bash = (...words: string[]): string[] => {
      const prog = `source ${shq(script('bash'))}
COMP_WORDS=(${words.map(shq).join(' ')}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=()
_iamkeys iamkeys ${shq(words[words.length - 1]!)} ${shq(words[words.length - 2]!)}
printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = spawnSync('bash', ['--norc', '--noprofile', '-c', prog], { env: env(), encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split('\n').filter((l) => l !== '');
    };
    expect(bash('iamkeys', 'iam', 'service-policy', 'my\\ app', '').sort()).toEqual([...ids].sort());
    // Quoted for the place they go (bash inserts them as given).
    expect(bash('iamkeys', 'service-policy-create', 'plain', '--service-name', 'iam-identity', '--roles', 'Service')).toEqual(['Service\\ ID\\ creator', 'Service\\ Configuration\\ Reader']);
    expect(bash('iamkeys', 'service-policy-create', 'plain', '--service-name', 'km')).toEqual(['kms']);
  });
});

describeWithTool('fish', 'apt-get install fish', 'the fish completion script', () => {
  const env = shellEnv;
  it('fish: policy IDs, role names and service names', () => {
    const fish = (line: string): string[] => {
      const r = spawnSync('fish', ['--no-config', '-c', `source ${shq(script('fish'))}; complete -C ${shq(line)}`], { env: env(), encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]!);
    };
    expect(fish("iamkeys service-policy-delete 'my app' ").sort()).toEqual([...ids].sort());
    expect(fish('iamkeys service-policy-create plain --roles Admin')).toEqual(['Administrator']);
    expect(fish('iamkeys roles --service iam-id')).toEqual(['iam-identity']);
  });
});

describeWithTool('zsh', 'apt-get install zsh', 'the zsh completion script', () => {
  const env = shellEnv;
  it('zsh: a role name and a service name, TAB pressed', () => {
    const out = join(work, 'zsh.out');
    const r = spawnSync('zsh', ['-f', ZSH_DRIVER, script('zsh'), out,
      'iamkeys service-policy-create plain --service-name iam-id', 'iamkeys service-policy-create plain --roles Administ'],
    { env: env(), encoding: 'utf8', timeout: 50_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const buffers = readFileSync(out, 'utf8').split('END\n').slice(1, -1).map((b) => b.split('\n').find((l) => l.startsWith('B:'))!.slice(2));
    expect(buffers).toEqual(['iamkeys service-policy-create plain --service-name iam-identity ', 'iamkeys service-policy-create plain --roles Administrator ']);
  });
});
