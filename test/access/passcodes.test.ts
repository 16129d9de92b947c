// One-time codes of the local IAM (the console's passcode view, `login --sso` against serve): who may make one,
// what it logs in as, single use, five minutes, the grant's refusals in the token endpoint's own body, and the
// OpenID configuration that names the page. On the handler with a clock of the test's own, and over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Engine } from '../../src/emulator/engine.js';
import { IamHandler } from '../../src/emulator/handler.js';
import { ensureLocalAccount, type LocalAccount } from '../../src/emulator/local-account.js';
import { Store } from '../../src/emulator/store.js';
import { redactBody } from '../../src/client/trace.js';
import { makeWorld, overHttp, type Who, type World } from './world.js';

const PASSCODE = 'urn:ibm:params:oauth:grant-type:passcode';
const keyOf = (file: string): string => (JSON.parse(readFileSync(file.replace(/^@/, ''), 'utf8')) as { apikey: string }).apikey;
const claimsOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

describe('one-time codes of the local IAM', () => {
  let world: World;
  let store: Store;
  let account: LocalAccount;
  let handler: IamHandler;
  let http: Awaited<ReturnType<typeof overHttp>>;
  let now = Date.now();

  const call = (method: string, url: string, headers: Record<string, string> = {}, body = '') =>
    handler.handle({ method, url, headers, body });
  const tokenOf = (who: Who): string => {
    const r = call('POST', '/identity/token', {}, new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: keyOf(world.apikey[who]) }).toString());
    expect(r.status).toBe(200);
    return (JSON.parse(r.body) as { access_token: string }).access_token;
  };
  const makeCode = (who: Who) => call('POST', '/v1/iamkeys/passcode', { authorization: `Bearer ${tokenOf(who)}` });
  const redeem = (code: string) => call('POST', '/identity/token', {}, new URLSearchParams({ grant_type: PASSCODE, passcode: code }).toString());

  beforeAll(async () => {
    world = await makeWorld();
    store = new Store(world.storeFile);
    account = ensureLocalAccount(store, 'owner');
    handler = new IamHandler(new Engine(store, () => now), account.secret, { baseUrl: 'http://127.0.0.1:8099' });
    http = await overHttp(world.storeFile);
  });
  afterAll(async () => {
    await http?.close();
    store?.close();
  });

  it('a person gets a code (201, 300 s) that logs in as them, once; the token keeps the key it was made with', async () => {
    const made = makeCode('other');
    expect(made.status).toBe(201);
    const body = JSON.parse(made.body) as { passcode: string; expires_in: number };
    expect(body.expires_in).toBe(300);
    expect(body.passcode).toMatch(/^[A-Za-z0-9]{12}$/);
    const first = redeem(body.passcode);
    expect(first.status).toBe(200);
    const claims = claimsOf((JSON.parse(first.body) as { access_token: string }).access_token);
    expect(claims['iam_id']).toBe(world.iamIds.other);
    expect(typeof claims['apikey_id']).toBe('string');
    const again = redeem(body.passcode);
    expect(again.status).toBe(400);
    expect(JSON.parse(again.body)).toMatchObject({ errorCode: 'BXNIM0436E' });
    // the passcode a trace would show is masked, in a form and in JSON
    expect(redactBody(`grant_type=${PASSCODE}&passcode=${body.passcode}`)).not.toContain(body.passcode);
    expect(redactBody(made.body)).not.toContain(body.passcode);
  });

  it('a code expires after five minutes', () => {
    const code = (JSON.parse(makeCode('creator').body) as { passcode: string }).passcode;
    now += 301_000;
    try {
      const r = redeem(code);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ errorCode: 'BXNIM0436E' });
    } finally {
      now = Date.now();
    }
  });

  it('a service ID gets no code (403); an unknown code, a missing one or a password grant gets no token (400)', () => {
    expect(makeCode('serviceid').status).toBe(403);
    expect(redeem('NoSuchCode99').status).toBe(400);
    expect(call('POST', '/identity/token', {}, `grant_type=${encodeURIComponent(PASSCODE)}`).status).toBe(400);
    const pw = call('POST', '/identity/token', {}, 'grant_type=password&username=owner&password=x');
    expect(pw.status).toBe(400);
    expect(JSON.parse(pw.body).errorMessage).toContain(PASSCODE);
  });

  it('the OpenID configuration names the passcode page, from serve\'s own address; over HTTP too', async () => {
    const local = JSON.parse(call('GET', '/identity/.well-known/openid-configuration').body) as Record<string, string>;
    expect(local).toMatchObject({ passcode_endpoint: 'http://127.0.0.1:8099/identity/passcode', token_endpoint: 'http://127.0.0.1:8099/identity/token' });
    const res = await fetch(`${http.url}/identity/.well-known/openid-configuration`, { headers: { host: 'evil.example' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Record<string, string>)['passcode_endpoint']).toBe(`${http.url}/identity/passcode`);
    // and over HTTP a code works the same way
    const tok = await fetch(`${http.url}/identity/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: keyOf(world.apikey.admin) }),
    });
    const bearer = ((await tok.json()) as { access_token: string }).access_token;
    const made = await fetch(`${http.url}/v1/iamkeys/passcode`, { method: 'POST', headers: { authorization: `Bearer ${bearer}` } });
    expect(made.status).toBe(201);
    const code = ((await made.json()) as { passcode: string }).passcode;
    const got = await fetch(`${http.url}/identity/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: PASSCODE, passcode: code }),
    });
    expect(got.status).toBe(200);
    expect(claimsOf(((await got.json()) as { access_token: string }).access_token)['iam_id']).toBe(world.iamIds.admin);
  });
});
