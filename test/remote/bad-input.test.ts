// What goes wrong between the CLI and a remote IAM, and what the served IAM does with bad tokens:
//   - an endpoint that refuses connections, one that accepts and never answers, one that answers garbage → exit 7,
//     promptly, with one FAILED message and no stack trace;
//   - forged, truncated, foreign-signed, expired and missing bearer tokens sent straight to /v1/apikeys → 401
//     with IAM's `/v1` error body.
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileTokenCache } from '../../src/cli/state/token-cache.js';
import { signToken } from '../../src/emulator/tokens.js';
import { runCli, tempHome, type CliResult } from '../helpers/run-cli.js';
import { progressOnly } from '../helpers/cli.js';
import { remoteEnv, startTestIam, type TestIam } from './iam-server.js';

const STACK = /\n\s+at .+[:(]\d+/;

function expectCleanFailure(r: CliResult, code: number): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(/^FAILED$/m);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr).not.toContain('Unexpected error');
  progressOnly(r.stdout);
}

const listen = <S extends HttpServer | NetServer>(server: S): Promise<S> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
const urlOf = (s: HttpServer | NetServer): string => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
const closeServer = (s: HttpServer | NetServer | undefined): Promise<void> =>
  new Promise((resolve) => (s ? s.close(() => resolve()) : resolve()));

let iam: TestIam;
let hung: NetServer;
const hungSockets = new Set<Socket>();
let garbage: HttpServer;
let garbageMode: 'html' | 'v1-not-json' | 'token-not-jwt' | 'v1-500-html' | 'list-without-items' = 'html';
let closedUrl: string;

