// The local IAM's users: who they are, their role, and the service IDs granted to them one by one. IBM Cloud
// keeps these in other services (account users, access groups and policies); the local IAM keeps them in its
// store and offers them on its own routes (/v1/iamkeys/users, handler.ts), so that `iamkeys` can set up the
// identities the seed's "Required access" speaks of, in-process and over `iamkeys serve` alike.
//
// Rules, all checked here (the CLI holds none), each refusal a 403 and nothing changed:
//   - only the account owner and IAM Identity administrators list users, create them, change roles and grant;
//     a service ID (acting through its own key) does none of it;
//   - nobody changes their own role or their own grants (no one raises their own access);
//   - the owner's role cannot be changed (there is one owner, made with the account);
//   - only the owner makes administrators (user-create --admin, user-role ... admin) or changes an
//     administrator's role: an administrator who could demote another one could act on that one's keys, or
//     make a key for them, and promote them back;
//   - when a user becomes an administrator, the keys of that user that someone other than the user or the
//     owner made (an administrator may make keys for users without a role) are disabled: their maker would
//     otherwise hold a key acting as an administrator. The owner may enable them again.
//   - a user or a service ID of another account cannot be touched.
// Order: the caller's right first (so that a caller without it learns nothing of who exists), then the target
// exists (404), is of the caller's account (403), the rule of the action (403), the body (400), apply.
import { randomBytes } from 'node:crypto';
import type { CreateUserBody, LocalUser, SetRoleBody, UserRole } from '../wire/identities.js';
import { EMAIL_MAX } from '../wire/identities.js';
import { hasUnsafeChars, nameProblem } from '../wire/limits.js';
import { iamTime } from '../wire/time.js';
import { invisibleNameProblem } from '../wire/unsafe-text.js';
import { isAccountAdmin, type Principal } from './access.js';
import type { Engine } from './engine.js';
import { IamError, forbidden, invalidValue, missingProperty, notFound } from './errors.js';
import type { UserRow } from './store.js';

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
  constructor(private readonly engine: Engine) {}

  private get store() {
    return this.engine.store;
  }

  listUsers(p: Principal): LocalUser[] {
    requireAdmin(p);
    return this.store.read(() => this.store.usersOf(p.account_id).map((u) => this.toUser(u)));
  }

  createUser(p: Principal, body: CreateUserBody): LocalUser {
    requireAdmin(p);
    if (!body || typeof body !== 'object') throw missingProperty('name');
    if (typeof body.name !== 'string' || body.name === '') throw missingProperty('name');
    const problem = nameProblem(body.name, 'user') ?? invisibleNameProblem(body.name, 'user');
    if (problem) throw invalidValue('name', problem);
    const email = checkEmail(body.email);
    const role = body.role === undefined ? 'user' : checkRole(body.role);
    if (role === 'admin') requireOwner(p);
    return this.store.write(() => {
      if (this.store.userByEmail(p.account_id, email)) throw duplicateEmail();
      const row: UserRow = { iam_id: newIbmId(), account_id: p.account_id, name: body.name, email, role, created_at: this.engine.now() };
      this.store.insertUser(row);
      return this.toUser(row);
    });
  }

  setRole(p: Principal, iamId: string, body: SetRoleBody): LocalUser {
    requireAdmin(p);
    return this.store.write(() => {
      const user = this.targetUser(p, iamId);
      if (user.iam_id === p.iam_id) throw forbidden('No one can change their own role.');
      if (user.role === 'owner') throw forbidden("The account owner's role cannot be changed.");
      if (user.role === 'admin') requireOwner(p);
      if (!body || typeof body !== 'object' || body.role === undefined) throw missingProperty('role');
      const role = checkRole(body.role);
      if (role === 'admin') requireOwner(p);
      if (role !== user.role) {
        this.store.setUserRole(user.iam_id, role);
        if (role === 'admin') this.disableKeysMadeByOthers(p, user.iam_id);
      }
      return this.toUser({ ...user, role });
    });
  }

  /** Gives (on) or takes back (off) a user's access to one service ID. Both are idempotent. */
  setGrant(p: Principal, iamId: string, serviceId: string, on: boolean): void {
    requireAdmin(p);
    this.store.write(() => {
      const user = this.targetUser(p, iamId);
      if (user.iam_id === p.iam_id) throw forbidden('No one can change their own access to a service ID.');
      const sid = this.store.serviceId(serviceId);
      if (!sid) throw notFound('ServiceId', serviceId);
      if (sid.account_id !== p.account_id) throw forbidden(`The caller may not manage service ID '${serviceId}'.`);
      if (on) this.store.addGrant(user.iam_id, sid.id);
      else this.store.removeGrant(user.iam_id, sid.id);
    });
  }

  /** Disables the keys of a new administrator that neither they nor the owner (p) made. */
  private disableKeysMadeByOthers(p: Principal, iamId: string): void {
    const t = this.engine.now();
    for (const id of this.store.apiKeyIdsOf(iamId)) {
      const key = this.store.apiKey(id);
      if (!key || key.disabled || key.created_by === iamId || key.created_by === p.iam_id) continue;
      this.store.updateApiKey({ ...key, disabled: 1, version: key.version + 1, modified_at: t });
      this.store.addHistory({
        entity_id: id, timestamp: t, iam_id: p.iam_id, iam_id_account: p.account_id, action: 'disable', params: '[]',
        message: 'API key disabled: its user became an administrator, and someone else made it',
      });
    }
  }

  private targetUser(p: Principal, iamId: string): UserRow {
    const user = this.store.user(iamId);
    if (!user) throw userNotFound(iamId);
    if (user.account_id !== p.account_id) throw forbidden(`The caller may not manage user '${iamId}'.`);
    return user;
  }

  private toUser(u: UserRow): LocalUser {
    return {
      iam_id: u.iam_id, account_id: u.account_id, name: u.name, email: u.email, role: u.role as UserRole,
      created_at: iamTime(u.created_at), service_ids: this.store.grantsOf(u.iam_id),
    };
  }
}

function requireAdmin(p: Principal): void {
  if (!isAccountAdmin(p)) {
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
