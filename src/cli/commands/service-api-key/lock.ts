import { KEY_ACTIONS } from '../key-actions.js';
import { apiKeyAction } from './action.js';

export const apiKeyLock = apiKeyAction({ name: 'service-api-key-lock', summary: 'Lock an API key of a service ID: it cannot be changed or deleted until unlocked', ...KEY_ACTIONS.lock });
