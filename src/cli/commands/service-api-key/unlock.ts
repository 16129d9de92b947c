import { apiKeyAction } from './action.js';

export const apiKeyUnlock = apiKeyAction({
  name: 'service-api-key-unlock',
  summary: 'Unlock an API key of a service ID',
  doing: 'Unlocking',
  verb: 'unlock',
  done: 'is unlocked',
  result: 'unlocked',
  refusedWhenLocked: false,
  apply: (client, id) => client.setApiKeyFlag(id, 'lock', false),
});
