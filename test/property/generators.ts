// Generators of HTTP requests for the property tests of the local IAM: methods, paths, query strings (page
// tokens included), headers and bodies, as noise and as valid requests of every route with parts replaced, so
// that generated input gets past authentication and routing. Values refer symbolically to a prepared IAM
// (SID, KEY, TOKEN...), resolved per run. Also: the invariant every answer must meet.
import fc from 'fast-check';
import { Engine } from '../../src/emulator/engine.js';
import { IamHandler, type EmuRequest, type EmuResponse } from '../../src/emulator/handler.js';
import { ensureLocalAccount } from '../../src/emulator/local-account.js';
import { Store } from '../../src/emulator/store.js';

/** Statuses the local IAM documents: success, and IAM's client errors. 500 is never expected. */
export const DOCUMENTED = new Set([200, 201, 204, 400, 401, 403, 404, 405, 409, 413, 429]);

/** What generated requests refer to symbolically: the ids, tags, key and token of one prepared IAM. */
export interface Refs {
  token: string;
  accountId: string;
  ownerIamId: string;
  sid: { id: string; iam_id: string; entity_tag: string };
  key: { id: string; entity_tag: string; apikey: string };
  lockedKey: { id: string };
}

export interface Fixture extends Refs {
  store: Store;
  handler: IamHandler;
}

export function fixture(): Fixture {
  const store = new Store(':memory:');
  const account = ensureLocalAccount(store, 'owner');
  const engine = new Engine(store);
  const handler = new IamHandler(engine, account.secret, { baseUrl: 'http://local.test' });
  const token = handler.mintToken({ ...account.owner, kind: 'user' });
  const sid = engine.createServiceId(account.owner, { account_id: account.accountId, name: 'fuzz-sid' }, { locked: false });
  const key = engine.createApiKey(account.owner, { name: 'fuzz-key', iam_id: sid.iam_id }, { locked: false, disabled: false });
  const lockedKey = engine.createApiKey(account.owner, { name: 'locked-key', iam_id: sid.iam_id }, { locked: true, disabled: false });
  return {
    store, handler, token, accountId: account.accountId, ownerIamId: account.owner.iam_id,
    sid: { id: sid.id, iam_id: sid.iam_id, entity_tag: sid.entity_tag! },
    key: { id: key.id, entity_tag: key.entity_tag!, apikey: key.apikey! },
    lockedKey: { id: lockedKey.id },
  };
}

// --- generators: each picks from values that mean something to the handler and from noise ---------------

const noise = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '%', '%00', '%ZZ', '..', '.', '//', '\\', '\u0000', '\n', '\r\n', '\u202e', 'null', 'undefined', '-1', '0', '1e309', 'NaN', '[]', '{}'),
);

/**
 * A base64url page token over generated JSON (encoded once references are resolved). Tokens that are well
 * formed except for one field of the wrong type or value inside are the sharp case: the handler must not trust
 * what a client sends back to it.
 */
const jsonNoise = fc.jsonValue({ maxDepth: 1 });
const tokenQuery = fc.record({
  account_id: fc.oneof({ weight: 6, arbitrary: fc.constant('ACCOUNT') }, { weight: 1, arbitrary: jsonNoise }),
  iam_id: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('SID_IAM_ID', 'OWNER') }, { weight: 1, arbitrary: jsonNoise }),
  scope: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('entity', 'account') }, { weight: 1, arbitrary: jsonNoise }),
  type: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('user', 'serviceid') }, { weight: 1, arbitrary: jsonNoise }),
  name: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('fuzz-sid', 'fuzz-key') }, { weight: 1, arbitrary: jsonNoise }),
  desc: fc.oneof({ weight: 3, arbitrary: fc.boolean() }, { weight: 1, arbitrary: jsonNoise }),
}, { requiredKeys: ['account_id'] });
const pageToken = fc.oneof(
  { weight: 1, arbitrary: noise },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ b64: v })) },
  { weight: 4, arbitrary: fc.record({
    q: fc.oneof({ weight: 6, arbitrary: tokenQuery }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }),
    s: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -1, max: 10 }) }, { weight: 1, arbitrary: jsonNoise }),
    dir: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('after', 'before') }, { weight: 1, arbitrary: jsonNoise }),
    o: fc.oneof({ weight: 6, arbitrary: fc.nat(10) }, { weight: 1, arbitrary: jsonNoise }),
    n: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 101 }) }, { weight: 1, arbitrary: jsonNoise }),
  }).map((v) => ({ b64: v })) },
);

