// When a user is given iam-identity.apikey.manage (Administrator on the whole of IAM Identity), the keys of that
// user that someone other than the user or the owner made are disabled: their maker (who may make keys for
// users without apikey.manage) would otherwise hold a key acting as an administrator. The owner may enable
// them again. Runs inside the transaction that wrote the policy.
import type { Store } from '../store.js';

export function disableKeysMadeByOthers(store: Store, actor: { iam_id: string; account_id: string }, iamId: string, now: number): void {
  const owner = store.account(actor.account_id)?.owner_iam_id;
  for (const id of store.apiKeyIdsOf(iamId)) {
    const key = store.apiKey(id);
    if (!key || key.disabled || key.created_by === iamId || key.created_by === owner) continue;
    store.updateApiKey({ ...key, disabled: 1, version: key.version + 1, modified_at: now });
    store.addHistory({
      entity_id: id, timestamp: now, iam_id: actor.iam_id, iam_id_account: actor.account_id, action: 'disable', params: '[]',
      message: 'API key disabled: its user became an administrator, and someone else made it',
    });
  }
}
