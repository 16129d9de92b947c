import { userKeyAction } from './keys.js';

export const userKeyLock = userKeyAction({
  name: 'api-key-lock',
  summary: 'Lock an API key: it cannot be changed or deleted until unlocked',
  doing: 'Locking',
  verb: 'lock',
  done: 'is locked',
  result: 'locked',
  refusedWhenLocked: false,
  apply: (client, id) => client.setApiKeyFlag(id, 'lock', true),
});
