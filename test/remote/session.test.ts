// Sessions against a served IAM over the network: login / target / logout, the token cache between runs
// (counted at the server), renewal of a token that is about to expire or was refused, and bad credentials.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/emulator/tokens.js';
import { fileTokenCache } from '../../src/cli/state/token-cache.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { remoteEnv, startTestIam, type TestIam } from './iam-server.js';

let iam: TestIam;
let shortIam: TestIam;

beforeAll(async () => {
  iam = await startTestIam();
  shortIam = await startTestIam({ tokenTtlSeconds: 5 });
});

afterAll(async () => {
  await iam?.close();
  await shortIam?.close();
});

const tokens = (t: TestIam): number => t.count('POST', '/identity/token');
const settingsOf = (home: string): Record<string, unknown> => JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as Record<string, unknown>;
const mode = (path: string): number => statSync(path).mode & 0o777;
const owner = (t: TestIam) => ({ ...t.account.owner, kind: 'user' as const });

describe('the token cache', () => {
  it('asks for one token on the first command and none on the next ones', async () => {
    const home = tempHome();
    const env = remoteEnv(iam);
    const before = tokens(iam);
    expect((await runCli(['service-ids'], { home, env })).code).toBe(0);
    expect(tokens(iam) - before).toBe(1);
    for (const argv of [['service-id-create', 'cached'], ['service-ids', '--output', 'json'], ['target']]) {
      const r = await runCli(argv, { home, env });
      expect(r.code, r.stderr).toBe(0);
    }
    expect(tokens(iam) - before).toBe(1);
    // The cache is private and names no key.
    const cachePath = join(home, 'tokens.json');
    expect(mode(cachePath)).toBe(0o600);
    expect(readFileSync(cachePath, 'utf8')).not.toContain(iam.apikey);
  });

  it('keeps one token per endpoint and key: another key asks for its own', async () => {
    const home = tempHome();
    const other = iam.engine.createApiKey(iam.account.owner, { name: 'second-owner-key', iam_id: iam.account.owner.iam_id }, { locked: false, disabled: false });
    const before = tokens(iam);
    expect((await runCli(['service-ids'], { home, env: remoteEnv(iam) })).code).toBe(0);
    expect((await runCli(['service-ids'], { home, env: remoteEnv({ url: iam.url, apikey: other.apikey }) })).code).toBe(0);
    expect(tokens(iam) - before).toBe(2);
    expect((await runCli(['service-ids'], { home, env: remoteEnv(iam) })).code).toBe(0);
    expect((await runCli(['service-ids'], { home, env: remoteEnv({ url: iam.url, apikey: other.apikey }) })).code).toBe(0);
    expect(tokens(iam) - before).toBe(2);
  });

  it('renews a short-lived token (server TTL 5 s) before it expires, without the user acting', async () => {
    const home = tempHome();
    const env = remoteEnv(shortIam);
    const before = tokens(shortIam);
    const start = shortIam.requests.length;
    const cached = (): { token: string; exp: number; iat: number } =>
      Object.values(JSON.parse(readFileSync(join(home, 'tokens.json'), 'utf8')) as Record<string, { token: string; exp: number; iat: number }>)[0]!;
    expect((await runCli(['service-id-create', 'short'], { home, env })).code).toBe(0);
    const first = cached();
    expect(first.exp - first.iat).toBe(5);
    expect(tokens(shortIam) - before).toBe(1);
    // Right away, the next command still uses it.
    expect((await runCli(['service-id', 'short'], { home, env })).code).toBe(0);
    expect(tokens(shortIam) - before).toBe(1);
    // Once it is near its end (past half of its 5 s), the next command fetches a new one first and goes on.
    while (Date.now() / 1000 < first.iat + 3) await new Promise((r) => setTimeout(r, 100));
    const r = await runCli(['service-id', 'short'], { home, env });
    expect(r.code, r.stderr).toBe(0);
    expect(tokens(shortIam) - before).toBe(2);
    expect(cached().token).not.toBe(first.token);
    // No request was refused on the way: the renewal came before IAM would have said 401.
    expect(shortIam.requests.slice(start).map((q) => q.status)).not.toContain(401);
  });

  it('renews a cached token that is close to expiry (30 s left of 3600)', async () => {
    const home = tempHome();
    const now = Math.floor(Date.now() / 1000);
    const old = signToken(iam.account.secret, owner(iam), now - 3570, 3600);
    fileTokenCache(home, iam.url, iam.apikey).set({ token: old.token, exp: old.claims.exp, iat: old.claims.iat });
    const before = tokens(iam);
    const r = await runCli(['service-ids'], { home, env: remoteEnv(iam) });
    expect(r.code, r.stderr).toBe(0);
    expect(tokens(iam) - before).toBe(1);
    expect(iam.requests.at(-1)!.authorization).not.toBe(`Bearer ${old.token}`);
  });

  it('gets a new token when IAM refuses the cached one (401: expired by IAM\'s clock), and the command succeeds', async () => {
    const home = tempHome();
    const now = Math.floor(Date.now() / 1000);
    const expired = signToken(iam.account.secret, owner(iam), now - 7200, 3600);
    // The cache believes the token has an hour left; IAM knows better.
    fileTokenCache(home, iam.url, iam.apikey).set({ token: expired.token, exp: now + 3600, iat: now });
    const before = tokens(iam);
    const start = iam.requests.length;
    const r = await runCli(['service-ids'], { home, env: remoteEnv(iam) });
    expect(r.code, r.stderr).toBe(0);
    expect(tokens(iam) - before).toBe(1);
    const seen = iam.requests.slice(start).map((q) => `${q.method} ${q.path}`);
    expect(seen).toEqual(['GET /v1/serviceids', 'POST /identity/token', 'GET /v1/serviceids']);
  });

  it('ignores a damaged tokens.json: one token request, and the file is rewritten', async () => {
    const home = tempHome();
    writeFileSync(join(home, 'tokens.json'), '{not json', { mode: 0o600 });
    const before = tokens(iam);
    expect((await runCli(['service-ids'], { home, env: remoteEnv(iam) })).code).toBe(0);
    expect(tokens(iam) - before).toBe(1);
    expect(() => JSON.parse(readFileSync(join(home, 'tokens.json'), 'utf8')) as unknown).not.toThrow();
  });
});