type Ref = 'SID' | 'SID_IAM_ID' | 'KEY' | 'LOCKED_KEY' | 'ACCOUNT' | 'OWNER' | 'ETAG_KEY' | 'ETAG_SID' | 'APIKEY_VALUE' | 'TOKEN';
const ref = fc.constantFrom<Ref>('SID', 'SID_IAM_ID', 'KEY', 'LOCKED_KEY', 'ACCOUNT', 'OWNER', 'ETAG_KEY', 'ETAG_SID', 'APIKEY_VALUE');
const value = fc.oneof({ weight: 2, arbitrary: noise }, { weight: 2, arbitrary: ref }, { weight: 1, arbitrary: fc.uuid().map((u) => `ServiceId-${u}`) }, { weight: 1, arbitrary: fc.uuid().map((u) => `ApiKey-${u}`) });

const segment = fc.oneof({ weight: 3, arbitrary: ref.filter((r) => r === 'SID' || r === 'KEY' || r === 'LOCKED_KEY') }, { weight: 2, arbitrary: noise.map((s) => encodeURIComponent(s)) }, { weight: 1, arbitrary: noise });

const path = fc.oneof(
  fc.constantFrom('/v1/apikeys', '/v1/apikeys/', '/v1/serviceids', '/v1/serviceids/', '/v1/apikeys/details', '/identity/token', '/', '', '//', '/v1', '/v2/apikeys', '/v1//apikeys'),
  fc.tuple(fc.constantFrom('/v1/apikeys/', '/v1/serviceids/'), segment, fc.constantFrom('', '/', '/lock', '/disable', '/lock/', '/x', '/lock/lock')).map(([a, b, c]) => `${a}${b}${c}`),
  fc.tuple(fc.constantFrom('/', '//', '/v1/', 'http://', 'http://[', '/\u0000', '?', '#'), noise).map(([a, b]) => `${a}${b}`),
);

const queryParam = fc.tuple(
  fc.oneof(fc.constantFrom('pagesize', 'pagetoken', 'account_id', 'iam_id', 'scope', 'type', 'order', 'sort', 'name', 'include_history', 'include_activity', 'show_history'), noise),
  fc.oneof(value, pageToken, fc.integer({ min: -5, max: 200 }).map(String)),
);
const query = fc.array(queryParam, { maxLength: 4 });

const method = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE') }, { weight: 1, arbitrary: fc.constantFrom('PATCH', 'HEAD', 'OPTIONS', 'get', 'TRACE') }, { weight: 1, arbitrary: noise });

const authorization = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Ref>('TOKEN') },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.oneof(noise, noise.map((s) => `Bearer ${s}`), fc.constant('Bearer'), fc.constant('Basic Zm9vOmJhcg=='), fc.constant('Bearer a.b.c')) },
);

const bodyField = fc.oneof(value, fc.jsonValue({ maxDepth: 2 }), fc.boolean(), fc.integer());
const body = fc.oneof(
  { weight: 4, arbitrary: fc.record({
    name: bodyField, description: bodyField, iam_id: bodyField, account_id: bodyField, apikey: fc.oneof(bodyField, fc.string({ minLength: 30, maxLength: 50 }), fc.record({ name: bodyField, description: bodyField }, { requiredKeys: [] })),
    store_value: bodyField, support_sessions: bodyField, action_when_leaked: fc.oneof(bodyField, fc.constantFrom('none', 'DISABLE', 'delete')),
    expires_at: fc.oneof(bodyField, fc.constantFrom('2099-01-01T00:00+0000', '2000-01-01T00:00+0000', '')), unique_instance_crns: bodyField,
  }, { requiredKeys: [] }).map((o) => ({ json: o })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ json: v })) },
  { weight: 2, arbitrary: noise.map((s) => ({ raw: s })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('grant_type', 'apikey', 'response_type', 'x'), value).map(([k, v]) => ({ form: [[k, v]] as [string, unknown][] })) },
  { weight: 1, arbitrary: value.map((v) => ({ form: [['grant_type', 'urn:ibm:params:oauth:grant-type:apikey'], ['apikey', v]] as [string, unknown][] })) },
  { weight: 1, arbitrary: fc.constant({ raw: '' }) },
);

