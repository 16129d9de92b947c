// `login --sso` at a real terminal (a pseudo-terminal driving bin/iamkeys.js) against a loopback server that
// plays IBM Cloud IAM: the URL from its OpenID configuration, the [Y/n] question about the browser, the one-time
// code typed without echo, the passcode grant, and a session that works afterwards.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_CODE, PERSON, startIbmLoginServer, type IbmLoginServer } from '../helpers/ibm-login-server.js';
import { runInPty } from '../helpers/pty.js';
import { tempHome } from '../helpers/run-cli.js';
import { runBin } from '../helpers/spawn.js';

describe('login --sso on a terminal, against an IBM-like IAM', () => {
  let ibm: IbmLoginServer;
  let home: string;
  beforeAll(async () => { ibm = await startIbmLoginServer(); });
  afterAll(async () => { await ibm?.close(); });
  beforeEach(() => {
    home = tempHome('iamkeys-sso-');
    ibm.grants.length = 0;
    ibm.bearers.length = 0;
  });

  it('shows the one-time-code page, asks about the browser, takes the code unseen, logs in', async () => {
    const r = await runInPty(['login', '--sso', '-a', ibm.url], {
      home, steps: [
        { wait: 'Open the URL in the default browser? [Y/n]>', send: 'n\r' },
        { wait: 'One Time Code >', send: `${GOOD_CODE}\r` },
      ],
    });
    expect(r.timed_out, r.plain).toBe(false);
    expect(r.status, r.plain).toBe(0);
    expect(r.plain).toContain(`Get One Time Code from ${ibm.passcodePage} to proceed.`);
    expect(r.plain).toMatch(/One Time Code > \nAuthenticating\.\.\.\nOK\n/);
    // typed without echo: the code is nowhere on the terminal
    expect(r.output).not.toContain(GOOD_CODE);
    expect(r.plain).toContain(`Targeted account ${PERSON.account}`);
    expect(ibm.grants).toHaveLength(1);
    expect(ibm.grants[0]!.form).toMatchObject({ grant_type: 'urn:ibm:params:oauth:grant-type:passcode', passcode: GOOD_CODE });
    expect(ibm.grants[0]!.authorization).toBe(`Basic ${Buffer.from('bx:bx').toString('base64')}`);
    const settings = readFileSync(join(home, 'settings.json'), 'utf8');
    expect(settings).not.toContain(GOOD_CODE);
    expect(JSON.parse(settings).remote.tokens.accessToken).toBeTruthy();
    const list = await runBin(['iam', 'api-keys', '-o', 'json'], { home });
    expect(list.code, list.stderr).toBe(0);
    expect(ibm.bearers).toHaveLength(1);
  });

  it('Enter (yes) runs the platform\'s opener with the URL as its one argument; without one, a note and the prompt', async () => {
    const bin = join(home, 'bin');
    mkdirSync(bin);
    const opened = join(home, 'opened.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$#" "$@" > '${opened}'\n`, { mode: 0o755 });
    const steps = [
      { wait: 'Open the URL in the default browser? [Y/n]>', send: '\r' },
      { wait: 'One Time Code >', send: `${GOOD_CODE}\r` },
    ];
    const r = await runInPty(['login', '--sso', '-a', ibm.url], { home, env: { PATH: `${bin}:/usr/bin:/bin` }, steps });
    expect(r.status, r.plain).toBe(0);
    await expect.poll(() => (existsSync(opened) ? readFileSync(opened, 'utf8') : '')).toBe(`1\n${ibm.passcodePage}\n`);
    const none = await runInPty(['login', '--sso', '-a', ibm.url], { home: tempHome('iamkeys-sso-'), env: { PATH: '/nonexistent' }, steps });
    expect(none.status, none.plain).toBe(0);
    expect(none.plain).toContain('No browser could be started: open the URL yourself.');
  });

  it('a wrong code is refused: exit 4, nothing stored', async () => {
    const r = await runInPty(['login', '--sso', '-a', ibm.url], {
      home, steps: [
        { wait: 'Open the URL in the default browser? [Y/n]>', send: 'no\r' },
        { wait: 'One Time Code >', send: 'wrong-code-1\r' },
      ],
    });
    expect(r.status, r.plain).toBe(4);
    expect(r.plain).toContain('IAM refused the one-time code');
    expect(r.plain).toContain('BXNIM0436E');
    expect(r.output).not.toContain('wrong-code-1');
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')).mode).toBe('local');
  });

  it('Ctrl-C at the code prompt: exit 130, no token asked for', async () => {
    const r = await runInPty(['login', '--sso', '-a', ibm.url], {
      home, steps: [
        { wait: 'Open the URL in the default browser? [Y/n]>', send: 'n\r' },
        { wait: 'One Time Code >', send: 'abc\x03' },
      ],
    });
    expect(r.status, r.plain).toBe(130);
    expect(ibm.grants).toEqual([]);
  });

  it('-u USER alone asks Password> without echo', async () => {
    const r = await runInPty(['login', '-a', ibm.url, '-u', PERSON.email], {
      home, steps: [{ wait: 'Password>', send: 'pa55word\r' }],
    });
    expect(r.status, r.plain).toBe(0);
    expect(r.output).not.toContain('pa55word');
    expect(ibm.grants[0]!.form).toMatchObject({ grant_type: 'password', username: PERSON.email, password: 'pa55word' });
  });
});
