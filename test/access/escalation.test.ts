// What an adversarial review of the local IAM found, each closed at its root and checked here on both
// transports (the handler in-process, and a real server on 127.0.0.1:0), through the CLI where a command
// exists and on the wire where it does not:
//   1. a service ID's own key creates, changes and deletes no service ID or key (it may read its own key);
//   3. an administrator changes no key of the owner or of another administrator (update, delete, lock,
//      unlock, disable, enable), though it may still read them;
//   4. only the owner makes or unmakes administrators, and a key someone else made for a user stops working
//      when the owner makes that user an administrator;
//   6. names with invisible or bidi characters are refused (400), and where they exist they are shown escaped;
//   8. failed API key guesses at the token endpoint are limited per client address (429 with Retry-After), and a
//      right key is never refused;
//   9. list links are built from the address serve is bound to, never from the Host header.
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/emulator/engine.js';
import { IamHandler, type EmuResponse } from '../../src/emulator/handler.js';
import { ensureLocalAccount, type LocalAccount } from '../../src/emulator/local-account.js';
import { Store } from '../../src/emulator/store.js';
import { FAILURE_LIMIT, FAILURE_WINDOW_MS } from '../../src/emulator/token-limit.js';
import { signToken } from '../../src/emulator/tokens.js';
import type { LocalUser } from '../../src/wire/identities.js';
import type { ApiKey, ServiceId } from '../../src/wire/types.js';
import { expectFailed, parseJson } from '../helpers/cli.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { dump, engineAs, expectRefused, inProcess, makeWorld, overHttp, type Transport, type Who, type World } from './world.js';

interface Answer { status: number; headers: Record<string, string>; body: string }

const keyValue = (file: string): string => (JSON.parse(readFileSync(file.replace(/^@/, ''), 'utf8')) as { apikey: string }).apikey;
const tokenForm = (apikey: string): string => new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey }).toString();

