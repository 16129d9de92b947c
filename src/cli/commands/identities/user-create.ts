import { usageError } from '../../errors.js';
import { checkName } from '../../input/flags.js';
import { checkKeyFile, keyForJson } from '../../state/key-file.js';
import { defineCommand } from '../../spec.js';
import { begin, quoted, savedTo, shown } from '../shared.js';
import { localIam, userRows } from './shared.js';
import { USER_KEY_NAME, createUserKey } from './user-key.js';
import { safeText } from '../../output/safe.js';

export const userCreate = defineCommand({
  name: 'user-create',
  summary: 'Local IAM: create a user of the account (owner and administrators only)',
  rootOnly: true,
  changes: true,
  args: [{ syntax: '<NAME>', description: 'Name of the user' }],
  options: [
    { flags: '--email <EMAIL>', description: 'Email of the user (unique in the account)' },
    { flags: '--admin', description: 'Give the user the Administrator role on IAM Identity' },
    { flags: '--apikey-file <FILE>', description: 'Also create an API key of the user and save it to FILE (0600)' },
    { flags: '-f, --force', description: 'Accepted; an existing --apikey-file is replaced without asking' },
  ],
  examples: ['iamkeys user-create alice --email alice@example.com --apikey-file alice.json', 'iamkeys user-create bob --email bob@example.com --admin'],
  parse(given) {
    const name = checkName(given.arg(0), 'user');
    const email = given.str('email');
    if (email === undefined) throw usageError('Give the email of the user with --email.');
    return { name, email, admin: given.bool('admin'), file: given.str('apikeyFile') };
  },
  async run(ctx, { name, email, admin, file }) {
    const target = file !== undefined ? checkKeyFile(file, '--apikey-file') : undefined;
    const api = await localIam(ctx);
    const { client } = await begin(ctx, (w) => `Creating user ${shown(ctx, name)} ${w.where}...`);
    const user = await api.createUser({ name, email, ...(admin ? { role: 'admin' as const } : {}) });
    let key;
    if (target) {
      try {
        key = await createUserKey(client, { iamId: user.iam_id, name: USER_KEY_NAME }, target);
      } catch (err) {
        ctx.ui.warn(`User ${quoted(name)} (${safeText(user.iam_id)}) was created, but its API key was not.`);
        throw err;
      }
    }
    if (ctx.json) return ctx.ui.json(key ? { ...user, apikey: keyForJson(key, true) } : user);
    ctx.ui.ok(`User ${shown(ctx, user.name)} is created`);
    if (target) savedTo(ctx, target);
    ctx.ui.details(userRows(user));
  },
});
