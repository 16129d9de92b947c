// The settings file: files of older versions, which also held the session's access token, are still read, and
// the token is not carried on.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings, writeSettings } from '../../src/cli/state/settings.js';

describe('settings.json of an older version', () => {
  it('is read; its token and tokenExpiry are dropped, and gone from the file at the next write', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'iamkeys-test-')), 'settings.json');
    const old = { mode: 'remote', remote: { endpoint: 'http://127.0.0.1:8099', apikey: 'k'.repeat(44), token: 'eyJ.old.token', tokenExpiry: 1_700_000_000 } };
    writeFileSync(path, JSON.stringify(old), { mode: 0o600 });
    const s = readSettings(path)!;
    expect(s).toEqual({ mode: 'remote', remote: { endpoint: 'http://127.0.0.1:8099', apikey: 'k'.repeat(44) } });
    writeSettings(path, s);
    expect(readFileSync(path, 'utf8')).not.toMatch(/token/);
  });
});

describe('settings.json of a person\'s session (login --sso, -u/-p)', () => {
  const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'iamkeys-test-')), 'settings.json');

  it('holds tokens instead of a key, and is read back as it was written', () => {
    const path = fresh();
    const s = { mode: 'remote' as const, remote: { endpoint: 'https://iam.cloud.ibm.com', tokens: { accessToken: 'eyJ.a.b', refreshToken: 'r-1' } } };
    writeSettings(path, s);
    expect(readSettings(path)).toEqual(s);
  });

  it('a remote session with neither a key nor an access token is damaged: reported, never overwritten', () => {
    for (const remote of [{ endpoint: 'https://iam.cloud.ibm.com' }, { endpoint: 'x', tokens: { refreshToken: 'r' } }, { endpoint: 'x', tokens: { accessToken: 'a', refreshToken: 7 } }]) {
      const path = fresh();
      writeFileSync(path, JSON.stringify({ mode: 'remote', remote }), { mode: 0o600 });
      expect(() => readSettings(path)).toThrow(/the remote session is incomplete/);
    }
  });
});
