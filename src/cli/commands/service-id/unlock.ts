import { serviceIdAction } from './action.js';

export const serviceIdUnlock = serviceIdAction({
  name: 'service-id-unlock',
  summary: 'Unlock a service ID',
  doing: 'Unlocking',
  ask: ['unlock', ''],
  done: 'is unlocked',
  result: 'unlocked',
  refusedWhenLocked: false,
  apply: (client, id) => client.setServiceIdLocked(id, false),
});
