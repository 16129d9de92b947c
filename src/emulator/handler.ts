// The local IAM's HTTP request handler: routes, headers, status codes and bodies of the IAM Identity API v1
// and the token endpoint, as real IAM answers them. It is transport-free: `iamkeys serve` feeds it from
// node:http, and local mode calls it in-process, so both speak exactly the same wire.
import { randomUUID } from 'node:crypto';
import type {
  CreateApiKeyBody, CreateServiceIdBody, TokenClaims, TokenErrorBody, TokenResponse, UpdateApiKeyBody, UpdateServiceIdBody, V1ErrorBody,
} from '../wire/types.js';
import { decodeClaims } from '../wire/jwt.js';
import { ACTION, allowsAccountWide, canMakePasscode, type Principal } from './access.js';
import { Passcodes } from './passcodes.js';
import type { Engine, Listing } from './engine.js';
import type { CreateUserBody, SetRoleBody } from '../wire/identities.js';
import { Identities } from './identities.js';
import { PolicyError } from './policies/errors.js';
import { PolicyRouter, policyErrorBody } from './policies/router.js';
import { IamError, TokenError, forbidden, unauthenticated } from './errors.js';
import { isBusy, storeError } from './store-error.js';
import { userPrincipal } from './local-account.js';
import { encodeToken, decodeToken } from './paging.js';
import { signToken, TOKEN_TTL_SECONDS, type TokenSubject } from './tokens.js';
import { TokenLimiter } from './token-limit.js';
import { VerifiedTokens } from './verified-tokens.js';
import { requestTarget } from './request-target.js';

export interface EmuRequest {
  method: string;
  /** path and query, e.g. `/v1/apikeys?pagesize=5` */
  url: string;
  /** lower-case names */
  headers: Record<string, string | undefined>;
  body: string;
  /** The client's address (serve): token requests are limited per address (token-limit.ts). */
  remote?: string;
  /** The origin serve is bound to, e.g. http://127.0.0.1:8099: list links are built from it, never from Host. */
  origin?: string;
}

export interface EmuResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HandlerOptions {
  /** Absolute base of the `first`/`next`/`previous` links; by default the request's origin (serve's address). */
  baseUrl?: string;
  tokenTtlSeconds?: number;
}

const TX_PREFIX = Buffer.from('iamkeys-local-iam').toString('base64url');
// randomUUID draws from a pool Node keeps; randomBytes(16) asks OpenSSL on every request.
const newTransactionId = (): string => `${TX_PREFIX}-${randomUUID().replace(/-/g, '')}`;

type Route = (req: EmuRequest, m: string[], q: URLSearchParams, p: Principal) => EmuResponse | Omit<EmuResponse, 'headers'> & { headers?: Record<string, string> };

export class IamHandler {
  private readonly ttl: number;
  private readonly identities: Identities;
  private readonly policies: PolicyRouter;
  private readonly verified: VerifiedTokens;
  private readonly tokenLimiter: TokenLimiter;
  private readonly passcodes: Passcodes;

  constructor(readonly engine: Engine, private readonly secret: Buffer, readonly options: HandlerOptions) {
    this.ttl = options.tokenTtlSeconds ?? TOKEN_TTL_SECONDS;
    this.policies = new PolicyRouter(engine);
    this.identities = new Identities(engine, this.policies.engine);
    this.verified = new VerifiedTokens(secret);
    this.tokenLimiter = new TokenLimiter(() => engine.now());
    this.passcodes = new Passcodes(() => engine.now());
  }

  /** A token for an identity of this IAM, for callers that already hold the store (local mode's owner). */
  mintToken(who: TokenSubject): string {
    return signToken(this.secret, who, Math.floor(this.engine.now() / 1000), this.ttl).token;
  }

