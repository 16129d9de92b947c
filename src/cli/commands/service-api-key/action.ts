// delete, lock, unlock, disable and enable of a service ID's API key: the one action shape (entity-action.ts)
// on a key named by its name or UUID and its service ID's.
import { apiKeyNotFound, findApiKey } from '../../resolve.js';
import type { Command, Given } from '../../spec.js';
import { entityAction, type ActionOptions, type EntityAction, type EntityKind } from '../entity-action.js';
import { quoted, shown } from '../shared.js';

/** An action's words and request; `verb` is the question's (`delete`, `lock`...). */
export type ApiKeyAction = Omit<EntityAction, 'ask'> & { verb: string };

export const KEY_ARGS = [
  { syntax: '<APIKEY>', description: 'Name or UUID of the API key' },
  { syntax: '<SERVICE_ID>', description: 'Name or UUID of the service ID' },
];

/** A key and its service ID, each a name or a UUID, as typed. */
export interface KeyArgs {
  key: string;
  sid: string;
}

export const keyArgs = (given: Given): KeyArgs => ({ key: given.arg(0), sid: given.arg(1) });

const API_KEY: EntityKind<KeyArgs> = {
  args: KEY_ARGS,
  parseArgs: keyArgs,
  examples: (name) => [`iamkeys ${name} sample-key sample-service`, `iamkeys ${name} sample-key sample-service -f`],
  progress: (ctx, { key, sid }, w) => `API key ${shown(ctx, key)} of service ID ${shown(ctx, sid)} ${w.where}`,
  subject: ({ key, sid }) => `API key ${quoted(key)} of service ID ${quoted(sid)}`,
  okSubject: (ctx, { key }) => `Service ID API key ${shown(ctx, key)}`,
  resolve: async (client, accountId, { key, sid }) => (await findApiKey(client, accountId, key, sid)).value,
  notFound: ({ key, sid }) => apiKeyNotFound(key, sid),
  unlock: (id, { sid }) => `iamkeys service-api-key-unlock ${id} ${sid}`,
  show: (id, { sid }) => `iamkeys service-api-key ${id} ${sid}`,
};

export function apiKeyAction(a: ApiKeyAction): Command<ActionOptions<KeyArgs>> {
  return entityAction(API_KEY, { ...a, ask: [a.verb, ''] });
}
