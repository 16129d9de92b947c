// Who may do what on IAM Identity (service IDs, API keys), decided as IAM decides it, by access policies:
//   - the account owner may do everything;
//   - the user who created a service ID administers it (every IAM Identity action on it and its keys); a
//     service ID that made one (with Service ID creator) has on it only what its policies grant;
//   - a subject with a policy on serviceName=iam-identity (the whole service, or resourceType=serviceid +
//     resource=<ServiceId-…>, or every account management service) has the actions its roles grant there
//     (policies/roles.json: Viewer reads, Editor updates and locks, Operator also creates and deletes keys and
//     deletes the ID, Administrator also manages every user's keys and assigns access);
//   - a policy on every IAM-enabled service (serviceType=service) does not reach IAM Identity;
//   - a service ID acting through its key has exactly what its own policies grant (nothing without them), so
//     a leaked key can do no more than the service ID was given;
//   - user API keys: every user manages their own; others' need iam-identity.apikey.manage (Administrator on
//     the whole of IAM Identity), and never the owner's, nor those of another holder of apikey.manage: that
//     would give one administrator the rights of another (acting in their name), which IAM's roles do not.
// A decision reads only the caller's policies that reach IAM Identity, once a request (policies_by_subject).
import type { TokenSubject } from './tokens.js';
import type { ServiceIdHead, Store, UserRow } from './store.js';
import { IamError, forbidden } from './errors.js';
import { identityGrants, type IdentityGrants } from './policies/authority.js';
import { PolicyStore } from './policies/policy-store.js';

export type Role = 'owner' | 'user' | 'serviceid';

export interface Principal extends TokenSubject {
  role: Role;
}

/** The IAM Identity actions the local IAM checks (reference: IBM's roles → actions table). */
export const ACTION = {
  serviceIdCreate: 'iam-identity.serviceid.create',
  serviceIdGet: 'iam-identity.serviceid.get',
  serviceIdUpdate: 'iam-identity.serviceid.update',
  serviceIdDelete: 'iam-identity.serviceid.delete',
  keyList: 'iam-identity.apikey.list',
  keyGet: 'iam-identity.apikey.get',
  keyUpdate: 'iam-identity.apikey.update',
  keyCreate: 'iam-identity.apikey.create',
  keyDelete: 'iam-identity.apikey.delete',
  keyManage: 'iam-identity.apikey.manage',
} as const;
export type Action = (typeof ACTION)[keyof typeof ACTION];

// One read of the caller's grants a request: a principal is made for each request (handler.authenticate).
const grantsMemo = new WeakMap<Principal, IdentityGrants>();
function grantsOf(store: Store, p: Principal): IdentityGrants {
  let g = grantsMemo.get(p);
  if (!g) {
    g = identityGrants(new PolicyStore(store), p.iam_id);
    grantsMemo.set(p, g);
  }
  return g;
}

/** Whether p holds action on the whole of IAM Identity in its account. */
export function allowsAccountWide(store: Store, p: Principal, action: Action): boolean {
  return p.role === 'owner' || grantsOf(store, p).account.has(action);
}

/** Whether p may do action on service ID sid (and, for key actions, on its keys). */
export function allowsOnServiceId(store: Store, p: Principal, action: Action, sid: Omit<ServiceIdHead, 'name'>): boolean {
  if (sid.account_id !== p.account_id) return false;
  if (p.role === 'owner' || isCreator(p, sid)) return true;
  const g = grantsOf(store, p);
  return g.account.has(action) || g.byServiceId.get(sid.id)?.has(action) === true;
}

/** The creator rule: a user administers the service IDs they created (a service ID acts by its policies alone). */
export const isCreator = (p: Principal, sid: Pick<ServiceIdHead, 'created_by'>): boolean => p.role !== 'serviceid' && sid.created_by === p.iam_id;

/** SQL condition (on a service_ids row aliased `s`) for the service IDs p holds action on, with its parameters. */
export function serviceIdsAllowingSql(store: Store, p: Principal, action: Action): { sql: string; params: string[] } {
  if (allowsAccountWide(store, p, action)) return { sql: '1', params: [] };
  const ids = [...grantsOf(store, p).byServiceId].filter(([, actions]) => actions.has(action)).map(([id]) => id);
  const creator = p.role === 'serviceid' ? [] : ['s.created_by = ?'];
  const granted = ids.length ? [`s.id IN (${ids.map(() => '?').join(', ')})`] : [];
  const parts = [...creator, ...granted];
  return { sql: parts.length ? `(${parts.join(' OR ')})` : '0', params: [...(creator.length ? [p.iam_id] : []), ...ids] };
}

/** Whether an identity holds apikey.manage on the whole of IAM Identity: an "administrator" of users' keys. */
export function managesUserKeys(store: Store, iamId: string): boolean {
  return identityGrants(new PolicyStore(store), iamId).account.has(ACTION.keyManage);
}

/** Whether p may read the API keys of user u (their own always; others' with apikey.manage). */
export function canReadUserKey(store: Store, p: Principal, u: UserRow): boolean {
  if (u.account_id !== p.account_id) return false;
  return u.iam_id === p.iam_id || allowsAccountWide(store, p, ACTION.keyManage);
}

/**
 * Whether p may create, change, lock, unlock, disable, enable or delete an API key of user u. A key of a user
 * acts as that user, so making one for someone else is acting in their name, and disabling or deleting one can
 * lock that user out: every user does it for their own keys; the owner for anyone of the account (the local
 * IAM's way to hand out test identities); a holder of apikey.manage only for users without it, never for the
 * owner.
 */
export function canChangeUserKey(store: Store, p: Principal, u: UserRow): boolean {
  if (u.account_id !== p.account_id) return false;
  if (u.iam_id === p.iam_id && p.role !== 'serviceid') return true;
  if (p.role === 'owner') return true;
  return u.role !== 'owner' && allowsAccountWide(store, p, ACTION.keyManage) && !managesUserKeys(store, u.iam_id);
}

/** The CRN IBM names a service ID by in its refusals. */
export const serviceIdResource = (accountId: string, id: string): string => `crn:v1:bluemix:public:iam-identity::a/${accountId}::serviceid:${id}`;

/** IBM's 403, naming the action, the caller and the resource it was refused on. */
export const denied = (p: Principal, action: string, resource: string): IamError =>
  forbidden(`Access check for action '${action}' for subject '${p.iam_id}' for resource '${resource}' was denied due to lack of access policy.`);
