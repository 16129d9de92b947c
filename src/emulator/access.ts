// Who may manage which service IDs and their keys, as the seed's "Required access" says: every user may create
// service IDs and administers those they created; the account owner and IAM Identity administrators manage
// every service ID of the account; a user may be granted one service ID. A service ID's keys act as that
// service ID, which has no implicit rights at all: in IAM a service ID acts only through the access policies it
// is given, and the local IAM gives it none (grants are for users). So it creates, changes and deletes no
// service ID and no key, its own included: otherwise a leaked key could make a new service ID with a key of
// its own, which would outlive the leaked key's deletion. It may still read the key it presents by value
// (GET /v1/apikeys/details), since holding the secret already proves that much.
import type { TokenSubject } from './tokens.js';
import type { ServiceIdHead, Store, UserRow } from './store.js';

export type Role = 'owner' | 'admin' | 'user' | 'serviceid';

export interface Principal extends TokenSubject {
  role: Role;
}

export const isAccountAdmin = (p: Principal): boolean => p.role === 'owner' || p.role === 'admin';

/** Whether p may create service IDs: users only (a service ID has no implicit rights). */
export const canCreateServiceId = (p: Principal): boolean => p.role !== 'serviceid';

export function canManageServiceId(store: Store, p: Principal, sid: Omit<ServiceIdHead, 'name'>): boolean {
  if (sid.account_id !== p.account_id) return false;
  if (p.role === 'serviceid') return false;
  if (isAccountAdmin(p)) return true;
  if (sid.created_by === p.iam_id) return true;
  return store.hasGrant(p.iam_id, sid.id);
}

/** SQL condition (on a service_ids row aliased `s`) for the service IDs p may manage, with its parameters. */
export function manageableServiceIdsSql(p: Principal): { sql: string; params: string[] } {
  if (isAccountAdmin(p)) return { sql: '1', params: [] };
  if (p.role === 'serviceid') return { sql: '0', params: [] };
  return {
    sql: '(s.created_by = ? OR s.id IN (SELECT service_id FROM grants WHERE user_iam_id = ?))',
    params: [p.iam_id, p.iam_id],
  };
}

/**
 * Whether p may create, change, lock, unlock, disable, enable or delete an API key of user u. A key of a user
 * acts as that user, so making one for someone else is acting in their name, and disabling or deleting one can
 * lock that user out: every user does it for their own keys; the owner for anyone of the account (the local
 * IAM's way to hand out test identities); an administrator only for users without a role, never for the owner
 * or another administrator, which would give the administrator rights over them it does not have. Reading
 * (show, list) is every administrator's right.
 */
export function canChangeUserKey(p: Principal, u: UserRow): boolean {
  if (u.account_id !== p.account_id) return false;
  if (u.iam_id === p.iam_id) return true;
  if (p.role === 'owner') return true;
  return p.role === 'admin' && u.role !== 'owner' && u.role !== 'admin';
}

/**
 * Whether p may make a one-time code to log in with: a person does (the code logs in as them). A service ID
 * does not: it never logs in as a person, and its key already gets it tokens.
 */
export const canMakePasscode = (p: Principal): boolean => p.role !== 'serviceid';
