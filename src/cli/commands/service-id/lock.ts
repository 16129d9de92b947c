import { serviceIdAction } from './action.js';

export const serviceIdLock = serviceIdAction({
  name: 'service-id-lock',
  summary: 'Lock a service ID: it cannot be changed or deleted until unlocked',
  doing: 'Locking',
  ask: ['lock', ''],
  done: 'is locked',
  result: 'locked',
  refusedWhenLocked: false,
  apply: (client, id) => client.setServiceIdLocked(id, true),
});
