// An API key of the local account's owner, for `iamkeys serve --apikey-file`: the non-interactive way to get a
// key that authenticates to the served IAM (SDK tests, `iamkeys login`). A key already in the file is reused
// while it still authenticates.
import type { ApiKey } from '../wire/types.js';
import type { Engine } from './engine.js';
import { hashKey } from './engine.js';
import type { LocalAccount } from './local-account.js';

export const OWNER_KEY_NAME = 'iamkeys-serve-owner';

export function ownerKey(engine: Engine, account: LocalAccount, existing: string | undefined): ApiKey | undefined {
  if (existing) {
    const row = engine.store.apiKeyByHash(hashKey(existing));
    if (row && row.iam_id === account.owner.iam_id && !row.disabled && (row.expires_at === null || row.expires_at > engine.now())) return undefined;
  }
  return engine.createApiKey(account.owner, {
    name: OWNER_KEY_NAME, iam_id: account.owner.iam_id,
    description: 'API key of the local account owner, made by iamkeys serve --apikey-file',
  }, { locked: false, disabled: false });
}
