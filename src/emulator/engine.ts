// The one implementation of IAM's rules for service IDs and API keys. Every operation is one transaction on
// the store, and checks in IAM's order: exists (404) → access (403) → locked (409) →
// If-Match (409) → body (400) → apply, bump the version, stamp modified_at, append history.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type {
  ActionWhenLeaked, ApiKey, CreateApiKeyBody, CreateServiceIdBody, ServiceId, UpdateApiKeyBody, UpdateServiceIdBody,
} from '../wire/types.js';
import { APIKEY_VALUE_MIN, descriptionProblem, nameProblem } from '../wire/limits.js';
import { parseIamTime } from '../wire/time.js';
import { invisibleNameProblem } from '../wire/unsafe-text.js';
import {
  ACTION, allowsAccountWide, allowsOnServiceId, canChangeUserKey, canReadUserKey, denied, serviceIdResource, serviceIdsAllowingSql, type Action, type Principal,
} from './access.js';
import { PolicyStore } from './policies/policy-store.js';
import { activityOf, entityTag, toApiKey, toHistory, toServiceId } from './entities.js';
import {
  IamError, TokenError, deleteNotPossible, duplicateValue, forbidden, invalidValue, locked, missingIfMatch, unknownServiceId,
  missingProperty, notFound, staleVersion,
} from './errors.js';
import { decodeToken, parsePagesize, runPage, type Cursor, type Page } from './paging.js';
import type { ApiKeyRow, ServiceIdRow, Store } from './store.js';

export type Clock = () => number;

export const hashKey = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');
const newKeyValue = (): string => randomBytes(33).toString('base64url'); // 44 URL-safe characters, as IAM's

const ACTIONS: readonly ActionWhenLeaked[] = ['none', 'disable', 'delete'];
const FLAG_ACTIONS = {
  locked: [['unlock', 'unlocked'], ['lock', 'locked']],
  disabled: [['enable', 'enabled'], ['disable', 'disabled']],
} as const;

export interface ServiceIdQuery { account_id: string; name?: string; desc: boolean; activity?: boolean }
export interface ApiKeyQuery {
  account_id: string; iam_id?: string; scope: 'entity' | 'account'; type?: 'user' | 'serviceid'; desc: boolean; activity?: boolean;
}
export interface Listing<T> { items: T[]; offset: number; limit: number; next?: string; previous?: string }

export interface GetOptions { includeHistory?: boolean; includeActivity?: boolean }

export interface EngineOptions {
  /** Count token exchanges per key and service ID (IAM's activity); on unless a benchmark turns it off. */
  recordActivity?: boolean;
}

/** IAM deletes a key for good once its expires_at and its modified_at are both this far in the past. */
export const EXPIRED_KEY_PURGE_MS = 90 * 86_400_000;

export class Engine {
  private readonly recordActivity: boolean;

  constructor(readonly store: Store, readonly now: Clock = Date.now, options: EngineOptions = {}) {
    this.recordActivity = options.recordActivity ?? true;
  }

  /** IAM's clean-up of long-expired keys; returns how many keys were deleted. */
  purgeExpiredKeys(): number {
    return this.store.purgeExpiredKeys(this.now() - EXPIRED_KEY_PURGE_MS);
  }

  // --- service IDs ---------------------------------------------------------------------------------------

