// The one typed client of the IAM Identity API v1. The CLI calls only this; the transport underneath is the
// network or the in-process emulator, and nothing here knows which.
import type {
  ApiKey, ApiKeyList, CreateApiKeyBody, CreateServiceIdBody, ServiceId, ServiceIdList, UpdateApiKeyBody,
  UpdateServiceIdBody,
} from '../wire/types.js';
import type { Authenticator } from './auth.js';
import { NetworkError, toApiError } from './errors.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

/** The largest page IAM serves: the fewest round trips for a long listing. */
export const LIST_PAGE_SIZE = 100;

const enc = encodeURIComponent;

/** A request as the client's callers give it: the body is a value, sent as JSON; idempotent unless said. */
export type IamRequest = Partial<Omit<HttpRequest, 'body'>> & { method: HttpRequest['method']; path: string; body?: unknown };

export interface Entity<T> {
  value: T;
  etag: string;
}

export interface ReadOptions {
  /** IAM's `include_activity`: the entity's `activity` (last authentication, count) in the answer. */
  activity?: boolean;
}

const activityQuery = (o: ReadOptions): string => (o.activity ? '?include_activity=true' : '');

export class IamClient {
  constructor(readonly transport: Transport, readonly auth: Authenticator) {}

  // --- service IDs ---------------------------------------------------------------------------------------

  async createServiceId(body: CreateServiceIdBody, lock: boolean): Promise<ServiceId> {
    return this.json<ServiceId>({ method: 'POST', path: '/v1/serviceids/', body, headers: { 'entity-lock': String(lock) }, idempotent: false });
  }

  async getServiceId(id: string, o: ReadOptions = {}): Promise<Entity<ServiceId>> {
    const { value, res } = await this.jsonWithResponse<ServiceId>({ method: 'GET', path: `/v1/serviceids/${enc(id)}${activityQuery(o)}` });
    return { value, etag: res.headers['etag'] ?? value.entity_tag };
  }

  async updateServiceId(id: string, ifMatch: string, body: UpdateServiceIdBody): Promise<ServiceId> {
    return this.json<ServiceId>({ method: 'PUT', path: `/v1/serviceids/${enc(id)}`, body, headers: { 'if-match': ifMatch } });
  }

  async deleteServiceId(id: string): Promise<void> {
    await this.send({ method: 'DELETE', path: `/v1/serviceids/${enc(id)}` });
  }

  async setServiceIdLocked(id: string, locked: boolean): Promise<void> {
    await this.send({ method: locked ? 'POST' : 'DELETE', path: `/v1/serviceids/${enc(id)}/lock` });
  }

  /** Every service ID of the account (optionally with this exact name), page after page. */
  serviceIds(accountId: string, name?: string): AsyncGenerator<ServiceId[]> {
    const q = new URLSearchParams({ account_id: accountId, pagesize: String(LIST_PAGE_SIZE) });
    if (name !== undefined) q.set('name', name);
    return this.pages<ServiceIdList, ServiceId>('/v1/serviceids/', q, (l) => l.serviceids);
  }

  // --- API keys ------------------------------------------------------------------------------------------

  async createApiKey(body: CreateApiKeyBody, lock: boolean): Promise<ApiKey> {
    return this.json<ApiKey>({ method: 'POST', path: '/v1/apikeys', body, headers: { 'entity-lock': String(lock) }, idempotent: false });
  }

  async getApiKey(id: string, o: ReadOptions = {}): Promise<Entity<ApiKey>> {
    const { value, res } = await this.jsonWithResponse<ApiKey>({ method: 'GET', path: `/v1/apikeys/${enc(id)}${activityQuery(o)}` });
    return { value, etag: res.headers['etag'] ?? value.entity_tag };
  }

  async updateApiKey(id: string, ifMatch: string, body: UpdateApiKeyBody): Promise<ApiKey> {
    return this.json<ApiKey>({ method: 'PUT', path: `/v1/apikeys/${enc(id)}`, body, headers: { 'if-match': ifMatch } });
  }

  async deleteApiKey(id: string): Promise<void> {
    await this.send({ method: 'DELETE', path: `/v1/apikeys/${enc(id)}` });
  }

  async setApiKeyFlag(id: string, flag: 'lock' | 'disable', on: boolean): Promise<void> {
    await this.send({ method: on ? 'POST' : 'DELETE', path: `/v1/apikeys/${enc(id)}/${flag}` });
  }

