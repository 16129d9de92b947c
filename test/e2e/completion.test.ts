// The completion scripts, each run in its real shell against the built binary: bash (the function called with
// COMP_WORDS / COMP_CWORD as bash calls it, and an interactive bash on a pty), fish (`complete -C`), zsh (an interactive zsh on a pty, TAB pressed).
// Commands, the `iam` word, flags, flag values, and names of service IDs and API keys from a store that holds
// names with spaces and quotes; and on a remote IAM, names from the cache the background refresh fills.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/run-cli.js';
import { describeWithTool } from '../helpers/needs-tool.js';
import { completionScript, shq } from '../helpers/completion-scripts.js';
import { BIN, cliEnv, runBin, iamkeysBinDir } from '../helpers/spawn.js';
import { remoteEnv, startTestIam, type TestIam } from '../remote/iam-server.js';

const ZSH_DRIVER = new URL('../helpers/zsh-complete.zsh', import.meta.url).pathname;
const PTY_DRIVER = new URL('../helpers/pty_run.py', import.meta.url).pathname;

let home: string;
let work: string;
let env: NodeJS.ProcessEnv;

async function must(args: string[], h = home, extra: Record<string, string> = {}): Promise<void> {
  const r = await runBin([...args, '-q'], { home: h, env: extra });
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
}

beforeAll(async () => {
  home = tempHome();
  work = tempHome('iamkeys-completion-');
  iamkeysBinDir(work);
  env = cliEnv(home, { PATH: `${join(work, 'bin')}:${process.env['PATH']}` });
  await must(['service-id-create', 'my app']);
  await must(['service-id-create', `it's "quoted"`]);
  await must(['service-id-create', 'plain']);
  await must(['service-api-key-create', 'key one', 'my app']);
  await must(['service-api-key-create', 'other', 'plain']);
});

const script = (shell: string): string => completionScript(work, env, shell);


describe('iamkeys completion', () => {
  it('prints a script for bash, zsh and fish only', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) expect(readFileSync(script(shell), 'utf8')).toMatch(/service-api-key-create/);
    const r = await runBin(['completion', 'tcsh'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bash, zsh and fish, not 'tcsh'/);
    expect(r.stdout).toBe('');
  });
});

