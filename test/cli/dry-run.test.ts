// --dry-run on every command that changes something, on both transports (the in-process local IAM and the
// network client against a served one): the plan is printed, nothing is asked, the store is the same after as
// before, and a change the real run would fail (not found, ambiguous, locked, stale version) fails the same way,
// with the same exit code, checked by running the real command afterwards.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hideSecrets } from '../../src/client/dry-run.js';
import { runCli, tempHome, type CliResult } from '../helpers/run-cli.js';
import { progressOnly } from '../helpers/cli.js';
import { remoteEnv, startTestIam, type TestIam } from '../remote/iam-server.js';

const NIL_SID = 'ServiceId-00000000-0000-4000-8000-000000000000';
const STALE = '1-00000000000000000000000000000000';

interface Setup {
  home: string;
  env: Record<string, string>;
  iam?: TestIam;
}

async function cli(s: Setup, argv: string[]): Promise<CliResult> {
  return runCli(argv, { home: s.home, env: s.env });
}

async function must(s: Setup, argv: string[]): Promise<CliResult> {
  const r = await cli(s, argv);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
}

/** Everything a changing command could change, as text: service IDs, all their keys, the users. */
async function state(s: Setup): Promise<string> {
  const parts = await Promise.all([['service-ids'], ['service-api-keys', '--all'], ['users']].map((a) => must(s, [...a, '-o', 'json'])));
  return parts.map((r) => r.stdout).join('\n');
}

async function seed(s: Setup): Promise<Record<string, string>> {
  const v: Record<string, string> = {};
  const id = async (argv: string[]): Promise<string> => (JSON.parse((await must(s, [...argv, '-o', 'json'])).stdout) as { id: string }).id;
  v['app'] = await id(['service-id-create', 'app']);
  v['held'] = await id(['service-id-create', 'held', '--lock']);
  await must(s, ['service-id-create', 'spare']);
  await must(s, ['service-id-create', 'twin']);
  await must(s, ['service-id-create', 'twin']);
  v['k1'] = await id(['service-api-key-create', 'k1', 'app']);
  v['k2'] = await id(['service-api-key-create', 'k2', 'app', '--lock']);
  await must(s, ['service-api-key-create', 'dup', 'app']);
  await must(s, ['service-api-key-create', 'dup', 'app']);
  await must(s, ['user-create', 'alice', '--email', 'alice@example.com']);
  return v;
}

type Argv = (v: Record<string, string>, dir: string) => string[];

/** Commands the real run would make: the request the plan must show. */
interface Planned { method: string; path: RegExp; body?: RegExp; header?: RegExp }
/** The successor's hand-over: its description without the rotation's mark. */
const HAND_OVER = { method: 'PUT', path: /^\/v1\/apikeys\/ApiKey-\(new\)$/, body: /"description"/ };

