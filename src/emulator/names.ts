// The names shell completion offers on the local IAM, read straight from the store (no token, no handler):
// the service IDs of the local account, the names of their API keys, and of the owner's own keys. Read-only; a store that does not exist
// yet has no names.
import { existsSync } from 'node:fs';
import { Store } from './store.js';

export interface KnownNames {
  serviceIds: string[];
  /** Each key's name and the name of its service ID. */
  apiKeys: { name: string; serviceId: string }[];
  /** The names of the caller's own API keys (the local owner's, on the local IAM). */
  userKeys?: string[];
}

/** Enough for any prompt; a store with more names still completes, from the first ones. */
const MAX_NAMES = 10_000;

export function localNames(path: string): KnownNames {
  if (!existsSync(path)) return { serviceIds: [], apiKeys: [] };
  const store = new Store(path);
  try {
    const account = store.firstAccount();
    if (!account) return { serviceIds: [], apiKeys: [] };
    const sids = store.stmt('SELECT name FROM service_ids WHERE account_id = ? ORDER BY seq LIMIT ?').all(account.id, MAX_NAMES) as { name: string }[];
    const keys = store.stmt(`SELECT k.name AS name, s.name AS sid FROM apikeys k JOIN service_ids s ON k.iam_id = 'iam-' || s.id
      WHERE s.account_id = ? ORDER BY k.seq LIMIT ?`).all(account.id, MAX_NAMES) as { name: string; sid: string }[];
    const own = store.stmt('SELECT name FROM apikeys WHERE iam_id = ? ORDER BY seq LIMIT ?').all(account.owner_iam_id, MAX_NAMES) as { name: string }[];
    return { serviceIds: sids.map((r) => r.name), apiKeys: keys.map((k) => ({ name: k.name, serviceId: k.sid })), userKeys: own.map((r) => r.name) };
  } finally {
    store.close();
  }
}
