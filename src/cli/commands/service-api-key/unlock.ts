import { KEY_ACTIONS } from '../key-actions.js';
import { apiKeyAction } from './action.js';

export const apiKeyUnlock = apiKeyAction({ name: 'service-api-key-unlock', summary: 'Unlock an API key of a service ID', ...KEY_ACTIONS.unlock });
