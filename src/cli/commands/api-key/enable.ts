import { userKeyAction } from './keys.js';

export const userKeyEnable = userKeyAction({
  name: 'api-key-enable',
  summary: 'Enable a disabled API key',
  doing: 'Enabling',
  verb: 'enable',
  done: 'is enabled',
  result: 'enabled',
  refusedWhenLocked: true,
  apply: (client, id) => client.setApiKeyFlag(id, 'disable', false),
});