  createServiceId(p: Principal, body: CreateServiceIdBody, opts: { locked: boolean }): ServiceId {
    // Every user of the account may create service IDs; a service ID needs a policy that lets it (Service ID creator).
    if (p.role === 'serviceid' && !allowsAccountWide(this.store, p, ACTION.serviceIdCreate)) {
      throw denied(p, ACTION.serviceIdCreate, `a/${p.account_id}`);
    }
    if (!body || typeof body !== 'object') throw missingProperty('name');
    if (typeof body.account_id !== 'string' || body.account_id === '') throw missingProperty('account_id');
    if (body.account_id !== p.account_id) throw invalidValue('account_id', `Account '${body.account_id}' is not the account of the caller.`);
    checkName(body.name, 'service ID');
    checkDescription(body.description, 'service ID');
    const crns = checkCrns(body.unique_instance_crns);
    if (body.apikey !== undefined) checkName(body.apikey?.name, 'API key');
    return this.store.write(() => {
      const t = this.now();
      const id = `ServiceId-${randomUUID()}`;
      const row: Parameters<Store['insertServiceId']>[0] = {
        id, account_id: p.account_id, name: body.name, description: body.description ?? null, locked: opts.locked ? 1 : 0,
        version: 1, created_at: t, modified_at: t, created_by: p.iam_id, unique_instance_crns: JSON.stringify(crns),
      };
      this.store.insertServiceId(row);
      this.history(p, id, 'create', [body.name], 'Service ID created');
      const out = toServiceId(this.mustServiceId(id));
      if (body.apikey) {
        out.apikey = this.insertApiKey(p, { ...body.apikey, iam_id: out.iam_id, account_id: p.account_id }, { locked: false, disabled: false });
      }
      return out;
    });
  }

  getServiceId(p: Principal, id: string, opts: GetOptions = {}): ServiceId {
    if (opts.includeActivity) this.store.flushActivity();
    return this.store.read(() => {
      const row = this.serviceIdFor(p, id, ACTION.serviceIdGet);
      const out = toServiceId(row, opts.includeActivity === true);
      if (opts.includeHistory) out.history = toHistory(this.store.historyOf(id));
      return out;
    });
  }

  listServiceIds(p: Principal, params: URLSearchParams): Listing<ServiceId> {
    const cursor = this.cursor<ServiceIdQuery>(params, () => {
      const account = params.get('account_id');
      if (!account) throw missingProperty('account_id');
      if (account !== p.account_id) throw forbidden(`The caller has no access to account '${account}'.`);
      const name = params.get('name');
      return { account_id: account, ...(name ? { name } : {}), desc: parseOrder(params), ...activityParam(params) };
    }, isServiceIdQuery);
    const q = cursor.q;
    if (q.account_id !== p.account_id) throw forbidden(`The caller has no access to account '${q.account_id}'.`);
    const activity = this.wantsActivity(q.activity, params);
    const access = this.store.read(() => serviceIdsAllowingSql(this.store, p, ACTION.serviceIdGet));
    const page = this.store.read(() => runPage(cursor, q.desc, (cmp, s, limit, reverse) => {
      const order = q.desc !== reverse ? 'DESC' : 'ASC';
      const nameSql = q.name !== undefined ? 'AND s.name = ?' : '';
      const sql = `SELECT * FROM service_ids s WHERE s.account_id = ? ${nameSql} AND ${access.sql} AND s.seq ${cmp} ? ORDER BY s.seq ${order} LIMIT ?`;
      const args: (string | number)[] = [q.account_id, ...(q.name !== undefined ? [q.name] : []), ...access.params, s, limit];
      return this.store.stmt(sql).all(...args) as ServiceIdRow[];
    }));
    return listing(page, (row) => toServiceId(row, activity));
  }

  updateServiceId(p: Principal, id: string, ifMatch: string | undefined, body: UpdateServiceIdBody): ServiceId {
    return this.store.write(() => {
      const row = this.serviceIdFor(p, id, ACTION.serviceIdUpdate);
      if (row.locked) throw locked('ServiceId', id);
      checkIfMatch(ifMatch, 'ServiceId', id, row.version);
      if (!body || typeof body !== 'object') throw missingProperty('name');
      if (body.name !== undefined) checkName(body.name, 'service ID');
      checkDescription(body.description, 'service ID');
      const crns = body.unique_instance_crns !== undefined ? checkCrns(body.unique_instance_crns) : undefined;
      const next: ServiceIdRow = {
        ...row,
        name: body.name ?? row.name,
        description: body.description === undefined ? row.description : body.description,
        unique_instance_crns: crns ? JSON.stringify(crns) : row.unique_instance_crns,
        version: row.version + 1,
        modified_at: this.now(),
      };
      this.store.updateServiceId(next);
      this.history(p, id, 'update', Object.keys(body), 'Service ID updated');
      return toServiceId(next);
    });
  }

