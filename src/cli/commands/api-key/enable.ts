import { KEY_ACTIONS } from '../key-actions.js';
import { userKeyAction } from './keys.js';

export const userKeyEnable = userKeyAction({ name: 'api-key-enable', summary: 'Enable a disabled API key', ...KEY_ACTIONS.enable });