const headers = fc.record({
  authorization,
  'if-match': fc.oneof(value, fc.constantFrom('*', 'W/"x"', '"1-00000000000000000000000000000000"')),
  'entity-lock': fc.oneof(noise, fc.constantFrom('true', 'false', '"true"')),
  'entity-disable': fc.oneof(noise, fc.constantFrom('true', 'false')),
  'iam-apikey': value,
  'content-type': fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', ''),
  'user-agent': noise,
  host: fc.oneof(noise, fc.constant('127.0.0.1:1')),
}, { requiredKeys: [] });

export interface GenRequest {
  method: string;
  path: string;
  query: [string, unknown][];
  headers: Record<string, unknown>;
  body: { json: unknown } | { raw: string } | { form: [string, unknown][] };
}

const randomRequest: fc.Arbitrary<GenRequest> = fc.record({ method, path, query, headers, body });

/** Valid requests of every route, so that mutations of them get past authentication and routing. */
const TEMPLATES: GenRequest[] = [
  { method: 'GET', path: '/v1/apikeys/KEY', query: [['include_history', 'true']], headers: {}, body: { raw: '' } },
  { method: 'GET', path: '/v1/apikeys', query: [['iam_id', 'SID_IAM_ID'], ['pagesize', '2']], headers: {}, body: { raw: '' } },
  { method: 'GET', path: '/v1/apikeys', query: [['account_id', 'ACCOUNT'], ['scope', 'account'], ['type', 'serviceid']], headers: {}, body: { raw: '' } },
  { method: 'GET', path: '/v1/apikeys/details', query: [], headers: { 'iam-apikey': 'APIKEY_VALUE' }, body: { raw: '' } },
  { method: 'GET', path: '/v1/serviceids/', query: [['account_id', 'ACCOUNT'], ['pagesize', '1']], headers: {}, body: { raw: '' } },
  { method: 'GET', path: '/v1/serviceids/SID', query: [], headers: {}, body: { raw: '' } },
  { method: 'GET', path: '/v1/apikeys', query: [['pagetoken', 'PAGETOKEN']], headers: {}, body: { raw: '' } },
  { method: 'GET', path: '/v1/serviceids', query: [['pagetoken', 'PAGETOKEN']], headers: {}, body: { raw: '' } },
  { method: 'POST', path: '/v1/apikeys', query: [], headers: { 'entity-lock': 'false' }, body: { json: { name: 'made', iam_id: 'SID_IAM_ID', description: 'd' } } },
  { method: 'POST', path: '/v1/serviceids/', query: [], headers: {}, body: { json: { account_id: 'ACCOUNT', name: 'made', apikey: { name: 'k' } } } },
  { method: 'PUT', path: '/v1/apikeys/KEY', query: [], headers: { 'if-match': 'ETAG_KEY' }, body: { json: { name: 'renamed' } } },
  { method: 'PUT', path: '/v1/serviceids/SID', query: [], headers: { 'if-match': 'ETAG_SID' }, body: { json: { name: 'renamed', description: 'x' } } },
  { method: 'POST', path: '/v1/apikeys/KEY/lock', query: [], headers: {}, body: { raw: '' } },
  { method: 'DELETE', path: '/v1/apikeys/LOCKED_KEY/lock', query: [], headers: {}, body: { raw: '' } },
  { method: 'POST', path: '/v1/apikeys/KEY/disable', query: [], headers: {}, body: { raw: '' } },
  { method: 'DELETE', path: '/v1/apikeys/KEY', query: [], headers: {}, body: { raw: '' } },
  { method: 'DELETE', path: '/v1/serviceids/SID', query: [], headers: {}, body: { raw: '' } },
  { method: 'POST', path: '/v1/serviceids/SID/lock', query: [], headers: {}, body: { raw: '' } },
  { method: 'POST', path: '/identity/token', query: [], headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: { form: [['grant_type', 'urn:ibm:params:oauth:grant-type:apikey'], ['apikey', 'APIKEY_VALUE']] } },
];

/** arb with probability p, else null. */
const sometimes = <T>(arb: fc.Arbitrary<T>, p: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: Math.round(100 * (1 - p)), arbitrary: fc.constant(null) }, { weight: Math.round(100 * p), arbitrary: arb });