  deleteServiceId(p: Principal, id: string): void {
    this.store.write(() => {
      const row = this.serviceIdFor(p, id, ACTION.serviceIdDelete);
      if (row.locked) throw locked('ServiceId', id);
      const iamId = `iam-${id}`;
      const keyIds = this.store.apiKeyIdsOf(iamId);
      for (const keyId of keyIds) {
        if (this.store.apiKey(keyId)?.locked) throw deleteNotPossible(id, keyId);
      }
      for (const keyId of keyIds) this.store.deleteApiKey(keyId);
      // Its policies go with it, in the same transaction: those it was given, and those on it alone.
      new PolicyStore(this.store).deleteOfServiceId(id);
      this.store.deleteServiceId(id);
    });
  }

  setServiceIdLocked(p: Principal, id: string, value: boolean): void {
    this.store.write(() => {
      // Locking is a change of the service ID: Editor or more (IBM: Editor or Administrator, for all or for one).
      const row = this.serviceIdFor(p, id, ACTION.serviceIdUpdate);
      if ((row.locked === 1) === value) return;
      this.store.updateServiceId({ ...row, locked: value ? 1 : 0, version: row.version + 1, modified_at: this.now() });
      this.history(p, id, value ? 'lock' : 'unlock', [], value ? 'Service ID locked' : 'Service ID unlocked');
    });
  }

  // --- API keys ------------------------------------------------------------------------------------------

  createApiKey(p: Principal, body: CreateApiKeyBody, opts: { locked: boolean; disabled: boolean }): ApiKey {
    if (!body || typeof body !== 'object') throw missingProperty('name');
    checkName(body.name, 'API key');
    if (typeof body.iam_id !== 'string' || body.iam_id === '') throw missingProperty('iam_id');
    return this.store.write(() => this.insertApiKey(p, body, opts));
  }

  getApiKey(p: Principal, id: string, opts: GetOptions = {}): ApiKey {
    if (opts.includeActivity) this.store.flushActivity();
    return this.store.read(() => {
      const row = this.apiKeyFor(p, id, ACTION.keyGet);
      return this.withExtras(toApiKey(row), row, opts);
    });
  }

  getApiKeyByValue(p: Principal, value: string | undefined, opts: GetOptions = {}): ApiKey {
    if (!value) throw missingProperty('IAM-ApiKey');
    if (opts.includeActivity) this.store.flushActivity();
    return this.store.read(() => {
      const row = this.store.apiKeyByHash(hashKey(value));
      if (!row) throw notFound('ApiKey', '(the key given in IAM-ApiKey)');
      this.checkApiKeyAccess(p, row, ACTION.keyGet, { byValue: true });
      return this.withExtras(toApiKey(row), row, opts);
    });
  }

