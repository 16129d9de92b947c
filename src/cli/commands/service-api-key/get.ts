import { apiKeyRows } from '../../output/entities.js';
import { findApiKey } from '../../resolve.js';
import { defineCommand } from '../../spec.js';
import { begin, shown } from '../shared.js';
import { KEY_ARGS, keyArgs } from './action.js';

export const apiKeyGet = defineCommand({
  name: 'service-api-key',
  summary: 'Display the details of an API key of a service ID',
  args: KEY_ARGS,
  options: [
    { flags: '--uuid', description: 'Display the UUID of the API key only' },
    { flags: '--activity', description: "Add the key's last use and number of uses (IAM's activity)" },
    { flags: '-f, --force', description: 'Accepted for compatibility with ibmcloud; nothing is asked' },
  ],
  examples: ['iamkeys service-api-key sample-key sample-service', 'iamkeys service-api-key sample-key sample-service --uuid'],
  parse: (given) => ({ ...keyArgs(given), uuid: given.bool('uuid'), activity: given.bool('activity') }),
  async run(ctx, { key: keyArg, sid: sidArg, uuid, activity }) {
    const { client, accountId } = await begin(ctx, (w) => (uuid ? undefined : `Getting API key ${shown(ctx, keyArg)} of service ID ${shown(ctx, sidArg)} ${w.where}...`));
    let { value: key } = await findApiKey(client, accountId, keyArg, sidArg);
    // IAM gives activity on a read of one key; a key found by name is read again by id to get it.
    if (activity && !key.activity) key = (await client.getApiKey(key.id, { activity: true })).value;
    if (uuid) return ctx.json ? ctx.ui.json(key.id) : ctx.ui.ids([key.id]);
    if (ctx.json) return ctx.ui.json(key);
    ctx.ui.ok();
    ctx.ui.say('');
    ctx.ui.details(apiKeyRows(key));
  },
});
