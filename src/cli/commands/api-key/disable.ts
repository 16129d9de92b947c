import { KEY_ACTIONS } from '../key-actions.js';
import { userKeyAction } from './keys.js';

export const userKeyDisable = userKeyAction({ name: 'api-key-disable', summary: 'Disable an API key: it gets no new tokens until enabled', ...KEY_ACTIONS.disable });