  listApiKeys(p: Principal, params: URLSearchParams): Listing<ApiKey> {
    const cursor = this.cursor<ApiKeyQuery>(params, () => {
      const account = params.get('account_id') ?? p.account_id;
      if (account !== p.account_id) throw forbidden(`The caller has no access to account '${account}'.`);
      const scope = params.get('scope') ?? 'entity';
      if (scope !== 'entity' && scope !== 'account') throw invalidValue('scope', `Value '${scope}' is not valid. Valid values: entity, account.`);
      const type = params.get('type') ?? undefined;
      if (type !== undefined && type !== 'user' && type !== 'serviceid') throw invalidValue('type', `Value '${type}' is not valid. Valid values: user, serviceid.`);
      const q: ApiKeyQuery = { account_id: account, scope, desc: parseOrder(params), ...(type ? { type } : {}), ...activityParam(params) };
      if (scope === 'entity') q.iam_id = params.get('iam_id') || p.iam_id;
      return q;
    }, isApiKeyQuery);
    const q = cursor.q;
    if (q.account_id !== p.account_id) throw forbidden(`The caller has no access to account '${q.account_id}'.`);
    const where: string[] = ['k.account_id = ?'];
    const args: (string | number)[] = [q.account_id];
    if (q.scope === 'entity' && q.iam_id !== undefined) {
      this.checkListIdentity(p, q.iam_id);
      where.push('k.iam_id = ?');
      args.push(q.iam_id);
    } else if (!this.store.read(() => allowsAccountWide(this.store, p, ACTION.keyManage))) {
      // Without apikey.manage: one's own keys, and the keys of the service IDs one may list the keys of.
      const access = this.store.read(() => serviceIdsAllowingSql(this.store, p, ACTION.keyList));
      const own = p.role === 'serviceid' ? '' : 'k.iam_id = ? OR ';
      where.push(`(${own}k.iam_id IN (SELECT 'iam-' || s.id FROM service_ids s WHERE s.account_id = ? AND ${access.sql}))`);
      args.push(...(own ? [p.iam_id] : []), q.account_id, ...access.params);
    }
    if (q.type === 'serviceid') where.push("k.iam_id LIKE 'iam-ServiceId-%'");
    if (q.type === 'user') where.push("k.iam_id NOT LIKE 'iam-ServiceId-%'");
    const activity = this.wantsActivity(q.activity, params);
    const page = this.store.read(() => runPage(cursor, q.desc, (cmp, s, limit, reverse) => {
      const order = q.desc !== reverse ? 'DESC' : 'ASC';
      const sql = `SELECT * FROM apikeys k WHERE ${where.join(' AND ')} AND k.seq ${cmp} ? ORDER BY k.seq ${order} LIMIT ?`;
      return this.store.stmt(sql).all(...args, s, limit) as ApiKeyRow[];
    }));
    return listing(page, (row) => (activity ? withActivity(toApiKey(row), row) : toApiKey(row)));
  }

  updateApiKey(p: Principal, id: string, ifMatch: string | undefined, body: UpdateApiKeyBody): ApiKey {
    return this.store.write(() => {
      const row = this.apiKeyFor(p, id, ACTION.keyUpdate);
      if (row.locked) throw locked('ApiKey', id);
      checkIfMatch(ifMatch, 'ApiKey', id, row.version);
      if (!body || typeof body !== 'object') throw missingProperty('name');
      if (body.name !== undefined) checkName(body.name, 'API key');
      checkDescription(body.description, 'API key');
      const action = body.action_when_leaked !== undefined ? checkAction(body.action_when_leaked) : undefined;
      // IAM takes a time in the past on update (IBM's SDK tests send one): the key is then expired at once.
      const expires = body.expires_at !== undefined ? this.checkExpiry(body.expires_at, true) : undefined;
      if (body.support_sessions !== undefined && typeof body.support_sessions !== 'boolean') {
        throw invalidValue('support_sessions', 'Valid values: true, false.');
      }
      const next: ApiKeyRow = {
        ...row,
        name: body.name ?? row.name,
        description: body.description === undefined ? row.description : body.description,
        action_when_leaked: action ?? row.action_when_leaked,
        expires_at: expires === undefined ? row.expires_at : expires,
        support_sessions: body.support_sessions === undefined ? row.support_sessions : body.support_sessions ? 1 : 0,
        version: row.version + 1,
        modified_at: this.now(),
      };
      this.store.updateApiKey(next);
      this.history(p, id, 'update', Object.keys(body), 'API key updated');
      return toApiKey(next);
    });
  }

  deleteApiKey(p: Principal, id: string): void {
    this.store.write(() => {
      const row = this.apiKeyFor(p, id, ACTION.keyDelete);
      if (row.locked) throw locked('ApiKey', id);
      this.store.deleteApiKey(id);
    });
  }

  setApiKeyFlag(p: Principal, id: string, flag: 'locked' | 'disabled', value: boolean): void {
    this.store.write(() => {
      const row = this.apiKeyFor(p, id, ACTION.keyUpdate);
      // Disable and enable change the key, so a locked key refuses them like any other change.
      if (flag === 'disabled' && row.locked) throw locked('ApiKey', id);
      if ((row[flag] === 1) === value) return;
      this.store.updateApiKey({ ...row, [flag]: value ? 1 : 0, version: row.version + 1, modified_at: this.now() });
      const [action, done] = FLAG_ACTIONS[flag][value ? 1 : 0];
      this.history(p, id, action, [], `API key ${done}`);
    });
  }

