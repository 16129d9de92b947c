// Pieces of the identity commands (local IAM only): finding a user from what was typed, and the text forms.
// Which caller may do what is decided by the local IAM (emulator/identities.ts); nothing here checks it.
import { ApiError } from '../../../client/errors.js';
import type { LocalUser } from '../../../wire/identities.js';
import type { Context } from '../../context.js';
import { CliError, notFoundError } from '../../errors.js';
import { Exit } from '../../exit-codes.js';
import { LocalIamApi } from '../../local-iam-api.js';
import { renderTable } from '../../output/table.js';
import { quoted } from '../../output/safe.js';

export const USER_ARG = { syntax: '<USER>', description: 'IAM ID (IBMid-...), email or name of the user' };

export async function localIam(ctx: Context): Promise<LocalIamApi> {
  return new LocalIamApi(await ctx.client());
}

const isIbmId = (s: string): boolean => /^IBMid-[A-Za-z0-9]+$/.test(s);

export const userNotFound = (arg: string): CliError => notFoundError(`User ${quoted(arg)} was not found in the account.`);

/**
 * The IAM ID of a user. An IAM ID is used as it is (no request), as service ID UUIDs are; an email or a name is
 * looked up in the account's users, which only the owner and administrators may list.
 */
export async function userIdOf(api: LocalIamApi, arg: string): Promise<string> {
  if (isIbmId(arg)) return arg;
  const users = await api.listUsers();
  const byEmail = users.filter((u) => u.email.toLowerCase() === arg.toLowerCase());
  const found = byEmail.length > 0 ? byEmail : users.filter((u) => u.name === arg);
  if (found.length === 0) throw userNotFound(arg);
  if (found.length > 1) {
    const table = renderTable(['IAM ID', 'Name', 'Email'], found.map((u) => [u.iam_id, u.name, u.email]));
    throw new CliError(Exit.ambiguous, `More than one user is named ${quoted(arg)}. Nothing was changed. Pass the IAM ID or the email of the one you mean:\n${table.trimEnd()}`);
  }
  return found[0]!.iam_id;
}

/** Runs fn, turning IAM's 404 for a user (and its 400 for an unknown iam_id) into a not-found error. */
export async function orUserNotFound<T>(arg: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && (err.details ?? '').includes("'User'")) throw userNotFound(arg);
    if (err instanceof ApiError && err.status === 400 && err.message.includes("'iam_id'")) throw userNotFound(arg);
    throw err;
  }
}

export function userRows(u: LocalUser): [string, string][] {
  return [
    ['IAM ID', u.iam_id],
    ['Name', u.name],
    ['Email', u.email],
    ['Role', u.role],
    ['Service IDs', u.service_ids.length ? u.service_ids.join(', ') : '-'],
    ['Created At', u.created_at],
  ];
}

export const USER_COLUMNS = ['IAM ID', 'Name', 'Email', 'Role', 'Service IDs'];
export const userCells = (u: LocalUser): string[] =>
  [u.iam_id, u.name, u.email, u.role, u.service_ids.length ? u.service_ids.join(', ') : '-'];
