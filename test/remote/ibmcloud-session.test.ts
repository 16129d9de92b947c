// `login`, `target` and `config` as real ibmcloud scripts call them, in-process against a served IAM on
// 127.0.0.1 and against the embedded one: ibmcloud's options, IAMKEYS_IAM_ENDPOINT redirection, the session
// key kept to its own endpoint, a home that cannot be used, and the warnings about clear text and keys in argv.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome, type CliResult } from '../helpers/run-cli.js';
import { remoteEnv, startTestIam, type TestIam } from './iam-server.js';

let iam: TestIam;
let other: TestIam;

beforeAll(async () => {
  iam = await startTestIam();
  other = await startTestIam();
});

afterAll(async () => {
  await iam?.close();
  await other?.close();
});

const settingsOf = (home: string): Record<string, unknown> => JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as Record<string, unknown>;
/** Nothing stored: no settings file yet, or the first-run default. */
const nothingStored = (home: string): void => {
  if (existsSync(join(home, 'settings.json'))) expect(settingsOf(home)).toEqual({ mode: 'local' });
};
const tokenRequests = (t: TestIam): number => t.count('POST', '/identity/token');
const keyFile = (home: string, apikey: string): string => {
  const f = join(home, 'key.json');
  writeFileSync(f, JSON.stringify({ name: 'k', description: '', apikey, createdAt: '2026-01-01T00:00+0000' }), { mode: 0o600 });
  return f;
};
/** What a script reads with `ibmcloud target --output json | jq -r PATH`. */
const jq = (r: CliResult, path: string): unknown => path.split('.').filter(Boolean).reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], JSON.parse(r.stdout));
const failedWith = (r: CliResult, code: number): void => {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(/^FAILED$/m);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

describe('offline redirection: IAMKEYS_IAM_ENDPOINT sends an unchanged script to a served IAM', () => {
  it("replays `ibmcloud login --apikey \"$KEY\" -r us-south -g default`, then `target --output json | jq -r .user.user_email`", async () => {
    const home = tempHome();
    const env = { IAMKEYS_IAM_ENDPOINT: iam.url };
    const before = tokenRequests(iam);
    const login = await runCli(['login', '--apikey', iam.apikey, '-r', 'us-south', '-g', 'default'], { home, env });
    expect(login.code, login.stderr).toBe(0);
    expect(tokenRequests(iam) - before).toBe(1);
    expect(login.stdout + login.stderr).toContain('Targeted region');
    expect(settingsOf(home)).toMatchObject({ mode: 'remote', remote: { endpoint: iam.url, apikey: iam.apikey }, target: { region: 'us-south', resourceGroup: 'default' } });
    const t = await runCli(['target', '--output', 'json'], { home, env });
    expect(t.code, t.stderr).toBe(0);
    expect(jq(t, '.user.user_email')).toBe('owner@localhost');
    expect(jq(t, '.region.name')).toBe('us-south');
    expect(jq(t, '.resource_group.name')).toBe('default');
    expect(jq(t, '.account.guid')).toBe(iam.account.accountId);
    expect(jq(t, '.api_endpoint')).toBe(iam.url);
    // The text form as ibmcloud prints it, which scripts read with awk '/^Region:/'.
    const text = await runCli(['target'], { home, env });
    expect(text.stdout).toMatch(/^Region:\s+us-south$/m);
    expect(text.stdout).toMatch(/^User:\s+owner@localhost$/m);
    expect(text.stdout).toMatch(/^Resource group:\s+default$/m);
    expect(text.stdout).toMatch(new RegExp(`^API endpoint:\\s+${iam.url}$`, 'm'));
  });

  it('sends `login -a https://cloud.ibm.com --apikey @file` to the served IAM, whatever -a says', async () => {
    const home = tempHome();
    const before = tokenRequests(iam);
    const r = await runCli(['login', '-a', 'https://cloud.ibm.com', '--apikey', `@${keyFile(home, iam.apikey)}`], { home, env: { IAMKEYS_IAM_ENDPOINT: iam.url } });
    expect(r.code, r.stderr).toBe(0);
    expect(tokenRequests(iam) - before).toBe(1);
    expect(r.stderr).not.toContain('visible to every user'); // @FILE keeps the key out of ps: no warning
    expect(settingsOf(home)).toMatchObject({ remote: { endpoint: iam.url } });
    // The next commands of the script go there too, as the identity that logged in.
    const created = await runCli(['service-id-create', 'redirected', '--output', 'json'], { home, env: { IAMKEYS_IAM_ENDPOINT: iam.url } });
    expect(created.code, created.stderr).toBe(0);
    expect(iam.store.serviceId((JSON.parse(created.stdout) as { id: string }).id)).toBeDefined();
  });

  it("takes Go's single-dash `login -apikey KEY --no-region` and `-apikey=KEY`, and warns that a literal key shows in ps", async () => {
    for (const argv of [['login', '-apikey', iam.apikey, '--no-region'], [`login`, `-apikey=${iam.apikey}`, '-q']]) {
      const home = tempHome();
      const r = await runCli(argv, { home, env: { IAMKEYS_IAM_ENDPOINT: iam.url } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/visible to every user of this machine \(ps\)\. --apikey @FILE or IBMCLOUD_API_KEY keeps it out/);
      expect(r.stdout + r.stderr).not.toContain(iam.apikey);
    }
  });

  it('accepts --vpc, --accept, -q, --no-account and -c of the key\'s own account, naming the ignored ones in one stderr line', async () => {
    const home = tempHome();
    const argv = ['login', '--apikey', `@${keyFile(home, iam.apikey)}`, '-c', iam.account.accountId, '--vpc', '--accept', '--no-account'];
    const r = await runCli(argv, { home, env: { IAMKEYS_IAM_ENDPOINT: iam.url } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes('Ignored'))).toEqual(['Ignored (no meaning for iamkeys): --vpc, --accept.']);
    // -q hides OK and, as ibmcloud's quiet mode hides warnings, the Ignored line too.
    const quiet = await runCli([...argv, '-q'], { home, env: { IAMKEYS_IAM_ENDPOINT: iam.url } });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout + quiet.stderr).not.toMatch(/^OK$/m);
    expect(quiet.stderr).not.toContain('Ignored');
  });

  it('a redirection URL that does not answer: exit 7 naming the URL, nothing stored', async () => {
    const home = tempHome();
    const closed = 'http://127.0.0.1:1';
    const r = await runCli(['login', '--apikey', `@${keyFile(home, iam.apikey)}`, '-r', 'us-south'], { home, env: { IAMKEYS_IAM_ENDPOINT: closed } });
    failedWith(r, 7);
    expect(r.stderr).toContain(closed);
    nothingStored(home);
  });

  it('a malformed IAMKEYS_IAM_ENDPOINT: exit 2 naming the variable', async () => {
    const r = await runCli(['service-ids'], { home: tempHome(), env: { IAMKEYS_IAM_ENDPOINT: 'ftp://127.0.0.1', IBMCLOUD_API_KEY: iam.apikey } });
    failedWith(r, 2);
    expect(r.stderr).toContain("IAMKEYS_IAM_ENDPOINT 'ftp://127.0.0.1'");
  });
});

describe('IAMKEYS_IAM_ENDPOINT=local: login authenticates the key as that identity of the local IAM', () => {
  it('logs in as a user of the local IAM, target shows that user; a bad key is exit 4 and changes nothing', async () => {
    const home = tempHome();
    const devKey = join(home, 'dev.json');
    expect((await runCli(['user-create', 'dev', '--email', 'dev@example.com', '--apikey-file', devKey], { home })).code).toBe(0);
    const env = { IAMKEYS_IAM_ENDPOINT: 'local' };
    const login = await runCli(['login', '--apikey', `@${devKey}`, '-r', 'eu-de'], { home, env });
    expect(login.code, login.stderr).toBe(0);
    expect(settingsOf(home)).toMatchObject({ mode: 'local', remote: { endpoint: 'local' }, target: { region: 'eu-de' } });
    const t = await runCli(['target', '-o', 'json'], { home, env });
    expect(t.code, t.stderr).toBe(0);
    expect(jq(t, '.user.user_email')).toBe('dev@example.com');
    expect(jq(t, '.region.name')).toBe('eu-de');
    expect(jq(t, '.iam_endpoint')).toBe('local');
    // The same session without the variable: still the local IAM, still dev.
    expect(jq(await runCli(['target', '-o', 'json'], { home }), '.user.user_email')).toBe('dev@example.com');

    const bad = await runCli(['login', '--apikey', `@${keyFile(home, 'W'.repeat(44))}`], { home, env });
    failedWith(bad, 4);
    expect(settingsOf(home)).toMatchObject({ remote: { endpoint: 'local' } });
    expect(jq(await runCli(['target', '-o', 'json'], { home, env }), '.user.user_email')).toBe('dev@example.com');
    expect(settingsOf(home)['target']).not.toHaveProperty('apiEndpoint');
    // login --local goes back to the owner.
    expect((await runCli(['login', '--local'], { home })).code).toBe(0);
    expect(jq(await runCli(['target', '-o', 'json'], { home }), '.user.user_email')).toMatch(/@localhost$/);
  });
});

describe('the session key goes only to the endpoint it was stored for', () => {
  it('after login -a A, IAMKEYS_IAM_ENDPOINT=S says not logged in there (exit 4) and S receives no token request', async () => {
    const home = tempHome();
    expect((await runCli(['login', '--apikey', `@${keyFile(home, iam.apikey)}`, '-a', iam.url], { home })).code).toBe(0);
    const before = other.requests.length;
    for (const argv of [['service-ids'], ['target', '-o', 'json'], ['service-id-create', 'leak']]) {
      const r = await runCli(argv, { home, env: { IAMKEYS_IAM_ENDPOINT: other.url } });
      failedWith(r, 4);
      expect(r.stderr).toContain(`Not logged in to ${other.url}`);
      expect(r.stderr).toContain(`The stored session is for ${iam.url}`);
    }
    expect(other.requests.slice(before)).toEqual([]);
    // With a key of its own in the environment, the command goes to S as that key's holder.
    const ok = await runCli(['service-ids'], { home, env: remoteEnv(other) });
    expect(ok.code, ok.stderr).toBe(0);
    // And back at A, the session still works.
    expect((await runCli(['service-ids'], { home, env: { IAMKEYS_IAM_ENDPOINT: `${iam.url}/` } })).code).toBe(0);
  });

  it('a session stored for the served IAM is not used by IAMKEYS_IAM_ENDPOINT=local either (the local owner acts)', async () => {
    const home = tempHome();
    expect((await runCli(['login', '--apikey', `@${keyFile(home, iam.apikey)}`, '-a', iam.url], { home })).code).toBe(0);
    const before = iam.requests.length;
    const t = await runCli(['target', '-o', 'json'], { home, env: { IAMKEYS_IAM_ENDPOINT: 'local' } });
    expect(t.code, t.stderr).toBe(0);
    expect(jq(t, '.iam_endpoint')).toBe('local');
    expect(jq(t, '.account.guid')).not.toBe(iam.account.accountId);
    expect(iam.requests.slice(before)).toEqual([]);
  });
});

describe('bad login input: one clear line, a documented exit code, nothing stored or sent', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['--sso with --apikey', ['--sso'], 2, /--apikey and --sso are two ways to log in: give one\./],
    ['-u/-p with --apikey', ['-u', 'me@example.com', '-p', 'secret'], 2, /--apikey and -u are two ways to log in: give one\./],
    ['a malformed -a', ['-a', 'https://user:pw@cloud.ibm.com'], 2, /^-a 'https:\/\/user:pw@cloud\.ibm\.com' holds a user name or password/m],
    ['-a not a URL', ['-a', 'not a url'], 2, /^-a 'not a url' is not an endpoint/m],
    ['a region that is no region', ['-r', 'Mars!'], 2, /'Mars!' is not a region name/],
    ['a resource group with a newline', ['-g', 'a\nb'], 2, /is not a resource group name or ID/],
    ['an account that is no account ID', ['-c', 'acct'], 2, /'acct' is not an account ID/],
    ['http:// to another machine without --insecure', ['-a', 'http://10.1.2.3:8099'], 2, /http:\/\/10\.1\.2\.3:8099 is plain http on another machine.*--insecure/],
    ['http:// to a name under .localhost without --insecure', ['-a', 'http://x.localhost:9'], 2, /http:\/\/x\.localhost:9 is plain http on another machine.*--insecure/],
    ['a scheme with one slash', ['-a', 'http:/127.0.0.1:9'], 2, /^-a 'http:\/127\.0\.0\.1:9' has a scheme without \/\//m],
  ];
  it.each(cases)('%s', async (_what, extra, code, message) => {
    const home = tempHome();
    const before = iam.requests.length;
    const r = await runCli(['login', '--apikey', `@${keyFile(home, iam.apikey)}`, ...extra, ...(extra.includes('-a') ? [] : ['-a', iam.url])], { home });
    failedWith(r, code);
    expect(r.stderr).toMatch(message);
    expect(iam.requests.length).toBe(before);
    nothingStored(home);
  });

  it('-c of another account: exit 4, nothing stored', async () => {
    const home = tempHome();
    const r = await runCli(['login', '--apikey', `@${keyFile(home, iam.apikey)}`, '-a', iam.url, '-c', 'f'.repeat(32)], { home });
    failedWith(r, 4);
    expect(r.stderr).toContain(`belongs to account ${iam.account.accountId}; it cannot target account ${'f'.repeat(32)}`);
    nothingStored(home);
  });

  it('--insecure sends to http:// elsewhere, with a warning on stderr', async () => {
    // 0.0.0.0 is not loopback by name, yet on Linux it reaches the served IAM listening on 127.0.0.1.
    const home = tempHome();
    const url = iam.url.replace('127.0.0.1', '0.0.0.0');
    const r = await runCli(['login', '--apikey', `@${keyFile(home, iam.apikey)}`, '-a', url, '--insecure'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Sending the API key to ${url} in clear text`);
  });
});

describe('target takes -r, -g, -c, --unset-resource-group', () => {
  it('records region and group, prints them as ibmcloud does, and unsets them', async () => {
    const home = tempHome();
    const set = await runCli(['target', '-r', 'us-east', '-g', 'Default'], { home });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout + set.stderr).toContain('Switched to region');
    expect(set.stdout + set.stderr).toContain('Targeted resource group');
    expect(set.stdout).toMatch(/^Region:\s+us-east$/m);
    expect(set.stdout).toMatch(/^Resource group:\s+Default$/m);
    const json = await runCli(['target', '--output', 'json'], { home });
    expect(jq(json, '.region.name')).toBe('us-east');
    expect(jq(json, '.resource_group.name')).toBe('Default');
    const unset = await runCli(['target', '--unset-resource-group'], { home });
    expect(unset.code, unset.stderr).toBe(0);
    expect(unset.stdout).toMatch(/^Resource group:\s+No resource group targeted, use 'iamkeys target -g RESOURCE_GROUP'$/m);
    expect(unset.stdout).toMatch(/^Region:\s+us-east$/m);
    const id = 'a8a12accd63b437bbd6d58fb8b462ca7';
    expect(jq(await runCli(['target', '-g', id, '-o', 'json'], { home }), '.resource_group.guid')).toBe(id);
  });

  it('-c of the identity\'s own account is accepted; another account is exit 4 and nothing changes', async () => {
    const home = tempHome();
    const env = remoteEnv(iam);
    expect((await runCli(['target', '-c', iam.account.accountId, '-r', 'eu-gb'], { home, env })).code).toBe(0);
    const r = await runCli(['target', '-c', '0'.repeat(32), '-r', 'jp-tok'], { home, env });
    failedWith(r, 4);
    expect(jq(await runCli(['target', '-o', 'json'], { home, env }), '.region.name')).toBe('eu-gb');
  });

  it('a bad -r: exit 2 and nothing recorded', async () => {
    const home = tempHome();
    failedWith(await runCli(['target', '-r', 'nowhere at all'], { home }), 2);
    expect(jq(await runCli(['target', '-o', 'json'], { home }), '.region.name')).toBe('');
  });
});

describe('api sets the endpoint the next login uses, as `ibmcloud api` does', () => {
  it('replays `ibmcloud api --unset; ibmcloud api URL; ibmcloud login --apikey @file -r us-south`', async () => {
    const home = tempHome();
    expect((await runCli(['api', '--unset'], { home })).code).toBe(0);
    const set = await runCli(['api', `${iam.url}/`], { home });
    expect(set.code, set.stderr).toBe(0);
    const shown = await runCli(['api'], { home });
    expect(shown.stdout).toBe(`API endpoint: ${iam.url}\n`);
    const before = tokenRequests(iam);
    const login = await runCli(['login', '--apikey', `@${keyFile(home, iam.apikey)}`, '-r', 'us-south'], { home });
    expect(login.code, login.stderr).toBe(0);
    expect(tokenRequests(iam) - before).toBe(1);
    expect(settingsOf(home)).toMatchObject({ mode: 'remote', remote: { endpoint: iam.url }, target: { apiEndpoint: iam.url, region: 'us-south' } });
    // Pointing api at another IAM ends the session there: its key is not carried over.
    const moved = await runCli(['api', other.url], { home });
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout + moved.stderr).toContain('Not logged in');
    expect(settingsOf(home)).toEqual({ mode: 'local', target: { apiEndpoint: other.url } });
  });

  it('a malformed endpoint: exit 2, nothing recorded', async () => {
    const home = tempHome();
    failedWith(await runCli(['api', 'ftp://x'], { home }), 2);
    nothingStored(home);
  });
});

describe('config takes the settings scripts set, as no-ops', () => {
  it.each([
    [['config', '--check-version=false'], '--check-version'],
    [['config', '--check-version', 'false'], '--check-version'],
    [['config', '--usage-stats-collect', 'false'], '--usage-stats-collect'],
    [['config', '--color', 'false'], '--color'],
    [['config', '--http-timeout', '30'], '--http-timeout'],
    [['config', '--locale', 'en_US'], '--locale'],
  ])('%j: exit 0, one line on stderr, nothing on stdout, no file written', async (argv, flag) => {
    const home = tempHome();
    const r = await runCli(argv, { home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(flag);
    expect(existsSync(join(home, 'settings.json'))).toBe(false);
  });

  it('config with no setting is a usage error; it is not an `iam` command', async () => {
    failedWith(await runCli(['config'], { home: tempHome() }), 2);
    failedWith(await runCli(['iam', 'config', '--check-version=false'], { home: tempHome() }), 2);
  });
});

describe('a stateless command (IBMCLOUD_API_KEY + IAMKEYS_IAM_ENDPOINT) with a home it cannot use', () => {
  it('runs when IAMKEYS_HOME cannot be created (under a file): no token cache, no error', async () => {
    const base = tempHome();
    const file = join(base, 'a-file');
    writeFileSync(file, 'x');
    const home = join(file, 'home');
    const env = remoteEnv(iam);
    const before = tokenRequests(iam);
    for (const argv of [['service-ids'], ['service-id-create', 'stateless', '-o', 'json'], ['target', '-o', 'json']]) {
      const r = await runCli(argv, { home, env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/FAILED|home|cannot/);
    }
    expect(tokenRequests(iam) - before).toBe(3); // nothing cached: one token per command
    expect(existsSync(home)).toBe(false);
  });

  it('a command that needs the home still says clearly that it cannot be used', async () => {
    const base = tempHome();
    const file = join(base, 'a-file');
    writeFileSync(file, 'x');
    const r = await runCli(['service-ids'], { home: join(file, 'home') });
    failedWith(r, 1);
    expect(r.stderr).toContain('cannot be used');
  });
});
