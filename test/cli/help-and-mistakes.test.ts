// Global options before the command, `iamkeys help [COMMAND]`, the root help's global options, environment and
// exit codes, and the suggestions for commands people type from other CLIs.
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { createServiceId, expectOneLineFailure, expectFailed } from '../helpers/cli.js';

let home: string;
beforeEach(() => {
  home = tempHome();
});

describe('global options before the command mean what they mean after it', () => {
  it.each([
    [['-q', 'service-ids', '--uuid'], ['service-ids', '--uuid', '-q']],
    [['--quiet', 'iam', 'service-ids'], ['iam', 'service-ids', '--quiet']],
    [['--output', 'json', 'service-ids'], ['service-ids', '--output', 'json']],
    [['-o', 'JSON', 'iam', 'service-id', 'app'], ['iam', 'service-id', 'app', '-o', 'JSON']],
    [['--output=json', '-q', 'service-ids'], ['service-ids', '--output=json', '-q']],
    [['--no-color', 'service-ids'], ['service-ids', '--no-color']],
  ])('%j = %j', async (before, after) => {
    await createServiceId(home, 'app');
    const a = await runCli(before, { home });
    const b = await runCli(after, { home });
    expect(a.code, a.stderr).toBe(0);
    expect(a).toEqual(b);
  });

  it('-q before the command hides progress and OK; --output json before it prints the JSON alone', async () => {
    const sid = await createServiceId(home, 'app');
    expect(await runCli(['-q', 'service-ids', '--uuid'], { home })).toEqual({ code: 0, stdout: `${sid.id}\n`, stderr: '' });
    const json = await runCli(['--output', 'json', 'service-ids'], { home });
    expect(json.stderr).toBe('');
    expect((JSON.parse(json.stdout) as { id: string }[]).map((s) => s.id)).toEqual([sid.id]);
    // --no-input before the command still refuses to ask.
    expectFailed(await runCli(['--no-input', 'service-id-delete', 'app'], { home, stdin: 'y\n' }), 2, /--no-input forbids asking/);
  });
});

describe('help', () => {
  it('`iamkeys help` and `iamkeys --help`: the commands, global options, environment and exit codes, exit 0', async () => {
    for (const argv of [['help'], ['--help']]) {
      const r = await runCli(argv, { home });
      expect(r.code, r.stderr).toBe(0);
      for (const cmd of ['service-api-key-create', 'service-ids', 'service-id', 'help [COMMAND]']) expect(r.stdout).toContain(cmd);
      expect(r.stdout).toMatch(/Global options \(before or after the command\):\n {2}-o, --output JSON/);
      for (const v of ['IAMKEYS_HOME', 'IAMKEYS_IAM_ENDPOINT', 'IBMCLOUD_API_KEY', 'IBMCLOUD_TRACE', 'NO_COLOR']) expect(r.stdout).toContain(v);
      expect(r.stdout).toMatch(/Exit codes:\n {2}0 success {3}1 failure or declined {3}2 usage/);
      expect(r.stdout).toContain('6 ambiguous name');
    }
  });

  it('`iamkeys help COMMAND` and `iamkeys iam help COMMAND` show that command\'s options, exit 0', async () => {
    for (const argv of [['help', 'service-api-key-create'], ['iam', 'help', 'service-api-key-create'], ['service-api-key-create', '-h']]) {
      const r = await runCli(argv, { home });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('service-api-key-create [options] <NAME> <SERVICE_ID>');
      expect(r.stdout).toContain('--file <FILE>');
    }
  });
});

describe('commands typed by analogy lead to the right one (exit 2)', () => {
  it.each([
    ['service-api-key-list', 'service-api-keys'],
    ['service-id-list', 'service-ids'],
    ['service-id-show', 'service-id'],
    ['service-api-key-show', 'service-api-key'],
  ])('%s → %s', async (typed, meant) => {
    for (const argv of [[typed, 'x'], ['iam', typed, 'x']]) {
      const r = await runCli(argv, { home });
      expectFailed(r, 2, `Incorrect Usage: Unknown command '${typed}'. Did you mean '${meant}'?\nRun 'iamkeys help' for the list of commands.`);
      expect(r.stdout).toBe('');
    }
  });

  it('another unknown command keeps the spelling suggestion', async () => {
    const r = await runCli(['service-idz'], { home });
    expectFailed(r, 2, /Unknown command 'service-idz' \(Did you mean one of service-id, service-ids\?\)/);
  });

  it('a value check before any request prints nothing on stdout', async () => {
    expectOneLineFailure(await runCli(['service-id-create', ''], { home }), 2, 'The service ID name must not be empty.');
  });
});
