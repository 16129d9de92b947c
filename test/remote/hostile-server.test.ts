// A hostile (or broken) server's words never reach the terminal raw: IBMCLOUD_TRACE escapes everything it did
// not write itself (header values, bodies), and FAILED lines escape IAM's messages, from the token endpoint and
// from /v1 alike. The server is a real HTTP server on 127.0.0.1:0 that answers with ESC[2J (clear screen), an
// OSC title sequence, a C1 CSI and a bidi override.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome, type CliResult } from '../helpers/run-cli.js';

const HOSTILE = 'boom \x1b[2J\x1b]0;pwned\x07 \x9b31m \u202eevil\u200b';
/** What must not appear anywhere in the output: ESC, BEL, the C1 CSI, the bidi override, the zero-width space. */
const RAW = /[\x1b\x07\x9b\u202e\u200b]/;

let server: Server;
let url: string;
let mode: 'token-refused' | 'v1-refused' | 'create-500' | 'raw-body' | 'hostile-ids' = 'token-refused';

/** Ids a hostile IAM gives its service ID and API key: a C1 CSI, a bidi override, an OSC title sequence. */
const SID_ID = 'ServiceId-\x9b2J\u202eevil\x1b]0;sid\x07';
const KEY_ID = 'ApiKey-\x9b2J\u202eevil\x1b]0;key\x07';
const WHEN = '2024-01-01T00:00+0000';
const SERVICE_ID = { id: SID_ID, iam_id: `iam-${SID_ID}`, account_id: 'a'.repeat(32), name: 'app', description: '', created_at: WHEN, modified_at: WHEN, entity_tag: '1-x', locked: false, crn: 'crn:x' };
const API_KEY = { id: KEY_ID, iam_id: `iam-${SID_ID}`, account_id: 'a'.repeat(32), name: 'k', description: '', created_at: WHEN, modified_at: WHEN, entity_tag: '1-y', locked: false, disabled: false, crn: 'crn:y', action_when_leaked: 'none' };

/** Reads of a hostile IAM whose ids hold terminal escapes: lists and single entities. */
function hostileRead(path: string): unknown {
  if (/^\/v1\/serviceids\/?$/.test(path)) return { serviceids: [SERVICE_ID], limit: 100 };
  if (path.startsWith('/v1/serviceids/')) return SERVICE_ID;
  if (/^\/v1\/apikeys\/?$/.test(path)) return { apikeys: [API_KEY], limit: 100 };
  return API_KEY;
}