  handle(req: EmuRequest): EmuResponse {
    const tx = newTransactionId();
    try {
      const { path, query } = requestTarget(req.url);
      if (path === '/identity/token') return this.finish(tx, this.tokenLimiter.guard(req.remote ?? 'in-process', () => this.token(req)));
      if (path === OPENID_CONFIGURATION && req.method === 'GET') return this.finish(tx, json(200, this.openIdConfiguration(req)));
      const policyPath = PolicyRouter.isPolicyPath(path);
      if (!path.startsWith('/v1/') && !policyPath) throw new IamError(404, 'not_found', 'BXNIM0102E', 'Unable to find object', `No route for '${path}'.`);
      const principal = this.authenticate(req);
      if (policyPath) {
        const answer = this.policies.route(req, path, query, principal, this.origin(req));
        if (answer) return this.finish(tx, answer);
      }
      for (const [method, re, route] of this.routes) {
        const m = re.exec(path);
        if (!m) continue;
        if (method !== req.method) continue;
        return this.finish(tx, route(req, m.slice(1), query, principal));
      }
      const known = this.routes.some(([, re]) => re.test(path));
      if (known) throw new IamError(405, 'method_not_allowed', 'BXNIM0107E', 'Method not allowed', `${req.method} is not allowed on '${path}'.`);
      throw new IamError(404, 'not_found', 'BXNIM0102E', 'Unable to find object', `No route for '${path}'.`);
    } catch (err) {
      // The store failing (damaged, full, read-only, I/O) is no answer of IAM's but the host's failure: it goes to
      // the caller (the CLI names the file and what to do; serve answers 500 saying so), instead of being told
      // as an internal error of IAM. Its transaction was rolled back: nothing was changed.
      const failed = storeError(err, this.engine.store.path);
      if (failed) throw failed;
      return this.finish(tx, errorResponse(err, tx, req));
    }
  }

  private finish(tx: string, r: { status: number; body: string; headers?: Record<string, string> }): EmuResponse {
    // A literal, not spreads of shared objects: it is made for every response.
    const headers: Record<string, string> = {
      'content-language': 'en-US',
      'cache-control': 'no-cache, no-store, must-revalidate',
      pragma: 'no-cache',
      expires: '0',
      'transaction-id': tx,
    };
    if (r.headers) Object.assign(headers, r.headers);
    if (r.body !== '') headers['content-type'] = 'application/json';
    return { status: r.status, headers, body: r.body };
  }

  private authenticate(req: EmuRequest): Principal {
    if (!req.headers['authorization']) throw unauthenticated('BXNIM0308E', 'No authorization header found');
    const token = bearerToken(req);
    if (!token) throw unauthenticated('BXNIM0308E', 'The authorization header is not a Bearer token');
    const v = this.verified.check(token, Math.floor(this.engine.now() / 1000));
    if (!v.ok) {
      const text = v.reason === 'expired' ? 'The provided access token has expired.' : 'The provided access token provided is invalid.';
      throw unauthenticated(v.reason === 'expired' ? 'BXNIM0408E' : 'BXNIM0407E', text);
    }
    const p = this.tokenPrincipal(v.claims);
    if (!p || p.account_id !== v.claims.account.bss) throw unauthenticated('BXNIM0407E', 'The provided access token provided is invalid.');
    return p;
  }

  /**
   * The identity behind a token, as it is now (a deleted identity has none). Tokens stay valid until they
   * expire whatever becomes of their key, as IAM's do, with one exception: a key that someone other than its
   * user or the owner made is disabled when its user is given apikey.manage (policies/promotion.ts), and a token
   * got with it before must not let its maker act as that administrator.
   */
  private tokenPrincipal(claims: TokenClaims): Principal | undefined {
    const p = this.principalOf(claims.iam_id);
    const keyId = (claims as { apikey_id?: unknown }).apikey_id;
    if (p?.role !== 'user' || typeof keyId !== 'string') return p;
    // Only an administrator's token can be refused here; who is one is read from the caller's policies, which
    // the request's access decision reads anyway (once a request), so a plain user's token costs no extra read.
    if (!allowsAccountWide(this.engine.store, p, ACTION.keyManage)) return p;
    const key = this.engine.store.keyMaker(keyId);
    return !key?.disabled || key.created_by === p.iam_id || key.created_by === key.owner_iam_id ? p : undefined;
  }

  /** The identity behind an iam_id, as it is now (a deleted identity has none). */
  principalOf(iamId: string): Principal | undefined {
    const store = this.engine.store;
    if (iamId.startsWith('iam-ServiceId-')) {
      const sid = store.serviceIdHead(iamId.slice(4));
      if (!sid) return undefined;
      return { iam_id: iamId, account_id: sid.account_id, kind: 'serviceid', name: sid.name, role: 'serviceid' };
    }
    const user = store.user(iamId);
    return user ? userPrincipal(user) : undefined;
  }

