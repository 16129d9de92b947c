import { userKeyAction } from './keys.js';

export const userKeyDelete = userKeyAction({
  name: 'api-key-delete',
  summary: 'Delete an API key of your own (or, by UUID, of a user you administer)',
  doing: 'Deleting',
  verb: 'delete',
  done: 'is deleted successfully',
  result: 'deleted',
  refusedWhenLocked: true,
  apply: (client, id) => client.deleteApiKey(id),
});