  // --- tokens --------------------------------------------------------------------------------------------

  /** The key that a token request presents, if it may have a token; throws the token endpoint's errors. */
  authenticateKey(value: string | undefined): ApiKeyRow {
    if (!value) throw new TokenError(400, 'BXNIM0109E', 'Property missing or empty');
    const check = (): ApiKeyRow => {
      const row = this.store.apiKeyByHash(hashKey(value));
      const t = this.now();
      if (!row) throw new TokenError(400, 'BXNIM0415E', 'Provided API key could not be found.');
      if (row.disabled) throw new TokenError(400, 'BXNIM0430E', 'Provided API key is disabled.');
      if (row.expires_at !== null && row.expires_at <= t) throw new TokenError(400, 'BXNIM0441E', 'Provided API key has expired.');
      return row;
    };
    const row = this.store.read(check);
    // Noted in memory and written in batches (Store.noteAuthn): an exchange takes no write lock.
    if (this.recordActivity) this.store.noteAuthn(row, this.now());
    return row;
  }

  // --- helpers -------------------------------------------------------------------------------------------

  private insertApiKey(p: Principal, body: CreateApiKeyBody, opts: { locked: boolean; disabled: boolean }): ApiKey {
    const iamId = this.checkKeyOwner(p, body.iam_id);
    if (body.account_id !== undefined && body.account_id !== p.account_id) {
      throw invalidValue('account_id', `Account '${body.account_id}' is not the account of the caller.`);
    }
    checkDescription(body.description, 'API key');
    const isServiceKey = iamId.startsWith('iam-ServiceId-');
    if (body.store_value && !isServiceKey) throw invalidValue('store_value', 'store_value is allowed for service ID keys only.');
    const action = body.action_when_leaked !== undefined ? checkAction(body.action_when_leaked) : 'none';
    const expires = body.expires_at !== undefined ? this.checkExpiry(body.expires_at) : null;
    let value = newKeyValue();
    if (body.apikey !== undefined && body.apikey !== '') {
      if (typeof body.apikey !== 'string' || body.apikey.length < APIKEY_VALUE_MIN) {
        throw invalidValue('apikey', `The API key value must have at least ${APIKEY_VALUE_MIN} characters.`);
      }
      value = body.apikey;
    }
    const hash = hashKey(value);
    if (this.store.apiKeyByHash(hash)) throw duplicateValue();
    const t = this.now();
    const id = `ApiKey-${randomUUID()}`;
    this.store.insertApiKey({
      id, account_id: p.account_id, iam_id: iamId, name: body.name, description: body.description ?? null,
      locked: opts.locked ? 1 : 0, disabled: opts.disabled ? 1 : 0, version: 1, created_at: t, created_by: p.iam_id,
      modified_at: t, support_sessions: body.support_sessions ? 1 : 0, action_when_leaked: action, expires_at: expires,
      value_hash: hash, stored_value: body.store_value ? value : null,
    });
    this.history(p, id, 'create', [body.name], 'API key created');
    return toApiKey(this.mustApiKey(id), value);
  }

  /** The canonical iam_id a new key authenticates as, after checking the caller may give it one. */
  private checkKeyOwner(p: Principal, iamId: string): string {
    const sidId = iamId.startsWith('iam-ServiceId-') ? iamId.slice(4) : iamId.startsWith('ServiceId-') ? iamId : undefined;
    if (sidId !== undefined) {
      const sid = this.store.serviceId(sidId);
      if (!sid) throw unknownServiceId(iamId);
      if (!allowsOnServiceId(this.store, p, ACTION.keyCreate, sid)) throw denied(p, ACTION.keyCreate, serviceIdResource(sid.account_id, sid.id));
      return `iam-${sidId}`;
    }
    const user = this.store.user(iamId);
    if (!user) throw invalidValue('iam_id', `Identity '${iamId}' does not exist.`);
    if (!canChangeUserKey(this.store, p, user)) throw denied(p, iamId === p.iam_id ? ACTION.keyCreate : ACTION.keyManage, `a/${user.account_id}::user:${iamId}`);
    return iamId;
  }

