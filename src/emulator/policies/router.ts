// The IAM Policy Management API's routes (/v1/policies, /v2/policies, /v2/roles): status codes, ETag headers
// and bodies as IBM answers them; the rules are the policy engine's. The handler authenticates and hands over.
import type { CustomRoleBody, CustomRoleUpdateBody, PolicyBody, PolicyErrorBody, PolicyStateBody, V2PolicyBody } from '../../wire/policies.js';
import type { Principal } from '../access.js';
import type { Engine } from '../engine.js';
import { PolicyEngine, policyEtag } from './engine.js';
import { PolicyError, invalidBody } from './errors.js';
import { listPolicies } from './listing.js';
import { toRecord, type PolicyRow } from './policy-store.js';
import { createRole, deleteRole, getRole, listRoles, replaceRole, roleEtag, toCustomRole } from './roles.js';
import { draftV1, draftV2, toV1, toV2 } from './shapes.js';

export interface PolicyRequest {
  method: string;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface PolicyResponse { status: number; body: string; headers?: Record<string, string> }

type Handler = (req: PolicyRequest, m: string[], q: URLSearchParams, p: Principal, origin: string) => PolicyResponse;

export class PolicyRouter {
  readonly engine: PolicyEngine;

  constructor(engine: Engine) {
    this.engine = new PolicyEngine(engine);
  }

  /** The answer of a policy route, or undefined when the path is none of them. */
  route(req: PolicyRequest, path: string, q: URLSearchParams, p: Principal, origin: string): PolicyResponse | undefined {
    let known = false;
    for (const [method, re, handler] of this.routes) {
      const m = re.exec(path);
      if (!m) continue;
      known = true;
      if (method === req.method) return handler(req, m.slice(1).map(decodeURIComponent), q, p, origin);
    }
    if (known) throw new PolicyError(405, 'method_not_allowed', `${req.method} is not allowed on '${path}'.`);
    return undefined;
  }

  static isPolicyPath(path: string): boolean {
    return /^\/v[12]\/policies(\/|$)/.test(path) || /^\/v2\/roles(\/|$)/.test(path);
  }

  private v1 = (row: PolicyRow, origin: string) => toV1(toRecord(row), origin, (crn) => this.engine.roleShown(crn));
  private v2 = (row: PolicyRow, origin: string) => toV2(toRecord(row), origin);

