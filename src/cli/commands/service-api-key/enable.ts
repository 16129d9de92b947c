import { apiKeyAction } from './action.js';

export const apiKeyEnable = apiKeyAction({
  name: 'service-api-key-enable',
  summary: 'Enable a disabled API key of a service ID',
  doing: 'Enabling',
  verb: 'enable',
  done: 'is enabled',
  result: 'enabled',
  refusedWhenLocked: true,
  apply: (client, id) => client.setApiKeyFlag(id, 'disable', false),
});
