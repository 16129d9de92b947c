import { checkDescription, checkName, parseExpiry } from '../../flags.js';
import { checkKeyFile } from '../../key-file.js';
import { FORCE, str, type CommandSpec } from '../../spec.js';
import { showCreatedKey, shown, who } from '../shared.js';
import { USER_ARG, localIam, orUserNotFound, userIdOf } from './shared.js';
import { USER_KEY_NAME, createUserKey } from './user-key.js';

export const userApiKeyCreate: CommandSpec = {
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
    { flags: '--expires-in <DURATION>', description: 'How long the key works: a number and h, d or w, e.g. 90d' },
    { ...FORCE, description: 'Accepted for compatibility with ibmcloud; an existing --file is replaced without asking' },
  ],
  examples: ['iamkeys user-apikey-create alice@example.com --file alice-2.json', 'iamkeys user-apikey-create IBMid-0123456789 --file me.json --expires-in 30d'],
  async run(ctx, [userArg], opts) {
    const name = checkName(str(opts['name']) ?? USER_KEY_NAME, 'API key');
    const description = checkDescription(str(opts['description']), 'API key');
    const expires = parseExpiry(str(opts['expiresAt']), str(opts['expiresIn']), Date.now());
    const file = str(opts['file']);
    const target = file !== undefined ? checkKeyFile(file) : undefined;
    const api = await localIam(ctx);
    const w = await who(ctx);
    ctx.ui.progress(`Creating API key ${shown(ctx, name)} of user ${shown(ctx, userArg!)} under account ${w.account} as ${w.user}...`);
    const iamId = await userIdOf(api, userArg!);
    const key = await orUserNotFound(userArg!, async () => createUserKey(await ctx.client(), {
      iamId, name, ...(description !== undefined ? { description } : {}), ...(expires !== undefined ? { expiresAt: expires } : {}),
    }, target));
    if (ctx.json) return ctx.ui.json(key);
    showCreatedKey(ctx, key, target, `User API key ${shown(ctx, key.name)} is created`);
  },
};
