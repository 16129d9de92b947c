import { apiKeyRows } from '../../output/entities.js';
import { defineCommand } from '../../spec.js';
import { begin, shown } from '../shared.js';
import { USER_KEY_ARG, findUserKey } from './keys.js';

// ibmcloud documents no `api-key` (show one) command; iamkeys has it as the twin of `service-api-key`, so that a
// key found by name can be read (and its UUID printed for scripts) the same way.
export const userKeyGet = defineCommand({
  name: 'api-key',
  summary: 'Display the details of an API key of your own (or, by UUID, of a user you administer)',
  args: [USER_KEY_ARG],
  options: [
    { flags: '--uuid', description: 'Display the UUID of the API key only' },
    { flags: '--activity', description: "Add the key's last use and number of uses (IAM's activity)" },
    { flags: '-f, --force', description: 'Accepted for compatibility with ibmcloud; nothing is asked' },
  ],
  examples: ['iamkeys api-key my-key', 'iamkeys api-key my-key --uuid'],
  parse: (given) => ({ key: given.arg(0), uuid: given.bool('uuid'), activity: given.bool('activity') }),
  async run(ctx, { key: keyArg, uuid, activity }) {
    const { client, accountId } = await begin(ctx, (w) => (uuid ? undefined : `Getting API key ${shown(ctx, keyArg)} ${w.where}...`));
    let { value: key } = await findUserKey(client, accountId, keyArg);
    if (activity && !key.activity) key = (await client.getApiKey(key.id, { activity: true })).value;
    if (uuid) return ctx.json ? ctx.ui.json(key.id) : ctx.ui.data(`${key.id}\n`);
    if (ctx.json) return ctx.ui.json(key);
    ctx.ui.ok();
    ctx.ui.say('');
    ctx.ui.details(apiKeyRows(key));
  },
});
