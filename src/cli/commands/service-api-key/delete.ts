import { apiKeyAction } from './action.js';

export const apiKeyDelete = apiKeyAction({
  name: 'service-api-key-delete',
  summary: 'Delete an API key of a service ID',
  doing: 'Deleting',
  verb: 'delete',
  done: 'is deleted successfully',
  result: 'deleted',
  refusedWhenLocked: true,
  apply: (client, id) => client.deleteApiKey(id),
});