function fakeToken(): string {
  const b = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b({ alg: 'HS256', typ: 'JWT' })}.${b({ iam_id: 'IBMid-STUB', sub: 'stub', account: { bss: 'a'.repeat(32) }, iat: now, exp: now + 3600 })}.${'s'.repeat(43)}`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      // \x9b is a valid (latin-1) header byte, so a header can carry a C1 CSI.
      const headers = { 'content-type': 'application/json', 'x-hostile': 'hdr \x9b2J', 'transaction-id': 'tx-\x9b1m' };
      if ((req.url ?? '').startsWith('/identity/token')) {
        if (mode === 'raw-body') {
          // not JSON at all: the bytes themselves reach the client (and its trace)
          res.writeHead(400, { ...headers, 'content-type': 'text/plain' });
          return res.end(HOSTILE);
        }
        if (mode === 'token-refused') {
          res.writeHead(400, headers);
          return res.end(JSON.stringify({ errorCode: 'BXNIM0415E\x1b[5m', errorMessage: HOSTILE, context: { requestId: 'req-\x1b]0;x\x07' } }));
        }
        res.writeHead(200, headers);
        return res.end(JSON.stringify({ access_token: fakeToken(), refresh_token: 'not_supported', token_type: 'Bearer', expires_in: 3600 }));
      }
      if (mode === 'hostile-ids' && req.method === 'GET') {
        const body = hostileRead((req.url ?? '').split('?')[0]!);
        res.writeHead(200, { 'content-type': 'application/json', etag: (body as { entity_tag?: string }).entity_tag ?? '1-x' });
        return res.end(JSON.stringify(body));
      }
      const status = mode === 'create-500' ? 500 : 403;
      res.writeHead(status, headers);
      res.end(JSON.stringify({ errors: [{ code: 'forbidden', message_code: 'BXNIM0513E', message: HOSTILE, details: `details ${HOSTILE}` }], trace: 'tr-\x1b[2J', status_code: status }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

const run = (argv: string[], env: Record<string, string> = {}): Promise<CliResult> =>
  runCli(argv, { home: tempHome('iamkeys-hostile-'), env: { IAMKEYS_IAM_ENDPOINT: url, IBMCLOUD_API_KEY: 'k'.repeat(44), IBMCLOUD_HTTP_TIMEOUT: '20', ...env } });

function expectEscaped(text: string): void {
  expect(text).not.toMatch(RAW);
  expect(text).toContain('boom \\x1b[2J\\x1b]0;pwned\\x07 \\x9b31m \\u202eevil\\u200b');
}

describe('a hostile server', () => {
  it('its token error is shown escaped in the FAILED line (exit 4)', async () => {
    mode = 'token-refused';
    const r = await run(['service-ids']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/FAILED\n/);
    expectEscaped(r.stderr);
  });

  it('its /v1 error is shown escaped (exit 4), and so is the message of a create that failed with 500', async () => {
    mode = 'v1-refused';
    const r = await run(['service-ids']);
    expect(r.code).toBe(4);
    expectEscaped(r.stderr);
    mode = 'create-500';
    const c = await run(['service-id-create', 'x']);
    expect(c.stderr).toMatch(/HTTP 500/);
    expectEscaped(c.stderr);
  });

  it.each(['raw-body', 'token-refused', 'v1-refused'] as const)('IBMCLOUD_TRACE=true (%s): the trace on stderr escapes bodies and header values', async (m) => {
    mode = m;
    const r = await run(['service-ids'], { IBMCLOUD_TRACE: 'true' });
    expect(r.stderr).toMatch(/RESPONSE:/);
    expectEscaped(r.stderr);
    // the raw body in the trace itself, not only in the FAILED line
    if (m === 'raw-body') expect(r.stderr.split('FAILED')[0]).toContain('\\x9b31m \\u202eevil');
    expect(r.stderr).toContain('x-hostile: hdr \\x9b2J');
    expect(r.stdout).not.toMatch(RAW);
  });

  it('IBMCLOUD_TRACE=FILE: the file is escaped the same way', async () => {
    mode = 'raw-body';
    const file = join(tempHome('iamkeys-hostile-trace-'), 'trace.log');
    const r = await run(['service-ids'], { IBMCLOUD_TRACE: file });
    expect(r.code).not.toBe(0);
    expect(r.stderr).not.toMatch(RAW);
    expectEscaped(readFileSync(file, 'utf8'));
  });

  describe('ids holding terminal escapes, on every text path that prints them', () => {
    const ESCAPED = '\\x9b2J\\u202eevil\\x1b]0;';
    it.each([
      ['service-ids --uuid', ['service-ids', '--uuid']],
      ['service-id --uuid', ['service-id', 'app', '--uuid']],
      ['service-api-keys --uuid', ['service-api-keys', 'app', '--uuid']],
      ['service-api-key --uuid', ['service-api-key', 'k', 'app', '--uuid']],
      ['the --dry-run plan of a create (the body holds the service ID\'s iam_id)', ['service-api-key-create', 'new', 'app', '--dry-run']],
      ['the --dry-run plan of a delete (the path holds the id)', ['service-id-delete', 'app', '--dry-run']],
      ['the --dry-run plan of an update', ['service-api-key-update', 'k', 'app', '-d', 'x', '--dry-run']],
      ['service-ids (the table)', ['service-ids']],
      ['service-api-key (the details)', ['service-api-key', 'k', 'app']],
    ])('%s', async (_what, argv) => {
      mode = 'hostile-ids';
      const r = await run(argv);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toMatch(RAW);
      expect(r.stdout).toMatch(/\\x9b2J|\\u009b2J|%C2%9B2J/);
    });

    it('the hint of a refused change (a stale -v) names the id escaped', async () => {
      mode = 'hostile-ids';
      const r = await run(['service-api-key-update', 'k', 'app', '-d', 'x', '-v', '9-z', '--dry-run']);
      expect(r.code).toBe(5);
      expect(r.stderr).not.toMatch(RAW);
      expect(r.stderr).toContain(`iamkeys service-api-key ApiKey-${ESCAPED}`);
    });
  });
});