/** A raw HTTP request with full control of the Host header and the local address it comes from. */
function rawHttp(url: string, method: string, path: string, headers: Record<string, string>, body = '', localAddress?: string): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, ...(localAddress ? { localAddress } : {}), agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h[k] = v;
        resolve({ status: res.statusCode ?? 0, headers: h, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.each(['in-process', 'http'] as const)('escalations closed, over %s', (transportName) => {
  let world: World;
  let transport: Transport;
  let http: Awaited<ReturnType<typeof overHttp>> | undefined;
  let store: Store;
  let account: LocalAccount;
  let handler: IamHandler;
  const nowS = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    world = await makeWorld();
    store = new Store(world.storeFile);
    account = ensureLocalAccount(store, 'owner');
    handler = new IamHandler(new Engine(store), account.secret, {});
    if (transportName === 'http') {
      http = await overHttp(world.storeFile);
      transport = http;
    } else {
      transport = inProcess();
    }
  });
  afterAll(async () => {
    await transport?.close();
    store?.close();
  });

  const as = (who: Who, argv: string[]): Promise<CliResult> => runCli(argv, { home: world.home, env: transport.env(world.apikey[who]) });
  const asKey = (file: string, argv: string[]): Promise<CliResult> => runCli(argv, { home: world.home, env: transport.env(`@${file}`) });
  const tokenOf = (iamId: string, kind: 'user' | 'serviceid' = 'user'): string =>
    signToken(account.secret, { iam_id: iamId, account_id: world.accountId, kind, name: 'x' }, nowS()).token;

  /** One request on this describe's transport: the handler in-process, or the server over HTTP. */
  async function call(method: string, path: string, headers: Record<string, string>, body = ''): Promise<Answer> {
    const h = { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) };
    if (!http) {
      const a: EmuResponse = handler.handle({ method, url: path, headers: h, body });
      return a;
    }
    const res = await fetch(`${http.url}${path}`, { method, headers: h, ...(body ? { body } : {}) });
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => { out[k] = v; });
    return { status: res.status, headers: out, body: await res.text() };
  }
  const bearer = (iamId: string, kind: 'user' | 'serviceid' = 'user') => ({ authorization: `Bearer ${tokenOf(iamId, kind)}` });

  /** Runs fn, which must be refused, and checks that the store is byte for byte as before. */
  async function unchanged<T>(fn: () => Promise<T>): Promise<T> {
    const before = dump(world.storeFile);
    const out = await fn();
    expect(dump(world.storeFile)).toBe(before);
    return out;
  }

  /** A service ID the owner made, with one column then set by hand, as an older local IAM could have left it. */
  function serviceIdSetByHand(name: string, column: 'created_by' | 'name', value: string): ServiceId {
    const { store: s, engine, as: owner } = engineAs(world.storeFile, world.iamIds.owner);
    let sid: ServiceId;
    try {
      sid = engine.createServiceId(owner, { account_id: world.accountId, name }, { locked: false });
    } finally {
      s.close();
    }
    const db = new Database(world.storeFile);
    try {
      db.prepare(`UPDATE service_ids SET ${column} = ? WHERE id = ?`).run(value, sid.id);
    } finally {
      db.close();
    }
    return sid;
  }

  const userByEmail = async (email: string): Promise<LocalUser> => {
    const r = await as('owner', ['users', '-o', 'json']);
    return parseJson<LocalUser[]>(r.stdout).find((u) => u.email === email)!;
  };

  // --- 1 ---------------------------------------------------------------------------------------------------

  describe('1: a service ID acting through its own key', () => {
    it('cannot create a service ID, with or without a key in the same request', async () => {
      expectRefused(await unchanged(() => as('serviceid', ['service-id-create', 'spawn'])), 'service-id-create as a service ID');
      const body = JSON.stringify({ account_id: world.accountId, name: 'spawn', apikey: { name: 'k' } });
      const a = await unchanged(() => call('POST', '/v1/serviceids', bearer(world.iamIds.serviceid, 'serviceid'), body));
      expect(a.status).toBe(403);
      expect(a.body).not.toMatch(/"apikey"\s*:\s*"[^"]/);
    });

    it('cannot change, lock, delete or make keys of its own service ID, nor of one a service ID made earlier', async () => {
      // A service ID made by a service ID (as the local IAM allowed before): its maker has no claim on it.
      const spawn = serviceIdSetByHand(`spawn-${transportName}`, 'created_by', world.iamIds.serviceid);
      for (const sid of [world.owned.id, spawn.id]) {
        for (const argv of [
          ['service-id-update', sid, '-d', 'changed', '-f'], ['service-id-lock', sid, '-f'], ['service-id-delete', sid, '-f'],
          ['service-api-key-create', 'k', sid, '--file', join(world.keys, `spawned-${transportName}.json`)],
        ]) {
          expectRefused(await unchanged(() => as('serviceid', argv)), `service ID: ${argv.join(' ')}`);
        }
      }
    });

    it('may still read its own key by value (GET /v1/apikeys/details)', async () => {
      const a = await call('GET', '/v1/apikeys/details', { ...bearer(world.iamIds.serviceid, 'serviceid'), 'iam-apikey': keyValue(world.apikey.serviceid) });
      expect(a.status, a.body).toBe(200);
      expect(JSON.parse(a.body)).toMatchObject({ iam_id: world.iamIds.serviceid, apikey: '' });
    });

    it('a user who created a service ID still manages it (the creator rule stands)', async () => {
      const r = await as('creator', ['service-id-update', world.owned.id, '-d', `by creator ${transportName}`, '-f']);
      expect(r.code, r.stderr).toBe(0);
    });
  });

  // --- 3 ---------------------------------------------------------------------------------------------------

  describe('3: an administrator and the keys of the owner and of other administrators', () => {
    let secondAdmin: string;
    /** action → [method, path suffix, body, the state the key starts in] */
    const ACTIONS: [string, string, string, string, { locked: boolean; disabled: boolean }][] = [
      ['update', 'PUT', '', JSON.stringify({ description: 'changed by admin' }), { locked: false, disabled: false }],
      ['delete', 'DELETE', '', '', { locked: false, disabled: false }],
      ['lock', 'POST', '/lock', '', { locked: false, disabled: false }],
      ['unlock', 'DELETE', '/lock', '', { locked: true, disabled: false }],
      ['disable', 'POST', '/disable', '', { locked: false, disabled: false }],
      ['enable', 'DELETE', '/disable', '', { locked: false, disabled: true }],
    ];

    beforeAll(async () => {
      const r = await as('owner', ['user-create', 'admin2', '--email', `admin2-${transportName}@example.com`, '--admin', '-o', 'json']);
      expect(r.code, r.stderr).toBe(0);
      secondAdmin = parseJson<LocalUser>(r.stdout).iam_id;
    });

    const keyOf = (iamId: string, start: { locked: boolean; disabled: boolean }): string => {
      const { store: s, engine, as: owner } = engineAs(world.storeFile, world.iamIds.owner);
      try {
        return engine.createApiKey(owner, { name: 'target', iam_id: iamId }, start).id;
      } finally {
        s.close();
      }
    };

    it.each(ACTIONS)('%s: refused (403) on the owner\'s key and another administrator\'s, nothing changed', async (_n, method, suffix, body, start) => {
      for (const target of [() => world.iamIds.owner, () => secondAdmin]) {
        const id = keyOf(target(), start);
        const a = await unchanged(() => call(method, `/v1/apikeys/${id}${suffix}`, { ...bearer(world.iamIds.admin), 'if-match': '*' }, body));
        expect(a.status, a.body).toBe(403);
      }
    });

    it.each(ACTIONS)('%s: still allowed on a key of a user without a role, and for the owner on an administrator\'s', async (_n, method, suffix, body, start) => {
      const a = await call(method, `/v1/apikeys/${keyOf(world.iamIds.other, start)}${suffix}`, { ...bearer(world.iamIds.admin), 'if-match': '*' }, body);
      expect(a.status, a.body).toBeLessThan(300);
      const b = await call(method, `/v1/apikeys/${keyOf(secondAdmin, start)}${suffix}`, { ...bearer(world.iamIds.owner), 'if-match': '*' }, body);
      expect(b.status, b.body).toBeLessThan(300);
    });

    it('an administrator may still read the owner\'s key, and the owner keeps working after every try', async () => {
      const id = keyOf(world.iamIds.owner, { locked: false, disabled: false });
      const a = await call('GET', `/v1/apikeys/${id}`, bearer(world.iamIds.admin));
      expect(a.status).toBe(200);
      expect((await as('owner', ['service-ids', '-o', 'json'])).code).toBe(0);
    });
  });

  // --- 4 ---------------------------------------------------------------------------------------------------

  describe('4: roles', () => {
    it('an administrator cannot demote another administrator, promote a user, or make an administrator', async () => {
      const email = `admin3-${transportName}@example.com`;
      expect((await as('owner', ['user-create', 'admin3', '--email', email, '--admin'])).code).toBe(0);
      expectRefused(await unchanged(() => as('admin', ['user-role', email, 'user'])), 'admin demotes an administrator');
      expectRefused(await unchanged(() => as('admin', ['user-role', 'other@example.com', 'admin'])), 'admin promotes a user');
      expectRefused(await unchanged(() => as('admin', ['user-create', 'mallory', '--email', `mallory-${transportName}@example.com`, '--admin'])), 'admin makes an administrator');
      const r = await as('admin', ['user-role', email, 'user']);
      expect(r.stderr).toMatch(/Only the account owner makes administrators/);
    });

    it('so the demote, make a key, promote path is closed; a key another administrator made stops working on promotion', async () => {
      const email = `pat-${transportName}@example.com`;
      const own = join(world.keys, `pat-own-${transportName}.json`);
      const byAdmin = join(world.keys, `pat-by-admin-${transportName}.json`);
      const byOwner = join(world.keys, `pat-by-owner-${transportName}.json`);
      expect((await as('admin', ['user-create', 'pat', '--email', email, '--apikey-file', byAdmin])).code).toBe(0);
      const pat = await userByEmail(email);
      expect((await asKey(byAdmin, ['user-apikey-create', pat.iam_id, '--file', own])).code).toBe(0);
      expect((await as('owner', ['user-apikey-create', pat.iam_id, '--file', byOwner])).code).toBe(0);
      // The administrator holds a key of pat; while pat has no role that gives it nothing it lacks.
      expect((await asKey(byAdmin, ['service-ids', '-o', 'json'])).code).toBe(0);
      // Tokens got before the promotion with the administrator's key and with the owner's.
      const tokenOf = async (file: string): Promise<Record<string, string>> => {
        const form = new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: keyValue(file) }).toString();
        const t = await call('POST', '/identity/token', { 'content-type': 'application/x-www-form-urlencoded' }, form);
        expect(t.status, t.body).toBe(200);
        return { authorization: `Bearer ${(JSON.parse(t.body) as { access_token: string }).access_token}` };
      };
      const earlyByAdmin = await tokenOf(byAdmin);
      const earlyByOwner = await tokenOf(byOwner);
      // Only the owner can promote pat; the administrator's key of pat is disabled as it happens.
      expectRefused(await as('admin', ['user-role', email, 'admin']), 'admin promotes pat');
      const r = await as('owner', ['user-role', email, 'admin']);
      expect(r.code, r.stderr).toBe(0);
      const refused = await asKey(byAdmin, ['users']);
      expectFailed(refused, 4, /disabled/);
      // pat's own key, and the owner's, work and carry the new role.
      expect((await asKey(own, ['users', '-o', 'json'])).code).toBe(0);
      expect((await asKey(byOwner, ['users', '-o', 'json'])).code).toBe(0);
      // The token got with the administrator's key before no longer acts as pat; the owner's key's still does.
      expect((await call('GET', '/v1/iamkeys/users', earlyByAdmin)).status).toBe(401);
      expect((await call('GET', '/v1/iamkeys/users', earlyByOwner)).status).toBe(200);
      // The administrator cannot enable it again: it is an administrator's key now.
      const details = await call('GET', '/v1/apikeys/details', { ...bearer(world.iamIds.owner), 'iam-apikey': keyValue(byAdmin) });
      const key = JSON.parse(details.body) as ApiKey;
      expect(key).toMatchObject({ iam_id: pat.iam_id, created_by: world.iamIds.admin, disabled: true });
      expect((await call('DELETE', `/v1/apikeys/${key.id}/disable`, bearer(world.iamIds.admin))).status).toBe(403);
    });
  });

  // --- 6 ---------------------------------------------------------------------------------------------------

  describe('6: invisible and bidi characters in names', () => {
    const BAD = ['pro\u200bd', 'prod\u200f', '\u202eprod', 'pro\u2060d', '\ufeffprod', 'pro\u00add', 'pro\u{e0041}d', 'prod\u3164'];

    it.each(BAD)('%j is refused by the local IAM (400) as a service ID, API key or user name; nothing is made', async (name) => {
      const owner = bearer(world.iamIds.owner);
      const tries: [string, string, unknown][] = [
        ['POST', '/v1/serviceids', { account_id: world.accountId, name }],
        ['PUT', `/v1/serviceids/${world.foreign.id}`, { name }],
        ['POST', '/v1/apikeys', { name, iam_id: world.foreign.iam_id }],
        ['POST', '/v1/iamkeys/users', { name, email: `inv-${transportName}@example.com` }],
      ];
      for (const [method, path, body] of tries) {
        const a = await unchanged(() => call(method, path, { ...owner, 'if-match': '*' }, JSON.stringify(body)));
        expect(a.status, `${method} ${path}: ${a.body}`).toBe(400);
        expect(a.body).toMatch(/(invisible or text-direction|control) characters/);
      }
    });

    it('the CLI refuses them before sending (exit 2)', async () => {
      for (const name of BAD) {
        expectFailed(await unchanged(() => as('owner', ['service-id-create', name])), 2, /(invisible or text-direction|control) characters/);
      }
    });

    it('a name that already holds them is shown escaped in tables, details and messages', async () => {
      const sid = serviceIdSetByHand(`old-${transportName}`, 'name', 'pro\u200bd\u202e');
      const list = await as('owner', ['service-ids']);
      const one = await as('owner', ['service-id', sid.id]);
      const lock = await as('owner', ['service-id-lock', sid.id, '-f']);
      for (const r of [list, one, lock]) {
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout + r.stderr).not.toMatch(/[\u200b\u202e]/);
      }
      expect(list.stdout).toContain('pro\\u200bd\\u202e');
      expect(one.stdout).toContain('pro\\u200bd\\u202e');
      const json = await as('owner', ['service-id', sid.id, '-o', 'json']);
      expect(json.stdout).not.toMatch(/[\u200b\u202e]/);
      expect(parseJson<ServiceId[]>(json.stdout)[0]!.name).toBe('pro\u200bd\u202e');
    });
  });

  // --- 8 ---------------------------------------------------------------------------------------------------

  describe('8: failed API key guesses at the token endpoint', () => {
    it(`after ${FAILURE_LIMIT} failures from one client its failed requests are answered 429 with Retry-After; right keys are never refused, before or after, nor other clients`, async () => {
      // A fresh IAM on the same store: the limit is per handler (per serve process).
      const fresh = transportName === 'http' ? await overHttp(world.storeFile) : undefined;
      const own = new IamHandler(new Engine(store), account.secret, {});
      const good = keyValue(world.apikey.other);
      const send = async (apikey: string, from?: string): Promise<Answer> => {
        const headers = { 'content-type': 'application/x-www-form-urlencoded' };
        if (!fresh) return own.handle({ method: 'POST', url: '/identity/token', headers, body: tokenForm(apikey), ...(from ? { remote: from } : {}) });
        return rawHttp(fresh.url, 'POST', '/identity/token', headers, tokenForm(apikey), from);
      };
      const [client, other] = fresh ? ['127.0.0.1', '127.0.0.2'] : [undefined, 'another-client'];
      try {
        for (let i = 0; i < FAILURE_LIMIT; i++) {
          // right keys in between: answered at once, and never counted
          expect((await send(good, client)).status).toBe(200);
          expect((await send(`guess-${i}-${'x'.repeat(40)}`, client)).status).toBe(400);
        }
        const blocked = await send('one-more-guess-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', client);
        expect(blocked.status, blocked.body).toBe(429);
        const after = Number(blocked.headers['retry-after']);
        expect(after).toBeGreaterThanOrEqual(1);
        expect(after).toBeLessThanOrEqual(FAILURE_WINDOW_MS / 1000);
        expect(JSON.parse(blocked.body)).toMatchObject({ errorCode: 'BXNIM0429E' });
        expect(blocked.body).not.toContain('one-more-guess');
        // A right key from the blocked client still gets its token: a client guessing wrong keys locks out no one
        // sharing its address; its further guesses stay 429.
        expect((await send(good, client)).status).toBe(200);
        expect((await send('and-another-guess-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', client)).status).toBe(429);
        // Another client is not affected.
        expect((await send(good, other)).status).toBe(200);
      } finally {
        await fresh?.close();
      }
    });
  });

  // --- 9 ---------------------------------------------------------------------------------------------------

  describe('9: list links', () => {
    it('first and next never name the Host a client sent', async () => {
      const path = `/v1/serviceids?account_id=${world.accountId}&pagesize=1`;
      const headers = { ...bearer(world.iamIds.owner), host: 'evil.example:666' };
      const a = http ? await rawHttp(http.url, 'GET', path, headers) : handler.handle({ method: 'GET', url: path, headers, body: '' });
      expect(a.status, a.body).toBe(200);
      const list = JSON.parse(a.body) as { first: string; next?: string };
      expect(list.next).toBeDefined();
      for (const link of [list.first, list.next!]) {
        expect(link).not.toContain('evil.example');
        if (http) expect(link.startsWith(`${http.url}/v1/serviceids?`)).toBe(true);
      }
    });
  });
});
