import { defineCommand } from '../../spec.js';
import { SHOW_KEY_OPTIONS, showKey } from '../service-api-key/get.js';
import { begin, shown } from '../shared.js';
import { USER_KEY_ARG, findUserKey } from './keys.js';

// ibmcloud documents no `api-key` (show one) command; iamkeys has it as the twin of `service-api-key`, so that a
// key found by name can be read (and its UUID printed for scripts) the same way.
export const userKeyGet = defineCommand({
  name: 'api-key',
  summary: 'Display the details of an API key of your own (or, by UUID, of a user you administer)',
  args: [USER_KEY_ARG],
  options: SHOW_KEY_OPTIONS,
  examples: ['iamkeys api-key my-key', 'iamkeys api-key my-key --uuid'],
  parse: (given) => ({ key: given.arg(0), uuid: given.bool('uuid'), activity: given.bool('activity') }),
  async run(ctx, { key: keyArg, uuid, activity }) {
    const { client, accountId } = await begin(ctx, (w) => (uuid ? undefined : `Getting API key ${shown(ctx, keyArg)} ${w.where}...`));
    const { value: key } = await findUserKey(client, accountId, keyArg);
    await showKey(ctx, client, key, { uuid, activity });
  },
});