  /**
   * IAM's OpenID configuration, with the page that hands out one-time codes (`login --sso` reads
   * passcode_endpoint): the console at /identity/passcode. Links are built from serve's own address, never Host.
   */
  private openIdConfiguration(req: EmuRequest): Record<string, unknown> {
    const base = `${this.origin(req)}/identity`;
    return {
      issuer: base, token_endpoint: `${base}/token`, passcode_endpoint: `${base}/passcode`,
      grant_types_supported: [APIKEY_GRANT, PASSCODE_GRANT], response_types_supported: ['cloud_iam'],
    };
  }

  /** A one-time code for the caller (console's passcode view), logging in as them; a service ID gets none. */
  private passcode(req: EmuRequest, p: Principal): Record<string, unknown> {
    if (!canMakePasscode(p)) throw forbidden('A service ID cannot make one-time codes; only a person logs in with one.');
    // A code made with a token got for a key carries that key, so its token stays bound by the key's rules.
    const keyId = (decodeClaims(bearerToken(req) ?? '') as { apikey_id?: unknown } | undefined)?.apikey_id;
    return this.passcodes.issue({ iamId: p.iam_id, ...(typeof keyId === 'string' ? { apikeyId: keyId } : {}) });
  }

  private token(req: EmuRequest): { status: number; body: string } {
    if (req.method !== 'POST') throw new TokenError(405, 'BXNIM0107E', 'Method not allowed');
    const form = new URLSearchParams(req.body);
    const grant = form.get('grant_type');
    if (!grant) throw new TokenError(400, 'BXNIM0109E', 'Property missing or empty');
    let who: { p: Principal | undefined; keyId: string | undefined };
    if (grant === APIKEY_GRANT) {
      const row = this.engine.authenticateKey(form.get('apikey') ?? undefined);
      who = { p: this.principalOf(row.iam_id), keyId: row.id };
      if (!who.p) throw new TokenError(400, 'BXNIM0415E', 'Provided API key could not be found.');
    } else if (grant === PASSCODE_GRANT) {
      const code = form.get('passcode');
      if (!code) throw new TokenError(400, 'BXNIM0109E', 'Property missing or empty');
      const holder = this.passcodes.redeem(code);
      who = { p: holder ? this.principalOf(holder.iamId) : undefined, keyId: holder?.apikeyId };
      if (!who.p) throw new TokenError(400, 'BXNIM0436E', 'Provided passcode is invalid or expired.');
    } else {
      // The local IAM keeps no passwords and issues no refresh tokens: a password or refresh grant is not valid here.
      throw new TokenError(400, 'BXNIM0106E', `Validation of property 'grant_type' with value '${grant.slice(0, 80)}' failed. Valid values: ${APIKEY_GRANT}, ${PASSCODE_GRANT}.`);
    }
    const p = who.p;
    const now = Math.floor(this.engine.now() / 1000);
    const { token, claims } = signToken(this.secret, p, now, this.ttl, who.keyId);
    const body: TokenResponse = {
      access_token: token, refresh_token: 'not_supported', token_type: 'Bearer', expires_in: this.ttl,
      expiration: claims.exp, scope: 'ibm openid',
    };
    return { status: 200, body: JSON.stringify(body) };
  }

  /** The origin of links and hrefs: never the Host header, or a client could make them point anywhere (clients follow `next`). */
  private origin(req: EmuRequest): string {
    return this.options.baseUrl ?? req.origin ?? 'http://127.0.0.1';
  }

  private listLinks<T>(req: EmuRequest, collection: string, list: Listing<T>): Record<string, unknown> {
    const base = `${this.origin(req)}/v1/${collection}`;
    const url = new URL(req.url, 'http://local');
    const token = url.searchParams.get('pagetoken');
    let first = `${base}${url.search}`;
    if (token) {
      const c = decodeToken(token);
      first = `${base}?pagetoken=${encodeToken({ ...c, s: 0, dir: 'after', o: 0 })}`;
    }
    return {
      offset: list.offset,
      limit: list.limit,
      first,
      ...(list.previous ? { previous: `${base}?pagetoken=${list.previous}` } : {}),
      ...(list.next ? { next: `${base}?pagetoken=${list.next}` } : {}),
    };
  }

