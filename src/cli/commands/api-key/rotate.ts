// Rotation of a user's own API key: the same rotation as service-api-key-rotate's, on a key found as the
// api-key-* commands find it, in the words and commands of user keys.
import type { KeyCommands } from '../../keys/rotate.js';
import { safeText } from '../../output/safe.js';
import { defineCommand } from '../../spec.js';
import { ROTATE_OPTIONS, rotateKey, rotateOptions } from '../rotate-key.js';
import { shown } from '../shared.js';
import { USER_KEY_ARG, findUserKey } from './keys.js';

const userKeyCommands = (keyArg: string): KeyCommands => ({
  owner: '',
  command: (verb, id) => `iamkeys api-key${verb === 'show' ? '' : `-${verb}`} ${safeText(id)}${verb === 'disable' || verb === 'delete' ? ' -f' : ''}`,
  create: `iamkeys api-key-create ${safeText(keyArg)}`,
});

export const userKeyRotate = defineCommand({
  name: 'api-key-rotate',
  changes: true,
  summary: 'Replace an API key of your own with a new one, then retire the old one',
  args: [USER_KEY_ARG],
  options: ROTATE_OPTIONS,
  examples: ['iamkeys api-key-rotate my-key --file my-key.json', 'iamkeys api-key-rotate my-key --retire delete -f --output json'],
  parse: (given) => ({ key: given.arg(0), ...rotateOptions(given) }),
  run: (ctx, { key, ...o }) => rotateKey(ctx, {
    arg: key,
    progress: () => '',
    ofWhom: '',
    created: (c, name, oldId) => `API key ${shown(c, name)} was created as the successor of ${oldId}`,
    names: userKeyCommands(key),
    find: (client, accountId, prefer) => findUserKey(client, accountId, key, prefer),
  }, o),
});
