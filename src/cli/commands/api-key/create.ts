import { checkName } from '../../input/flags.js';
import { checkKeyFile } from '../../state/key-file.js';
import { defineCommand } from '../../spec.js';
import { createUserKey } from '../identities/user-key.js';
import { KEY_CREATE_OPTIONS, keyCreateFlags } from '../service-api-key/create.js';
import { begin, showCreatedKey, shown } from '../shared.js';

export const userKeyCreate = defineCommand({
  name: 'api-key-create',
  summary: 'Create an API key of your own: it logs in as you',
  changes: true,
  args: [{ syntax: '<NAME>', description: 'Name of the API key' }],
  options: KEY_CREATE_OPTIONS,
  examples: ['iamkeys api-key-create my-key --file my-key.json', 'iamkeys api-key-create cecli -q -o json | jq -r .apikey'],
  parse: (given) => ({
    name: checkName(given.arg(0), 'API key'),
    ...keyCreateFlags(given),
  }),
  async run(ctx, { name, description, action, expires, file, lock }) {
    const target = file !== undefined ? checkKeyFile(file) : undefined;
    const { client } = await begin(ctx, (w) => `Creating API key ${shown(ctx, name)} ${w.where}...`);
    const me = await client.auth.identity();
    const key = await createUserKey(client, {
      iamId: me.iamId, name, lock,
      ...(description !== undefined ? { description } : {}),
      ...(action !== undefined ? { actionWhenLeaked: action } : {}),
      ...(expires !== undefined ? { expiresAt: expires } : {}),
    }, target);
    if (ctx.json) return ctx.ui.json(key);
    showCreatedKey(ctx, key, target, `API key ${shown(ctx, key.name)} was created`);
  },
});
