// Issue 5, part 6 (the HTTP side, over a real socket): generated requests written byte for byte to a running
// `iamkeys serve` (startServer behind it), malformed framing and raw bytes included. serve answers every
// complete request with a documented status and IAM's one-line error body, never stops (it answers a health
// request afterwards), never hangs a connection, and a request that fails changes nothing in its store.
import { connect } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmuResponse } from '../../src/emulator/handler.js';
import { openStoreFile, requireBuild, startServe, tablesSnapshot, tempDir, type Served } from '../reliability/helpers.js';
import { DOCUMENTED, checkResponse, concrete, request, type GenRequest, type Refs } from './generators.js';

const RUNS = Number(process.env['IAMKEYS_SOCKET_FUZZ_RUNS'] ?? 600);
const ANSWER_WITHIN_MS = 5_000;
/** IAMKEYS_FUZZ_SEED replays a failing run (fast-check prints its seed). */
const SEED = process.env['IAMKEYS_FUZZ_SEED'] ? { seed: Number(process.env['IAMKEYS_FUZZ_SEED']) } : {};

interface Raw {
  status?: number;
  headers: Record<string, string>;
  body: string;
  closedWithoutAnswer: boolean;
  hung: boolean;
}

/** The payload of a chunked body (Node answers some refusals, e.g. no Host header, chunked and empty). */
function dechunk(raw: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const nl = raw.indexOf('\r\n', at);
    if (nl < 0) return out;
    const size = parseInt(raw.slice(at, nl), 16);
    if (!(size > 0)) return out;
    out += raw.slice(nl + 2, nl + 2 + size);
    at = nl + 2 + size + 2;
  }
}

/** Writes bytes to a fresh connection, half-closes it, and reads until serve closes it. */
function exchange(port: number, bytes: Buffer): Promise<Raw> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const s = connect(port, '127.0.0.1');
    let done = false;
    const finish = (hung: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(t);
      s.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(text);
      const split = text.indexOf('\r\n\r\n');
      const headers: Record<string, string> = {};
      for (const line of text.slice(0, split < 0 ? text.length : split).split('\r\n').slice(1)) {
        const c = line.indexOf(':');
        if (c > 0) headers[line.slice(0, c).toLowerCase()] = line.slice(c + 1).trim();
      }
      let raw = split < 0 ? '' : text.slice(split + 4);
      if (/chunked/i.test(headers['transfer-encoding'] ?? '')) raw = dechunk(raw);
      const body = Buffer.from(raw, 'latin1').toString('utf8');
      resolve({ ...(m ? { status: Number(m[1]) } : {}), headers, body, closedWithoutAnswer: !m && !hung, hung });
    };
    const t = setTimeout(() => finish(true), ANSWER_WITHIN_MS);
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', () => finish(false));
    s.on('close', () => finish(false));
    s.on('connect', () => s.end(bytes));
  });
}

/**
 * An answer of serve. Requests that reach the handler carry its Transaction-Id and must meet the handler's
 * invariant. Requests that are not HTTP at all (a bad method token, a broken header, a bad chunk) are refused
 * by Node's HTTP parser before serve sees them: 400 (431 for huge headers) with no body, and the connection
 * closed. Either is an answer; nothing else is.
 */
function breachOf(r: Raw, head = false): string | undefined {
  // The console's page and assets (GET or HEAD of `/`, `/console/...`): served before the handler, with their CSP.
  if (r.status === 200 && r.headers['content-security-policy'] !== undefined) return undefined;
  // An answer to HEAD has no body, by HTTP's rules; its status is still checked.
  if (head && r.headers['transaction-id'] !== undefined) return DOCUMENTED.has(r.status!) ? undefined : `undocumented status ${r.status}`;
  if (r.headers['transaction-id'] !== undefined) return checkResponse({ status: r.status!, headers: r.headers, body: r.body } as EmuResponse);
  if (r.status === 400 || r.status === 431) return r.body === '' ? undefined : `a parser refusal with a body: ${r.body.slice(0, 100)}`;
  return `an answer of ${r.status} that is neither the handler's nor the HTTP parser's: ${r.body.slice(0, 200)}`;
}