describe('login, target, logout', () => {
  it('logs in with --apikey KEY -a URL, then commands go there with no environment; logout forgets every credential', async () => {
    const home = tempHome();
    const before = tokens(iam);
    const login = await runCli(['login', '--apikey', iam.apikey, '-a', `${iam.url}/`], { home });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(new RegExp(`^Account:\\s+${iam.account.accountId}$`, 'm'));
    expect(login.stdout).toMatch(/^User:\s+owner@localhost$/m);
    expect(login.stdout + login.stderr).not.toContain(iam.apikey);
    const settings = settingsOf(home);
    expect(settings).toMatchObject({ mode: 'remote', remote: { endpoint: iam.url, apikey: iam.apikey } });
    expect(mode(join(home, 'settings.json'))).toBe(0o600);

    const t = await runCli(['target', '--output', 'json'], { home });
    expect(t.code).toBe(0);
    expect(JSON.parse(t.stdout)).toEqual({
      account: { guid: iam.account.accountId, name: '', owner: '' },
      api_endpoint: iam.url,
      region: { mccp_id: '', name: '' },
      resource_group: { default: false, guid: '', name: '', state: '' },
      user: { display_name: 'owner@localhost', user_email: 'owner@localhost', iam_id: iam.account.owner.iam_id },
      iam_endpoint: iam.url,
    });
    const created = await runCli(['service-id-create', 'after-login', '--output', 'json'], { home });
    expect(created.code).toBe(0);
    expect(iam.store.serviceId((JSON.parse(created.stdout) as { id: string }).id)).toBeDefined();
    // login fetched the one token the later commands reused.
    expect(tokens(iam) - before).toBe(1);
    expect(existsSync(join(home, 'tokens.json'))).toBe(true);

    const out = await runCli(['logout'], { home });
    expect(out.code).toBe(0);
    expect(readFileSync(join(home, 'settings.json'), 'utf8')).not.toContain(iam.apikey);
    expect(settingsOf(home)).toEqual({ mode: 'local' });
    expect(existsSync(join(home, 'tokens.json'))).toBe(false);
    // Back on the embedded IAM: the served one's service ID is not there.
    const local = await runCli(['service-id', 'after-login'], { home });
    expect(local.code).toBe(3);
    expect(tokens(iam) - before).toBe(1);
  });

  it('logs in with --apikey @FILE holding the JSON that --file writes, and with IBMCLOUD_API_KEY=@FILE', async () => {
    const home = tempHome();
    const file = join(home, 'owner.json');
    writeFileSync(file, JSON.stringify({ name: 'owner', description: '', apikey: iam.apikey, createdAt: '2026-01-01T00:00+0000' }));
    expect((await runCli(['login', '--apikey', `@${file}`, '-a', iam.url], { home })).code).toBe(0);
    expect(settingsOf(home)).toMatchObject({ mode: 'remote', remote: { apikey: iam.apikey } });
    const home2 = tempHome();
    const plain = join(home2, 'key.txt');
    writeFileSync(plain, `${iam.apikey}\n`);
    const r = await runCli(['service-ids'], { home: home2, env: { IAMKEYS_IAM_ENDPOINT: iam.url, IBMCLOUD_API_KEY: `@${plain}` } });
    expect(r.code, r.stderr).toBe(0);
  });

  it('login --local switches back and clears the token cache', async () => {
    const home = tempHome();
    expect((await runCli(['login', '--apikey', iam.apikey, '-a', iam.url], { home })).code).toBe(0);
    expect((await runCli(['login', '--local'], { home })).code).toBe(0);
    expect(settingsOf(home)).toEqual({ mode: 'local' });
    expect(existsSync(join(home, 'tokens.json'))).toBe(false);
  });
});

