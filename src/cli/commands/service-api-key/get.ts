import { apiKeyRows } from '../../output/entities.js';
import { findApiKey } from '../../resolve.js';
import type { IamClient } from '../../../client/iam-client.js';
import type { ApiKey } from '../../../wire/types.js';
import type { Context } from '../../context.js';
import { defineCommand, type OptionSpec } from '../../spec.js';
import { begin, shown } from '../shared.js';
import { KEY_ARGS, keyArgs } from './action.js';

/** The options of showing one key: a service ID's and a user's alike. */
export const SHOW_KEY_OPTIONS: OptionSpec[] = [
  { flags: '--uuid', description: 'Display the UUID of the API key only' },
  { flags: '--activity', description: "Add the key's last use and number of uses (IAM's activity)" },
  { flags: '-f, --force', description: 'Accepted for compatibility with ibmcloud; nothing is asked' },
];

/** One key, as --uuid, JSON or ibmcloud's details (with its activity when asked). */
export async function showKey(ctx: Context, client: IamClient, found: ApiKey, { uuid, activity }: { uuid: boolean; activity: boolean }): Promise<void> {
  // IAM gives activity on a read of one key; a key found by name is read again by id to get it.
  const key = activity && !found.activity ? (await client.getApiKey(found.id, { activity: true })).value : found;
  if (uuid) return ctx.json ? ctx.ui.json(key.id) : ctx.ui.ids([key.id]);
  if (ctx.json) return ctx.ui.json(key);
  ctx.ui.ok();
  ctx.ui.say('');
  ctx.ui.details(apiKeyRows(key));
}

export const apiKeyGet = defineCommand({
  name: 'service-api-key',
  summary: 'Display the details of an API key of a service ID',
  args: KEY_ARGS,
  options: SHOW_KEY_OPTIONS,
  examples: ['iamkeys service-api-key sample-key sample-service', 'iamkeys service-api-key sample-key sample-service --uuid'],
  parse: (given) => ({ ...keyArgs(given), uuid: given.bool('uuid'), activity: given.bool('activity') }),
  async run(ctx, { key: keyArg, sid: sidArg, uuid, activity }) {
    const { client, accountId } = await begin(ctx, (w) => (uuid ? undefined : `Getting API key ${shown(ctx, keyArg)} of service ID ${shown(ctx, sidArg)} ${w.where}...`));
    const { value: key } = await findApiKey(client, accountId, keyArg, sidArg);
    await showKey(ctx, client, key, { uuid, activity });
  },
});
