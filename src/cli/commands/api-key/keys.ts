// User API keys (`api-key-*`, ibmcloud's twins of the service ID key commands): the argument, how a key is
// found from it, and the one action shape of delete, lock, unlock, disable and enable on them. A name is looked
// up among the caller's own keys (as ibmcloud's are: "the current user's"); a UUID may name another user's
// key, which IAM lets only an IAM Identity administrator see or change (the emulator decides, access.ts).
import type { Entity, IamClient } from '../../../client/iam-client.js';
import type { ApiKey } from '../../../wire/types.js';
import { isApiKeyId } from '../../../wire/ids.js';
import { CliError, notFoundError } from '../../errors.js';
import { oneNamed, orNotFound } from '../../resolve.js';
import type { Command } from '../../spec.js';
import { entityAction, type ActionOptions, type EntityAction, type EntityKind } from '../entity-action.js';
import { quoted, shown } from '../shared.js';

export const USER_KEY_ARG = { syntax: '<APIKEY>', description: 'Name or UUID of the API key', complete: 'user-key' as const };

export const userKeyNotFound = (arg: string): CliError => notFoundError(`API key ${quoted(arg)} was not found.`);

const isServiceIdKey = (k: ApiKey): boolean => k.iam_id.startsWith('iam-ServiceId-');

/** The caller's own keys, page after page. */
export async function ownKeyPages(client: IamClient, accountId: string): Promise<AsyncGenerator<ApiKey[]>> {
  return client.apiKeysOf(accountId, (await client.auth.identity()).iamId);
}

/**
 * The user API key an argument names: a UUID is fetched (a service ID's key is not one, so it is not found: its
 * commands are service-api-key-*); a name is an exact name among the caller's own keys, more than one fails
 * unless `prefer` picks exactly one of them.
 */
export async function findUserKey(client: IamClient, accountId: string, arg: string,
  prefer?: (k: ApiKey, sameName: readonly ApiKey[]) => boolean): Promise<Entity<ApiKey>> {
  if (isApiKeyId(arg)) {
    const key = await orNotFound(() => client.getApiKey(arg), () => userKeyNotFound(arg));
    if (isServiceIdKey(key.value)) {
      throw notFoundError(`${arg} is an API key of a service ID, not of a user. Use the service-api-key-* commands for it.`);
    }
    return key;
  }
  const found: ApiKey[] = [];
  for await (const page of await ownKeyPages(client, accountId)) found.push(...page.filter((k) => k.name === arg));
  if (found.length === 0) throw userKeyNotFound(arg);
  const key = oneNamed('API key', arg, found, prefer);
  return { value: key, etag: key.entity_tag };
}

const USER_KEY: EntityKind<string> = {
  args: [USER_KEY_ARG],
  parseArgs: (given) => given.arg(0),
  examples: (name) => [`iamkeys ${name} my-key`, `iamkeys ${name} ApiKey-18f773b0-db53-43f1-ad68-92c667c218fe -f`],
  progress: (ctx, key, w) => `API key ${shown(ctx, key)} ${w.where}`,
  subject: (key) => `API key ${quoted(key)}`,
  okSubject: (ctx, key) => `API key ${shown(ctx, key)}`,
  resolve: async (client, accountId, key) => (await findUserKey(client, accountId, key)).value,
  notFound: userKeyNotFound,
  unlock: (id) => `iamkeys api-key-unlock ${id}`,
  show: (id) => `iamkeys api-key ${id}`,
};

/** An action's words and request; `verb` is the question's (`delete`, `lock`...). */
export type UserKeyAction = Omit<EntityAction, 'ask'> & { verb: string };

export function userKeyAction(a: UserKeyAction): Command<ActionOptions<string>> {
  return entityAction(USER_KEY, { ...a, ask: [a.verb, ''] });
}