describe('bash', () => {
  /** Calls the completion function with these words, the last being the word under the cursor, as bash calls it:
   *  $2 is the part of that word bash replaces (after an opening quote), and what is answered goes there as is. */
  function complete(...words: string[]): string[] {
    const cur = words[words.length - 1]!;
    const replaced = /^['"]/.test(cur) ? cur.slice(1) : cur;
    const prog = `source ${shq(script('bash'))}
COMP_WORDS=(${words.map(shq).join(' ')}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=()
_iamkeys iamkeys ${shq(replaced)} ${shq(words[words.length - 2] ?? '')}
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', prog], { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter((l) => l !== '');
  }

  it('completes commands, with and without iam', () => {
    expect(complete('iamkeys', 'service-id-d')).toEqual(['service-id-delete']);
    expect(complete('iamkeys', 'i')).toEqual(['iam']);
    expect(complete('iamkeys', 'iam', 'service-ids')).toEqual(['service-ids']);
    expect(complete('iamkeys', 'iam', 'user-r')).toEqual([]); // the local IAM's user commands are not under iam
    expect(complete('iamkeys', 'iam', 'user-policy-c')).toEqual(['user-policy-create']); // ibmcloud's user policies are
    expect(complete('iamkeys', 'user-r')).toEqual(['user-role']);
  });

  it('completes flags and their values', () => {
    expect(complete('iamkeys', 'service-api-key-create', 'k', 'plain', '--ac')).toEqual(['--action-if-leaked']);
    expect(complete('iamkeys', 'service-api-key-create', 'k', 'plain', '--action-if-leaked', '')).toEqual(['NONE', 'DISABLE', 'DELETE']);
    expect(complete('iamkeys', 'iam', 'service-api-key-update', 'k', 'plain', '--action-if-leaked', 'DI')).toEqual(['DISABLE']);
    expect(complete('iamkeys', 'service-ids', '--output', '')).toEqual(['json']);
    expect(complete('iamkeys', 'service-id-delete', '--d')).toEqual(['--dry-run']);
    expect(complete('iamkeys', 'service-ids', '--d')).toEqual(['--description']);
    expect(complete('iamkeys', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
    // A flag's free value is not completed with names.
    expect(complete('iamkeys', 'service-id-update', 'plain', '-n', '')).toEqual([]);
  });

  it('completes names with spaces and quotes, matching the word as typed (quoted or escaped), answered quoted for it', () => {
    expect(complete('iamkeys', 'service-id-delete', '')).toEqual(['my\\ app', `it\\'s\\ \\"quoted\\"`, 'plain']);
    expect(complete('iamkeys', 'service-id-delete', 'my\\ a')).toEqual(['my\\ app']);
    expect(complete('iamkeys', 'service-id-delete', '"my a')).toEqual(['my app']);
    expect(complete('iamkeys', 'service-id-delete', "'it")).toEqual([`it'\\''s "quoted"`]);
    expect(complete('iamkeys', 'service-id-delete', '"it')).toEqual([`it's \\"quoted\\""`]);
    expect(complete('iamkeys', 'iam', 'service-id', `it\\'`)).toEqual([`it\\'s\\ \\"quoted\\"`]);
    expect(complete('iamkeys', 'service-api-key-delete', '')).toEqual(['key\\ one', 'other']);
    // After the key's name, the service IDs that hold a key of that name.
    expect(complete('iamkeys', 'service-api-key-delete', 'key\\ one', '')).toEqual(['my\\ app']);
    expect(complete('iamkeys', 'service-api-key-delete', '-f', 'other', '')).toEqual(['plain']);
    // A new name completes to nothing; the service ID after it does.
    expect(complete('iamkeys', 'service-api-key-create', '')).toEqual([]);
    expect(complete('iamkeys', 'service-api-key-create', 'new', '--file', 'x', 'p')).toEqual(['plain']);
  });

  it('in an interactive bash, TAB inserts the name quoted so that the command gets it', () => {
    // Typed: an open single quote, and a name with a space; each line is then run and prints the id it got
    // (the marker is computed, so that waiting for it does not match the echo of what was typed).
    const spec = {
      argv: ['bash', '--norc', '--noprofile', '-i'],
      env: { ...env, PS1: 'PROMPT> ', TERM: 'xterm' },
      steps: [
        { wait: 'PROMPT> ', send: `source ${shq(script('bash'))}\r` },
        { wait: 'PROMPT> ', send: "iamkeys service-id 'it\t" },
        { wait: 'quoted', send: ' --uuid -q; echo DONE-$((0+1))\r' },
        { wait: 'DONE-1', send: 'iamkeys service-id my\t' },
        { wait: 'app ', send: '--uuid -q; echo DONE-$((1+1))\r' },
        { wait: 'DONE-2', send: 'exit\r' },
      ],
      timeout: 40,
    };
    const r = spawnSync('python3', [PTY_DRIVER, JSON.stringify(spec)], { encoding: 'utf8', timeout: 50_000 });
    const result = JSON.parse(r.stdout) as { plain: string; steps_done: number };
    expect(result.steps_done, result.plain).toBe(spec.steps.length);
    expect(result.plain).toContain(`iamkeys service-id 'it'\\''s "quoted"' `);
    expect(result.plain).toContain('iamkeys service-id my\\ app ');
    expect(result.plain.match(/^ServiceId-[0-9a-f-]{36}$/gm)).toHaveLength(2);
  });
});

describeWithTool('fish', 'apt-get install fish', 'fish', () => {
  function complete(line: string): string[] {
    const r = spawnSync('fish', ['--no-config', '-c', `source ${shq(script('fish'))}; complete -C ${shq(line)}`], { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]!);
  }

  it('completes commands, with and without iam', () => {
    expect(complete('iamkeys service-id-del')).toEqual(['service-id-delete']);
    expect(complete('iamkeys ia')).toEqual(['iam']);
    expect(complete('iamkeys iam service-ids')).toEqual(['service-ids']);
    expect(complete('iamkeys iam user-ro')).toEqual([]);
    expect(complete('iamkeys iam user-policy-c')).toEqual(['user-policy-create']);
  });

  it('completes flags and their values', () => {
    expect(complete('iamkeys service-api-key-create k plain --action-if')).toEqual(['--action-if-leaked']);
    expect(complete('iamkeys service-api-key-create k plain --action-if-leaked ').sort()).toEqual(['DELETE', 'DISABLE', 'NONE']);
    expect(complete('iamkeys iam service-ids --output ')).toEqual(['json']);
    expect(complete('iamkeys service-id-lock --dry')).toEqual(['--dry-run']);
  });

  it('completes names with spaces and quotes', () => {
    expect(complete('iamkeys service-id-delete ').sort()).toEqual([`it's "quoted"`, 'my app', 'plain']);
    expect(complete('iamkeys service-id-delete my\\ a')).toEqual(['my app']);
    expect(complete(`iamkeys iam service-id 'it`)).toEqual([`it's "quoted"`]);
    expect(complete('iamkeys service-api-key-delete ').sort()).toEqual(['key one', 'other']);
    expect(complete('iamkeys service-api-key-delete "key one" ')).toEqual(['my app']);
  });
});

