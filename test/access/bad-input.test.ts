// Input built to break text output or the rules: names and descriptions with ANSI escapes, newlines, carriage
// returns, bidi overrides, or too long, are refused with exit 2 by the CLI and with 400 by the local IAM when the
// CLI is bypassed, changing nothing; and text that is already in IAM (put there behind the engine's back, as a
// real IAM may hold it) is shown escaped, never acted on by the terminal, in tables, details, messages and JSON.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/emulator/engine.js';
import { IamHandler } from '../../src/emulator/handler.js';
import { ensureLocalAccount } from '../../src/emulator/local-account.js';
import { Store } from '../../src/emulator/store.js';
import type { LocalUser } from '../../src/wire/identities.js';
import type { ApiKey, ServiceId } from '../../src/wire/types.js';
import { expectFailed, parseJson } from '../helpers/cli.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { dump, inProcess, makeWorld, overHttp, type Transport, type World } from './world.js';

const HOSTILE = [
  ['an ANSI colour', '\u001b[31mred\u001b[0m'],
  ['a screen clear', '\u001b[2J\u001b[Hgone'],
  ['an OSC title', 'x\u001b]0;pwned\u0007'],
  ['a newline forging a line', 'ok\nOK\nService ID API key k is deleted'],
  ['a carriage return', 'visible\rhidden'],
  ['a bidi override', 'abc\u202Egpj.exe'],
  ['a C1 control', 'x\u009bm'],
  ['a NUL', 'a\u0000b'],
  ['a line separator', 'a\u2028b'],
] as const;