  private readonly routes: [string, RegExp, Handler][] = [
    ['GET', /^\/v1\/policies$/, (_req, _m, q, p, origin) => {
      const page = listPolicies(this.engine, p, q, 1, `${origin}/v1/policies`);
      return json(200, { ...pageLinks(page), policies: page.items.map((r) => toV1(r, origin, (crn) => this.engine.roleShown(crn))) });
    }],
    ['POST', /^\/v1\/policies$/, (req, _m, _q, p, origin) => {
      const row = this.engine.create(p, draftV1(parseBody<PolicyBody>(req)));
      return json(201, this.v1(row, origin), { etag: policyEtag(row) });
    }],
    ['GET', /^\/v1\/policies\/([^/]+)$/, (_req, [id], _q, p, origin) => {
      const row = this.engine.readable(p, id!);
      return json(200, this.v1(row, origin), { etag: policyEtag(row) });
    }],
    ['PUT', /^\/v1\/policies\/([^/]+)$/, (req, [id], _q, p, origin) => {
      const row = this.engine.replace(p, id!, req.headers['if-match'], draftV1(parseBody<PolicyBody>(req)));
      return json(200, this.v1(row, origin), { etag: policyEtag(row) });
    }],
    ['PATCH', /^\/v1\/policies\/([^/]+)$/, (req, [id], _q, p, origin) => {
      const row = this.engine.setState(p, id!, req.headers['if-match'], parseBody<PolicyStateBody>(req).state);
      return json(200, this.v1(row, origin), { etag: policyEtag(row) });
    }],
    ['DELETE', /^\/v1\/policies\/([^/]+)$/, (_req, [id], _q, p) => (this.engine.delete(p, id!), empty())],
    ['GET', /^\/v2\/policies$/, (_req, _m, q, p, origin) => {
      const page = listPolicies(this.engine, p, q, 2, `${origin}/v2/policies`);
      return json(200, { ...pageLinks(page), policies: page.items.map((r) => toV2(r, origin)) });
    }],
    ['POST', /^\/v2\/policies$/, (req, _m, _q, p, origin) => {
      const row = this.engine.create(p, draftV2(parseBody<V2PolicyBody>(req)));
      return json(201, this.v2(row, origin), { etag: policyEtag(row) });
    }],
    ['GET', /^\/v2\/policies\/([^/]+)$/, (_req, [id], _q, p, origin) => {
      const row = this.engine.readable(p, id!);
      return json(200, this.v2(row, origin), { etag: policyEtag(row) });
    }],
    ['PUT', /^\/v2\/policies\/([^/]+)$/, (req, [id], _q, p, origin) => {
      // With a v1 policy's id this makes it a v2 policy, as IBM's does.
      const row = this.engine.replace(p, id!, req.headers['if-match'], draftV2(parseBody<V2PolicyBody>(req)));
      return json(200, this.v2(row, origin), { etag: policyEtag(row) });
    }],
    ['PATCH', /^\/v2\/policies\/([^/]+)$/, (req, [id], _q, p, origin) => {
      const row = this.engine.setState(p, id!, req.headers['if-match'], parseBody<PolicyStateBody>(req).state);
      return json(200, this.v2(row, origin), { etag: policyEtag(row) });
    }],
    ['DELETE', /^\/v2\/policies\/([^/]+)$/, (_req, [id], _q, p) => (this.engine.delete(p, id!), empty())],
    ['GET', /^\/v2\/roles$/, (_req, _m, q, p, origin) => json(200, listRoles(this.engine, p, q, origin))],
    ['POST', /^\/v2\/roles$/, (req, _m, _q, p, origin) => {
      const row = createRole(this.engine, p, parseBody<CustomRoleBody>(req));
      return json(201, toCustomRole(row, origin), { etag: roleEtag(row) });
    }],
    ['GET', /^\/v2\/roles\/([^/]+)$/, (_req, [id], _q, p, origin) => {
      const row = getRole(this.engine, p, id!);
      return json(200, toCustomRole(row, origin), { etag: roleEtag(row) });
    }],
    ['PUT', /^\/v2\/roles\/([^/]+)$/, (req, [id], _q, p, origin) => {
      const row = replaceRole(this.engine, p, id!, req.headers['if-match'], parseBody<CustomRoleUpdateBody>(req));
      return json(200, toCustomRole(row, origin), { etag: roleEtag(row) });
    }],
    ['DELETE', /^\/v2\/roles\/([^/]+)$/, (_req, [id], _q, p) => (deleteRole(this.engine, p, id!), empty())],
  ];
}

/** The Policy Management error body (no message_code, unlike IAM Identity's). */
export function policyErrorBody(err: PolicyError, trace: string): PolicyErrorBody {
  return {
    trace,
    errors: [{ code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) }],
    status_code: err.status,
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): PolicyResponse => ({ status, body: JSON.stringify(body), headers });
const empty = (): PolicyResponse => ({ status: 204, body: '' });

function pageLinks(page: { limit: number; first: unknown; next?: unknown; previous?: unknown }): Record<string, unknown> {
  return { limit: page.limit, first: page.first, ...(page.next ? { next: page.next } : {}), ...(page.previous ? { previous: page.previous } : {}) };
}

function parseBody<T>(req: PolicyRequest): Partial<T> {
  let v: unknown;
  try {
    v = JSON.parse(req.body);
  } catch {
    throw invalidBody('The request body is not valid JSON.');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidBody('The request body must be a JSON object.');
  return v as Partial<T>;
}