  private readonly routes: [string, RegExp, Route][] = [
    ['GET', /^\/v1\/apikeys$/, (req, _m, q, p) => {
      const list = this.engine.listApiKeys(p, q);
      return json(200, { ...this.listLinks(req, 'apikeys', list), apikeys: list.items });
    }],
    ['POST', /^\/v1\/apikeys$/, (req, _m, _q, p) => {
      const key = this.engine.createApiKey(p, parseBody<CreateApiKeyBody>(req), {
        locked: flagHeader(req, 'entity-lock'), disabled: flagHeader(req, 'entity-disable'),
      });
      return json(201, key, { etag: key.entity_tag });
    }],
    ['GET', /^\/v1\/apikeys\/details$/, (req, _m, q, p) => {
      const key = this.engine.getApiKeyByValue(p, req.headers['iam-apikey'], {
        includeHistory: q.get('include_history') === 'true', includeActivity: q.get('include_activity') === 'true',
      });
      return json(200, key, { etag: key.entity_tag });
    }],
    ['GET', /^\/v1\/apikeys\/([^/]+)$/, (_req, [id], q, p) => {
      const key = this.engine.getApiKey(p, id!, {
        includeHistory: q.get('include_history') === 'true', includeActivity: q.get('include_activity') === 'true',
      });
      return json(200, key, { etag: key.entity_tag });
    }],
    ['PUT', /^\/v1\/apikeys\/([^/]+)$/, (req, [id], _q, p) => {
      const key = this.engine.updateApiKey(p, id!, req.headers['if-match'], parseBody<UpdateApiKeyBody>(req));
      return json(200, key, { etag: key.entity_tag });
    }],
    ['DELETE', /^\/v1\/apikeys\/([^/]+)$/, (_req, [id], _q, p) => (this.engine.deleteApiKey(p, id!), empty())],
    ['POST', /^\/v1\/apikeys\/([^/]+)\/lock$/, (_req, [id], _q, p) => (this.engine.setApiKeyFlag(p, id!, 'locked', true), empty())],
    ['DELETE', /^\/v1\/apikeys\/([^/]+)\/lock$/, (_req, [id], _q, p) => (this.engine.setApiKeyFlag(p, id!, 'locked', false), empty())],
    ['POST', /^\/v1\/apikeys\/([^/]+)\/disable$/, (_req, [id], _q, p) => (this.engine.setApiKeyFlag(p, id!, 'disabled', true), empty())],
    ['DELETE', /^\/v1\/apikeys\/([^/]+)\/disable$/, (_req, [id], _q, p) => (this.engine.setApiKeyFlag(p, id!, 'disabled', false), empty())],
    ['GET', /^\/v1\/serviceids$/, (req, _m, q, p) => {
      const list = this.engine.listServiceIds(p, q);
      return json(200, { ...this.listLinks(req, 'serviceids', list), serviceids: list.items });
    }],
    ['POST', /^\/v1\/serviceids$/, (req, _m, _q, p) => {
      const sid = this.engine.createServiceId(p, parseBody<CreateServiceIdBody>(req), { locked: flagHeader(req, 'entity-lock') });
      return json(201, sid, { etag: sid.entity_tag });
    }],
    ['GET', /^\/v1\/serviceids\/([^/]+)$/, (_req, [id], q, p) => {
      const sid = this.engine.getServiceId(p, id!, {
        includeHistory: q.get('include_history') === 'true', includeActivity: q.get('include_activity') === 'true',
      });
      return json(200, sid, { etag: sid.entity_tag });
    }],
    ['PUT', /^\/v1\/serviceids\/([^/]+)$/, (req, [id], _q, p) => {
      const sid = this.engine.updateServiceId(p, id!, req.headers['if-match'], parseBody<UpdateServiceIdBody>(req));
      return json(200, sid, { etag: sid.entity_tag });
    }],
    ['DELETE', /^\/v1\/serviceids\/([^/]+)$/, (_req, [id], _q, p) => (this.engine.deleteServiceId(p, id!), empty())],
    ['POST', /^\/v1\/serviceids\/([^/]+)\/lock$/, (_req, [id], _q, p) => (this.engine.setServiceIdLocked(p, id!, true), empty())],
    ['DELETE', /^\/v1\/serviceids\/([^/]+)\/lock$/, (_req, [id], _q, p) => (this.engine.setServiceIdLocked(p, id!, false), empty())],
    // The local IAM's own identity routes (identities.ts): not IBM's API, authenticated like it.
    ['POST', /^\/v1\/iamkeys\/passcode$/, (req, _m, _q, p) => json(201, this.passcode(req, p))],
    ['GET', /^\/v1\/iamkeys\/users$/, (_req, _m, _q, p) => json(200, { users: this.identities.listUsers(p) })],
    ['POST', /^\/v1\/iamkeys\/users$/, (req, _m, _q, p) => json(201, this.identities.createUser(p, parseBody<CreateUserBody>(req)))],
    ['PUT', /^\/v1\/iamkeys\/users\/([^/]+)\/role$/, (req, [id], _q, p) => json(200, this.identities.setRole(p, id!, parseBody<SetRoleBody>(req)))],
    ['PUT', /^\/v1\/iamkeys\/users\/([^/]+)\/service_ids\/([^/]+)$/, (_req, [id, sid], _q, p) => (this.identities.setGrant(p, id!, sid!, true), empty())],
    ['DELETE', /^\/v1\/iamkeys\/users\/([^/]+)\/service_ids\/([^/]+)$/, (_req, [id, sid], _q, p) => (this.identities.setGrant(p, id!, sid!, false), empty())],
  ];
}

