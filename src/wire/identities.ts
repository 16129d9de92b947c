// The wire shapes of the local IAM's own identity routes (/v1/iamkeys/users...), which IBM Cloud IAM does not
// have: users of the account, their role, and the service IDs each one has been granted. snake_case like IAM.

export type UserRole = 'owner' | 'admin' | 'user';

export interface LocalUser {
  iam_id: string;
  account_id: string;
  name: string;
  email: string;
  role: UserRole;
  created_at: string;
  /** Service IDs this user was granted one by one (owners and administrators manage all of them anyway). */
  service_ids: string[];
}

export interface LocalUserList {
  users: LocalUser[];
}

export interface CreateUserBody {
  name: string;
  email: string;
  /** `user` (the default) or `admin`; there is one owner, made with the account. */
  role?: 'admin' | 'user';
}

export interface SetRoleBody {
  role: 'admin' | 'user';
}

/** The prefix of these routes: under /v1, so they are authenticated like every IAM call, and named so no IAM route is shadowed. */
export const USERS_PATH = '/v1/iamkeys/users';

export const EMAIL_MAX = 255;