describe('bad credentials', () => {
  it('a wrong API key at login: exit 4 with IAM\'s message BXNIM0415E, and no session is saved', async () => {
    const home = tempHome();
    const r = await runCli(['login', '--apikey', 'W'.repeat(44), '-a', iam.url], { home });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^FAILED$/m);
    expect(r.stderr).toContain('Provided API key could not be found.');
    expect(r.stderr).toContain('BXNIM0415E');
    expect(r.stderr).not.toContain('W'.repeat(44));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(settingsOf(home)).toEqual({ mode: 'local' });
  });

  it('a wrong IBMCLOUD_API_KEY on a command: exit 4', async () => {
    const r = await runCli(['service-ids'], { home: tempHome(), env: remoteEnv({ url: iam.url, apikey: 'W'.repeat(44) }) });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('BXNIM0415E');
  });

  it('a disabled key: exit 4 at login and on a command, and again once enabled it works', async () => {
    const key = iam.engine.createApiKey(iam.account.owner, { name: 'disabled-owner-key', iam_id: iam.account.owner.iam_id }, { locked: false, disabled: true });
    const home = tempHome();
    const login = await runCli(['login', '--apikey', key.apikey, '-a', iam.url], { home });
    expect(login.code).toBe(4);
    expect(login.stderr).toContain('disabled');
    const cmd = await runCli(['service-ids'], { home: tempHome(), env: remoteEnv({ url: iam.url, apikey: key.apikey }) });
    expect(cmd.code).toBe(4);
    iam.engine.setApiKeyFlag(iam.account.owner, key.id, 'disabled', false);
    expect((await runCli(['service-ids'], { home: tempHome(), env: remoteEnv({ url: iam.url, apikey: key.apikey }) })).code).toBe(0);
  });

  it('a key disabled while its token is cached keeps working until the token must be renewed, then exit 4', async () => {
    const key = iam.engine.createApiKey(iam.account.owner, { name: 'later-disabled', iam_id: iam.account.owner.iam_id }, { locked: false, disabled: false });
    const home = tempHome();
    const env = remoteEnv({ url: iam.url, apikey: key.apikey });
    expect((await runCli(['service-ids'], { home, env })).code).toBe(0);
    iam.engine.setApiKeyFlag(iam.account.owner, key.id, 'disabled', true);
    // IAM's rule: existing tokens stay valid until they expire.
    expect((await runCli(['service-ids'], { home, env })).code).toBe(0);
    // A token that must be renewed cannot be: the key is disabled.
    const now = Math.floor(Date.now() / 1000);
    const old = signToken(iam.account.secret, owner(iam), now - 3590, 3600);
    fileTokenCache(home, iam.url, key.apikey).set({ token: old.token, exp: old.claims.exp, iat: old.claims.iat });
    const r = await runCli(['service-ids'], { home, env });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('BXNIM0430E');
  });

  it('login --apikey @missing-file: exit 2', async () => {
    const home = tempHome();
    const r = await runCli(['login', '--apikey', `@${join(home, 'missing.json')}`, '-a', iam.url], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot be read');
  });

  it('login --apikey @FILE whose JSON has no apikey: exit 2', async () => {
    const home = tempHome();
    const file = join(home, 'nokey.json');
    writeFileSync(file, JSON.stringify({ name: 'k', description: '' }));
    const r = await runCli(['login', '--apikey', `@${file}`, '-a', iam.url], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no "apikey" field');
    writeFileSync(file, '{"apikey": ');
    expect((await runCli(['login', '--apikey', `@${file}`, '-a', iam.url], { home })).code).toBe(2);
  });

  it('remote mode with no key at all: exit 4, naming login', async () => {
    const r = await runCli(['service-ids'], { home: tempHome(), env: { IAMKEYS_IAM_ENDPOINT: iam.url } });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('iamkeys login');
  });
});