  private checkListIdentity(p: Principal, iamId: string): void {
    if (iamId === p.iam_id && p.role !== 'serviceid') return;
    if (iamId.startsWith('iam-ServiceId-')) {
      const sid = this.store.serviceId(iamId.slice(4));
      if (!sid) throw notFound('ServiceId', iamId.slice(4));
      if (!allowsOnServiceId(this.store, p, ACTION.keyList, sid)) throw denied(p, ACTION.keyList, serviceIdResource(sid.account_id, sid.id));
      return;
    }
    throw new IamError(400, 'invalid_value', 'BXNIM0106E', 'The specified IAM ID does not match the IAM ID in the token.');
  }

  private checkApiKeyAccess(p: Principal, row: ApiKeyRow, action: Action, opts: { byValue?: boolean } = {}): void {
    if (row.account_id !== p.account_id) throw forbidden();
    // A user manages their own keys. A service ID acts by its policies alone (access.ts), but may read the key
    // it presents by value, since holding the secret already proves that much.
    if (row.iam_id === p.iam_id && (p.role !== 'serviceid' || opts.byValue)) return;
    if (row.iam_id.startsWith('iam-ServiceId-')) {
      const sid = this.store.serviceIdHead(row.iam_id.slice(4));
      if (sid && allowsOnServiceId(this.store, p, action, sid)) return;
      throw denied(p, action, serviceIdResource(row.account_id, row.iam_id.slice(4)));
    }
    const user = this.store.user(row.iam_id);
    const reading = action === ACTION.keyGet || action === ACTION.keyList;
    if (user && (reading ? canReadUserKey(this.store, p, user) : canChangeUserKey(this.store, p, user))) return;
    throw denied(p, ACTION.keyManage, `a/${row.account_id}::user:${row.iam_id}`);
  }

  /** The service ID, if it exists (404) and p may do action on it (403, IBM's words). */
  private serviceIdFor(p: Principal, id: string, action: Action): ServiceIdRow {
    const row = this.store.serviceId(id);
    if (!row) throw notFound('ServiceId', id);
    if (!allowsOnServiceId(this.store, p, action, row)) throw denied(p, action, serviceIdResource(row.account_id, id));
    return row;
  }

  private apiKeyFor(p: Principal, id: string, action: Action): ApiKeyRow {
    const row = this.store.apiKey(id);
    if (!row) throw notFound('ApiKey', id);
    this.checkApiKeyAccess(p, row, action);
    return row;
  }

  private mustServiceId(id: string): ServiceIdRow {
    const row = this.store.serviceId(id);
    if (!row) throw notFound('ServiceId', id);
    return row;
  }

  private mustApiKey(id: string): ApiKeyRow {
    const row = this.store.apiKey(id);
    if (!row) throw notFound('ApiKey', id);
    return row;
  }

  /** include_activity of a listing (in its page token or its query); the noted counts are written first. */
  private wantsActivity(inToken: boolean | undefined, params: URLSearchParams): boolean {
    const activity = inToken === true || params.get('include_activity') === 'true';
    if (activity) this.store.flushActivity();
    return activity;
  }

  private withExtras(out: ApiKey, row: ApiKeyRow, opts: GetOptions): ApiKey {
    if (opts.includeHistory) out.history = toHistory(this.store.historyOf(row.id));
    return opts.includeActivity ? withActivity(out, row) : out;
  }

  private checkExpiry(raw: unknown, pastAllowed = false): number | null {
    if (raw === '' || raw === null) return null;
    const ms = typeof raw === 'string' ? parseIamTime(raw) : undefined;
    if (ms === undefined) throw invalidValue('expires_at', `Value '${String(raw)}' is not valid. Use yyyy-MM-ddTHH:mm+0000.`);
    if (!pastAllowed && ms <= this.now()) throw invalidValue('expires_at', `Value '${String(raw)}' is in the past.`);
    return ms;
  }

