import { apiKeyRows } from '../../render/entities.js';
import { findApiKey } from '../../resolve.js';
import { bool, type CommandSpec } from '../../spec.js';
import { shown, who } from '../shared.js';
import { KEY_ARGS } from './action.js';

export const apiKeyGet: CommandSpec = {
  name: 'service-api-key',
  summary: 'Display the details of an API key of a service ID',
  args: KEY_ARGS,
  options: [
    { flags: '--uuid', description: 'Display the UUID of the API key only' },
    { flags: '--activity', description: "Add the key's last use and number of uses (IAM's activity)" },
    { flags: '-f, --force', description: 'Accepted for compatibility with ibmcloud; nothing is asked' },
  ],
  examples: ['iamkeys service-api-key sample-key sample-service', 'iamkeys service-api-key sample-key sample-service --uuid'],
  async run(ctx, [keyArg, sidArg], opts) {
    const w = await who(ctx);
    if (!bool(opts['uuid'])) ctx.ui.progress(`Getting API key ${shown(ctx, keyArg!)} of service ID ${shown(ctx, sidArg!)} under account ${w.account} as ${w.user}...`);
    const client = await ctx.client();
    let { value: key } = await findApiKey(client, (await ctx.identity()).accountId, keyArg!, sidArg!);
    // IAM gives activity on a read of one key; a key found by name is read again by id to get it.
    if (bool(opts['activity']) && !key.activity) key = (await client.getApiKey(key.id, { activity: true })).value;
    if (bool(opts['uuid'])) return ctx.json ? ctx.ui.json(key.id) : ctx.ui.data(`${key.id}\n`);
    if (ctx.json) return ctx.ui.json(key);
    ctx.ui.ok();
    ctx.ui.say('');
    ctx.ui.details(apiKeyRows(key));
  },
};
