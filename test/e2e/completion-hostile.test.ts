// Completion with names chosen to attack the shell: any user of a shared local IAM, of `serve`, or a remote IAM
// through the names cache can plant them. In real bash (interactive, on a pty), zsh and fish, TAB must insert
// each name quoted so that the line runs the command with that name and nothing else: no command substitution,
// arithmetic, parameter assignment or history expansion. Names that would act on the terminal (ESC, C1, bidi, a
// newline) are never offered, from the cache as from the store; the cache's time cannot keep it fresh forever;
// completion reads the home as other commands do (its owner, no links) and makes its refresh mark without
// following a link.
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNamesCache } from '../../src/cli/completion/names.js';
import { describeWithTool } from '../helpers/needs-tool.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { completionScript, shq } from '../helpers/completion-scripts.js';
import { BIN, cliEnv, runBin, iamkeysBinDir } from '../helpers/spawn.js';
import { remoteEnv, startTestIam, type TestIam } from '../remote/iam-server.js';

const ZSH_DRIVER = new URL('../helpers/zsh-complete.zsh', import.meta.url).pathname;
const PTY_DRIVER = new URL('../helpers/pty_run.py', import.meta.url).pathname;

/** Each would run `touch mN` (or set a variable that runs it at every prompt) if bash expanded it. */
const ARITH = 'q$((a[$(touch m1)]))';
const ASSIGN = 'x${PROMPT_COMMAND:=touch m2}';
const BACKTICK = 'b`touch m3` {c,d}';
const KEY = 'k$(touch m4);touch m5';
const BANG = 'h!x "$(touch m6)"';
const QUOTES = "z 'quoted'";
const TRAPS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];

let home: string;
let work: string;
let env: NodeJS.ProcessEnv;
const ids: Record<string, string> = {};

beforeAll(async () => {
  home = tempHome();
  work = tempHome('iamkeys-completion-');
  iamkeysBinDir(work);
  env = cliEnv(home, { PATH: `${join(work, 'bin')}:${process.env['PATH']}` });
  for (const name of [ARITH, ASSIGN, BACKTICK, BANG, QUOTES]) {
    const r = await runBin(['service-id-create', name, '-o', 'json'], { home });
    expect(r.code, r.stderr).toBe(0);
    ids[name] = (JSON.parse(r.stdout) as { id: string }).id;
  }
  const k = await runBin(['service-api-key-create', KEY, ids[BACKTICK]!, '-q'], { home });
  expect(k.code, k.stderr).toBe(0);
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const script = (shell: string): string => completionScript(work, env, shell);

/** A working folder of each shell's own, where a name that ran would leave its mN file. */
const cwdOf = (shell: string): string => {
  const dir = join(work, `cwd-${shell}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const trapsSprung = (shell: string): string[] => readdirSync(cwdOf(shell)).filter((f) => TRAPS.includes(f));

describe('hostile names in an interactive bash', () => {
  it('TAB inserts each name quoted for the way the word was opened (bare, \' or "); running the line gets that name and runs nothing', () => {
    // Each line: what is typed before TAB, what the line must then read, and the id it must print when run.
    const lines: [typed: string, after: string, id: string][] = [
      ['iamkeys service-id q', 'iamkeys service-id q\\$\\(\\(a\\[\\$\\(touch\\ m1\\)\\]\\)\\) ', ids[ARITH]!],
      ['iamkeys service-id "x', 'iamkeys service-id "x\\${PROMPT_COMMAND:=touch m2}" ', ids[ASSIGN]!],
      ["iamkeys service-id 'b", "iamkeys service-id 'b`touch m3` {c,d}' ", ids[BACKTICK]!],
      ['iamkeys service-id b', 'iamkeys service-id b\\`touch\\ m3\\`\\ \\{c,d\\} ', ids[BACKTICK]!],
      ['iamkeys service-id "h', `iamkeys service-id "h"'!'"x \\"\\$(touch m6)\\"" `, ids[BANG]!],
      ['iamkeys service-id h', 'iamkeys service-id h\\!x\\ \\"\\$\\(touch\\ m6\\)\\" ', ids[BANG]!],
      ["iamkeys service-id 'z", "iamkeys service-id 'z '\\''quoted'\\''' ", ids[QUOTES]!],
    ];
    const steps: { wait: string; send: string }[] = [
      { wait: 'PROMPT> ', send: `source ${shq(script('bash'))}; cd ${shq(cwdOf('bash'))}\r` },
    ];
    lines.forEach(([typed, after], i) => {
      steps.push({ wait: i === 0 ? 'PROMPT> ' : `DONE-${i}`, send: `${typed}\t` });
      // The end of the completed line (it is not in what was typed); the marker is computed, so that waiting for
      // it does not match the echo of what was typed.
      steps.push({ wait: after.slice(typed.length), send: `--uuid -q; echo DONE-$((${i}+1))\r` });
    });
    // The API key's name, then its service ID, both completed.
    steps.push({ wait: `DONE-${lines.length}`, send: 'iamkeys service-api-key k\t' });
    steps.push({ wait: 'touch\\ m5 ', send: 'b\t' });
    steps.push({ wait: '\\{c,d\\} ', send: `--uuid -q; echo DONE-$((${lines.length}+1))\r` });
    steps.push({ wait: `DONE-${lines.length + 1}`, send: 'true\r' });
    steps.push({ wait: 'PROMPT> ', send: 'exit\r' });
    const spec = { argv: ['bash', '--norc', '--noprofile', '-i'], env: { ...env, PS1: 'PROMPT> ', TERM: 'xterm' }, steps, timeout: 60 };
    const r = spawnSync('python3', [PTY_DRIVER, JSON.stringify(spec)], { encoding: 'utf8', timeout: 70_000 });
    const result = JSON.parse(r.stdout) as { plain: string; steps_done: number };
    expect(result.steps_done, result.plain).toBe(steps.length);
    for (const [, after] of lines) expect(result.plain).toContain(after);
    expect(result.plain).toContain(`iamkeys service-api-key k\\$\\(touch\\ m4\\)\\;touch\\ m5 b\\\`touch\\ m3\\\`\\ \\{c,d\\} `);
    const printed = result.plain.match(/^(ServiceId|ApiKey)-[0-9a-f-]{36}$/gm) ?? [];
    expect(printed.slice(0, lines.length)).toEqual(lines.map(([, , id]) => id.replace(/^iam-/, '')));
    expect(printed).toHaveLength(lines.length + 1);
    expect(trapsSprung('bash')).toEqual([]);
  });
});

