// `login --sso` against `iamkeys serve`, end to end: a person signs in to the served console at the page the
// OpenID configuration names (/identity/passcode), reads the one-time code it shows (headless Chromium), and types
// it at the CLI's prompt in a real pseudo-terminal. The session is that person's; the code works once.
import { describe, expect, it } from 'vitest';
import { runInPty } from '../helpers/pty.js';
import { tempHome } from '../helpers/run-cli.js';
import { runBin } from '../helpers/spawn.js';
import { useConsole } from './console-fixture.js';
import { describeWithChromium } from './harness.js';

const fx = useConsole();

/** Signs in to the console's passcode page with an API key and returns the code it shows. */
async function codeFromConsole(apikey: string): Promise<string> {
  const ctx = await fx.browser.newContext();
  try {
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${fx.serve.url}/identity/passcode`);
    await page.getByLabel('API key').fill(apikey);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'One-time code' }).waitFor();
    const code = page.getByLabel('One-time code');
    await expect.poll(async () => (await code.textContent()) ?? '').toMatch(/^[A-Za-z0-9]{12}$/);
    return (await code.textContent())!;
  } finally {
    await ctx.close();
  }
}

const sso = (home: string, code: string) => runInPty(['login', '--sso', '-a', fx.serve.url], {
  home, steps: [
    { wait: 'Open the URL in the default browser? [Y/n]>', send: 'n\r' },
    { wait: 'One Time Code >', send: `${code}\r` },
  ],
});

describeWithChromium('login --sso against serve', () => {
  it('the code the console shows logs the CLI in as the person who signed in there, once', async () => {
    const user = await fx.owner.ok<{ iam_id: string }>('POST', '/v1/iamkeys/users', { name: 'dana', email: 'dana@example.com' });
    const key = await fx.owner.createKey(user.iam_id, 'dana-console');
    const code = await codeFromConsole(key.apikey);

    const home = tempHome('iamkeys-sso-serve-');
    const r = await sso(home, code);
    expect(r.timed_out, r.plain).toBe(false);
    expect(r.status, r.plain).toBe(0);
    expect(r.plain).toContain(`Get One Time Code from ${fx.serve.url}/identity/passcode to proceed.`);
    expect(r.output).not.toContain(code);
    const target = await runBin(['target', '-o', 'json'], { home });
    expect(target.code, target.stderr).toBe(0);
    expect((JSON.parse(target.stdout) as { user: { iam_id: string } }).user.iam_id).toBe(user.iam_id);
    // the session acts as dana: her own keys, made as her
    const made = await runBin(['api-key-create', 'from-sso', '-o', 'json'], { home });
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ iam_id: user.iam_id, created_by: user.iam_id });

    const again = await sso(tempHome('iamkeys-sso-serve-'), code);
    expect(again.status, again.plain).toBe(4);
    expect(again.plain).toContain('BXNIM0436E');
  });
});
