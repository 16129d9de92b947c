// --expires-at with seconds: IAM's times have minutes only, so the CLI rounds up to the next minute, never down.
// Cut down, a time later in the current minute was sent as the minute already begun and refused as past, and a
// key could expire up to 59 s before the time asked for.
import { describe, expect, it } from 'vitest';
import { createServiceId, parseJson, type ApiKey } from '../helpers/cli.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { parseIamTime } from '../../src/wire/time.js';

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('--expires-at rounding', () => {
  it('a time with seconds later in the current minute is accepted, and the key expires at the next whole minute', async () => {
    const home = tempHome();
    await createServiceId(home, 'expiring');
    // Leave room inside this minute: the time asked for is second 59 of the minute now running.
    if (new Date().getUTCSeconds() >= 57) await new Promise((r) => setTimeout(r, 4_000));
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const asked = minute + 59_000;
    const r = await runCli(['service-api-key-create', 'k', 'expiring', '--expires-at', iso(asked), '-o', 'json'], { home });
    expect(r.code, r.stderr).toBe(0);
    const key = parseJson<ApiKey>(r.stdout);
    expect(parseIamTime(key.expires_at!)).toBe(minute + 60_000);
  });

  it('--expires-in never gives a key less than asked for', async () => {
    const home = tempHome();
    await createServiceId(home, 'expiring');
    const before = Date.now();
    const r = await runCli(['service-api-key-create', 'k', 'expiring', '--expires-in', '1h', '-o', 'json'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(parseIamTime(parseJson<ApiKey>(r.stdout).expires_at!)).toBeGreaterThanOrEqual(before + 3_600_000);
  });
});