/** One generated request framed as HTTP/1.1 (Connection: close), with generated framing faults. */
interface Framed { g: GenRequest; framing: 'ok' | 'short-length' | 'no-length' | 'chunked-garbage' | 'header-noise' | 'http10' | 'trailing-garbage' }

function bytesOf(refs: Refs, port: number, f: Framed, noiseHeader: string): { bytes: Buffer; complete: boolean } {
  const req = concrete(refs, f.g);
  const body = Buffer.from(req.body, 'utf8');
  const lines = [`${req.method} ${req.url} ${f.framing === 'http10' ? 'HTTP/1.0' : 'HTTP/1.1'}`, `Host: 127.0.0.1:${port}`, 'Connection: close'];
  for (const [k, v] of Object.entries(req.headers)) if (k !== 'host' && v !== undefined) lines.push(`${k}: ${v}`);
  if (f.framing === 'header-noise') lines.push(noiseHeader);
  if (f.framing === 'chunked-garbage') lines.push('Transfer-Encoding: chunked');
  else if (f.framing === 'short-length') lines.push(`Content-Length: ${Math.max(0, body.length - 1)}`);
  else if (f.framing !== 'no-length') lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
  let tail = f.framing === 'chunked-garbage' ? Buffer.from(`zz\r\n${req.body}\r\n0\r\n\r\n`, 'utf8') : body;
  // A whole request, then bytes that are not HTTP on the same connection: Node answers those 400 at once, so
  // the request before them must not be applied behind that answer.
  if (f.framing === 'trailing-garbage') tail = Buffer.concat([tail, Buffer.from(`${noiseHeader}\r\n\r\n`, 'utf8')]);
  // A request is complete when its framing lets a server know where it ends; whether it is valid HTTP is
  // for serve to judge (it must answer 400 then).
  return { bytes: Buffer.concat([head, tail]), complete: true };
}

const framed: fc.Arbitrary<Framed> = fc.record({
  g: request,
  framing: fc.oneof(
    { weight: 10, arbitrary: fc.constant('ok' as const) },
    { weight: 2, arbitrary: fc.constant('trailing-garbage' as const) },
    { weight: 2, arbitrary: fc.constantFrom('short-length', 'no-length', 'chunked-garbage', 'header-noise', 'http10') },
  ),
});

const rawBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.tuple(fc.constantFrom('GET', 'POST', 'BREW', ''), fc.string({ maxLength: 50 }), fc.constantFrom('HTTP/1.1', 'HTTP/9.9', 'HTTP/1.1\r\nContent-Length: -1', '', 'HTTP/1.1\r\nHost')).map(([m, p, v]) => Buffer.from(`${m} ${p} ${v}\r\n\r\n`)),
);

