import { KEY_ACTIONS } from '../key-actions.js';
import { apiKeyAction } from './action.js';

export const apiKeyDelete = apiKeyAction({ name: 'service-api-key-delete', summary: 'Delete an API key of a service ID', ...KEY_ACTIONS.delete });
