import { checkDescription, checkName, parseExpiry } from '../../input/flags.js';
import { checkKeyFile } from '../../state/key-file.js';
import { FORCE, defineCommand } from '../../spec.js';
import { begin, showCreatedKey, shown } from '../shared.js';
import { USER_ARG, localIam, orUserNotFound, userIdOf } from './shared.js';
import { USER_KEY_NAME, createUserKey } from './user-key.js';

export const userApiKeyCreate = defineCommand({
  name: 'user-apikey-create',
  summary: 'Local IAM: create an API key of a user (yourself, or as owner or administrator another user)',
  rootOnly: true,
  changes: true,
  args: [USER_ARG],
  options: [
    { flags: '-n, --name <NAME>', description: `Name of the API key (default ${USER_KEY_NAME})` },
    { flags: '-d, --description <DESCRIPTION>', description: 'Description of the API key' },
    { flags: '--file <FILE>', description: 'Save the API key to FILE (0600) instead of showing it' },
    { flags: '--expires-at <TIME>', description: 'When the key stops working, e.g. 2027-01-31T18:30+0000' },
    { flags: '--expires-in <DURATION>', description: 'How long the key works: a number and min, h, d or w, e.g. 90d' },
    { ...FORCE, description: 'Accepted for compatibility with ibmcloud; an existing --file is replaced without asking' },
  ],
  examples: ['iamkeys user-apikey-create alice@example.com --file alice-2.json', 'iamkeys user-apikey-create IBMid-0123456789 --file me.json --expires-in 30d'],
  parse: (given) => ({
    user: given.arg(0),
    name: checkName(given.str('name') ?? USER_KEY_NAME, 'API key'),
    description: checkDescription(given.str('description'), 'API key'),
    expires: parseExpiry(given.str('expiresAt'), given.str('expiresIn'), given.now),
    file: given.str('file'),
  }),
  async run(ctx, { user: userArg, name, description, expires, file }) {
    const target = file !== undefined ? checkKeyFile(file) : undefined;
    const api = await localIam(ctx);
    const { client } = await begin(ctx, (w) => `Creating API key ${shown(ctx, name)} of user ${shown(ctx, userArg)} ${w.where}...`);
    const iamId = await userIdOf(api, userArg);
    const key = await orUserNotFound(userArg, async () => createUserKey(client, {
      iamId, name, ...(description !== undefined ? { description } : {}), ...(expires !== undefined ? { expiresAt: expires } : {}),
    }, target));
    if (ctx.json) return ctx.ui.json(key);
    showCreatedKey(ctx, key, target, `User API key ${shown(ctx, key.name)} is created`);
  },
});
