// The local IAM's users: who they are, and two shortcuts that write access policies for them. IBM Cloud keeps
// users in other services (account users, access groups); the local IAM keeps them in its store and offers them
// on its own routes (/v1/iamkeys/users, handler.ts), so that `iamkeys` can set up the identities the seed's
// "Required access" speaks of, in-process and over `iamkeys serve` alike. Access itself is policies alone:
//   - a user's role 'admin' is a policy giving Administrator on the whole of IAM Identity (shortcuts.ts); the
//     role shown is derived from the user's policies (owner, admin when they hold apikey.manage, else user);
//   - a service ID granted to a user is a policy giving Operator on that service ID; revoking it deletes the
//     user's policies on that service ID.
//
// Rules, all checked here (the CLI holds none), each refusal a 403 and nothing changed:
//   - only the account owner and IAM Identity administrators list users, create them, change roles and grant;
//     a service ID (acting through its own key) does none of it unless its policies make it an administrator;
//   - nobody changes their own role or their own grants (no one raises their own access);
//   - the owner's role cannot be changed (there is one owner, made with the account);
//   - only the owner makes administrators (user-create --admin, user-role ... admin) or changes an
//     administrator's role: an administrator who could demote another one could act on that one's keys, or
//     make a key for them, and promote them back;
//   - when a user becomes an administrator, the keys of that user that someone other than the user or the
//     owner made are disabled (policies/promotion.ts). The owner may enable them again.
//   - a user or a service ID of another account cannot be touched.
// Order: the caller's right first (so that a caller without it learns nothing of who exists), then the target
// exists (404), is of the caller's account (403), the rule of the action (403), the body (400), apply.
import { randomBytes } from 'node:crypto';
import type { CreateUserBody, LocalUser, SetRoleBody, UserRole } from '../wire/identities.js';
import { EMAIL_MAX } from '../wire/identities.js';
import { hasUnsafeChars, nameProblem } from '../wire/limits.js';
import { iamTime } from '../wire/time.js';
import { invisibleNameProblem } from '../wire/unsafe-text.js';
import { ACTION, allowsAccountWide, managesUserKeys, type Principal } from './access.js';
import type { Engine } from './engine.js';
import { IamError, forbidden, invalidValue, missingProperty, notFound } from './errors.js';
import type { Store, UserRow } from './store.js';
import { WHOLE_SERVICE } from './policies/authority.js';
import type { PolicyEngine } from './policies/engine.js';
import { administratorDraft, serviceIdDraft } from './policies/shortcuts.js';

const ROLES = ['admin', 'user'] as const;

const userNotFound = (iamId: string): IamError =>
  new IamError(404, 'not_found', 'BXNIM0102E', 'Unable to find object', `Object type 'User' with ID '${iamId}' could not be found.`);

// [ours] as the other 409 codes of the local IAM.
const duplicateEmail = (): IamError =>
  new IamError(409, 'duplicate_value', 'BXNIM0512E', 'A user with this email already exists in the account', 'Choose another email.');

const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