describeWithTool('zsh', 'apt-get install zsh', 'hostile names in zsh', () => {
  it('TAB inserts each name quoted; zsh reads the line back as that name and runs nothing', () => {
    const cwd = cwdOf('zsh');
    const out = join(work, 'zsh.out');
    const cases: [typed: string, name: string][] = [
      ['iamkeys service-id q', ARITH],
      ['iamkeys service-id x', ASSIGN],
      ['iamkeys service-id b', BACKTICK],
      ['iamkeys service-id h', BANG],
      ['iamkeys service-id z', QUOTES],
      ['iamkeys service-api-key k', KEY],
    ];
    const r = spawnSync('zsh', ['-f', ZSH_DRIVER, script('zsh'), out, ...cases.map(([typed]) => typed)], { env: { ...env, PWD: cwd }, cwd, encoding: 'utf8', timeout: 50_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const buffers = readFileSync(out, 'utf8').split('END\n').slice(1, -1).map((b) => b.split('\n').find((l) => l.startsWith('B:'))!.slice(2));
    expect(buffers).toHaveLength(cases.length);
    cases.forEach(([typed], i) => {
      const buffer = buffers[i]!;
      expect(buffer.startsWith(typed.slice(0, typed.lastIndexOf(' ')))).toBe(true);
      // The line as zsh parses it: the third word is the name, and parsing it ran nothing.
      const read = spawnSync('zsh', ['-f', '-c', `set -- ${buffer}; print -rn -- "$3"`], { env, cwd, encoding: 'utf8' });
      expect(read.stdout, buffer).toBe(cases[i]![1]);
    });
    expect(trapsSprung('zsh')).toEqual([]);
  });
});

describeWithTool('fish', 'apt-get install fish', 'hostile names in fish', () => {
  it('offers each name as it is (fish escapes what it inserts) and runs nothing', () => {
    const cwd = cwdOf('fish');
    const complete = (line: string): string[] => {
      const r = spawnSync('fish', ['--no-config', '-c', `source ${shq(script('fish'))}; complete -C ${shq(line)}`], { env, cwd, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]!);
    };
    expect(complete('iamkeys service-id q')).toEqual([ARITH]);
    expect(complete('iamkeys service-id x')).toEqual([ASSIGN]);
    expect(complete('iamkeys service-id b')).toEqual([BACKTICK]);
    expect(complete('iamkeys service-id h')).toEqual([BANG]);
    expect(complete("iamkeys service-id 'z '")).toEqual([QUOTES]);
    expect(complete('iamkeys service-api-key k')).toEqual([KEY]);
    // What fish inserts for a name, read back by fish, is the name.
    const r = spawnSync('fish', ['--no-config', '-c', `set -l w (string escape -- ${shq(ARITH)}); eval "printf %s $w"`], { env, cwd, encoding: 'utf8' });
    expect(r.stdout).toBe(ARITH);
    expect(trapsSprung('fish')).toEqual([]);
  });
});

describe('the names cache of a remote IAM, and the home completion reads', () => {
  let iam: TestIam;
  beforeAll(async () => {
    iam = await startTestIam();
    const r = await runCli(['service-id-create', 'served name'], { home: tempHome(), env: remoteEnv(iam) });
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => {
    await iam?.close();
  });

  const endpoint = (): string => iam.url.replace(/\/+$/, '');
  /** `__complete` as the zsh script calls it (names as they are), run by the binary so that a refresh can start. */
  const ask = (h: string, ...words: string[]): string => {
    const r = spawnSync(process.execPath, [BIN, '__complete', '--shell', 'zsh', ...words, ''], { env: cliEnv(h, remoteEnv(iam)), encoding: 'utf8' });
    expect(r.status).toBe(0);
    return r.stdout;
  };
  const readCacheFile = (h: string): { fetchedAt: number; serviceIds: string[]; apiKeys: { name: string }[] } =>
    JSON.parse(readFileSync(join(h, 'completion-names.json'), 'utf8')) as { fetchedAt: number; serviceIds: string[]; apiKeys: { name: string }[] };

  it('a cache holding names with ESC, C1, bidi or a newline offers none of them; one from the future is refreshed', async () => {
    const h = tempHome();
    writeFileSync(join(h, 'completion-names.json'), JSON.stringify({
      endpoint: endpoint(), fetchedAt: Date.now() + 10 * 365 * 86_400_000,
      serviceIds: ['title\u001b]0;owned\u0007', 'clear\u001b[2J', 'c1\u009b2J', 'bidi\u202eevil', 'two\nlines', 'fine one'],
      apiKeys: [{ name: 'k\u001b[2J', serviceId: 'fine one' }, { name: 'good key', serviceId: 'fine one' }, { name: 'ok', serviceId: 'bidi\u202eevil' }],
    }), { mode: 0o600 });
    expect(ask(h, 'service-id-delete')).toBe('fine one\n');
    expect(ask(h, 'service-api-key-delete')).toBe('good key\n');
    // The time in the future counted as old: a refresh started, and wrote the served names with a time not after now.
    for (let i = 0; i < 200 && !readCacheFile(h).serviceIds.includes('served name'); i++) await new Promise((r) => setTimeout(r, 50));
    const fresh = readCacheFile(h);
    expect(fresh.serviceIds).toContain('served name');
    expect(fresh.fetchedAt).toBeLessThanOrEqual(Date.now());
    rmSync(h, { recursive: true, force: true });
  });

  it('names that would act on the terminal are not written to the cache, nor a time after now', () => {
    const h = tempHome();
    writeNamesCache(h, endpoint(), {
      serviceIds: ['ok', 'esc\u001b[2J', 'nl\nforged'],
      apiKeys: [{ name: 'key\u0085', serviceId: 'ok' }, { name: 'fine', serviceId: 'ok' }, { name: 'fine', serviceId: 'esc\u001b[2J' }],
    }, Date.now() + 3_600_000);
    const c = readCacheFile(h);
    expect(c.serviceIds).toEqual(['ok']);
    expect(c.apiKeys).toEqual([{ name: 'fine', serviceId: 'ok' }]);
    expect(c.fetchedAt).toBeLessThanOrEqual(Date.now());
    rmSync(h, { recursive: true, force: true });
  });

  it('a cache file that is a symbolic link is not read', async () => {
    const h = tempHome();
    const elsewhere = tempHome();
    writeFileSync(join(elsewhere, 'names.json'), JSON.stringify({ endpoint: endpoint(), fetchedAt: Date.now(), serviceIds: ['planted'], apiKeys: [] }));
    symlinkSync(join(elsewhere, 'names.json'), join(h, 'completion-names.json'));
    const r = await runCli(['__complete', '--shell', 'zsh', 'service-id-delete', ''], { home: h, env: remoteEnv(iam) });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    rmSync(h, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('a home of another user gives no names, as it would be refused by every other command', async () => {
    const h = tempHome();
    expect((await runCli(['service-id-create', 'in foreign home'], { home: h })).code).toBe(0);
    expect((await runCli(['__complete', 'service-id-delete', ''], { home: h })).stdout).toBe('in foreign home\n');
    chownSync(h, 65534, 65534);
    try {
      const other = await runCli(['service-ids'], { home: h });
      expect(other.code).toBe(1);
      expect(other.stderr).toContain('belongs to another user');
      const r = await runCli(['__complete', 'service-id-delete', ''], { home: h });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
    } finally {
      chownSync(h, process.getuid!(), process.getgid!());
      rmSync(h, { recursive: true, force: true });
    }
  });

  it('a refresh mark planted as a link is not followed: its target is not truncated', () => {
    const h = tempHome();
    const victim = join(work, 'victim.txt');
    writeFileSync(victim, 'keep me\n');
    utimesSync(victim, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000)); // no refresh began lately
    symlinkSync(victim, join(h, 'completion-names.refresh'));
    expect(ask(h, 'service-id-delete')).toBe('');
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    rmSync(h, { recursive: true, force: true });
  });
});
