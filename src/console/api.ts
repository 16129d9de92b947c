// The console is a client of the local IAM's own API on this origin: a token from /identity/token (the apikey
// grant, form-encoded, as IBM's), then /v1 calls with it. Every access rule stays the API's; errors carry IAM's
// message.
import type { ApiKey, ServiceId } from '../wire/types.js';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly details?: string) {
    super(message);
  }
}

/** IAM's message from either error body (/v1 or the token endpoint). */
async function errorOf(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return new ApiError(res.status, `The local IAM answered HTTP ${res.status}.`);
  }
  const v1 = (body as { errors?: { message?: string; details?: unknown }[] }).errors?.[0];
  if (v1?.message) return new ApiError(res.status, v1.message, detailsText(v1.details));
  const tok = body as { errorMessage?: string; errorDetails?: string };
  if (tok.errorMessage) return new ApiError(res.status, tok.errorMessage, tok.errorDetails);
  return new ApiError(res.status, `The local IAM answered HTTP ${res.status}.`);
}

/**
 * IAM Identity's details are a sentence; Policy Management's an object, whose `reason` says which action was
 * refused (its other members, such as a conflict's other policy, are not for reading).
 */
function detailsText(details: unknown): string | undefined {
  if (typeof details === 'string') return details;
  const reason = (details as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

export async function exchangeApiKey(apikey: string): Promise<string> {
  const res = await fetch('/identity/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey }),
  });
  if (!res.ok) throw await errorOf(res);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface Page<T> {
  items: T[];
  offset: number;
  next?: string;
  previous?: string;
}

/** The page token of a `next`/`previous` link: the console asks its own origin, whatever host the link names. */
const pageTokenOf = (link: string | undefined): string | undefined =>
  link ? new URL(link, location.href).searchParams.get('pagetoken') ?? undefined : undefined;

export const PAGE_SIZE = 50;

export type KeyView = { scope: 'entity'; iamId: string } | { scope: 'account'; type: 'serviceid' | 'user' };

export class Api {
  constructor(private readonly token: string, readonly accountId: string, private readonly onUnauthenticated: (e: ApiError) => void) {}

  /** One call with the signed-in token: the body, and the ETag header where the API versions by it (policies). */
  async send<T>(method: string, path: string, opts: { body?: unknown; ifMatch?: string } = {}): Promise<{ body: T; etag?: string }> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.ifMatch !== undefined) headers['if-match'] = opts.ifMatch;
    const res = await fetch(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), cache: 'no-store' });
    if (!res.ok) {
      const err = await errorOf(res);
      if (res.status === 401) this.onUnauthenticated(err);
      throw err;
    }
    const body = (res.status === 204 ? undefined : await res.json()) as T;
    return { body, etag: res.headers.get('etag') ?? undefined };
  }

  private async call<T>(method: string, path: string, opts: { body?: unknown; ifMatch?: string } = {}): Promise<T> {
    return (await this.send<T>(method, path, opts)).body;
  }

  private async page<T>(path: string, query: Record<string, string>, key: 'apikeys' | 'serviceids', token?: string): Promise<Page<T>> {
    const q = new URLSearchParams(token ? { pagetoken: token } : { ...query, pagesize: String(PAGE_SIZE) });
    // The page token carries the query; include_activity is asked on every page because it is not part of it.
    if (key === 'apikeys') q.set('include_activity', 'true');
    const body = await this.call<Record<string, unknown>>('GET', `${path}?${q}`);
    return {
      items: (body[key] as T[] | undefined) ?? [],
      offset: typeof body['offset'] === 'number' ? body['offset'] : 0,
      next: pageTokenOf(body['next'] as string | undefined),
      previous: pageTokenOf(body['previous'] as string | undefined),
    };
  }

  listServiceIds(token?: string): Promise<Page<ServiceId>> {
    return this.page<ServiceId>('/v1/serviceids', { account_id: this.accountId }, 'serviceids', token);
  }

  listApiKeys(view: KeyView, token?: string): Promise<Page<ApiKey>> {
    const query: Record<string, string> = view.scope === 'entity'
      ? { account_id: this.accountId, scope: 'entity', iam_id: view.iamId }
      : { account_id: this.accountId, scope: 'account', type: view.type };
    return this.page<ApiKey>('/v1/apikeys', query, 'apikeys', token);
  }

  getServiceId(id: string): Promise<ServiceId> {
    return this.call('GET', `/v1/serviceids/${encodeURIComponent(id)}`);
  }

  createServiceId(name: string, description: string): Promise<ServiceId> {
    return this.call('POST', '/v1/serviceids', { body: { account_id: this.accountId, name, description } });
  }

  createApiKey(body: { name: string; description: string; iam_id: string; expires_at?: string; action_when_leaked?: string }): Promise<ApiKey> {
    return this.call('POST', '/v1/apikeys', { body: { ...body, account_id: this.accountId, store_value: false } });
  }

  update(kind: Kind, id: string, etag: string, body: { name: string; description: string }): Promise<unknown> {
    return this.call('PUT', `${base(kind)}/${encodeURIComponent(id)}`, { body, ifMatch: etag });
  }

  remove(kind: Kind, id: string): Promise<unknown> {
    return this.call('DELETE', `${base(kind)}/${encodeURIComponent(id)}`);
  }

  /** Lock/unlock (both kinds) and disable/enable (keys): POST sets the flag, DELETE clears it. */
  setFlag(kind: Kind, id: string, flag: 'lock' | 'disable', on: boolean): Promise<unknown> {
    return this.call(on ? 'POST' : 'DELETE', `${base(kind)}/${encodeURIComponent(id)}/${flag}`);
  }
}

export type Kind = 'serviceid' | 'apikey';
const base = (kind: Kind): string => (kind === 'serviceid' ? '/v1/serviceids' : '/v1/apikeys');
