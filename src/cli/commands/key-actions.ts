// The words and requests of delete, lock, unlock, disable and enable of an API key, the same for a service ID's
// key (service-api-key-*) and a user's (api-key-*): only the command name, its summary and how the key is found
// differ.
import type { EntityAction } from './entity-action.js';

export type KeyActionWords = Omit<EntityAction, 'ask' | 'name' | 'summary'> & { verb: string };

export const KEY_ACTIONS: Record<'delete' | 'lock' | 'unlock' | 'disable' | 'enable', KeyActionWords> = {
  delete: { doing: 'Deleting', verb: 'delete', done: 'is deleted successfully', result: 'deleted', refusedWhenLocked: true, apply: (client, id) => client.deleteApiKey(id) },
  lock: { doing: 'Locking', verb: 'lock', done: 'is locked', result: 'locked', refusedWhenLocked: false, apply: (client, id) => client.setApiKeyFlag(id, 'lock', true) },
  unlock: { doing: 'Unlocking', verb: 'unlock', done: 'is unlocked', result: 'unlocked', refusedWhenLocked: false, apply: (client, id) => client.setApiKeyFlag(id, 'lock', false) },
  // Disable and enable change the key, so a locked key refuses them like any other change.
  disable: { doing: 'Disabling', verb: 'disable', done: 'is disabled', result: 'disabled', refusedWhenLocked: true, apply: (client, id) => client.setApiKeyFlag(id, 'disable', true) },
  enable: { doing: 'Enabling', verb: 'enable', done: 'is enabled', result: 'enabled', refusedWhenLocked: true, apply: (client, id) => client.setApiKeyFlag(id, 'disable', false) },
};
