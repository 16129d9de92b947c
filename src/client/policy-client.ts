// The typed client of IBM's IAM Policy Management API (/v1/policies, /v2/policies, /v2/roles). It lives on the
// same host as IAM Identity and goes through the same request path (IamClient.send: the token and its one retry
// after a 401, the trace, the transport's retries, IAM's errors as ApiError), on either transport.
import {
  POLICY_PATHS, type Policy, type PolicyBody, type PolicyCollection, type RoleCollection, type V2Policy,
  type V2PolicyBody, type V2PolicyCollection,
} from '../wire/policies.js';
import { NetworkError } from './errors.js';
import type { Entity, IamClient } from './iam-client.js';
import type { HttpResponse } from './transport.js';

export type PolicyApiVersion = 'v1' | 'v2';

/** A policy in the shape of the API version it was asked with. */
export type AnyPolicy<V extends PolicyApiVersion> = V extends 'v1' ? Policy : V2Policy;
export type AnyPolicyBody<V extends PolicyApiVersion> = V extends 'v1' ? PolicyBody : V2PolicyBody;

/** The filters of a policy listing, as IBM names them (`account_id` is required by IAM). */
export interface PolicyQuery {
  account_id: string;
  iam_id?: string;
  type?: 'access' | 'authorization';
  service_type?: 'service' | 'platform_service';
  service_name?: string;
  state?: 'active' | 'deleted';
  sort?: string;
}

export interface RoleQuery {
  account_id: string;
  service_name?: string;
  service_group_id?: string;
}

/** Policies asked for in one page: IAM's default page is smaller, and a long listing costs round trips. */
export const POLICY_PAGE_SIZE = 100;

const enc = encodeURIComponent;

export class PolicyClient {
  constructor(readonly iam: IamClient) {}

  private path(v: PolicyApiVersion, id?: string): string {
    return id === undefined ? POLICY_PATHS[v] : `${POLICY_PATHS[v]}/${enc(id)}`;
  }

  /** Every policy that matches, page after page, following `next.start`. */
  async *policies<V extends PolicyApiVersion>(v: V, query: PolicyQuery): AsyncGenerator<AnyPolicy<V>[]> {
    const base: Record<string, string> = { limit: String(POLICY_PAGE_SIZE) };
    for (const [k, val] of Object.entries(query)) if (val !== undefined) base[k] = val;
    let start: string | undefined;
    // A server that hands back the same start token forever would loop: a token is never followed twice.
    const seen = new Set<string>();
    for (;;) {
      const q = new URLSearchParams({ ...base, ...(start !== undefined ? { start } : {}) });
      const list = await this.iam.json<PolicyCollection | V2PolicyCollection>({ method: 'GET', path: `${this.path(v)}?${q.toString()}` });
      if (!Array.isArray(list.policies)) throw new NetworkError(`IAM answered ${this.path(v)} with a list that has no policies array.`);
      yield list.policies as AnyPolicy<V>[];
      start = list.next?.start ?? startOf(list.next?.href);
      if (start === undefined || start === '' || seen.has(start)) return;
      seen.add(start);
    }
  }

  async getPolicy<V extends PolicyApiVersion>(v: V, id: string): Promise<Entity<AnyPolicy<V>>> {
    return withEtag<AnyPolicy<V>>(await this.iam.send({ method: 'GET', path: this.path(v, id) }), 'GET', this.path(v));
  }

  async createPolicy<V extends PolicyApiVersion>(v: V, body: AnyPolicyBody<V>): Promise<Entity<AnyPolicy<V>>> {
    return withEtag<AnyPolicy<V>>(await this.iam.send({ method: 'POST', path: this.path(v), body, idempotent: false }), 'POST', this.path(v));
  }

  /** A full replace; `ifMatch` is the ETag of a fresh read, never `*`. */
  async replacePolicy<V extends PolicyApiVersion>(v: V, id: string, ifMatch: string, body: AnyPolicyBody<V>): Promise<Entity<AnyPolicy<V>>> {
    const res = await this.iam.send({ method: 'PUT', path: this.path(v, id), body, headers: { 'if-match': ifMatch } });
    return withEtag<AnyPolicy<V>>(res, 'PUT', this.path(v));
  }

  async deletePolicy(v: PolicyApiVersion, id: string): Promise<void> {
    await this.iam.send({ method: 'DELETE', path: this.path(v, id) });
  }

  /** System, service and custom roles: of one service, of a service group, or the account's without either. */
  async roles(query: RoleQuery): Promise<RoleCollection> {
    const q = new URLSearchParams();
    for (const [k, val] of Object.entries(query)) if (val !== undefined) q.set(k, val);
    const got = await this.iam.json<Partial<RoleCollection>>({ method: 'GET', path: `${POLICY_PATHS.roles}?${q.toString()}` });
    return { custom_roles: got.custom_roles ?? [], service_roles: got.service_roles ?? [], system_roles: got.system_roles ?? [] };
  }
}

function withEtag<T>(res: HttpResponse, method: string, path: string): Entity<T> {
  try {
    return { value: JSON.parse(res.body) as T, etag: res.headers['etag'] ?? '' };
  } catch {
    throw new NetworkError(`IAM answered ${method} ${path} with a body that is not JSON (HTTP ${res.status}).`);
  }
}

/** The `start` token of a paging link's href, for a server that gives only the href. */
function startOf(href: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, 'http://relative.invalid').searchParams.get('start') ?? undefined;
  } catch {
    return undefined;
  }
}