const PLANS: (Planned & { argv: Argv; then?: Planned[] })[] = [
  { argv: () => ['service-id-create', 'new one', '-d', 'it is new'], method: 'POST', path: /^\/v1\/serviceids\/$/, body: /"name": "new one"/, header: /Entity-Lock: false/ },
  { argv: () => ['service-id-update', 'app', '-n', 'renamed'], method: 'PUT', path: /^\/v1\/serviceids\/ServiceId-/, body: /"name": "renamed"/, header: /If-Match: 1-/ },
  { argv: () => ['service-id-delete', 'spare'], method: 'DELETE', path: /^\/v1\/serviceids\/ServiceId-/ },
  { argv: (v) => ['service-id-lock', v['app']!], method: 'POST', path: /\/lock$/ },
  { argv: () => ['service-id-unlock', 'held'], method: 'DELETE', path: /\/lock$/ },
  { argv: (_, dir) => ['service-api-key-create', 'k9', 'app', '--file', join(dir, 'k9.json'), '--action-if-leaked', 'DELETE'], method: 'POST', path: /^\/v1\/apikeys$/, body: /"action_when_leaked": "delete"/ },
  { argv: () => ['service-api-key-update', 'k1', 'app', '--expires-in', '30d'], method: 'PUT', path: /^\/v1\/apikeys\/ApiKey-/, body: /"expires_at"/, header: /If-Match: 1-/ },
  { argv: () => ['service-api-key-delete', 'k1', 'app'], method: 'DELETE', path: /^\/v1\/apikeys\/ApiKey-[^/]+$/ },
  { argv: () => ['service-api-key-lock', 'k1', 'app'], method: 'POST', path: /\/lock$/ },
  { argv: () => ['service-api-key-unlock', 'k2', 'app'], method: 'DELETE', path: /\/lock$/ },
  { argv: () => ['service-api-key-disable', 'k1', 'app'], method: 'POST', path: /\/disable$/ },
  { argv: () => ['service-api-key-enable', 'k1', 'app'], method: 'DELETE', path: /\/disable$/ },
  // Rotation: the successor's creation, the versioned mark that wins the rotation, the versioned mark of the
  // old key as rotated (with its expiry under expire), then its disabling or deletion.
  { argv: () => ['service-api-key-rotate', 'k1', 'app'], method: 'POST', path: /^\/v1\/apikeys$/, body: /"name": "k1"/,
    then: [
      { method: 'PUT', path: /^\/v1\/apikeys\/ApiKey-/, body: /\[iamkeys: rotating to ApiKey-\(new\)\]/, header: /If-Match: 1-/ },
      HAND_OVER,
      { method: 'PUT', path: /^\/v1\/apikeys\/ApiKey-/, body: /"expires_at": "\d{4}-/, header: /If-Match: 1-/ },
    ] },
  { argv: () => ['service-api-key-rotate', 'k1', 'app', '--retire', 'disable'], method: 'POST', path: /^\/v1\/apikeys$/,
    then: [{ method: 'PUT', path: /^\/v1\/apikeys\/ApiKey-/ }, HAND_OVER, { method: 'PUT', path: /^\/v1\/apikeys\/ApiKey-/, body: /retire disable/ }, { method: 'POST', path: /\/disable$/ }] },
  { argv: (_, dir) => ['service-api-key-rotate', 'k1', 'app', '--retire', 'delete', '--file', join(dir, 'k9.json')], method: 'POST', path: /^\/v1\/apikeys$/,
    then: [{ method: 'PUT', path: /^\/v1\/apikeys\/ApiKey-/ }, HAND_OVER, { method: 'PUT', path: /^\/v1\/apikeys\/ApiKey-/ }, { method: 'DELETE', path: /^\/v1\/apikeys\/ApiKey-[^/]+$/ }] },
  { argv: () => ['service-api-key-rotate', 'k1', 'app', '--retire', 'keep'], method: 'POST', path: /^\/v1\/apikeys$/,
    then: [{ method: 'PUT', path: /^\/v1\/apikeys\/ApiKey-/ }, HAND_OVER, { method: 'PUT', path: /^\/v1\/apikeys\/ApiKey-/, body: /retire keep/ }] },
  { argv: () => ['user-create', 'bob', '--email', 'bob@example.com', '--admin'], method: 'POST', path: /^\/v1\/iamkeys\/users$/, body: /"role": "admin"/ },
  { argv: () => ['user-apikey-create', 'alice@example.com', '-n', 'alice-2'], method: 'POST', path: /^\/v1\/apikeys$/, body: /"name": "alice-2"/ },
  { argv: () => ['user-role', 'alice@example.com', 'admin'], method: 'PUT', path: /\/role$/, body: /"role": "admin"/ },
  { argv: () => ['service-id-grant', 'alice@example.com', 'app'], method: 'PUT', path: /\/service_ids\/ServiceId-/ },
  { argv: () => ['service-id-revoke', 'alice@example.com', 'app'], method: 'DELETE', path: /\/service_ids\/ServiceId-/ },
];

/** Commands the real run would fail: the dry run fails with the same exit code and message. */
const REFUSALS: { argv: Argv; code: number; message: RegExp; noForce?: boolean }[] = [
  { argv: () => ['service-id-delete', 'nope'], code: 3, message: /Service ID 'nope' was not found/ },
  { argv: () => ['service-id-lock', NIL_SID], code: 3, message: /was not found/ },
  { argv: () => ['service-id-update', 'twin', '-d', 'x'], code: 6, message: /More than one service ID is named 'twin'/ },
  { argv: () => ['service-id-delete', 'held'], code: 5, message: /is locked/ },
  { argv: () => ['service-id-update', 'held', '-d', 'x'], code: 5, message: /is locked/ },
  { argv: () => ['service-id-delete', 'app'], code: 5, message: /has a locked API key/ },
  { argv: (v) => ['service-id-update', v['app']!, '-d', 'x', '-v', STALE], code: 5, message: /stale version/ },
  { argv: () => ['service-api-key-create', 'kx', NIL_SID], code: 3, message: /not found/ },
  { argv: () => ['service-api-key-create', 'kx', 'twin'], code: 6, message: /More than one service ID/ },
  { argv: () => ['service-api-key-delete', 'nokey', 'app'], code: 3, message: /API key 'nokey' was not found/ },
  { argv: () => ['service-api-key-update', 'dup', 'app', '-d', 'x'], code: 6, message: /More than one API key is named 'dup'/ },
  { argv: () => ['service-api-key-delete', 'k2', 'app'], code: 5, message: /is locked/ },
  { argv: () => ['service-api-key-disable', 'k2', 'app'], code: 5, message: /is locked/ },
  { argv: () => ['user-role', 'nobody@example.com', 'admin'], code: 3, message: /User 'nobody@example.com' was not found/, noForce: true },
];

const TRANSPORTS: [string, () => Promise<Setup>][] = [
  ['in-process', async () => ({ home: tempHome(), env: {} })],
  ['served', async () => {
    const iam = await startTestIam();
    return { home: tempHome(), env: remoteEnv(iam), iam };
  }],
];

describe.each(TRANSPORTS)('--dry-run on the %s transport', (_name, make) => {
  let s: Setup;
  let v: Record<string, string>;
  let before: string;
  const dir = tempHome('iamkeys-dry-files-');

  beforeAll(async () => {
    s = await make();
    v = await seed(s);
    before = await state(s);
  });
  afterAll(async () => {
    await s.iam?.close();
  });

  it.each(PLANS.map((p) => [p.argv({ app: 'ServiceId-x' }, dir).join(' '), p] as const))('%s: shows the request and changes nothing', async (_label, p) => {
    const argv = p.argv(v, dir);
    // No -f, and --no-input: a question would fail the command.
    const seen = s.iam?.requests.length ?? 0;
    const r = await cli(s, [...argv, '--dry-run', '--no-input']);
    // On the wire (served transport): reads and token requests only.
    const sent = (s.iam?.requests ?? []).slice(seen).filter((q) => q.method !== 'GET' && q.path !== '/identity/token');
    expect(sent).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    // ibmcloud's stdout: the progress line, the sentence, then the plan.
    const lines = r.stdout.split('\n');
    const said = lines.findIndex((l) => /^Dry run: nothing was changed/.test(l));
    expect(said, r.stdout).toBeGreaterThan(0);
    // The first change, then each one after it behind a "Then:" line.
    const [firstBlock, ...thenBlocks] = lines.slice(said + 1).join('\n').split(/\n\nThen:\n/);
    expect(thenBlocks).toHaveLength(p.then?.length ?? 0);
    for (const [want, block] of [[p, firstBlock!], ...(p.then ?? []).map((t, i) => [t, thenBlocks[i]!] as const)] as const) {
      const [first, ...rest] = block.split('\n');
      expect(first).toMatch(new RegExp(`^${want.method} `));
      expect(first!.slice(want.method.length + 1)).toMatch(want.path);
      if (want.body) expect(rest.join('\n')).toMatch(want.body);
      if (want.header) expect(rest.join('\n')).toMatch(want.header);
    }
    expect(r.stdout + r.stderr).not.toMatch(/authorization|Bearer/i);

    const j = await cli(s, [...argv, '--dry-run', '--no-input', '--output', 'json']);
    expect(j.code, j.stderr).toBe(0);
    const plan = JSON.parse(j.stdout) as { dry_run: boolean; method: string; path: string; then?: { method: string; path: string }[] };
    expect(plan).toMatchObject({ dry_run: true, method: p.method });
    expect(plan.path).toMatch(p.path);
    expect(plan.then?.map((t) => t.method)).toEqual(p.then?.map((t) => t.method));
    (p.then ?? []).forEach((t, i) => expect(plan.then![i]!.path).toMatch(t.path));

    expect(await state(s)).toBe(before);
    expect(existsSync(join(dir, 'k9.json'))).toBe(false);
  });

  it.each(REFUSALS.map((x) => [x.argv({ app: 'ServiceId-x' }, dir).join(' '), x] as const))('%s: fails as the real run does', async (_label, x) => {
    const argv = x.argv(v, dir);
    const dry = await cli(s, [...argv, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(x.code);
    progressOnly(dry.stdout);
    expect(dry.stderr).toMatch(x.message);
    expect(dry.stdout + dry.stderr).not.toMatch(/Dry run/);
    expect(await state(s)).toBe(before);
    const real = await cli(s, x.noForce ? argv : [...argv, '-f']);
    expect(real.code, real.stderr).toBe(x.code);
    expect(await state(s)).toBe(before);
  });
});

describe('--dry-run', () => {
  it('is offered by commands that change something only', async () => {
    const home = tempHome();
    const r = await runCli(['service-ids', '--dry-run'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/This command changes nothing, so it takes no --dry-run\./);
  });

  it('hides secret fields of a body at any depth', () => {
    expect(hideSecrets({ name: 'n', apikey: { name: 'k', apikey: 'SECRET' }, list: [{ password: 'p' }] }))
      .toEqual({ name: 'n', apikey: { name: 'k', apikey: '<hidden>' }, list: [{ password: '<hidden>' }] });
  });
});
