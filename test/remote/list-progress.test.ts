// A long listing from a remote IAM tells how far it got on a TTY stderr (items so far and pages fetched), wipes
// that line at the end, and says nothing of it when stderr is not a terminal; stdout is the same either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { remoteEnv, startTestIam, type TestIam } from './iam-server.js';

describe('progress of a long remote listing', () => {
  let iam: TestIam;
  beforeAll(async () => {
    iam = await startTestIam();
    // 250 service IDs: three pages of 100.
    for (let i = 0; i < 250; i++) {
      iam.engine.createServiceId(iam.account.owner, { account_id: iam.account.accountId, name: `sid-${i}` }, { locked: false });
    }
  });
  afterAll(async () => {
    await iam.close();
  });

  it('shows items and pages on a TTY, and nothing otherwise (nor with --output json)', async () => {
    const home = tempHome();
    const tty = await runCli(['service-ids', '--uuid'], { home, env: remoteEnv(iam), stderrTTY: true });
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stderr).toContain('\rListed 200 so far, 2 pages...');
    expect(tty.stderr).toContain('\rListed 250 so far, 3 pages...');
    expect(tty.stderr).toContain('\r\x1b[K');
    const piped = await runCli(['service-ids', '--uuid'], { home, env: remoteEnv(iam) });
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toMatch(/Listed|\r/);
    expect(piped.stdout).toBe(tty.stdout);
    expect(piped.stdout.trim().split('\n')).toHaveLength(250);
    const json = await runCli(['service-ids', '--output', 'json'], { home, env: remoteEnv(iam), stderrTTY: true });
    // --output json prints nothing but the document, a terminal's stderr included.
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toHaveLength(250);
  });
});
