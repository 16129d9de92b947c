import { safeText } from '../../output/safe.js';
import type { KeyCommands } from '../../keys/rotate.js';
import { findApiKey } from '../../resolve.js';
import { defineCommand } from '../../spec.js';
import { ROTATE_OPTIONS, rotateKey, rotateOptions } from '../rotate-key.js';
import { quoted, shown } from '../shared.js';
import { KEY_ARGS, keyArgs } from './action.js';

const serviceIdKeyCommands = (keyArg: string, sidArg: string): KeyCommands => ({
  owner: `of service ID '${safeText(sidArg)}'`,
  command: (verb, id) => (verb === 'show' ? `iamkeys service-api-key ${safeText(id)} ${safeText(sidArg)}`
    : `iamkeys service-api-key-${verb} ${safeText(id)} ${safeText(sidArg)}${verb === 'disable' || verb === 'delete' ? ' -f' : ''}`),
  create: `iamkeys service-api-key-create ${safeText(keyArg)} ${safeText(sidArg)}`,
});

export const apiKeyRotate = defineCommand({
  name: 'service-api-key-rotate',
  changes: true,
  summary: 'Replace an API key of a service ID with a new one, then retire the old one',
  args: KEY_ARGS,
  options: ROTATE_OPTIONS,
  examples: [
    'iamkeys service-api-key-rotate ci-key ci-deployer --file ci-key.json',
    'iamkeys service-api-key-rotate ci-key ci-deployer --retire delete -f --output json',
  ],
  parse: (given) => ({ ...keyArgs(given), ...rotateOptions(given) }),
  run: (ctx, { key, sid, ...o }) => rotateKey(ctx, {
    arg: key,
    progress: (c) => ` of service ID ${shown(c, sid)}`,
    ofWhom: ` of service ID ${quoted(sid)}`,
    created: (c, name, oldId) => `Service ID API key ${shown(c, name)} is created as the successor of ${oldId}`,
    names: serviceIdKeyCommands(key, sid),
    find: (client, accountId, prefer) => findApiKey(client, accountId, key, sid, prefer),
  }, o),
});
