import { apiKeyAction } from './action.js';

export const apiKeyDisable = apiKeyAction({
  name: 'service-api-key-disable',
  summary: 'Disable an API key of a service ID: it gets no new tokens until enabled',
  doing: 'Disabling',
  verb: 'disable',
  done: 'is disabled',
  result: 'disabled',
  refusedWhenLocked: true,
  apply: (client, id) => client.setApiKeyFlag(id, 'disable', true),
});