/** A valid request with some of its parts (or some body fields, query parameters, headers) replaced by generated ones. */
const mutatedRequest: fc.Arbitrary<GenRequest> = fc.record({
  t: fc.constantFrom(...TEMPLATES),
  method: sometimes(method, 0.1),
  path: sometimes(path, 0.15),
  query: sometimes(query, 0.25),
  headers: sometimes(headers, 0.4),
  body: sometimes(body, 0.15),
  fields: fc.dictionary(fc.constantFrom('name', 'description', 'iam_id', 'account_id', 'apikey', 'store_value', 'support_sessions', 'action_when_leaked', 'expires_at', 'unique_instance_crns'), bodyField, { maxKeys: 2 }),
  keepAuth: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
  token: pageToken,
}).map(({ t, method: m, path: p, query: q, headers: h, body: b, fields, keepAuth, token }) => {
  const hh: Record<string, unknown> = { ...t.headers, ...(h ?? {}) };
  if (keepAuth) hh['authorization'] = 'TOKEN';
  let bb = b ?? t.body;
  if (b === null && 'json' in t.body && typeof t.body.json === 'object') bb = { json: { ...(t.body.json as object), ...fields } };
  const qq = (q ?? t.query).map(([k, v]) => [k, v === 'PAGETOKEN' ? token : v] as [string, unknown]);
  return { method: m ?? t.method, path: p ?? t.path, query: qq, headers: hh, body: bb };
});

export const request: fc.Arbitrary<GenRequest> = fc.oneof({ weight: 3, arbitrary: mutatedRequest }, { weight: 1, arbitrary: randomRequest });

/** Replaces the symbolic references with the fixture's ids, tags, keys and token. */
export function resolve(f: Refs, v: unknown): unknown {
  if (typeof v !== 'string') {
    if (Array.isArray(v)) return v.map((x) => resolve(f, x));
    if (v && typeof v === 'object' && 'b64' in v && Object.keys(v).length === 1) {
      return Buffer.from(JSON.stringify(resolve(f, (v as { b64: unknown }).b64)) ?? '').toString('base64url');
    }
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(f, x)]));
    return v;
  }
  switch (v) {
    case 'SID': return f.sid.id;
    case 'SID_IAM_ID': return f.sid.iam_id;
    case 'KEY': return f.key.id;
    case 'LOCKED_KEY': return f.lockedKey.id;
    case 'ACCOUNT': return f.accountId;
    case 'OWNER': return f.ownerIamId;
    case 'ETAG_KEY': return f.key.entity_tag;
    case 'ETAG_SID': return f.sid.entity_tag;
    case 'APIKEY_VALUE': return f.key.apikey;
    case 'TOKEN': return `Bearer ${f.token}`;
    default: return v;
  }
}

/** The generated request as the handler sees it (strings only; header names lower-case). */
export function concrete(f: Refs, g: GenRequest): EmuRequest {
  const qs = g.query.map(([k, v]) => `${encodeURIComponent(String(resolve(f, k)))}=${encodeURIComponent(String(resolve(f, v)))}`).join('&');
  const p = String(resolve(f, g.path)).replace(/(SID|LOCKED_KEY|KEY)/g, (m) => String(resolve(f, m)));
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(g.headers)) {
    if (v !== undefined) headers[k] = String(resolve(f, v));
  }
  let text: string;
  if ('json' in g.body) text = JSON.stringify(resolve(f, g.body.json)) ?? '';
  else if ('form' in g.body) text = new URLSearchParams(g.body.form.map(([k, v]) => [k, String(resolve(f, v))])).toString();
  else text = g.body.raw;
  return { method: g.method, url: qs ? `${p}?${qs}` : p, headers, body: text };
}

/** The invariant of any answer to any request. Returns a description of the breach, or undefined. */
export function checkResponse(res: EmuResponse): string | undefined {
  if (!DOCUMENTED.has(res.status)) return `undocumented status ${res.status}: ${res.body.slice(0, 300)}`;
  if (/\n\s+at /.test(res.body) || /\bat .*\.(js|ts):\d+/.test(res.body)) return `a stack trace in the body: ${res.body.slice(0, 300)}`;
  if (res.status === 204) return res.body === '' ? undefined : 'a 204 with a body';
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    return `a body that is not JSON: ${res.body.slice(0, 200)}`;
  }
  if (res.status < 400) return undefined;
  const v1 = parsed as { errors?: { message?: unknown }[]; status_code?: unknown };
  const tok = parsed as { errorMessage?: unknown };
  const message = v1.errors?.[0]?.message ?? tok.errorMessage;
  if (typeof message !== 'string' || message === '' || message.includes('\n')) return `no one-line error message: ${res.body.slice(0, 200)}`;
  if (v1.errors && v1.status_code !== res.status) return `status_code ${String(v1.status_code)} in a ${res.status} answer`;
  return undefined;
}