/** A well-formed (unsigned, as far as a client can tell) token, so the stub gets past the token step. */
function fakeToken(): string {
  const b = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b({ alg: 'HS256', typ: 'JWT' })}.${b({ iam_id: 'IBMid-STUB', sub: 'stub@example.com', email: 'stub@example.com', account: { bss: 'a'.repeat(32) }, iat: now, exp: now + 3600 })}.${'s'.repeat(43)}`;
}

beforeAll(async () => {
  iam = await startTestIam();
  // Accepts connections and never says a word.
  hung = await listen(createNetServer((socket) => {
    hungSockets.add(socket);
    socket.on('close', () => hungSockets.delete(socket));
    socket.on('error', () => {});
  }));
  // Answers, but not as IAM does.
  garbage = await listen(createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const isToken = (req.url ?? '').startsWith('/identity/token');
      if (garbageMode === 'html' || (garbageMode === 'token-not-jwt' && isToken)) {
        const body = isToken && garbageMode === 'token-not-jwt' ? '{"access_token":"not-a-jwt","expires_in":3600}' : '<html><body>Bad gateway</body></html>';
        res.writeHead(200, { 'content-type': isToken && garbageMode === 'token-not-jwt' ? 'application/json' : 'text/html' });
        return res.end(body);
      }
      if (isToken) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ access_token: fakeToken(), refresh_token: 'not_supported', token_type: 'Bearer', expires_in: 3600 }));
      }
      if (garbageMode === 'v1-500-html') {
        res.writeHead(500, { 'content-type': 'text/html' });
        return res.end('<html>Internal Server Error</html>');
      }
      if (garbageMode === 'list-without-items') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"offset":0,"limit":100}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"serviceids": [ {"id": "ServiceId-');
    });
  }));
  // A port that was just free and is now closed.
  const probe = await listen(createNetServer());
  closedUrl = urlOf(probe);
  await closeServer(probe);
});

afterAll(async () => {
  for (const s of hungSockets) s.destroy();
  garbage?.closeAllConnections();
  await Promise.all([closeServer(hung), closeServer(garbage), iam?.close()]);
});

describe('an IAM that cannot be used: exit 7, promptly, one clear message', () => {
  it('an endpoint that refuses connections (a closed port on 127.0.0.1)', async () => {
    const started = Date.now();
    const r = await runCli(['service-ids'], { home: tempHome(), env: { IAMKEYS_IAM_ENDPOINT: closedUrl, IBMCLOUD_API_KEY: 'k'.repeat(44) } });
    expectCleanFailure(r, 7);
    expect(r.stderr).toContain('nothing answers at that address (ECONNREFUSED)');
    expect(r.stderr).toContain(closedUrl);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('login to a closed port: exit 7, and no session is saved', async () => {
    const home = tempHome();
    const r = await runCli(['login', '--apikey', 'k'.repeat(44), '-a', closedUrl], { home });
    expectCleanFailure(r, 7);
    const t = await runCli(['target', '--output', 'json'], { home });
    expect(JSON.parse(t.stdout)).toMatchObject({ iam_endpoint: 'local', api_endpoint: 'local' });
  });

  it('a server that accepts and never answers, with IBMCLOUD_HTTP_TIMEOUT=1: exit 7 within a few seconds', async () => {
    const started = Date.now();
    const r = await runCli(['service-ids'], { home: tempHome(), env: { IAMKEYS_IAM_ENDPOINT: urlOf(hung), IBMCLOUD_API_KEY: 'k'.repeat(44), IBMCLOUD_HTTP_TIMEOUT: '1' } });
    const took = Date.now() - started;
    expectCleanFailure(r, 7);
    expect(r.stderr).toContain('did not answer');
    expect(r.stderr).toContain('IBMCLOUD_HTTP_TIMEOUT');
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(4_000);
  });

  it('a create sent to a server that never answers: exit 7, saying the change may have been made', async () => {
    // A cached token for the hung endpoint and a service ID UUID: the create is the command's only request.
    const home = tempHome();
    const apikey = 'k'.repeat(44);
    const t = signToken(iam.account.secret, { ...iam.account.owner, kind: 'user' }, Math.floor(Date.now() / 1000));
    fileTokenCache(home, urlOf(hung), apikey).set({ token: t.token, exp: t.claims.exp, iat: t.claims.iat });
    const started = Date.now();
    const r = await runCli(['service-api-key-create', 'k', 'ServiceId-00000000-0000-4000-8000-000000000000'], {
      home, env: { IAMKEYS_IAM_ENDPOINT: urlOf(hung), IBMCLOUD_API_KEY: apikey, IBMCLOUD_HTTP_TIMEOUT: '1' },
    });
    expectCleanFailure(r, 7);
    expect(r.stderr).toContain('POST /v1/apikeys');
    expect(r.stderr).toContain('may or may not have been made');
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('login to a server that never answers (IBMCLOUD_HTTP_TIMEOUT=1): exit 7 within a few seconds', async () => {
    const started = Date.now();
    const login = await runCli(['login', '--apikey', iam.apikey, '-a', urlOf(hung)], { home: tempHome(), env: { IBMCLOUD_HTTP_TIMEOUT: '1' } });
    expectCleanFailure(login, 7);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('an HTML page instead of a token answer: exit 7', async () => {
    garbageMode = 'html';
    const r = await runCli(['login', '--apikey', 'k'.repeat(44), '-a', urlOf(garbage)], { home: tempHome() });
    expectCleanFailure(r, 7);
  });

  it('a token answer without a JWT: exit 7', async () => {
    garbageMode = 'token-not-jwt';
    const r = await runCli(['service-ids'], { home: tempHome(), env: { IAMKEYS_IAM_ENDPOINT: urlOf(garbage), IBMCLOUD_API_KEY: 'k'.repeat(44) } });
    expectCleanFailure(r, 7);
  });

  it('a truncated JSON body on a /v1 answer: exit 7, no stack trace (also with IBMCLOUD_TRACE=false)', async () => {
    garbageMode = 'v1-not-json';
    const r = await runCli(['service-ids'], { home: tempHome(), env: { IAMKEYS_IAM_ENDPOINT: urlOf(garbage), IBMCLOUD_API_KEY: 'k'.repeat(44), IBMCLOUD_TRACE: 'false' } });
    expectCleanFailure(r, 7);
    expect(r.stderr).toContain('not JSON');
  });

  it('an HTML 500 on a /v1 answer: exit 7', async () => {
    garbageMode = 'v1-500-html';
    const r = await runCli(['service-id', 'x'], { home: tempHome(), env: { IAMKEYS_IAM_ENDPOINT: urlOf(garbage), IBMCLOUD_API_KEY: 'k'.repeat(44) } });
    expectCleanFailure(r, 7);
  });

  it('a list answer with no items array: exit 7', async () => {
    garbageMode = 'list-without-items';
    const r = await runCli(['service-ids'], { home: tempHome(), env: { IAMKEYS_IAM_ENDPOINT: urlOf(garbage), IBMCLOUD_API_KEY: 'k'.repeat(44) } });
    expectCleanFailure(r, 7);
  });

  it('an endpoint that is not a URL: a usage error at login (2), and a clear failure from the environment', async () => {
    const login = await runCli(['login', '--apikey', 'k'.repeat(44), '-a', 'not a url'], { home: tempHome() });
    expectCleanFailure(login, 2);
    const ftp = await runCli(['login', '--apikey', 'k'.repeat(44), '-a', 'ftp://127.0.0.1'], { home: tempHome() });
    expectCleanFailure(ftp, 2);
    const env = await runCli(['service-ids'], { home: tempHome(), env: { IAMKEYS_IAM_ENDPOINT: 'not a url', IBMCLOUD_API_KEY: 'k'.repeat(44) } });
    expect(env.code).not.toBe(0);
    expect(env.stderr).toMatch(/^FAILED$/m);
    expect(env.stderr).not.toMatch(STACK);
  });

  it('IBMCLOUD_HTTP_TIMEOUT that is not a positive number: exit 2', async () => {
    const r = await runCli(['service-ids'], { home: tempHome(), env: { ...remoteEnv(iam), IBMCLOUD_HTTP_TIMEOUT: 'soon' } });
    expectCleanFailure(r, 2);
    expect(r.stderr).toContain('IBMCLOUD_HTTP_TIMEOUT');
  });
});

describe('the served IAM refuses bad bearer tokens with 401 and its /v1 error body', () => {
  const ownerIdentity = () => ({ ...iam.account.owner, kind: 'user' as const });
  const now = (): number => Math.floor(Date.now() / 1000);
  const valid = (): string => signToken(iam.account.secret, ownerIdentity(), now()).token;
  const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

  async function call(authorization: string | undefined): Promise<{ status: number; body: unknown; headers: Headers }> {
    const res = await fetch(`${iam.url}/v1/apikeys?account_id=${iam.account.accountId}`, {
      headers: { accept: 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
    });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as unknown, headers: res.headers as unknown as Headers };
  }

  function expect401(r: { status: number; body: unknown }, messageCode?: string): void {
    expect(r.status).toBe(401);
    const body = r.body as { errors: { code: string; message_code: string; message: string }[]; trace: string; status_code: number };
    expect(Object.keys(body).sort()).toEqual(['errors', 'status_code', 'trace']);
    expect(body.status_code).toBe(401);
    expect(body.trace).toMatch(/^[A-Za-z0-9_-]+-[0-9a-f]{32}$/);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ code: expect.any(String), message_code: expect.stringMatching(/^BXNIM\d{4}E$/), message: expect.any(String) });
    expect(body.errors[0]!.message.length).toBeGreaterThan(0);
    if (messageCode) expect(body.errors[0]!.message_code).toBe(messageCode);
  }

  it('a valid token is accepted (the baseline the cases below break)', async () => {
    const r = await call(`Bearer ${valid()}`);
    expect(r.status).toBe(200);
    expect((r.body as { apikeys: unknown[] }).apikeys).toBeInstanceOf(Array);
  });

  it('no Authorization header: 401 BXNIM0308E', async () => {
    expect401(await call(undefined), 'BXNIM0308E');
  });

  it('an Authorization header that is not a bearer token: 401', async () => {
    expect401(await call(`Basic ${Buffer.from('a:b').toString('base64')}`));
    expect401(await call('Bearer'));
  });

  it('a forged token: the claims changed (another identity, a longer life) under the original signature', async () => {
    const [head, , sig] = valid().split('.') as [string, string, string];
    const forged = { ...JSON.parse(Buffer.from(valid().split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>, iam_id: 'IBMid-ATTACKER', exp: now() + 999_999 };
    expect401(await call(`Bearer ${head}.${b64(forged)}.${sig}`));
  });

  it('a truncated token: the signature cut off, or cut short', async () => {
    const t = valid();
    expect401(await call(`Bearer ${t.split('.').slice(0, 2).join('.')}`));
    expect401(await call(`Bearer ${t.split('.').slice(0, 2).join('.')}.`));
    expect401(await call(`Bearer ${t.slice(0, t.length - 10)}`));
    expect401(await call(`Bearer ${t.slice(0, 40)}`));
  });

  it('a token whose signature is altered in any one character, the last included', async () => {
    const t = valid();
    const [head, body, sig] = t.split('.') as [string, string, string];
    const swap = (c: string): string => (c === 'A' ? 'B' : 'A');
    for (const i of [0, Math.floor(sig.length / 2), sig.length - 1]) {
      const altered = `${sig.slice(0, i)}${swap(sig[i]!)}${sig.slice(i + 1)}`;
      expect401(await call(`Bearer ${head}.${body}.${altered}`));
    }
    // Every character of the last position, not only one: the unused low bits of base64url must not matter.
    for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
      if (c === sig.at(-1)) continue;
      expect((await call(`Bearer ${head}.${body}.${sig.slice(0, -1)}${c}`)).status).toBe(401);
    }
  });

  it('a token signed with another secret', async () => {
    expect401(await call(`Bearer ${signToken(randomBytes(32), ownerIdentity(), now()).token}`));
  });

  it('an unsigned token (alg none)', async () => {
    const claims = JSON.parse(Buffer.from(valid().split('.')[1]!, 'base64url').toString('utf8')) as unknown;
    expect401(await call(`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`));
    expect401(await call(`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.AAAA`));
  });

  it('an expired token (correctly signed): 401 saying it expired', async () => {
    const expired = signToken(iam.account.secret, ownerIdentity(), now() - 7200, 3600).token;
    const r = await call(`Bearer ${expired}`);
    expect401(r);
    expect(((r.body as { errors: { message: string }[] }).errors[0]!.message)).toMatch(/expired/);
  });

  it('a correctly signed token of an identity that does not exist', async () => {
    const ghost = signToken(iam.account.secret, { iam_id: 'IBMid-NOBODY0000', account_id: iam.account.accountId, kind: 'user', name: 'ghost' }, now()).token;
    expect401(await call(`Bearer ${ghost}`));
  });

  it('the token endpoint answers a wrong key with its own body: 400 BXNIM0415E', async () => {
    const res = await fetch(`${iam.url}/identity/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: 'q'.repeat(44) }).toString(),
    });
    expect(res.status).toBe(400);
    const body = await res.json() as { errorCode: string; errorMessage: string; context: { requestId: string } };
    expect(body.errorCode).toBe('BXNIM0415E');
    expect(body.errorMessage).toBe('Provided API key could not be found.');
    expect(body.context.requestId).toBe(res.headers.get('transaction-id'));
  });
});
