// Who may manage which service IDs and their keys, as the seed's "Required access" says: every user may create
// service IDs and administers those they created; the account owner and IAM Identity administrators manage
// every service ID of the account; a user may be granted one service ID. A service ID's keys act as that
// service ID, which is held to the same rules as a user without a role, except that it does not manage its
// own API keys: in IAM a service ID acts only through the access policies it is given, and the local IAM gives
// it none. (Otherwise a leaked key could delete, disable or unlock its sibling keys; it could not even create
// one, nor read its service ID.) It may still read the key it presents by value (GET /v1/apikeys/details).
import type { TokenSubject } from './tokens.js';
import type { ServiceIdRow, Store, UserRow } from './store.js';

export type Role = 'owner' | 'admin' | 'user' | 'serviceid';

export interface Principal extends TokenSubject {
  role: Role;
}

export const isAccountAdmin = (p: Principal): boolean => p.role === 'owner' || p.role === 'admin';

export function canManageServiceId(store: Store, p: Principal, sid: ServiceIdRow): boolean {
  if (sid.account_id !== p.account_id) return false;
  if (isAccountAdmin(p)) return true;
  if (sid.created_by === p.iam_id) return true;
  return store.hasGrant(p.iam_id, sid.id);
}

/** SQL condition (on a service_ids row aliased `s`) for the service IDs p may manage, with its parameters. */
export function manageableServiceIdsSql(p: Principal): { sql: string; params: string[] } {
  if (isAccountAdmin(p)) return { sql: '1', params: [] };
  return {
    sql: '(s.created_by = ? OR s.id IN (SELECT service_id FROM grants WHERE user_iam_id = ?))',
    params: [p.iam_id, p.iam_id],
  };
}

/**
 * Whether p may create an API key of user u. A key of a user acts as that user, so making one for someone else
 * is acting in their name: every user makes their own; the owner may make them for anyone of the account (the
 * local IAM's way to hand out test identities); an administrator only for users without a role, never for the
 * owner or another administrator, which would give the administrator rights it does not have.
 */
export function canCreateUserKey(p: Principal, u: UserRow): boolean {
  if (u.account_id !== p.account_id) return false;
  if (u.iam_id === p.iam_id) return true;
  if (p.role === 'owner') return true;
  return p.role === 'admin' && u.role !== 'owner' && u.role !== 'admin';
}
