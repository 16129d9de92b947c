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
      expect(r.stdout).toContain('8 the audit found keys that need attention');
      expect(r.stdout).toMatch(/^ {2}--dry-run {10}on a command that changes something/m);
    }
  });

  it('-h is described with a capital, and service ID arguments have one placeholder, on every command', async () => {
    for (const argv of [['help'], ['help', 'service-id-delete'], ['service-api-keys', '-h'], ['iam', 'help', 'service-id']]) {
      const r = await runCli(argv, { home });
      expect(r.stdout).toMatch(/^ {2}-h, --help +Display help for the command$/m);
      expect(r.stdout).not.toMatch(/display help|NAME\|UUID/);
    }
    expect((await runCli(['help', 'service-id-update'], { home })).stdout).toContain('service-id-update [options] <SERVICE_ID>');
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

describe('--dry-run before the command, as a global option', () => {
  it('`iamkeys --dry-run service-id-create x` shows the request and creates nothing', async () => {
    const r = await runCli(['--dry-run', 'service-id-create', 'x'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Dry run: nothing was changed\. The real run would send to the local IAM:\nPOST \/v1\/serviceids\/$/m);
    expect((await runCli(['service-ids', '-o', 'json'], { home })).stdout).toBe('[]\n');
  });

  it('on a command that changes nothing it is a usage error that says why', async () => {
    expectFailed(await runCli(['--dry-run', 'service-ids'], { home }), 2,
      "Incorrect Usage: This command changes nothing, so it takes no --dry-run.\nRun with -h for the command's usage.");
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
    expectFailed(r, 2, "Incorrect Usage: Unknown command 'service-idz'. Did you mean one of 'service-id', 'service-ids'?\nRun 'iamkeys help' for the list of commands.");
  });

  it('every suggestion has the one form: a sentence, then Did you mean \'X\'?', async () => {
    expectFailed(await runCli(['service-api-key-lok'], { home }), 2,
      "Incorrect Usage: Unknown command 'service-api-key-lok'. Did you mean 'service-api-key-lock'?\nRun 'iamkeys help' for the list of commands.");
    expectFailed(await runCli(['service-ids', '--outptu', 'json'], { home }), 2,
      "Incorrect Usage: Unknown option '--outptu'. Did you mean '--output'?\nRun with -h for the command's usage.");
  });

  it('`help X` for no command X says unknown command, with the suggestion, not the whole help', async () => {
    for (const argv of [['help', 'service-id-list'], ['iam', 'help', 'service-id-list']]) {
      const r = await runCli(argv, { home });
      expectFailed(r, 2, "Incorrect Usage: Unknown command 'service-id-list'. Did you mean 'service-ids'?\nRun 'iamkeys help' for the list of commands.");
      expect(r.stdout).toBe('');
    }
    const none = await runCli(['help', 'nosuch'], { home });
    expectFailed(none, 2, "Incorrect Usage: Unknown command 'nosuch'.\nRun 'iamkeys help' for the list of commands.");
  });

  it('a name with spaces typed without quotes gets a hint to quote it', async () => {
    const r = await runCli(['service-id-create', 'my', 'app'], { home });
    expectFailed(r, 2, "Incorrect Usage: Too many arguments for 'service-id-create'. Expected 1 argument but got 2.\n"
      + "Quote a name that holds spaces, so it is one argument: iamkeys service-id-create 'my app'\nRun with -h for the command's usage.");
    // The words around an option are not joined into a name the user did not type.
    const split = await runCli(['service-id-create', 'my', '-d', 'x', 'app'], { home });
    expectFailed(split, 2, /\nQuote a name that holds spaces, so it is one argument: 'my app'\.\n/);
    expectFailed(await runCli(['service-api-key-create', 'my', 'key', 'app'], { home }), 2, /\nQuote a name that holds spaces/);
  });

  it('a value check before any request prints nothing on stdout', async () => {
    expectOneLineFailure(await runCli(['service-id-create', ''], { home }), 2, 'The service ID name must not be empty.');
  });
});

describe('what the system said, in words', () => {
  it('a missing --apikey @FILE "does not exist", not ENOENT', async () => {
    const missing = `${home}/nope.json`;
    const r = await runCli(['service-ids'], { home, env: { IBMCLOUD_API_KEY: `@${missing}` } });
    expectFailed(r, 2, `The API key file ${missing} given in IBMCLOUD_API_KEY cannot be read: does not exist.`);
    expect(r.stderr).not.toMatch(/E[A-Z]{3,}/);
  });
});

describe('long cells on a terminal', () => {
  const description = 'd'.repeat(900);

  it('are cut to the terminal\'s width with …, ids and times whole; never in a pipe or in JSON', async () => {
    const sid = await createServiceId(home, 'app', ['-d', description]);
    const tty = await runCli(['service-ids'], { home, stdoutTTY: true, columns: 160, env: { NO_COLOR: '1' } });
    expect(tty.code, tty.stderr).toBe(0);
    const lines = tty.stdout.split('\n').filter((l) => l !== '');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(160);
    const row = lines.find((l) => l.startsWith(sid.id))!;
    const at = (t: string): string => t.replace('+', '\\+');
    expect(row).toMatch(new RegExp(`^${sid.id} +app +${at(sid.created_at)} +${at(sid.modified_at)} +d+… +false$`));

    const piped = await runCli(['service-ids'], { home });
    expect(piped.stdout).toContain(description);
    const json = await runCli(['service-ids', '-o', 'json'], { home, stdoutTTY: true, columns: 100 });
    expect((JSON.parse(json.stdout) as { description: string }[])[0]!.description).toBe(description);
    // A terminal too narrow even for the ids and times: the text is cut to 12 columns, the rest left whole.
    const narrow = await runCli(['service-ids'], { home, stdoutTTY: true, columns: 40, env: { NO_COLOR: '1' } });
    expect(narrow.stdout).toContain(`${sid.created_at}   ${sid.modified_at}   ${'d'.repeat(11)}…   false`);
    // A table that fits is left as it is.
    const wide = await runCli(['service-ids'], { home, stdoutTTY: true, columns: 2000, env: { NO_COLOR: '1' } });
    expect(wide.stdout).toBe(piped.stdout);
  });
});
