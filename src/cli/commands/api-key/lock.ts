import { KEY_ACTIONS } from '../key-actions.js';
import { userKeyAction } from './keys.js';

export const userKeyLock = userKeyAction({ name: 'api-key-lock', summary: 'Lock an API key: it cannot be changed or deleted until unlocked', ...KEY_ACTIONS.lock });