let served: Served;
let home: string;
let refs: Refs;
let port: number;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown>; etag: string | null }> {
  const res = await fetch(`${served.url}${path}`, {
    method, headers: { authorization: `Bearer ${refs.token}`, 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) as Record<string, unknown> : {}, etag: res.headers.get('etag') };
}

beforeAll(async () => {
  requireBuild();
  home = tempDir();
  served = await startServe(['--store', join(home, 'serve.db')], home);
  port = Number(new URL(served.url).port);
  const tok = await fetch(`${served.url}/identity/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: served.apikey }).toString(),
  });
  const token = ((await tok.json()) as { access_token: string }).access_token;
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iam_id: string; account: { bss: string } };
  refs = { token, accountId: claims.account.bss, ownerIamId: claims.iam_id } as Refs;
  const sid = await api('POST', '/v1/serviceids', { account_id: refs.accountId, name: 'fuzz-sid' });
  const key = await api('POST', '/v1/apikeys', { name: 'fuzz-key', iam_id: sid.json['iam_id'] });
  const locked = await api('POST', '/v1/apikeys', { name: 'locked-key', iam_id: sid.json['iam_id'] }, { 'entity-lock': 'true' });
  refs.sid = { id: String(sid.json['id']), iam_id: String(sid.json['iam_id']), entity_tag: String(sid.json['entity_tag']) };
  refs.key = { id: String(key.json['id']), entity_tag: String(key.json['entity_tag']), apikey: String(key.json['apikey']) };
  refs.lockedKey = { id: String(locked.json['id']) };
});

afterAll(async () => {
  await served?.stop();
});

describe('iamkeys serve under generated input over a real socket', { timeout: 180_000 }, () => {
  it(`answers ${RUNS} generated requests and raw byte strings, stays up, and failed requests change nothing`, async () => {
    const store = openStoreFile(join(home, 'serve.db'), true);
    const statuses = new Map<number | string, number>();
    const count = (k: number | string): void => { statuses.set(k, (statuses.get(k) ?? 0) + 1); };
    let sent = 0;
    const recent: string[] = [];
    let lastAfter: Record<string, unknown[]> | undefined;
    try {
      await fc.assert(fc.asyncProperty(framed, fc.string({ maxLength: 30 }), async (f, noiseHeader) => {
        const { bytes } = bytesOf(refs, port, f, noiseHeader);
        const before = tablesSnapshot(store, { activity: false });
        // Nothing changes the store while no request is in flight: a change here was applied after its answer.
        if (lastAfter !== undefined) expect(before, `the store changed after an answer; the last requests:\n${recent.join('\n')}`).toEqual(lastAfter);
        const r = await exchange(port, bytes);
        recent.push(`${JSON.stringify(bytes.toString('latin1').slice(0, 400))} → ${r.status}`);
        if (recent.length > 3) recent.shift();
        sent++;
        expect(served.child.exitCode, `serve stopped: ${served.stderr()}`).toBeNull();
        expect(r.hung, `no answer within ${ANSWER_WITHIN_MS} ms to ${JSON.stringify(bytes.toString('latin1').slice(0, 300))}`).toBe(false);
        expect(r.status, `no answer to ${JSON.stringify(bytes.toString('latin1').slice(0, 300))}`).toBeDefined();
        count(r.status!);
        count(r.headers['transaction-id'] !== undefined ? 'from the handler' : 'from the HTTP parser');
        expect(breachOf(r, concrete(refs, f.g).method === 'HEAD'), JSON.stringify(bytes.toString('latin1').slice(0, 300))).toBeUndefined();
        lastAfter = tablesSnapshot(store, { activity: false });
        if (r.status! >= 400) expect(lastAfter, `a failed request changed the store; the last requests:\n${recent.join('\n')}`).toEqual(before);
      }), { numRuns: RUNS, ...SEED });
      await new Promise((res) => setTimeout(res, 200));
      expect(tablesSnapshot(store, { activity: false }), `the store changed after the last answer:\n${recent.join('\n')}`).toEqual(lastAfter);
      await fc.assert(fc.asyncProperty(rawBytes, async (bytes) => {
        const before = tablesSnapshot(store, { activity: false });
        const r = await exchange(port, Buffer.from(bytes));
        sent++;
        expect(served.child.exitCode, `serve stopped: ${served.stderr()}`).toBeNull();
        expect(r.hung, `a hung connection after ${JSON.stringify(Buffer.from(bytes).toString('latin1'))}`).toBe(false);
        // Raw bytes may not make a request at all (the connection just closes); any answer is a documented one.
        if (r.status !== undefined) {
          count(r.status);
          expect(breachOf(r), JSON.stringify(Buffer.from(bytes).toString('latin1'))).toBeUndefined();
        } else {
          count('closed');
        }
        expect(tablesSnapshot(store, { activity: false })).toEqual(before);
      }), { numRuns: Math.round(RUNS / 3), ...SEED });
    } finally {
      store.close();
    }
    // Health: after all of it, serve answers a normal request.
    const health = await api('GET', `/v1/serviceids?account_id=${refs.accountId}`);
    expect(health.status).toBe(200);
    expect(served.stderr()).not.toMatch(/^\s{4}at /m);
    // eslint-disable-next-line no-console
    console.log(`[reliability] serve socket fuzz: ${JSON.stringify({ requests: sent, statuses: Object.fromEntries(statuses) })}`);
  });
});