  private cursor<Q>(params: URLSearchParams, fresh: () => Q, isQuery: (q: Record<string, unknown>) => boolean): Cursor<Q> {
    const token = params.get('pagetoken');
    if (token) {
      // The token comes back from the client, so its query is checked like a fresh one: a forged or damaged
      // token is a 400, never values of the wrong type in the SQL or the access checks (a 500).
      const c = decodeToken<Q>(token);
      if (!isQuery(c.q as Record<string, unknown>)) throw invalidValue('pagetoken', 'The page token is not one this server issued.');
      return c;
    }
    return { q: fresh(), s: 0, dir: 'after', o: 0, n: parsePagesize(params.get('pagesize')) };
  }

  private history(p: Principal, entityId: string, action: string, params: string[], message: string): void {
    this.store.addHistory({
      entity_id: entityId, timestamp: this.now(), iam_id: p.iam_id, iam_id_account: p.account_id, action,
      params: JSON.stringify(params), message,
    });
  }
}

const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';
const optionalBoolean = (v: unknown): boolean => v === undefined || typeof v === 'boolean';
const isServiceIdQuery = (q: Record<string, unknown>): boolean =>
  typeof q['account_id'] === 'string' && optionalString(q['name']) && typeof q['desc'] === 'boolean' && optionalBoolean(q['activity']);
const isApiKeyQuery = (q: Record<string, unknown>): boolean =>
  typeof q['account_id'] === 'string' && optionalString(q['iam_id']) && (q['scope'] === 'entity' || q['scope'] === 'account')
  && (q['type'] === undefined || q['type'] === 'user' || q['type'] === 'serviceid') && typeof q['desc'] === 'boolean'
  && optionalBoolean(q['activity']);

/** include_activity=true, kept in the page token so that every page of a listing carries the activity. */
const activityParam = (params: URLSearchParams): { activity?: true } =>
  (params.get('include_activity') === 'true' ? { activity: true } : {});

function withActivity(out: ApiKey, row: ApiKeyRow): ApiKey {
  out.activity = activityOf(row);
  return out;
}

function listing<R, T>(page: Page<R>, map: (r: R) => T): Listing<T> {
  const out: Listing<T> = { items: page.items.map(map), offset: page.offset, limit: page.limit };
  if (page.next) out.next = page.next;
  if (page.previous) out.previous = page.previous;
  return out;
}

function parseOrder(params: URLSearchParams): boolean {
  const sort = params.get('sort');
  if (sort !== null && sort !== '' && sort !== 'created_at') {
    throw invalidValue('sort', `Value '${sort}' is not supported by the local IAM. Valid values: created_at.`);
  }
  const order = params.get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw invalidValue('order', `Value '${order}' is not valid. Valid values: asc, desc.`);
  return order === 'desc';
}

function checkName(name: unknown, what: string): void {
  if (typeof name !== 'string' || name === '') throw missingProperty('name');
  const problem = nameProblem(name, what) ?? invisibleNameProblem(name, what);
  if (problem) throw invalidValue('name', problem);
}

function checkDescription(description: unknown, what: string): void {
  if (description === undefined) return;
  if (typeof description !== 'string') throw invalidValue('description', 'The description must be a string.');
  const problem = descriptionProblem(description, what);
  if (problem) throw invalidValue('description', problem);
}

function checkCrns(crns: unknown): string[] {
  if (crns === undefined) return [];
  if (!Array.isArray(crns) || crns.some((c) => typeof c !== 'string')) {
    throw invalidValue('unique_instance_crns', 'The value must be an array of strings.');
  }
  return crns as string[];
}

function checkAction(action: unknown): ActionWhenLeaked {
  const v = typeof action === 'string' ? action.toLowerCase() : '';
  if (!(ACTIONS as readonly string[]).includes(v)) {
    throw invalidValue('action_when_leaked', `Value '${String(action)}' is not valid. Valid values: none, disable, delete.`);
  }
  return v as ActionWhenLeaked;
}

function checkIfMatch(ifMatch: string | undefined, type: 'ServiceId' | 'ApiKey', id: string, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '') throw missingIfMatch();
  const tag = ifMatch.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  if (tag === '*') return;
  const current = entityTag(id, version);
  if (tag !== current) throw staleVersion(type, id, current);
}

