// Tokens as IAM enforces them: on every /v1 call a token with a bad signature, for another account, past its
// expiry, forged, truncated or missing is a 401 with IAM's error body; the token endpoint gives no token for a
// disabled, expired, deleted or unknown key (400, its own body). Checked on the handler in-process and over
// HTTP, and through the CLI (exit 4); nothing changes, and no answer repeats the key that was presented.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Engine } from '../../src/emulator/engine.js';
import { IamHandler, type EmuResponse } from '../../src/emulator/handler.js';
import { ensureLocalAccount, type LocalAccount } from '../../src/emulator/local-account.js';
import { Store } from '../../src/emulator/store.js';
import { signToken } from '../../src/emulator/tokens.js';
import { readFileSync } from 'node:fs';
import { runCli } from '../helpers/run-cli.js';
import { expectFailed } from '../helpers/cli.js';
import { dump, engineAs, overHttp, makeWorld, type World } from './world.js';

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const keyOf = (file: string): string => (JSON.parse(readFileSync(file.replace(/^@/, ''), 'utf8')) as { apikey: string }).apikey;

interface Answer { status: number; headers: Record<string, string>; body: string }

describe('tokens and the keys that get them', () => {
  let world: World;
  let store: Store;
  let account: LocalAccount;
  let handler: IamHandler;
  let http: Awaited<ReturnType<typeof overHttp>>;
  const nowS = () => Math.floor(Date.now() / 1000);
  const owner = () => ({ iam_id: world.iamIds.owner, account_id: world.accountId, kind: 'user' as const, name: 'owner' });
  const good = () => signToken(account.secret, owner(), nowS()).token;

  beforeAll(async () => {
    world = await makeWorld();
    store = new Store(world.storeFile);
    account = ensureLocalAccount(store, 'owner');
    handler = new IamHandler(new Engine(store), account.secret, {});
    http = await overHttp(world.storeFile);
  });
  afterAll(async () => {
    await http?.close();
    store?.close();
  });

  /** The same request to the handler in-process and to the server over HTTP. */
  async function both(method: string, path: string, headers: Record<string, string>, body = ''): Promise<Answer[]> {
    const a: EmuResponse = handler.handle({ method, url: path, headers: { host: 'local', ...headers }, body });
    const res = await fetch(`${http.url}${path}`, { method, headers, ...(body ? { body } : {}) });
    const h: Record<string, string> = {};
    res.headers.forEach((v, k) => { h[k] = v; });
    return [a, { status: res.status, headers: h, body: await res.text() }];
  }

  const serviceIdBody = () => JSON.stringify({ account_id: world.accountId, name: 'made-with-a-bad-token' });

  function expect401(answers: Answer[], messageCode: string, what: string): void {
    for (const a of answers) {
      expect(a.status, what).toBe(401);
      const body = JSON.parse(a.body) as { errors: { code: string; message_code: string; message: string }[]; trace: string; status_code: number };
      expect(body.status_code, what).toBe(401);
      expect(body.errors[0], what).toMatchObject({ code: 'invalid_access_token', message_code: messageCode });
      expect(body.trace).toBe(a.headers['transaction-id']);
    }
  }

  it('a good token works (the baseline the bad ones differ from)', async () => {
    const [a, b] = await both('GET', `/v1/serviceids/?account_id=${world.accountId}`, { authorization: `Bearer ${good()}` });
    expect([a!.status, b!.status]).toEqual([200, 200]);
  });

  const BAD: [string, () => string, string][] = [
    ['no Authorization header', () => '', 'BXNIM0308E'],
    ['a Basic credential', () => `Basic ${Buffer.from('owner:pw').toString('base64')}`, 'BXNIM0308E'],
    ['an empty Bearer', () => 'Bearer ', 'BXNIM0308E'],
    ['a signature changed in one character', () => { const t = good(); return `Bearer ${t.slice(0, -5)}${t.at(-5) === 'A' ? 'B' : 'A'}${t.slice(-4)}`; }, 'BXNIM0407E'],
    ['a signature spelled differently (same bytes, spare bits set)', () => {
      const t = good();
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      return `Bearer ${t.slice(0, -1)}${alphabet[alphabet.indexOf(t.at(-1)!) ^ 1]}`;
    }, 'BXNIM0407E'],
    ['a token signed by another local IAM', () => `Bearer ${signToken(Buffer.alloc(32, 7), owner(), nowS()).token}`, 'BXNIM0407E'],
    ['a token for another account (claims of this account\'s owner, account.bss of another)', () =>
      `Bearer ${signToken(account.secret, { ...owner(), account_id: 'f'.repeat(32) }, nowS()).token}`, 'BXNIM0407E'],
    ['a token past its expiry', () => `Bearer ${signToken(account.secret, owner(), nowS() - 7200, 3600).token}`, 'BXNIM0408E'],
    ['a token expiring this second', () => `Bearer ${signToken(account.secret, owner(), nowS() - 60, 60).token}`, 'BXNIM0408E'],
    ['a truncated token (signature cut)', () => `Bearer ${good().slice(0, -10)}`, 'BXNIM0407E'],
    ['a truncated token (two parts)', () => `Bearer ${good().split('.').slice(0, 2).join('.')}`, 'BXNIM0407E'],
    ['a truncated token (header only)', () => `Bearer ${good().split('.')[0]}`, 'BXNIM0407E'],
    ['claims changed after signing (iam_id swapped to the owner)', () => {
      const other = signToken(account.secret, { iam_id: world.iamIds.other, account_id: world.accountId, kind: 'user', name: 'o' }, nowS()).token;
      const [h, body, sig] = other.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
      return `Bearer ${h}.${b64({ ...claims, iam_id: world.iamIds.owner })}.${sig}`;
    }, 'BXNIM0407E'],
    ['alg none', () => {
      const [, body] = good().split('.') as [string, string];
      return `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${body}.`;
    }, 'BXNIM0407E'],
    ['HS256 signed with an empty key', () => {
      const h = b64({ alg: 'HS256', typ: 'JWT' });
      const body = good().split('.')[1]!;
      return `Bearer ${h}.${body}.${createHmac('sha256', '').update(`${h}.${body}`).digest('base64url')}`;
    }, 'BXNIM0407E'],
    ['control characters for a token', () => 'Bearer \u0000\u001b[31m', 'BXNIM0407E'],
  ];

  it.each(BAD)('%s: 401 on every /v1 route tried, and nothing changes', async (what, auth, code) => {
    const before = dump(world.storeFile);
    const headers = (): Record<string, string> => { const a = auth(); return a ? { authorization: a } : {}; };
    // a value a fetch cannot send (control characters) is tried in-process only
    const sendable = !/[\u0000-\u001f]/.test(auth());
    const tries: [string, string, string][] = [
      ['GET', `/v1/serviceids/?account_id=${world.accountId}`, ''],
      ['POST', '/v1/serviceids/', serviceIdBody()],
      ['DELETE', `/v1/serviceids/${world.owned.id}`, ''],
      ['POST', `/v1/apikeys/${'ApiKey-00000000-0000-4000-8000-000000000000'}/lock`, ''],
      ['GET', '/v1/iamkeys/users', ''],
      ['PUT', `/v1/iamkeys/users/${world.iamIds.other}/role`, JSON.stringify({ role: 'admin' })],
    ];
    for (const [method, path, body] of tries) {
      const h = { ...headers(), ...(body ? { 'content-type': 'application/json' } : {}) };
      const answers = sendable ? await both(method, path, h, body)
        : [handler.handle({ method, url: path, headers: h, body })];
      expect401(answers, code, `${what}: ${method} ${path}`);
    }
    expect(dump(world.storeFile)).toBe(before);
  });

  it('a token of a service ID that was deleted since is refused (401)', async () => {
    const { store: s, engine, as } = engineAs(world.storeFile, world.iamIds.owner);
    try {
      const sid = engine.createServiceId(as, { account_id: world.accountId, name: 'short-lived' }, { locked: false });
      const token = signToken(account.secret, { iam_id: sid.iam_id, account_id: world.accountId, kind: 'serviceid', name: sid.name }, nowS()).token;
      engine.deleteServiceId(as, sid.id);
      expect401(await both('GET', `/v1/serviceids/?account_id=${world.accountId}`, { authorization: `Bearer ${token}` }), 'BXNIM0407E', 'deleted service ID');
    } finally {
      s.close();
    }
  });

  describe('the token endpoint', () => {
    const form = (apikey: string) => new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey }).toString();
    const token = (apikey: string) => both('POST', '/identity/token', { 'content-type': 'application/x-www-form-urlencoded' }, form(apikey));

    /** A fresh key of `other`, in the state `mutate` leaves it. */
    function otherKey(mutate: (db: Database.Database, id: string) => void): string {
      const { store: s, engine, as } = engineAs(world.storeFile, world.iamIds.other);
      try {
        const key = engine.createApiKey(as, { name: 'to-refuse', iam_id: world.iamIds.other }, { locked: false, disabled: false });
        const db = new Database(world.storeFile, { timeout: 30_000 });
        try {
          mutate(db, key.id);
        } finally {
          db.close();
        }
        return key.apikey;
      } finally {
        s.close();
      }
    }

    function expect400(answers: Answer[], errorCode: string, secret: string): void {
      for (const a of answers) {
        expect(a.status).toBe(400);
        const body = JSON.parse(a.body) as { errorCode: string; errorMessage: string; context: { requestId: string } };
        expect(body.errorCode).toBe(errorCode);
        expect(body.context.requestId).toBe(a.headers['transaction-id']);
        expect(a.body).not.toContain(secret);
        expect(JSON.stringify(a.headers)).not.toContain(secret);
      }
    }

    it('gives a token for a good key', async () => {
      const value = otherKey(() => {});
      for (const a of await token(value)) {
        expect(a.status).toBe(200);
        expect(JSON.parse(a.body)).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
        expect(a.body).not.toContain(value);
      }
      // Both exchanges' activity is written in a batch a moment later (and again later if the store was busy):
      // wait for it here, so that it cannot land inside the next test's before/after comparison.
      store.flushActivity();
      const deadline = Date.now() + 20_000;
      while (newestKeyAuthn() !== 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(newestKeyAuthn()).toBe(2);
    });

    const MUTATIONS: Record<string, (db: Database.Database, id: string) => void> = {
      'a disabled key': (db, id) => { db.prepare('UPDATE apikeys SET disabled = 1 WHERE id = ?').run(id); },
      'an expired key': (db, id) => { db.prepare('UPDATE apikeys SET expires_at = ? WHERE id = ?').run(Date.now() - 60_000, id); },
      'a key expiring now': (db, id) => { db.prepare('UPDATE apikeys SET expires_at = ? WHERE id = ?').run(Date.now(), id); },
      'a deleted key': (db, id) => { db.prepare('DELETE FROM apikeys WHERE id = ?').run(id); },
    };
    /** The authentications counted for the newest key otherKey made. */
    const newestKeyAuthn = (): number | undefined => {
      const db = new Database(world.storeFile, { timeout: 30_000 });
      try {
        const row = db.prepare('SELECT authn_count AS n FROM apikeys WHERE name = ? ORDER BY seq DESC LIMIT 1').get('to-refuse') as { n: number } | undefined;
        return row?.n;
      } finally {
        db.close();
      }
    };
    const authnCount = (): unknown => {
      const db = new Database(world.storeFile, { timeout: 30_000 });
      try {
        return db.prepare('SELECT sum(authn_count) AS n FROM apikeys').get();
      } finally {
        db.close();
      }
    };

    it.each([
      ['a disabled key', 'BXNIM0430E'],
      ['an expired key', 'BXNIM0441E'],
      ['a key expiring now', 'BXNIM0441E'],
      ['a deleted key', 'BXNIM0415E'],
    ])('gives none for %s (400 %s), and records no authentication', async (what, code) => {
      const value = otherKey(MUTATIONS[what]!);
      const before = dump(world.storeFile);
      const counts = authnCount();
      expect400(await token(value), code, value);
      expect(dump(world.storeFile)).toBe(before);
      expect(authnCount()).toEqual(counts);
    });

    it('gives none for an unknown key, a missing key or a missing grant type', async () => {
      expect400(await token('x'.repeat(44)), 'BXNIM0415E', 'x'.repeat(44));
      expect400(await token(''), 'BXNIM0109E', '\u0000');
      const answers = await both('POST', '/identity/token', { 'content-type': 'application/x-www-form-urlencoded' }, 'apikey=abc');
      expect400(answers, 'BXNIM0109E', 'apikey=abc');
    });

    it.each(['in-process', 'http'] as const)('through the CLI (%s): a disabled, expired or deleted key is exit 4, the key not repeated', async (transportName) => {
      for (const mutate of [MUTATIONS['a disabled key']!, MUTATIONS['an expired key']!, MUTATIONS['a deleted key']!]) {
        const value = otherKey(mutate);
        const before = dump(world.storeFile);
        const env = transportName === 'http' ? http.env(value) : { IBMCLOUD_API_KEY: value };
        for (const argv of [['service-ids'], ['service-id-create', 'never'], ['users']]) {
          const r = await runCli(argv, { home: world.home, env });
          expectFailed(r, 4, /IAM refused the API key/);
          expect(r.stderr).not.toContain(value);
        }
        expect(dump(world.storeFile)).toBe(before);
      }
    });
  });

  it('the key files the world was made with hold working keys (sanity of the fixtures)', () => {
    expect(keyOf(world.apikey.owner)).toMatch(/^[A-Za-z0-9_-]{44}$/);
  });
});
