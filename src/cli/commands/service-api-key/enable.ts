import { KEY_ACTIONS } from '../key-actions.js';
import { apiKeyAction } from './action.js';

export const apiKeyEnable = apiKeyAction({ name: 'service-api-key-enable', summary: 'Enable a disabled API key of a service ID', ...KEY_ACTIONS.enable });