/** Line breaks a description may hold (pretty-printed JSON), shown escaped; every other entry is refused there too. */
const LINE_BREAK = (s: string): boolean => /^[^\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/.test(s);

/** No byte a terminal acts on: ESC, CR, C1, bidi overrides, separators; and no line longer than it should be. */
function expectInert(text: string, what: string): void {
  // eslint-disable-next-line no-control-regex
  expect(text, what).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
}

describe.each(['in-process', 'http'] as const)('bad input over %s', (transportName) => {
  let world: World;
  let transport: Transport;
  let key: ApiKey;
  const owner = (argv: string[]): Promise<CliResult> => runCli(argv, { home: world.home, env: transport.env(world.apikey.owner) });
  const refusedWith = async (argv: string[], code: number, message?: RegExp): Promise<CliResult> => {
    const before = dump(world.storeFile);
    const r = await owner(argv);
    expectFailed(r, code, message);
    expectInert(r.stderr, argv.join(' '));
    expect(dump(world.storeFile)).toBe(before);
    return r;
  };

  beforeAll(async () => {
    world = await makeWorld();
    transport = transportName === 'http' ? await overHttp(world.storeFile) : inProcess();
    key = parseJson<ApiKey>((await owner(['service-api-key-create', 'k', world.owned.id, '-o', 'json'])).stdout);
  });
  afterAll(async () => {
    await transport?.close();
  });

  it.each(HOSTILE)('a name with %s is refused (exit 2), nothing made, the message escaped', async (_what, name) => {
    await refusedWith(['service-id-create', name], 2, /control characters/);
    await refusedWith(['service-api-key-create', name, world.owned.id], 2, /control characters/);
    await refusedWith(['service-api-key-update', key.id, world.owned.id, '-n', name, '-f'], 2, /control characters/);
    await refusedWith(['service-id-update', world.owned.id, '-n', name, '-f'], 2, /control characters/);
    if (LINE_BREAK(name)) {
      const made = await owner(['service-id-create', `fine-${randomUUID()}`, '-d', name]);
      expect(made.code, made.stderr).toBe(0);
      expectInert(made.stdout, 'a description with a line break, in text');
      expect(made.stdout).toMatch(/^Description {3}.*\\x0[ad]/m);
    } else {
      await refusedWith(['service-id-create', 'fine', '-d', name], 2, /control characters/);
    }
    await refusedWith(['user-create', name, '--email', 'someone@example.com'], 2, /control characters/);
    await refusedWith(['user-create', 'someone', '--email', `a${name}@example.com`], 2);
  });

  it('names are 1 to 255 characters, descriptions up to 1,024', async () => {
    await refusedWith(['service-id-create', 'n'.repeat(256)], 2, /longer than 255/);
    await refusedWith(['service-api-key-create', '\u00e9'.repeat(256), world.owned.id], 2, /longer than 255/);
    await refusedWith(['service-id-create', 'x', '-d', 'd'.repeat(1025)], 2, /longer than 1024/);
    await refusedWith(['service-id-create', ''], 2);
    await refusedWith(['service-id-create', '   '], 2, /must not be empty/);
    const long = parseJson<ServiceId>((await owner(['service-id-create', '\u00e9'.repeat(255), '-d', 'd'.repeat(1024), '-o', 'json'])).stdout);
    expect([...long.name]).toHaveLength(255);
  });

  it('an argument that names nothing is echoed escaped in the not-found message', async () => {
    for (const [, name] of HOSTILE) {
      await refusedWith(['service-id', name], 3, /was not found/);
      await refusedWith(['service-api-key', name, world.owned.id], 3);
      await refusedWith(['user-role', name, 'admin'], 3);
    }
  });
});

describe('the local IAM refuses bad input itself when the CLI is bypassed (400, nothing changed)', () => {
  let world: World;
  let store: Store;
  let handler: IamHandler;
  let token: string;
  let http: Awaited<ReturnType<typeof overHttp>>;

  beforeAll(async () => {
    world = await makeWorld();
    store = new Store(world.storeFile);
    const account = ensureLocalAccount(store, 'owner');
    handler = new IamHandler(new Engine(store), account.secret, {});
    token = handler.mintToken({ iam_id: world.iamIds.owner, account_id: world.accountId, kind: 'user', name: 'owner' });
    http = await overHttp(world.storeFile);
  });
  afterAll(async () => {
    await http?.close();
    store?.close();
  });

  async function both(method: string, path: string, body: unknown): Promise<{ status: number; body: string }[]> {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const text = JSON.stringify(body);
    const a = handler.handle({ method, url: path, headers, body: text });
    const res = await fetch(`${http.url}${path}`, { method, headers: { ...headers, 'if-match': '*' }, body: text });
    const b = handler.handle({ method, url: path, headers: { ...headers, 'if-match': '*' }, body: text });
    return [method === 'PUT' ? b : a, { status: res.status, body: await res.text() }];
  }

  it.each(HOSTILE)('%s in a name or a description (line breaks: names only)', async (_what, bad) => {
    const before = dump(world.storeFile);
    const key = (JSON.parse(dump(world.storeFile)).apikeys as { id: string; iam_id: string }[]).find((k) => k.iam_id === world.owned.iam_id)!;
    const inDescription = LINE_BREAK(bad) ? [] : [
      ['POST', '/v1/serviceids/', { account_id: world.accountId, name: 'ok', description: bad }],
      ['PUT', `/v1/apikeys/${key.id}`, { description: bad }],
    ] as const;
    for (const [method, path, body] of [
      ['POST', '/v1/serviceids/', { account_id: world.accountId, name: bad }],
      ...inDescription,
      ['PUT', `/v1/serviceids/${world.owned.id}`, { name: bad }],
      ['POST', '/v1/apikeys', { name: bad, iam_id: world.owned.iam_id }],
      ['POST', '/v1/iamkeys/users', { name: bad, email: 'x@example.com' }],
      ['POST', '/v1/iamkeys/users', { name: 'x', email: `x${bad}@example.com` }],
      ['PUT', `/v1/iamkeys/users/${world.iamIds.other}/role`, { role: bad }],
    ] as const) {
      for (const a of await both(method, path, body)) {
        expect(a.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
        const parsed = JSON.parse(a.body) as { errors: { code: string; message_code: string }[]; status_code: number };
        expect(parsed.status_code).toBe(400);
        expect(parsed.errors[0]!.message_code).toMatch(/^BXNIM010[69]E$/);
        expectInert(a.body, `${method} ${path}`);
      }
    }
    expect(dump(world.storeFile)).toBe(before);
  });

  it('a name of 256 characters, a body that is not JSON, and an empty body', async () => {
    const before = dump(world.storeFile);
    for (const a of await both('POST', '/v1/serviceids/', { account_id: world.accountId, name: 'n'.repeat(256) })) expect(a.status).toBe(400);
    for (const a of await both('POST', '/v1/iamkeys/users', { name: 'n'.repeat(256), email: 'n@example.com' })) expect(a.status).toBe(400);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    for (const body of ['{"name":', '[]', '"x"', '']) {
      expect(handler.handle({ method: 'POST', url: '/v1/iamkeys/users', headers, body }).status).toBe(400);
      expect((await fetch(`${http.url}/v1/serviceids/`, { method: 'POST', headers, body })).status).toBe(400);
    }
    expect(dump(world.storeFile)).toBe(before);
  });
});

describe.each(['in-process', 'http'] as const)('text already in IAM is shown escaped (%s)', (transportName) => {
  let world: World;
  let transport: Transport;
  const sid = `ServiceId-${randomUUID()}`;
  const keyId = `ApiKey-${randomUUID()}`;
  const userId = 'IBMid-HOSTILE0001';
  const name = (i: number) => `n${i}-${HOSTILE[i % HOSTILE.length]![1]}`;
  const owner = (argv: string[]): Promise<CliResult> => runCli(argv, { home: world.home, env: transport.env(world.apikey.owner) });

  beforeAll(async () => {
    world = await makeWorld();
    // Written behind the engine's back, as a real IAM (with no such limits) could hold them.
    const store = new Store(world.storeFile);
    try {
      const t = Date.now();
      store.write(() => {
        store.insertServiceId({
          id: sid, account_id: world.accountId, name: name(0), description: name(3), locked: 0, version: 1,
          created_at: t, modified_at: t, created_by: world.iamIds.owner, unique_instance_crns: '[]',
        });
        store.insertApiKey({
          id: keyId, account_id: world.accountId, iam_id: `iam-${sid}`, name: name(4), description: name(5), locked: 0, disabled: 0,
          version: 1, created_at: t, created_by: world.iamIds.owner, modified_at: t, support_sessions: 0, action_when_leaked: 'none',
          expires_at: null, value_hash: 'f'.repeat(64), stored_value: null,
        });
        store.insertUser({ iam_id: userId, account_id: world.accountId, name: name(1), email: `${name(2)}@example.com`, role: 'user', created_at: t });
      });
    } finally {
      store.close();
    }
    transport = transportName === 'http' ? await overHttp(world.storeFile) : inProcess();
  });
  afterAll(async () => {
    await transport?.close();
  });

  it.each([
    ['service-ids', () => ['service-ids']],
    ['service-id', () => ['service-id', sid]],
    ['service-api-keys', () => ['service-api-keys', sid]],
    ['service-api-keys --all', () => ['service-api-keys', '--all']],
    ['service-api-key', () => ['service-api-key', keyId, sid]],
    ['service-api-key-update (progress and result)', () => ['service-api-key-update', keyId, sid, '-d', 'now fine', '-f']],
    ['users', () => ['users']],
  ] as const)('%s in text', async (_what, argv) => {
    const r = await owner([...argv()]);
    expect(r.code, r.stderr).toBe(0);
    expectInert(r.stdout, 'stdout');
    expectInert(r.stderr, 'stderr');
    expect(`${r.stdout}${r.stderr}`).toMatch(/\\x1b|\\x0a|\\u202e|\\x9b|\\x0d/);
  });

  it('tables keep one line per entity', async () => {
    const r = await owner(['service-ids', '-q']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 3); // header, owned, foreign, the hostile one
    const u = await owner(['users', '-q']);
    expect(u.stdout.trimEnd().split('\n')).toHaveLength(1 + 6); // header, owner, 4 users, the hostile one
  });

  it('JSON output is inert on a terminal and gives back the exact text', async () => {
    const r = await owner(['service-ids', '-o', 'json']);
    expectInert(r.stdout, 'service-ids json');
    expect(parseJson<ServiceId[]>(r.stdout).find((s) => s.id === sid)).toMatchObject({ name: name(0), description: name(3) });
    const k = await owner(['service-api-key', keyId, sid, '-o', 'json']);
    expectInert(k.stdout, 'key json');
    expect(parseJson<ApiKey>(k.stdout)).toMatchObject({ name: name(4), apikey: '' });
    const u = await owner(['users', '-o', 'json']);
    expectInert(u.stdout, 'users json');
    expect(parseJson<LocalUser[]>(u.stdout).find((x) => x.iam_id === userId)).toMatchObject({ name: name(1), email: `${name(2)}@example.com` });
  });
});
