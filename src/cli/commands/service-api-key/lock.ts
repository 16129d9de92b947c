import { apiKeyAction } from './action.js';

export const apiKeyLock = apiKeyAction({
  name: 'service-api-key-lock',
  summary: 'Lock an API key of a service ID: it cannot be changed or deleted until unlocked',
  doing: 'Locking',
  verb: 'lock',
  done: 'is locked',
  result: 'locked',
  refusedWhenLocked: false,
  apply: (client, id) => client.setApiKeyFlag(id, 'lock', true),
});