  /** The keys of one identity (a service ID's iam_id, or a user's), page after page. */
  apiKeysOf(accountId: string, iamId: string, o: ReadOptions = {}): AsyncGenerator<ApiKey[]> {
    const q = new URLSearchParams({ account_id: accountId, iam_id: iamId, pagesize: String(LIST_PAGE_SIZE) });
    return this.pages<ApiKeyList, ApiKey>('/v1/apikeys', q, (l) => l.apikeys, listActivity(o));
  }

  /** The keys of every service ID of the account the caller may see, page after page. */
  serviceIdKeysOfAccount(accountId: string, o: ReadOptions = {}): AsyncGenerator<ApiKey[]> {
    const q = new URLSearchParams({ account_id: accountId, scope: 'account', type: 'serviceid', pagesize: String(LIST_PAGE_SIZE) });
    return this.pages<ApiKeyList, ApiKey>('/v1/apikeys', q, (l) => l.apikeys, listActivity(o));
  }

  /** The keys of every user of the account (IAM Identity administrators only), page after page. */
  userKeysOfAccount(accountId: string, o: ReadOptions = {}): AsyncGenerator<ApiKey[]> {
    const q = new URLSearchParams({ account_id: accountId, scope: 'account', type: 'user', pagesize: String(LIST_PAGE_SIZE) });
    return this.pages<ApiKeyList, ApiKey>('/v1/apikeys', q, (l) => l.apikeys, listActivity(o));
  }

  // --- plumbing ------------------------------------------------------------------------------------------

  /**
   * Follows `next` to the end. Only the page token is taken from it, so links may name any host; `sticky`
   * parameters go with every page, as a page token need not carry them.
   */
  private async *pages<L extends { next?: string }, T>(path: string, query: URLSearchParams, items: (l: L) => T[], sticky: Record<string, string> = {}): AsyncGenerator<T[]> {
    let q = query;
    for (const [k, v] of Object.entries(sticky)) q.set(k, v);
    for (;;) {
      const list = await this.json<L>({ method: 'GET', path: `${path}?${q.toString()}` });
      const got = items(list);
      if (!Array.isArray(got)) throw new NetworkError(`IAM answered ${path} with a list that has no items array.`);
      yield got;
      const token = list.next ? pageToken(list.next) : undefined;
      if (!token) return;
      q = new URLSearchParams({ pagetoken: token, ...sticky });
    }
  }

  /** One request whose answer is JSON: the value. */
  async json<T>(req: IamRequest): Promise<T> {
    return (await this.jsonWithResponse<T>(req)).value;
  }

  private async jsonWithResponse<T>(req: IamRequest): Promise<{ value: T; res: HttpResponse }> {
    const res = await this.send(req);
    try {
      return { value: JSON.parse(res.body) as T, res };
    } catch {
      throw new NetworkError(`IAM answered ${req.method} ${req.path.split('?')[0]} with a body that is not JSON (HTTP ${res.status}).`);
    }
  }

  /**
   * The one request path: authorization (with one retry on a fresh token after a 401), JSON bodies, the
   * create-safety rule, and IAM's errors as ApiError. Every route goes through here, IBM's and the local IAM's.
   */
  async send(req: IamRequest): Promise<HttpResponse> {
    const hasBody = req.body !== undefined;
    const build = async (): Promise<HttpRequest> => ({
      method: req.method,
      path: req.path,
      headers: {
        authorization: await this.auth.authorization(),
        ...(hasBody ? { 'content-type': 'application/json', accept: 'application/json' } : req.method === 'GET' ? { accept: 'application/json' } : {}),
        ...(req.headers ?? {}),
      },
      ...(hasBody ? { body: JSON.stringify(req.body) } : {}),
      idempotent: req.idempotent ?? true,
    });
    let res = await this.transport.request(await build());
    if (res.status === 401) {
      // A token can be revoked or expire early; one fresh token is worth one more try.
      this.auth.invalidate();
      res = await this.transport.request(await build());
    }
    if (res.status >= 500 && req.idempotent === false) {
      // A create that failed on the server side may still have been applied before the failure.
      let said = '';
      try {
        const err = toApiError(res);
        said = `: ${err.message}${err.transactionId ? ` (transaction ID ${err.transactionId})` : ''}`;
      } catch {
        // not an IAM error body: the status says enough
      }
      throw new NetworkError(`IAM answered ${req.method} ${req.path.split('?')[0]} with HTTP ${res.status}${said}. The change may or may not have been made: check before trying again.`);
    }
    if (res.status >= 400) throw toApiError(res);
    return res;
  }
}

const listActivity = (o: ReadOptions): Record<string, string> => (o.activity ? { include_activity: 'true' } : {});

export function pageToken(next: string): string | undefined {
  try {
    return new URL(next, 'http://relative.invalid').searchParams.get('pagetoken') ?? undefined;
  } catch {
    return undefined;
  }
}
