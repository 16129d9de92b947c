// --dry-run: a transport that lets reads through and stops the command at its first change. Every command that
// changes something gets the same dry run this way, whatever it does before the change (resolving names,
// reading versions): those reads are the real ones, with their real errors.
//
// Before stopping, the entity the change is aimed at is read once more, so that what IAM refuses for reasons a
// read can show is refused as the real run would be: an entity that does not exist (404), a locked entity
// (409, all changes but lock and unlock), a stale If-Match (409), a service ID with a locked API key (409 on
// delete). The answer is built in IAM's error format, so the command reports it exactly as it reports IAM's.
// Whether the caller may make the change (403) is known only to IAM when the change is made.
import {
  deleteNotPossibleRefusal, lockedRefusal, staleVersionRefusal, unknownServiceIdRefusal, type EntityType, type IamRefusal,
} from '../wire/iam-errors.js';
import { pageToken } from './iam-client.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

/** The change a command would have made: thrown at the first request that is not a read. */
export class DryRunStop extends Error {
  /** The changes the real run would send after this one, where the command can tell (rotate's retirement). */
  readonly then: HttpRequest[] = [];

  constructor(readonly request: HttpRequest, readonly endpoint: string) {
    super('dry run');
    this.name = 'DryRunStop';
  }
}

interface Target {
  type: EntityType;
  id: string;
  /** Lock and unlock are allowed on a locked entity. */
  lockFlag: boolean;
}

const TARGET = /^\/v1\/(serviceids|apikeys)\/([^/?]+)(?:\/(lock|disable))?\/?(?:\?|$)/;

function targetOf(req: HttpRequest): Target | undefined {
  const m = TARGET.exec(req.path);
  if (!m) return undefined;
  return { type: m[1] === 'serviceids' ? 'ServiceId' : 'ApiKey', id: decodeURIComponent(m[2]!), lockFlag: m[3] === 'lock' };
}

/** The service ID a new API key is made for, when it is one. */
function serviceIdOfNewKey(req: HttpRequest): string | undefined {
  if (req.method !== 'POST' || !/^\/v1\/apikeys\/?$/.test(req.path)) return undefined;
  try {
    const iamId = (JSON.parse(req.body ?? '{}') as { iam_id?: unknown }).iam_id;
    return typeof iamId === 'string' && iamId.startsWith('iam-ServiceId-') ? iamId.slice('iam-'.length) : undefined;
  } catch {
    return undefined;
  }
}

/** IAM's answer refusing the change, as the client reads it. */
const asResponse = (r: IamRefusal): HttpResponse => ({
  status: r.status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ errors: [{ code: r.code, message_code: r.messageCode, message: r.message, details: r.details }], status_code: r.status }),
});

const enc = encodeURIComponent;

/** An entity tag without the weak prefix and quotes HTTP may put around it. */
const bareTag = (tag: string | undefined): string | undefined => tag?.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');

export class DryRunTransport implements Transport {
  constructor(private readonly inner: Transport) {}

  get endpoint(): string {
    return this.inner.endpoint;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    if (req.method === 'GET') return this.inner.request(req);
    const refused = await this.refusal(req);
    if (refused) return refused;
    throw new DryRunStop(req, this.inner.endpoint);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private get(path: string, req: HttpRequest): Promise<HttpResponse> {
    return this.inner.request({ method: 'GET', path, headers: { authorization: req.headers['authorization'] ?? '', accept: 'application/json' }, idempotent: true });
  }

  /** IAM's answer if it would refuse the change for a reason a read shows; undefined if it would try it. */
  private async refusal(req: HttpRequest): Promise<HttpResponse | undefined> {
    const sid = serviceIdOfNewKey(req);
    if (sid !== undefined) {
      // IAM refuses a key for a service ID that does not exist as a bad iam_id (400), not as a 404.
      const res = await this.get(`/v1/serviceids/${enc(sid)}`, req);
      if (res.status === 404) return asResponse(unknownServiceIdRefusal(`iam-${sid}`));
      return res.status >= 400 ? res : undefined;
    }
    const t = targetOf(req);
    if (!t) return undefined;
    const res = await this.get(`/v1/${t.type === 'ServiceId' ? 'serviceids' : 'apikeys'}/${enc(t.id)}`, req);
    if (res.status >= 400) return res;
    let entity: { locked?: boolean; entity_tag?: string; iam_id?: string; account_id?: string };
    try {
      entity = JSON.parse(res.body) as typeof entity;
    } catch {
      return undefined; // not IAM's answer: the real run's own request would tell
    }
    if (entity.locked && !t.lockFlag) {
      return asResponse(lockedRefusal(t.type, t.id));
    }
    const ifMatch = bareTag(req.headers['if-match']);
    const current = bareTag(res.headers['etag'] ?? entity.entity_tag);
    if (ifMatch !== undefined && ifMatch !== '*' && current !== undefined && ifMatch !== current) {
      return asResponse(staleVersionRefusal(t.type, t.id, current));
    }
    if (t.type === 'ServiceId' && req.method === 'DELETE' && !t.lockFlag && entity.iam_id && entity.account_id) {
      const lockedKey = await this.lockedKeyOf(entity.account_id, entity.iam_id, req);
      if (lockedKey) {
        return asResponse(deleteNotPossibleRefusal(t.id, lockedKey));
      }
    }
    return undefined;
  }

  private async lockedKeyOf(accountId: string, iamId: string, req: HttpRequest): Promise<string | undefined> {
    let q = new URLSearchParams({ account_id: accountId, iam_id: iamId, pagesize: '100' });
    for (let pages = 0; pages < 10_000; pages++) {
      const res = await this.get(`/v1/apikeys?${q.toString()}`, req);
      if (res.status >= 400) return undefined;
      let list: { apikeys?: { id: string; locked?: boolean }[]; next?: string };
      try {
        list = JSON.parse(res.body) as typeof list;
      } catch {
        return undefined;
      }
      const found = list.apikeys?.find((k) => k.locked);
      if (found) return found.id;
      const token = list.next ? pageToken(list.next) : undefined;
      if (!token) return undefined;
      q = new URLSearchParams({ pagetoken: token });
    }
    return undefined;
  }
}

const SECRET_FIELDS = /^(apikey|password|secret|token|access_token|refresh_token)$/i;

/** A request body as a dry run shows it: secret fields hidden, at any depth. */
export function hideSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.test(k) && typeof v === 'string' ? '<hidden>' : hideSecrets(v)]));
  }
  return value;
}
