// The key life cycle on both transports: IAM's activity recorded on token exchanges and shown only when asked,
// service-api-key-rotate in each retire mode (which keys get tokens, during and after the overlap), and the
// service-api-keys-audit gate (findings per threshold, exit 8 / 0).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/cli/keys/audit.js';
import { parseIamTime } from '../../src/wire/time.js';
import { IAM_TIME_RE, expectFailed, parseJson, type ApiKey } from '../helpers/cli.js';
import { openWorld, type TransportName, type World } from './lifecycle-world.js';

const DAY = 86_400_000;

interface Rotated {
  new: ApiKey;
  old: ApiKey;
}


describe.each<TransportName>(['local', 'serve'])('key life cycle (%s)', (transport) => {
  let w: World;
  let sid: string;

  const create = async (name: string, extra: string[] = []): Promise<ApiKey> =>
    parseJson<ApiKey>((await w.ok(['service-api-key-create', name, sid, ...extra, '-o', 'json'])).stdout);
  const get = async (id: string, extra: string[] = []): Promise<ApiKey> =>
    parseJson<ApiKey>((await w.ok(['service-api-key', id, sid, ...extra, '-o', 'json'])).stdout);
  const rotate = async (key: string, extra: string[] = []): Promise<Rotated> =>
    parseJson<Rotated>((await w.ok(['service-api-key-rotate', key, sid, ...extra, '-o', 'json'])).stdout);
  const works = async (apikey: string): Promise<boolean> => (await w.token(apikey)).status === 200;

  beforeAll(async () => {
    w = await openWorld(transport);
    sid = parseJson<{ id: string }>((await w.ok(['service-id-create', `life-${transport}`, '-o', 'json'])).stdout).id;
  });
  afterAll(async () => {
    await w?.close();
  });

  describe('activity', () => {
    it('is recorded on every token exchange and returned only when asked', async () => {
      const key = await create('used');
      expect(await get(key.id)).not.toHaveProperty('activity');
      expect((await get(key.id, ['--activity'])).activity).toEqual({ authn_count: 0 });
      expect(await works(key.apikey)).toBe(true);
      expect(await works(key.apikey)).toBe(true);
      const after = await get(key.id, ['--activity']);
      expect(after.activity?.authn_count).toBe(2);
      expect(after.activity?.last_authn).toMatch(IAM_TIME_RE);
      expect(Math.abs(parseIamTime(after.activity!.last_authn!)! - Date.now())).toBeLessThan(2 * 60_000);

      const plain = parseJson<ApiKey[]>((await w.ok(['service-api-keys', sid, '-o', 'json'])).stdout);
      expect(plain.every((k) => !('activity' in k))).toBe(true);
      const withActivity = parseJson<ApiKey[]>((await w.ok(['service-api-keys', sid, '--activity', '-o', 'json'])).stdout);
      expect(withActivity.find((k) => k.id === key.id)?.activity?.authn_count).toBe(2);
      // A failed exchange (a disabled key) counts nothing.
      await w.ok(['service-api-key-disable', key.id, sid, '-f']);
      expect((await w.token(key.apikey)).errorCode).toBe('BXNIM0430E');
      expect((await get(key.id, ['--activity'])).activity?.authn_count).toBe(2);
      await w.ok(['service-api-key-enable', key.id, sid, '-f']);
    });

    it('shows Disabled, Last Used and Uses columns and rows with --activity, - when never used', async () => {
      const idle = await create('idle');
      const busy = await create('busy');
      expect(await works(busy.apikey)).toBe(true);
      const text = (await w.ok(['service-api-keys', sid, '--activity'])).stdout;
      const lines = text.split('\n');
      // ibmcloud's layout: the progress line, OK, then the table.
      expect(lines[1]).toBe('OK');
      expect(lines[2]).toMatch(/^ID\s+Name\s+Description\s+Created At\s+Last Updated\s+Locked\s+Disabled\s+Last Used\s+Uses\s+Expires At\s+Rotation$/);
      expect(lines.find((l) => l.startsWith(idle.id))).toMatch(/\s-\s+-\s+-\s+-$/);
      expect(lines.find((l) => l.startsWith(busy.id))).toMatch(/\d{2}:\d{2}\+0000\s+1\s+-\s+-$/);
      expect((await w.ok(['service-api-keys', sid])).stdout.split('\n')[2]).not.toMatch(/Last Used/);
      const rows = (await w.ok(['service-api-key', busy.id, sid, '--activity'])).stdout;
      expect(rows).toMatch(/^Last Used\s+\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\+0000$/m);
      expect(rows).toMatch(/^Uses\s+1$/m);
      expect((await w.ok(['service-api-key', 'idle', sid, '--activity'])).stdout).toMatch(/^Last Used\s+-$/m);
    });

    it('counts parallel exchanges exactly', async () => {
      const key = await create('parallel');
      const answers = await Promise.all(Array.from({ length: 20 }, () => w.token(key.apikey)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect((await get(key.id, ['--activity'])).activity?.authn_count).toBe(20);
    });
  });

  describe('service-api-key-rotate', () => {
    it('expire (default): a successor like the old key; both work during the grace period', async () => {
      const old = await create('rot-expire', ['-d', 'the CI key', '--action-if-leaked', 'DELETE', '--expires-in', '30d']);
      const r = await rotate('rot-expire');
      expect(r.new.id).not.toBe(old.id);
      expect(r.new.apikey.length).toBeGreaterThanOrEqual(32);
      expect(r.new).toMatchObject({ name: 'rot-expire', description: 'the CI key', action_when_leaked: 'delete', iam_id: old.iam_id });
      // The same length of validity, from now.
      const life = parseIamTime(r.new.expires_at!)! - parseIamTime(r.new.created_at)!;
      expect(Math.abs(life - 30 * DAY)).toBeLessThanOrEqual(60_000);
      // The old key stops in 24 h (never later than it would have anyway).
      expect(r.old.id).toBe(old.id);
      expect(Math.abs(parseIamTime(r.old.expires_at!)! - (Date.now() + DAY))).toBeLessThan(2 * 60_000);
      expect(await works(old.apikey)).toBe(true);
      expect(await works(r.new.apikey)).toBe(true);
      expect(r.old.expires_at).toBe((await get(old.id)).expires_at);
    });

    it('expire with --grace 0h: only the new key works afterwards, and the old one shows as expired', async () => {
      const old = await create('rot-now');
      const r = await rotate(old.id, ['--grace', '0h']);
      expect(await works(r.new.apikey)).toBe(true);
      expect((await w.token(old.apikey)).errorCode).toBe('BXNIM0441E');
      const list = (await w.ok(['service-api-keys', sid, '--activity'])).stdout.split('\n');
      expect(list.find((l) => l.startsWith(old.id))).toMatch(/\sfalse\s+expired\s+-\s+-\s+\S+\s+retiring \(expire\), rotated to ApiKey-\S+$/);
      expect(list.find((l) => l.startsWith(r.new.id))).toMatch(/\sfalse\s+false\s+\S+\s+\S+\s+\S+\s+-$/);
      expect((await w.ok(['service-api-key', old.id, sid])).stdout).toMatch(/^Expires At\s+\S+ \(expired\)$/m);
      // An expired key is not rotated again.
      const again = await w.run(['service-api-key-rotate', old.id, sid, '-f']);
      expectFailed(again, 5, /expired at .* there is nothing to rotate\. .*Nothing was created\./);
    });

    it('disable and delete act at once; keep leaves the old key working', async () => {
      const d = await create('rot-disable');
      const rd = await rotate('rot-disable', ['--retire', 'disable', '-f']);
      expect(rd.old).toMatchObject({ id: d.id, disabled: true });
      expect((await w.token(d.apikey)).errorCode).toBe('BXNIM0430E');
      expect(await works(rd.new.apikey)).toBe(true);

      const x = await create('rot-delete');
      const rx = await rotate('rot-delete', ['--retire', 'delete', '-f']);
      expect(rx.old.id).toBe(x.id);
      expect((await w.run(['service-api-key', x.id, sid])).code).toBe(3);
      expect((await w.token(x.apikey)).errorCode).toBe('BXNIM0415E');
      expect(await works(rx.new.apikey)).toBe(true);

      const k = await create('rot-keep');
      const rk = await rotate('rot-keep', ['--retire', 'keep']);
      expect(rk.old).toEqual(await get(k.id));
      expect(await works(k.apikey)).toBe(true);
      expect(await works(rk.new.apikey)).toBe(true);
    });

    it('disable and delete ask first: without -f and no input, nothing is created', async () => {
      await create('rot-ask');
      const before = parseJson<ApiKey[]>((await w.ok(['service-api-keys', sid, '-o', 'json'])).stdout);
      const r = await w.run(['service-api-key-rotate', 'rot-ask', sid, '--retire', 'delete']);
      expectFailed(r, 2, /--force/);
      expect(parseJson<ApiKey[]>((await w.ok(['service-api-keys', sid, '-o', 'json'])).stdout)).toEqual(before);
    });

    it('--file replaces the old key file atomically with the new key, and text mode keeps the secret out of stdout', async () => {
      const file = join(w.home, 'ci-key.json');
      const first = await w.ok(['service-api-key-create', 'rot-file', sid, '--file', file]);
      expect(first.code).toBe(0);
      const oldValue = (JSON.parse(readFileSync(file, 'utf8')) as { apikey: string }).apikey;
      const r = await w.ok(['service-api-key-rotate', 'rot-file', sid, '--file', file, '-f']);
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { name: string; apikey: string };
      expect(saved.name).toBe('rot-file');
      expect(saved.apikey).not.toBe(oldValue);
      expect(r.stdout).not.toContain(saved.apikey);
      expect(r.stdout).not.toMatch(/^API Key/m);
      expect(`${r.stdout}${r.stderr}`).toContain(`Successfully saved API key information to ${file}`);
      expect(`${r.stdout}${r.stderr}`).toMatch(/both keys work until then/);
      expect(await works(saved.apikey)).toBe(true);
      expect(await works(oldValue)).toBe(true);
    });

    it('rotates by name again after a rotation: the predecessor that no longer works is not a candidate', async () => {
      await create('monthly');
      const first = await rotate('monthly', ['--grace', '0h']);
      const second = await rotate('monthly', ['--retire', 'disable', '-f']);
      expect(second.old.id).toBe(first.new.id);
      const third = await rotate('monthly', ['--retire', 'keep']);
      expect(third.old.id).toBe(second.new.id);
      // The key kept by a rotation still works, but it is marked as rotated: the name means its successor.
      const fourth = await rotate('monthly', ['--retire', 'keep']);
      expect(fourth.old.id).toBe(third.new.id);
      // Two working keys of one name that no rotation tells apart: which one is meant is for the user to say.
      await create('monthly');
      const r = await w.run(['service-api-key-rotate', 'monthly', sid, '-f']);
      expectFailed(r, 6, /More than one API key is named 'monthly'/);
    });

    it('refuses a locked old key before anything is created', async () => {
      await create('rot-locked', ['--lock']);
      const before = parseJson<ApiKey[]>((await w.ok(['service-api-keys', sid, '-o', 'json'])).stdout);
      const r = await w.run(['service-api-key-rotate', 'rot-locked', sid, '-f']);
      const text = expectFailed(r, 5, /is locked, so it cannot be retired\. Unlock it first with 'iamkeys service-api-key-unlock ApiKey-\S+ ServiceId-\S+'\. Nothing was created\./);
      expect(text.trim().split('\n')).toHaveLength(1);
      expect(parseJson<ApiKey[]>((await w.ok(['service-api-keys', sid, '-o', 'json'])).stdout)).toEqual(before);
    });
  });

  describe('service-api-keys-audit', () => {
    let asid: string;
    const audit = async (args: string[]): Promise<{ code: number; findings: Finding[] }> => {
      const r = await w.run(['service-api-keys-audit', asid, ...args, '-o', 'json']);
      expect([0, 8], r.stderr).toContain(r.code);
      return { code: r.code, findings: parseJson<Finding[]>(r.stdout) };
    };
    const reasons = (f: Finding[], name: string): string[] | undefined => f.find((x) => x.name === name)?.reasons;
    const now = Date.now();

    beforeAll(async () => {
      asid = parseJson<{ id: string }>((await w.ok(['service-id-create', `audit-${transport}`, '-o', 'json'])).stdout).id;
      const mk = async (name: string, extra: string[] = []): Promise<ApiKey> =>
        parseJson<ApiKey>((await w.ok(['service-api-key-create', name, asid, ...extra, '-o', 'json'])).stdout);
      const fresh = await mk('fresh');
      expect(await works(fresh.apikey)).toBe(true);
      const ancient = await mk('ancient');
      w.age(ancient.id, { created_at: now - 100 * DAY, modified_at: now - 100 * DAY });
      const idle = await mk('idle');
      expect(await works(idle.apikey)).toBe(true);
      w.age(idle.id, { created_at: now - 60 * DAY, last_authn: now - 40 * DAY });
      await mk('expiring', ['--expires-in', '3d']);
      const gone = await mk('expired');
      w.age(gone.id, { expires_at: now - DAY });
      const off = await mk('off');
      w.age(off.id, { created_at: now - 200 * DAY });
      await w.ok(['service-api-key-disable', off.id, asid, '-f']);
    });

    it('--older-than', async () => {
      const { code, findings } = await audit(['--older-than', '90d']);
      expect(code).toBe(8);
      expect(findings.map((f) => f.name)).toEqual(['ancient']);
      expect(reasons(findings, 'ancient')).toEqual(['older than 90d']);
      const a = findings.find((f) => f.name === 'ancient')!;
      expect(a).toMatchObject({ service_id: asid, last_used: null, expires_at: null, disabled: false });
      expect(a.created_at).toMatch(IAM_TIME_RE);
    });

    it('--unused-for counts from the last use, or from creation for a key never used', async () => {
      const { findings } = await audit(['--unused-for', '30d']);
      expect(reasons(findings, 'idle')).toEqual(['unused for 30d']);
      expect(findings.find((f) => f.name === 'idle')?.last_used).toMatch(IAM_TIME_RE);
      expect(reasons(findings, 'ancient')).toEqual(['never used in 30d']);
      expect(reasons(findings, 'fresh')).toBeUndefined();
      expect(reasons(findings, 'expiring')).toBeUndefined();
      expect((await audit(['--unused-for', '50d'])).findings.map((f) => f.name)).toEqual(['ancient']);
    });

    it('--expiring-within', async () => {
      expect(reasons((await audit(['--expiring-within', '7d'])).findings, 'expiring')).toEqual(['expires within 7d']);
      expect(reasons((await audit(['--expiring-within', '2d'])).findings, 'expiring')).toBeUndefined();
    });

    it('with no threshold flag, the documented defaults (90d, 90d, 14d)', async () => {
      const { findings } = await audit([]);
      expect(reasons(findings, 'ancient')).toEqual(['older than 90d', 'never used in 90d']);
      expect(reasons(findings, 'expiring')).toEqual(['expires within 14d']);
      expect(reasons(findings, 'idle')).toBeUndefined();
    });

    it('skips keys that get no token (disabled, expired) unless --include-disabled', async () => {
      const skipped = (await audit(['--older-than', '90d'])).findings;
      expect(reasons(skipped, 'off')).toBeUndefined();
      expect(reasons(skipped, 'expired')).toBeUndefined();
      const included = (await audit(['--older-than', '90d', '--include-disabled'])).findings;
      expect(reasons(included, 'off')).toEqual(['older than 90d', 'disabled']);
      expect(reasons(included, 'expired')).toEqual(['expired']);
    });

    it('exits 0 with no finding and 8 with findings, in text too', async () => {
      await w.ok(['service-id-create', `clean-${transport}`]);
      await w.ok(['service-api-key-create', 'new', `clean-${transport}`]);
      const clean = await w.run(['service-api-keys-audit', `clean-${transport}`]);
      expect(clean.code, clean.stderr).toBe(0);
      expect(clean.stderr).toBe('');
      expect(clean.stdout.split('\n').slice(1)).toEqual(['OK', 'No API key needs attention (1 checked).', '']);
      const dirty = await w.run(['service-api-keys-audit', asid, '--older-than', '90d']);
      expect(dirty.code).toBe(8);
      expect(dirty.stdout.split('\n').find((l) => l.startsWith('ID '))).toMatch(/^ID\s+Name\s+Service ID\s+Reasons\s+Created At\s+Last Used\s+Expires At\s+Rotation$/);
      expect(dirty.stderr).toMatch(/FAILED\n1 of 4 API keys need attention \(exit 8\)\.\n$/);
      const all = await w.run(['service-api-keys-audit', '-a', '--older-than', '90d', '-o', 'json']);
      expect(all.code).toBe(8);
      expect(parseJson<Finding[]>(all.stdout).some((f) => f.name === 'ancient')).toBe(true);
    });
  });
});

describe('bad input changes nothing', () => {
  let w: World;
  beforeAll(async () => {
    w = await openWorld('local');
    await w.ok(['service-id-create', 'app']);
    await w.ok(['service-api-key-create', 'k', 'app']);
  });
  afterAll(async () => {
    await w?.close();
  });

  it.each<[string, string[], number, RegExp]>([
    ['a duration that does not parse', ['service-api-key-rotate', 'k', 'app', '--grace', '1y'], 2, /--grace takes a whole number and a unit min, h, d or w/],
    ['--grace with --retire disable', ['service-api-key-rotate', 'k', 'app', '--retire', 'disable', '--grace', '1h', '-f'], 2, /--grace applies to --retire expire only, not --retire disable\./],
    ['an unknown retire mode', ['service-api-key-rotate', 'k', 'app', '--retire', 'shred'], 2, /--retire must be expire, disable, delete or keep, not 'shred'\./],
    ['--file in a folder that does not exist', ['service-api-key-rotate', 'k', 'app', '--file', '/nonexistent-iamkeys/k.json'], 2, /Nothing was created\./],
    ['an audit duration that does not parse', ['service-api-keys-audit', 'app', '--older-than', 'ninety'], 2, /--older-than takes a positive whole number/],
    ['an audit duration of zero', ['service-api-keys-audit', '-a', '--unused-for', '0d'], 2, /--unused-for takes a positive whole number/],
    ['audit with both a service ID and --all', ['service-api-keys-audit', 'app', '-a'], 2, /Give a service ID or --all, not both\./],
  ])('%s', async (_what, argv, code, message) => {
    const store = readFileSync(join(w.home, 'store.db'));
    const r = await w.run(argv);
    const text = expectFailed(r, code, message);
    expect(text.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(readFileSync(join(w.home, 'store.db')).equals(store)).toBe(true);
  });

  it('--file whose folder is not writable is refused before the key is created', async () => {
    // root writes anywhere: then a "folder" that is a file stands in for an unwritable one
    const dir = join(w.home, 'locked-dir');
    if (process.getuid?.() === 0) writeFileSync(dir, 'x');
    else mkdirSync(dir, { mode: 0o500 });
    const before = (await w.ok(['service-api-keys', 'app', '-o', 'json'])).stdout;
    const r = await w.run(['service-api-key-rotate', 'k', 'app', '--file', join(dir, 'k.json')]);
    expectFailed(r, 2, /Nothing was created\./);
    expect((await w.ok(['service-api-keys', 'app', '-o', 'json'])).stdout).toBe(before);
  });
});
