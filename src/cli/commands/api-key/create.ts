import { checkDescription, checkName, parseActionIfLeaked, parseExpiry } from '../../input/flags.js';
import { checkKeyFile } from '../../state/key-file.js';
import { FORCE, defineCommand } from '../../spec.js';
import { createUserKey } from '../identities/user-key.js';
import { begin, showCreatedKey, shown } from '../shared.js';

export const userKeyCreate = defineCommand({
  name: 'api-key-create',
  summary: 'Create an API key of your own: it logs in as you',
  changes: true,
  args: [{ syntax: '<NAME>', description: 'Name of the API key' }],
  options: [
    { flags: '-d, --description <DESCRIPTION>', description: 'Description of the API key' },
    { flags: '--file <FILE>', description: 'Save the API key information to FILE (0600); an existing file is replaced' },
    { flags: '--lock', description: 'Lock the API key when it is created' },
    { flags: '--action-if-leaked <ACTION>', description: 'What IAM does if the key leaks: NONE, DISABLE or DELETE', choices: ['NONE', 'DISABLE', 'DELETE'] },
    { flags: '--expires-at <TIME>', description: 'When the key stops working, e.g. 2027-01-31T18:30+0000' },
    { flags: '--expires-in <DURATION>', description: 'How long the key works: a number and h, d or w, e.g. 90d' },
    { ...FORCE, description: 'Accepted for compatibility with ibmcloud; an existing --file is replaced without asking' },
  ],
  examples: ['iamkeys api-key-create my-key --file my-key.json', 'iamkeys api-key-create cecli -q -o json | jq -r .apikey'],
  parse: (given) => ({
    name: checkName(given.arg(0), 'API key'),
    description: checkDescription(given.str('description'), 'API key'),
    action: parseActionIfLeaked(given.str('actionIfLeaked')),
    expires: parseExpiry(given.str('expiresAt'), given.str('expiresIn'), given.now),
    file: given.str('file'),
    lock: given.bool('lock'),
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
