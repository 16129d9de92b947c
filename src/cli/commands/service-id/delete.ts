import { serviceIdAction } from './action.js';

export const serviceIdDelete = serviceIdAction({
  name: 'service-id-delete',
  summary: 'Delete a service ID and its API keys',
  doing: 'Deleting',
  ask: ['delete', ' and all its API keys'],
  done: 'is deleted successfully',
  result: 'deleted',
  refusedWhenLocked: true,
  apply: (client, id) => client.deleteServiceId(id),
});
