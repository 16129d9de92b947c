// Secrets at rest: the store keeps key values only as hashes, and the home folder and its files
// are private to the user (0700 / 0600) whatever the umask.
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { createKey, createServiceId, fileMode, ok, parseJson, type ApiKey } from '../helpers/cli.js';


/** Every file of the home folder as raw bytes, decoded as Latin-1 so that any byte sequence can be searched. */
function homeBytes(home: string): string {
  return readdirSync(home).filter((f) => statSync(join(home, f)).isFile()).map((f) => readFileSync(join(home, f)).toString('latin1')).join('\n');
}

describe('secrets at rest', () => {
  let umask: number | undefined;
  afterEach(() => {
    if (umask !== undefined) process.umask(umask);
    umask = undefined;
  });

  it('no API key value is written to store.db, its WAL or the settings', async () => {
    const home = tempHome();
    await createServiceId(home, 'app');
    await createServiceId(home, 'other');
    const secrets: string[] = [];
    for (let i = 0; i < 4; i++) secrets.push((await createKey(home, `json-${i}`, i % 2 ? 'app' : 'other', ['-d', `key ${i}`])).apikey);
    const text = await ok(['service-api-key-create', 'text', 'app', '--lock', '--expires-in', '30d'], home);
    secrets.push(/^API Key +(\S+)$/m.exec(text.stdout)![1]!);
    const fileDir = tempHome('iamkeys-file-');
    await ok(['service-api-key-create', 'filed', 'app', '--file', join(fileDir, 'k.json')], home);
    secrets.push((JSON.parse(readFileSync(join(fileDir, 'k.json'), 'utf8')) as { apikey: string }).apikey);
    // Changes after creation rewrite the rows: still no secret.
    await ok(['service-api-key-update', 'json-0', 'other', '-n', 'renamed', '-f'], home);
    await ok(['service-api-key-disable', 'json-1', 'app', '-f'], home);
    await ok(['service-api-key-delete', 'json-2', 'other', '-f'], home);

    expect(new Set(secrets).size).toBe(6);
    for (const s of secrets) expect(s).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(existsSync(join(home, 'store.db'))).toBe(true);
    const bytes = homeBytes(home);
    expect(bytes.length).toBeGreaterThan(4096);
    for (const secret of secrets) {
      expect(bytes.includes(secret), 'the whole value').toBe(false);
      expect(bytes.includes(secret.slice(0, 16)), 'a prefix of the value').toBe(false);
      expect(bytes.includes(Buffer.from(secret).toString('base64')), 'the value in base64').toBe(false);
    }
    // The keys are all there: the secrets were kept somewhere, as hashes.
    const listed = parseJson<ApiKey[]>((await ok(['service-api-keys', '--all', '-o', 'json'], home)).stdout);
    expect(listed).toHaveLength(5);
    for (const k of listed) expect(k.apikey).toBe('');
  });

  it('a new home folder is 0700, store.db and settings.json 0600, even with umask 0', async () => {
    umask = process.umask(0);
    const home = join(tempHome(), 'nested', 'home');
    await createServiceId(home, 'app');
    await createKey(home, 'k', 'app');
    expect(fileMode(home)).toBe(0o700);
    expect(fileMode(join(home, 'store.db'))).toBe(0o600);
    expect(fileMode(join(home, 'settings.json'))).toBe(0o600);
    for (const side of ['store.db-wal', 'store.db-shm']) {
      if (existsSync(join(home, side))) expect(fileMode(join(home, side))).toBe(0o600);
    }
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'))).toEqual({ mode: 'local' });
    // --file too.
    const out = tempHome('iamkeys-file-');
    await ok(['service-api-key-create', 'f', 'app', '--file', join(out, 'k.json')], home);
    expect(fileMode(join(out, 'k.json'))).toBe(0o600);
  });

  it('an existing home folder open to others is tightened to 0700', async () => {
    const home = join(tempHome(), 'loose');
    mkdirSync(home);
    chmodSync(home, 0o755);
    const r = await runCli(['service-ids'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(fileMode(home)).toBe(0o700);
    expect(fileMode(join(home, 'settings.json'))).toBe(0o600);
  });
});