export function newIbmId(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return `IBMid-${[...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export class Identities {
  constructor(private readonly engine: Engine, private readonly policies: PolicyEngine) {}

  private get store() {
    return this.engine.store;
  }

  listUsers(p: Principal): LocalUser[] {
    requireAdmin(this.store, p);
    return this.store.read(() => this.store.usersOf(p.account_id).map((u) => this.toUser(u)));
  }

  createUser(p: Principal, body: CreateUserBody): LocalUser {
    requireAdmin(this.store, p);
    if (!body || typeof body !== 'object') throw missingProperty('name');
    if (typeof body.name !== 'string' || body.name === '') throw missingProperty('name');
    const problem = nameProblem(body.name, 'user') ?? invisibleNameProblem(body.name, 'user');
    if (problem) throw invalidValue('name', problem);
    const email = checkEmail(body.email);
    const role = body.role === undefined ? 'user' : checkRole(body.role);
    if (role === 'admin') requireOwner(p);
    return this.store.write(() => {
      if (this.store.userByEmail(p.account_id, email)) throw duplicateEmail();
      const row: UserRow = { iam_id: newIbmId(), account_id: p.account_id, name: body.name, email, role: 'user', created_at: this.engine.now() };
      this.store.insertUser(row);
      if (role === 'admin') this.policies.grant(p, administratorDraft(p.account_id, row.iam_id));
      return this.toUser(row);
    });
  }

  setRole(p: Principal, iamId: string, body: SetRoleBody): LocalUser {
    requireAdmin(this.store, p);
    return this.store.write(() => {
      const user = this.targetUser(p, iamId);
      if (user.iam_id === p.iam_id) throw forbidden('No one can change their own role.');
      if (user.role === 'owner') throw forbidden("The account owner's role cannot be changed.");
      const current = managesUserKeys(this.store, user.iam_id) ? 'admin' : 'user';
      if (current === 'admin') requireOwner(p);
      if (!body || typeof body !== 'object' || body.role === undefined) throw missingProperty('role');
      const role = checkRole(body.role);
      if (role === 'admin') requireOwner(p);
      if (role === 'admin') this.policies.grant(p, administratorDraft(p.account_id, user.iam_id));
      else this.policies.retire(p, this.policies.ps.activeOfSubject(user.iam_id).filter((r) => r.identity_scope === WHOLE_SERVICE));
      return this.toUser(user);
    });
  }

  /** Gives (on) or takes back (off) a user's access to one service ID. Both are idempotent. */
  setGrant(p: Principal, iamId: string, serviceId: string, on: boolean): void {
    requireAdmin(this.store, p);
    this.store.write(() => {
      const user = this.targetUser(p, iamId);
      if (user.iam_id === p.iam_id) throw forbidden('No one can change their own access to a service ID.');
      const sid = this.store.serviceId(serviceId);
      if (!sid) throw notFound('ServiceId', serviceId);
      if (sid.account_id !== p.account_id) throw forbidden(`The caller may not manage service ID '${serviceId}'.`);
      if (on) this.policies.grant(p, serviceIdDraft(p.account_id, user.iam_id, sid.id));
      else this.policies.retire(p, this.policies.ps.activeOfSubject(user.iam_id).filter((r) => r.identity_scope === sid.id));
    });
  }

  private targetUser(p: Principal, iamId: string): UserRow {
    const user = this.store.user(iamId);
    if (!user) throw userNotFound(iamId);
    if (user.account_id !== p.account_id) throw forbidden(`The caller may not manage user '${iamId}'.`);
    return user;
  }

  private toUser(u: UserRow): LocalUser {
    const scopes = this.policies.ps.activeOfSubject(u.iam_id).map((r) => r.identity_scope).filter((s): s is string => s !== null);
    const role: UserRole = u.role === 'owner' ? 'owner' : managesUserKeys(this.store, u.iam_id) ? 'admin' : 'user';
    return {
      iam_id: u.iam_id, account_id: u.account_id, name: u.name, email: u.email, role,
      created_at: iamTime(u.created_at), service_ids: [...new Set(scopes.filter((s) => s !== WHOLE_SERVICE))].sort(),
    };
  }
}

function requireAdmin(store: Store, p: Principal): void {
  if (!allowsAccountWide(store, p, ACTION.keyManage)) {
    throw forbidden('Only the account owner and IAM Identity administrators manage users, roles and service ID grants.');
  }
}

function requireOwner(p: Principal): void {
  if (p.role !== 'owner') throw forbidden("Only the account owner makes administrators or changes an administrator's role.");
}

function checkEmail(email: unknown): string {
  if (typeof email !== 'string' || email.trim() === '') throw missingProperty('email');
  if ([...email].length > EMAIL_MAX) throw invalidValue('email', `The email is longer than ${EMAIL_MAX} characters.`);
  if (hasUnsafeChars(email)) throw invalidValue('email', 'The email contains control characters.');
  if (!EMAIL_RE.test(email)) throw invalidValue('email', 'The email must look like name@domain.');
  return email;
}

function checkRole(role: unknown): 'admin' | 'user' {
  if (typeof role === 'string' && (ROLES as readonly string[]).includes(role)) return role as 'admin' | 'user';
  const shown = typeof role === 'string' ? role.slice(0, 40) : typeof role;
  throw invalidValue('role', `Value '${hasUnsafeChars(shown) ? '?' : shown}' is not valid. Valid values: admin, user (an account has one owner, made with it).`);
}
