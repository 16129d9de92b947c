import { KEY_ACTIONS } from '../key-actions.js';
import { apiKeyAction } from './action.js';

export const apiKeyDisable = apiKeyAction({ name: 'service-api-key-disable', summary: 'Disable an API key of a service ID: it gets no new tokens until enabled', ...KEY_ACTIONS.disable });
