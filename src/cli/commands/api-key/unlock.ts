import { KEY_ACTIONS } from '../key-actions.js';
import { userKeyAction } from './keys.js';

export const userKeyUnlock = userKeyAction({ name: 'api-key-unlock', summary: 'Unlock an API key', ...KEY_ACTIONS.unlock });