const OPENID_CONFIGURATION = '/identity/.well-known/openid-configuration';
const APIKEY_GRANT = 'urn:ibm:params:oauth:grant-type:apikey';
const PASSCODE_GRANT = 'urn:ibm:params:oauth:grant-type:passcode';

/** The token of an `Authorization: Bearer TOKEN` header, if the request has one. */
const bearerToken = (req: EmuRequest): string | undefined => /^Bearer\s+(\S+)$/i.exec((req.headers['authorization'] ?? '').trim())?.[1];

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, body: JSON.stringify(body), headers });
const empty = () => ({ status: 204, body: '' });

function flagHeader(req: EmuRequest, name: string): boolean {
  const v = req.headers[name];
  return v !== undefined && v.replace(/"/g, '').trim().toLowerCase() === 'true';
}

function parseBody<T>(req: EmuRequest): T {
  if (req.body.trim() === '') throw new IamError(400, 'missing_body', 'BXNIM0109E', 'Property missing or empty', 'The request has no JSON body.');
  try {
    const v = JSON.parse(req.body) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v as T;
  } catch {
    throw new IamError(400, 'invalid_body', 'BXNIM0106E', 'The request body is not a JSON object', undefined);
  }
}

function errorResponse(err: unknown, tx: string, req: EmuRequest): { status: number; body: string; headers?: Record<string, string> } {
  if (err instanceof TokenError) {
    const body: TokenErrorBody = {
      errorCode: err.errorCode, errorMessage: err.message,
      context: { requestId: tx, requestType: 'incoming.Identity_Token', url: 'iamkeys-local-iam', userAgent: (req.headers['user-agent'] ?? '').slice(0, 200) },
    };
    return { status: err.status, body: JSON.stringify(body), headers: err.headers };
  }
  if (err instanceof PolicyError) return { status: err.status, body: JSON.stringify(policyErrorBody(err, tx)) };
  if (err instanceof IamError) {
    const body: V1ErrorBody = {
      errors: [{ code: err.code, message_code: err.messageCode, message: err.message, ...(err.details ? { details: err.details } : {}) }],
      trace: tx, status_code: err.status,
    };
    return { status: err.status, body: JSON.stringify(body) };
  }
  // The store's write lock stayed taken past the busy timeout: ask the client to come back, as IAM does when busy.
  if (isBusy(err)) {
    const body: V1ErrorBody = { errors: [{ code: 'service_busy', message_code: 'BXNIM0503E', message: 'The local IAM is busy. Try again.' }], trace: tx, status_code: 503 };
    return { status: 503, body: JSON.stringify(body), headers: { 'retry-after': '1' } };
  }
  const body: V1ErrorBody = {
    errors: [{ code: 'internal_error', message_code: 'BXNIM0500E', message: 'Internal error in the local IAM', details: (err as Error)?.message?.slice(0, 300) }],
    trace: tx, status_code: 500,
  };
  return { status: 500, body: JSON.stringify(body) };
}
