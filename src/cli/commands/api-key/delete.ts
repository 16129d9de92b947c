import { KEY_ACTIONS } from '../key-actions.js';
import { userKeyAction } from './keys.js';

export const userKeyDelete = userKeyAction({ name: 'api-key-delete', summary: 'Delete an API key of your own (or, by UUID, of a user you administer)', ...KEY_ACTIONS.delete });
