// login as a person without a terminal in the way: -u/-p (password and passcode grants) against a loopback
// server playing IBM Cloud IAM, the federated refusal, the session's renewal with IAM's refresh token (and its
// end without one), what --sso does where no one can type a code, and --sso / -u on the local IAM.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_CODE, PERSON, expiredToken, startIbmLoginServer, type IbmLoginServer } from '../helpers/ibm-login-server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

const BASIC_BX = `Basic ${Buffer.from('bx:bx').toString('base64')}`;
const settingsOf = (home: string): { mode: string; remote?: { endpoint: string; apikey?: string; tokens?: { accessToken: string; refreshToken?: string } } } =>
  JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'));

describe('login -u/-p and a person\'s session against an IBM-like IAM', () => {
  let ibm: IbmLoginServer;
  let home: string;
  beforeAll(async () => { ibm = await startIbmLoginServer(); });
  afterAll(async () => { await ibm?.close(); });
  beforeEach(() => {
    home = tempHome('iamkeys-person-');
    ibm.grants.length = 0;
    ibm.bearers.length = 0;
    ibm.ttl = 3600;
    ibm.refresh = true;
  });

  it('-u USER -p PASSWORD: the password grant with Basic bx:bx, a warning about the process list, a session that works', async () => {
    const r = await runCli(['login', '-a', ibm.url, '-u', PERSON.email, '-p', 'pa55word'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('The password on the command line is visible to every user of this machine (ps)');
    expect(r.stdout).toContain(`Targeted account ${PERSON.account}`);
    expect(r.stdout).toMatch(/User:\s+dana@example\.com/);
    expect(ibm.grants).toHaveLength(1);
    expect(ibm.grants[0]!.form).toMatchObject({ grant_type: 'password', username: PERSON.email, password: 'pa55word', response_type: 'cloud_iam' });
    expect(ibm.grants[0]!.authorization).toBe(BASIC_BX);
    const s = settingsOf(home);
    expect(s.mode).toBe('remote');
    expect(s.remote?.apikey).toBeUndefined();
    expect(s.remote?.tokens?.refreshToken).toMatch(/^refresh-\d+$/);
    expect(readFileSync(join(home, 'settings.json'), 'utf8')).not.toContain('pa55word');
    const list = await runCli(['api-keys', '-o', 'json'], { home });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    expect(ibm.bearers).toEqual([`Bearer ${s.remote!.tokens!.accessToken}`]);
  });

  it('a federated user is told to use --sso, in ibmcloud\'s words (exit 4), and nothing is stored', async () => {
    const r = await runCli(['login', '-a', ibm.url, '-u', 'fed@ibm.com', '-p', 'whatever'], { home });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('BMXLS0202E: You are using a federated user ID, please use one time code to login with option --sso');
    expect(settingsOf(home).mode).toBe('local');
  });

  it('a wrong password is refused (exit 4) with IAM\'s code and without the password', async () => {
    const r = await runCli(['login', '-a', ibm.url, '-u', PERSON.email, '-p', 'not-it-9'], { home });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('BXNIM0602E');
    expect(r.stderr).not.toContain('not-it-9');
  });

  it('-u passcode -p CODE is the passcode grant (the console\'s "Log in to CLI" line); the trace masks the code', async () => {
    const r = await runCli(['login', '-a', ibm.url, '-u', 'passcode', '-p', GOOD_CODE], { home, env: { IBMCLOUD_TRACE: 'true' } });
    expect(r.code, r.stderr).toBe(0);
    expect(ibm.grants[0]!.form).toMatchObject({ grant_type: 'urn:ibm:params:oauth:grant-type:passcode', passcode: GOOD_CODE });
    expect(r.stderr).toContain('passcode=[PRIVATE DATA HIDDEN]');
    expect(r.stderr).not.toContain(GOOD_CODE);
    expect(r.stderr).toContain('The one-time code on the command line is visible');
    expect(readFileSync(join(home, 'settings.json'), 'utf8')).not.toContain(GOOD_CODE);
  });

  it('an expired access token is renewed with the refresh token, and the new pair is kept', async () => {
    expect((await runCli(['login', '-a', ibm.url, '-u', 'passcode', '-p', GOOD_CODE], { home })).code).toBe(0);
    const file = join(home, 'settings.json');
    const s = settingsOf(home);
    const first = s.remote!.tokens!.refreshToken!;
    s.remote!.tokens!.accessToken = expiredToken();
    writeFileSync(file, JSON.stringify(s), { mode: 0o600 });
    const r = await runCli(['api-keys', '-o', 'json'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(ibm.grants.map((g) => g.form['grant_type'])).toEqual(['urn:ibm:params:oauth:grant-type:passcode', 'refresh_token']);
    expect(ibm.grants[1]!.form['refresh_token']).toBe(first);
    expect(ibm.grants[1]!.authorization).toBe(BASIC_BX);
    const after = settingsOf(home);
    expect(after.remote!.tokens!.refreshToken).toMatch(/^refresh-\d+$/);
    expect(after.remote!.tokens!.refreshToken).not.toBe(first);
    expect(ibm.bearers).toEqual([`Bearer ${after.remote!.tokens!.accessToken}`]);
  });

  it('without a refresh token the session ends with its token: exit 4, saying to log in again', async () => {
    ibm.refresh = false;
    expect((await runCli(['login', '-a', ibm.url, '-u', 'passcode', '-p', GOOD_CODE], { home })).code).toBe(0);
    const s = settingsOf(home);
    expect(s.remote!.tokens!.refreshToken).toBeUndefined();
    s.remote!.tokens!.accessToken = expiredToken();
    writeFileSync(join(home, 'settings.json'), JSON.stringify(s), { mode: 0o600 });
    const r = await runCli(['api-keys'], { home });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('The login session has ended');
    expect(r.stderr).toContain('iamkeys login --sso');
    expect(ibm.bearers).toEqual([]);
  });

  it('--sso and -u without -p need a terminal: without one (or with --no-input) exit 2 naming --apikey, nothing sent', async () => {
    for (const argv of [['login', '--sso', '-a', ibm.url], ['login', '-u', PERSON.email, '-a', ibm.url], ['login', '--sso', '-a', ibm.url, '--no-input']]) {
      const r = await runCli(argv, { home, stdinTTY: argv.includes('--no-input') });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain('--apikey @FILE');
    }
    expect(ibm.grants).toEqual([]);
  });

  it('bad combinations are usage errors (exit 2)', async () => {
    for (const argv of [['login', '--sso', '-u', 'x'], ['login', '-p', 'x'], ['login', '--sso', '--apikey', 'k'], ['login', '--local', '--sso']]) {
      const r = await runCli(argv, { home });
      expect(r.code, argv.join(' ')).toBe(2);
    }
  });
});

describe('--sso and -u/-p on the local IAM', () => {
  it('--sso logs in as the local account owner without a terminal: one line on stderr, exit 0', async () => {
    for (const env of [{}, { IAMKEYS_IAM_ENDPOINT: 'local' }]) {
      const home = tempHome('iamkeys-person-');
      const owner = JSON.parse((await runCli(['target', '-o', 'json'], { home })).stdout) as { user: { iam_id: string } };
      const r = await runCli(['login', '--sso'], { home, env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('--sso on the local IAM: you own its store, so you are logged in as its account owner');
      expect(r.stdout).toContain('API endpoint:     local (embedded');
      const after = JSON.parse((await runCli(['target', '-o', 'json'], { home, env })).stdout) as { user: { iam_id: string } };
      expect(after.user.iam_id).toBe(owner.user.iam_id);
      expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')).mode).toBe('local');
    }
  });

  it('-u/-p on the local IAM logs in as its owner too, saying that nothing was checked', async () => {
    const home = tempHome('iamkeys-person-');
    const r = await runCli(['login', '-u', 'someone@example.com', '-p', 'x'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('-u/-p on the local IAM');
    expect(r.stderr).toContain('-u and -p are not checked');
  });
});
