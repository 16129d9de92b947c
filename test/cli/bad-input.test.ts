// Bad input: each fails with FAILED, one clear message, the documented exit code, no stack trace,
// and changes nothing.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run-cli.js';
import {
  MISSING_KEY, MISSING_SID, createKey, createServiceId, expectFailed, expectOneLineFailure, ok, snapshot,
} from '../helpers/cli.js';

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

let home: string;
let before: Snapshot;

beforeAll(async () => {
  home = tempHome();
  await createServiceId(home, 'app', ['-d', 'demo']);
  await createKey(home, 'k', 'app');
  before = await snapshot(home);
});

/** Every case runs on the same store, and each must leave it as it was. */
beforeEach(async () => {
  expect(await snapshot(home)).toEqual(before);
});

const long = 'n'.repeat(256);

describe('usage errors the parser finds: exit 2, "Incorrect Usage" and a pointer to -h', () => {
  const cases: [string, string[], string][] = [
    ['an unknown command', ['nope'], "Unknown command 'nope'"],
    ['an unknown command under iam', ['iam', 'service-idz'], "Unknown command 'service-idz'"],
    ['an unknown flag', ['service-ids', '--bogus'], "Unknown option '--bogus'"],
    ['an unknown flag on a destructive verb', ['service-api-key-delete', 'k', 'app', '-f', '--bogus'], "Unknown option '--bogus'"],
    ['an unknown short flag', ['service-id-delete', 'app', '-x'], "Unknown option '-x'"],
    ['a missing argument', ['service-id-create'], "Missing required argument 'NAME'"],
    ['a missing second argument', ['service-api-key-create', 'k'], "Missing required argument 'SERVICE_ID'"],
    ['a missing key argument', ['iam', 'service-api-key-delete'], "Missing required argument 'APIKEY'"],
    ['a flag without its value', ['service-id-create', 'x', '-d'], "Option '-d, --description <DESCRIPTION>' argument missing"],
    ['--output without its value', ['service-ids', '--output'], "Option '-o, --output <FORMAT>' argument missing"],
    ['too many arguments', ['service-id-delete', 'app', 'extra', '-f'], 'Too many arguments'],
  ];

  it.each(cases)('%s', async (_, argv, message) => {
    // -o json goes right after the command: a flag missing its value would take it as the value.
    const at = argv[0] === 'iam' ? 2 : 1;
    for (const output of [[], ['-o', 'json']]) {
      const r = await runCli([...argv.slice(0, at), ...output, ...argv.slice(at)], { home });
      expectFailed(r, 2);
      const lines = r.stderr.split('\n');
      expect(lines[0]).toBe('FAILED');
      expect(lines[1]).toContain(`Incorrect Usage: ${message}`);
      expect(r.stderr).toMatch(/^FAILED\nIncorrect Usage: [^\n]+\n(Quote a name [^\n]+\n)?Run (with -h for the command's usage|'iamkeys help' for the list of commands)\.\n$/);
    }
  });
});

describe('values the CLI checks before any request: exit 2, FAILED and exactly one line', () => {
  const cases: [string, string[], string | RegExp][] = [
    ['an empty service ID name', ['service-id-create', ''], 'The service ID name must not be empty.'],
    ['a blank service ID name', ['service-id-create', '   '], 'The service ID name must not be empty.'],
    ['an empty API key name', ['service-api-key-create', '', 'app'], 'The API key name must not be empty.'],
    ['an empty new name (service ID)', ['service-id-update', 'app', '-n', '', '-f'], 'The service ID name must not be empty.'],
    ['an empty new name (API key)', ['service-api-key-update', 'k', 'app', '-n', '', '-f'], 'The API key name must not be empty.'],
    ['a service ID name of 256 characters', ['service-id-create', long], 'The service ID name is longer than 255 characters.'],
    ['an API key name of 256 characters', ['service-api-key-create', long, 'app'], 'The API key name is longer than 255 characters.'],
    ['a new name of 256 characters', ['service-api-key-update', 'k', 'app', '-n', long, '-f'], 'The API key name is longer than 255 characters.'],
    ['a name with an ANSI escape', ['service-id-create', 'red\x1b[31m'], 'The service ID name contains control characters.'],
    ['a name with a newline', ['service-api-key-create', 'two\nlines', 'app'], 'The API key name contains control characters.'],
    ['a description with an ANSI escape', ['service-id-create', 'x', '-d', '\x1b[2Jcleared'], 'The service ID description contains control characters.'],
    ['a description with a bidi override', ['service-id-update', 'app', '-d', 'abc\u202edef', '-f'], 'The service ID description contains control characters.'],
    ['a description with DEL', ['service-api-key-create', 'x', 'app', '-d', 'a\x7f'], 'The API key description contains control characters.'],
    ['a description over 1024 characters', ['service-id-create', 'x', '-d', 'd'.repeat(1025)], 'The service ID description is longer than 1024 characters.'],
    ['--expires-in with an unknown unit', ['service-api-key-create', 'x', 'app', '--expires-in', '5x'], "--expires-in takes a positive whole number and a unit min, h, d or w (for example 90d or 24h), not '5x'."],
    ['--expires-in of zero', ['service-api-key-create', 'x', 'app', '--expires-in', '0d'], /^--expires-in takes .* not '0d'\.$/],
    ['--expires-in without a unit', ['service-api-key-create', 'x', 'app', '--expires-in', '90'], /not '90'\.$/],
    ['--expires-in negative', ['service-api-key-update', 'k', 'app', '--expires-in=-1d', '-f'], /not '-1d'\.$/],
    ['--expires-in fractional', ['service-api-key-create', 'x', 'app', '--expires-in', '1.5d'], /not '1\.5d'\.$/],
    ['--expires-at in the past', ['service-api-key-create', 'x', 'app', '--expires-at', '2020-01-01T00:00+0000'], '--expires-at 2020-01-01T00:00+0000 is in the past.'],
    ['--expires-at a past date (update)', ['service-api-key-update', 'k', 'app', '--expires-at', '2001-02-03', '-f'], '--expires-at 2001-02-03 is in the past.'],
    ['--expires-at malformed', ['service-api-key-create', 'x', 'app', '--expires-at', 'next tuesday'], /^--expires-at takes a time such as .*, not 'next tuesday'\.$/],
    ['--expires-at an impossible date', ['service-api-key-create', 'x', 'app', '--expires-at', '2099-02-30'], /not '2099-02-30'\.$/],
    ['both expiry flags', ['service-api-key-create', 'x', 'app', '--expires-at', '2099-01-01', '--expires-in', '90d'], 'Give --expires-at or --expires-in, not both.'],
    ['both expiry flags (update)', ['service-api-key-update', 'k', 'app', '--expires-at', '2099-01-01', '--expires-in', '9w', '-f'], 'Give --expires-at or --expires-in, not both.'],
    ['--action-if-leaked maybe', ['service-api-key-create', 'x', 'app', '--action-if-leaked', 'maybe'], "--action-if-leaked must be NONE, DISABLE or DELETE, not 'maybe'."],
    ['--action-if-leaked maybe (update)', ['service-api-key-update', 'k', 'app', '--action-if-leaked', 'maybe', '-f'], "--action-if-leaked must be NONE, DISABLE or DELETE, not 'maybe'."],
    ['--output yaml', ['service-ids', '--output', 'yaml'], "Output format 'yaml' is not supported. The only format is JSON (--output json)."],
    ['-o yaml on a delete', ['service-api-key-delete', 'k', 'app', '-f', '-o', 'yaml'], "Output format 'yaml' is not supported. The only format is JSON (--output json)."],
    ['-o yaml on a create', ['service-id-create', 'new', '-o', 'YAML'], "Output format 'YAML' is not supported. The only format is JSON (--output json)."],
    ['nothing to update', ['service-api-key-update', 'k', 'app', '-f'], 'Nothing to update: give -n, -d, --action-if-leaked, --expires-at or --expires-in.'],
  ];

  it.each(cases)('%s', async (_, argv, message) => {
    const r = await runCli(argv, { home });
    const line = expectOneLineFailure(r, 2);
    if (typeof message === 'string') expect(line).toBe(message);
    else expect(line).toMatch(message);
    // What the user typed is never echoed raw into the terminal.
    expect(r.stderr).not.toMatch(/[\x1b\u202e\x7f]/);
  });

  it('the same checks hold under --output json, with nothing on stdout', async () => {
    for (const argv of [['service-id-create', ''], ['service-api-key-create', 'x', 'app', '--action-if-leaked', 'maybe']]) {
      expectOneLineFailure(await runCli([...argv, '-o', 'json'], { home }), 2);
    }
  });

  it('names of 255 characters, and every leaked-key action in any case, are accepted', async () => {
    const other = tempHome();
    const name = 'n'.repeat(255);
    await ok(['service-id-create', name, '-q'], other);
    for (const action of ['none', 'Disable', 'DELETE']) await ok(['service-api-key-create', name, name, '--action-if-leaked', action, '-q'], other);
    expect((await snapshot(other)).keys.map((k) => k.action_when_leaked)).toEqual(['none', 'disable', 'delete']);
  });
});

describe('descriptions may hold tabs and line breaks (names may not): sent, kept, shown escaped', () => {
  it('create and update, in text and JSON', async () => {
    const other = tempHome();
    const pretty = '{\n\t"team": "ci"\n}';
    const made = await ok(['service-id-create', 'svc', '-d', pretty, '-o', 'json'], other);
    expect((JSON.parse(made.stdout) as { description: string }).description).toBe(pretty);
    const text = await ok(['service-api-key-create', 'k', 'svc', '-d', 'line one\r\nline two'], other);
    expect(text.stdout).toMatch(/^Description {3}line one\\x0d\\x0aline two$/m);
    const shown = await ok(['service-id', 'svc'], other);
    expect(shown.stdout).toMatch(/^Description {3}\{\\x0a\\x09"team": "ci"\\x0a\}$/m);
    expect(shown.stdout.split('\n').filter((l) => l.includes('team'))).toHaveLength(1);
    const list = await ok(['service-ids'], other);
    expect(list.stdout.split('\n').filter((l) => l.includes('team'))).toHaveLength(1);
    await ok(['service-id-update', 'svc', '-d', 'a\tb', '-f'], other);
    expect((await snapshot(other)).serviceIds[0]!.description).toBe('a\tb');
    expectOneLineFailure(await runCli(['service-id-create', 'two\nlines'], { home: other }), 2, 'The service ID name contains control characters.');
  });
});

describe('things that do not exist: exit 3, FAILED and one line naming them', () => {
  const cases: [string, string[], string][] = [
    ['service-id by UUID', ['service-id', MISSING_SID], `Service ID '${MISSING_SID}' was not found.`],
    ['service-id by name', ['service-id', 'no-such'], "Service ID 'no-such' was not found."],
    ['service-id-update', ['service-id-update', MISSING_SID, '-n', 'x', '-f'], `Service ID '${MISSING_SID}' was not found.`],
    ['service-id-update with -v', ['service-id-update', MISSING_SID, '-n', 'x', '-v', '1-00000000000000000000000000000000', '-f'], `Service ID '${MISSING_SID}' was not found.`],
    ['service-id-delete', ['service-id-delete', MISSING_SID, '-f'], `Service ID '${MISSING_SID}' was not found.`],
    ['service-id-lock', ['service-id-lock', MISSING_SID, '-f'], `Service ID '${MISSING_SID}' was not found.`],
    ['service-id-unlock', ['iam', 'service-id-unlock', MISSING_SID, '-f'], `Service ID '${MISSING_SID}' was not found.`],
    ['service-api-keys', ['service-api-keys', MISSING_SID], `Service ID '${MISSING_SID}' was not found.`],
    ['service-api-key-create', ['service-api-key-create', 'k2', MISSING_SID], `Service ID '${MISSING_SID}' was not found.`],
    ['service-api-key-create by name', ['service-api-key-create', 'k2', 'no-such'], "Service ID 'no-such' was not found."],
    ['service-api-key', ['service-api-key', MISSING_KEY, 'app'], `API key '${MISSING_KEY}' was not found in service ID 'app'.`],
    ['service-api-key by name', ['service-api-key', 'no-such', 'app'], "API key 'no-such' was not found in service ID 'app'."],
    ['service-api-key-delete', ['service-api-key-delete', MISSING_KEY, 'app', '-f'], `API key '${MISSING_KEY}' was not found in service ID 'app'.`],
    ['service-api-key-update', ['service-api-key-update', MISSING_KEY, 'app', '-n', 'x', '-f'], `API key '${MISSING_KEY}' was not found in service ID 'app'.`],
  ];

  it.each(cases)('%s', async (_, argv, message) => {
    for (const output of [[], ['-o', 'json']]) {
      const r = await runCli([...argv, ...output], { home, prompter: undefined });
      const text = expectFailed(r, 3);
      expect(text).toBe(`${message}\n`);
    }
  });
});

describe('no stack trace, whatever goes wrong', () => {
  it('a damaged settings file: exit 1 and a message saying what to do', async () => {
    const broken = tempHome();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${broken}/settings.json`, '{not json');
    const r = await runCli(['service-ids'], { home: broken });
    expectFailed(r, 1, /settings file .* is damaged \(not JSON\)\. Move it aside or delete it/);
  });

  it('a damaged store: exit 1, the file is named', async () => {
    const broken = tempHome();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${broken}/store.db`, 'this is not a SQLite database, only some text that is long enough '.repeat(20));
    const r = await runCli(['service-ids'], { home: broken });
    expectFailed(r, 1, `${broken}/store.db`);
  });
});
