import { userKeyAction } from './keys.js';

export const userKeyDisable = userKeyAction({
  name: 'api-key-disable',
  summary: 'Disable an API key: it gets no new tokens until enabled',
  doing: 'Disabling',
  verb: 'disable',
  done: 'is disabled',
  result: 'disabled',
  refusedWhenLocked: true,
  apply: (client, id) => client.setApiKeyFlag(id, 'disable', true),
});