describeWithTool('zsh', 'apt-get install zsh', 'zsh', () => {
  /** Types each line and TAB in an interactive zsh; per line, what was offered and the line after the TAB. */
  function complete(...lines: string[]): { offered: string[]; buffer: string }[] {
    const out = join(work, `zsh-${Math.random().toString(16).slice(2)}.out`);
    const r = spawnSync('zsh', ['-f', ZSH_DRIVER, script('zsh'), out, ...lines], { env, encoding: 'utf8', timeout: 50_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const blocks = readFileSync(out, 'utf8').split('END\n').slice(1, -1);
    expect(blocks).toHaveLength(lines.length);
    return blocks.map((b) => {
      const ls = b.split('\n');
      return {
        offered: ls.filter((l) => l.startsWith('C:')).map((l) => l.slice(2)),
        buffer: ls.find((l) => l.startsWith('B:'))!.slice(2),
      };
    });
  }

  it('completes commands, iam, flags, flag values and names with spaces and quotes', () => {
    const [cmd, iam, notUnderIam, flag, value, output, names, space, quote, key, sidOfKey] = complete(
      'iamkeys service-id-del',
      'iamkeys iam service-ids',
      'iamkeys iam user-cr',
      'iamkeys service-api-key-create k plain --action-if',
      'iamkeys service-api-key-create k plain --action-if-leaked DI',
      'iamkeys service-ids --output ',
      'iamkeys service-id-delete ',
      'iamkeys service-id-delete my',
      "iamkeys iam service-id it",
      'iamkeys service-api-key-delete key',
      'iamkeys service-api-key-delete key\\ one ',
    );
    expect(cmd!.buffer).toBe('iamkeys service-id-delete ');
    expect(iam!.buffer).toMatch(/^iamkeys iam service-ids ?$/);
    expect(notUnderIam!.buffer).toBe('iamkeys iam user-cr');
    expect(flag!.buffer).toBe('iamkeys service-api-key-create k plain --action-if-leaked ');
    expect(value!.buffer).toBe('iamkeys service-api-key-create k plain --action-if-leaked DISABLE ');
    expect(output!.buffer).toBe('iamkeys service-ids --output json ');
    expect(names!.offered.sort()).toEqual([`it\\'s\\ \\"quoted\\"`, 'my\\ app', 'plain']);
    expect(space!.buffer).toBe('iamkeys service-id-delete my\\ app ');
    expect(quote!.buffer).toBe(`iamkeys iam service-id it\\'s\\ \\"quoted\\" `);
    expect(key!.buffer).toBe('iamkeys service-api-key-delete key\\ one ');
    expect(sidOfKey!.buffer).toBe('iamkeys service-api-key-delete key\\ one my\\ app ');
  });
});

describe('names on a remote IAM', () => {
  let iam: TestIam;
  beforeAll(async () => {
    iam = await startTestIam();
  });
  afterAll(async () => {
    await iam.close();
  });

  it('come from a cache that a background refresh fills; the first TAB gets none rather than waiting', async () => {
    const h = tempHome();
    const remote = remoteEnv(iam);
    await must(['service-id-create', 'far away'], h, remote);
    const ask = (): string => {
      const r = spawnSync(process.execPath, [BIN, '__complete', '--shell', 'bash', 'service-id-delete', 'far'], { env: cliEnv(h, remote), encoding: 'utf8' });
      expect(r.status).toBe(0);
      return r.stdout;
    };
    expect(ask()).toBe('');
    const cache = join(h, 'completion-names.json');
    for (let i = 0; i < 200 && !existsSync(cache); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(cache)).toBe(true);
    expect(ask()).toBe('far\\ away\n'); // quoted for bash, as it is inserted
    // The cache holds names only, never a key's secret or a token.
    expect(readFileSync(cache, 'utf8')).not.toMatch(new RegExp(`${iam.apikey}|Bearer|eyJ`));
  });
});
