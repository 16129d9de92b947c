import { userKeyAction } from './keys.js';

export const userKeyUnlock = userKeyAction({
  name: 'api-key-unlock',
  summary: 'Unlock an API key',
  doing: 'Unlocking',
  verb: 'unlock',
  done: 'is unlocked',
  result: 'unlocked',
  refusedWhenLocked: false,
  apply: (client, id) => client.setApiKeyFlag(id, 'lock', false),
});
