// An API key of a user, made through IAM's own API (POST /v1/apikeys with the user's iam_id), its secret kept
// as service-api-key-create keeps one: in --file (0600, atomic, folder checked before the key is made), or shown
// once. Whether the caller may make a key for that user is the local IAM's decision (access.ts).
import type { IamClient } from '../../../client/iam-client.js';
import type { ActionWhenLeaked, ApiKey } from '../../../wire/types.js';
import { saveKeyOrRollBack, type KeyFileTarget } from '../../state/key-file.js';

export const USER_KEY_NAME = 'iamkeys-user-key';

export interface UserKeyRequest {
  iamId: string;
  name: string;
  description?: string;
  expiresAt?: string;
  actionWhenLeaked?: ActionWhenLeaked;
  lock?: boolean;
}

/** Creates the key and writes it to target if given; if the file cannot be written the key is deleted again. */
export async function createUserKey(client: IamClient, r: UserKeyRequest, target: KeyFileTarget | undefined): Promise<ApiKey> {
  const key = await client.createApiKey({
    name: r.name, iam_id: r.iamId,
    ...(r.description !== undefined ? { description: r.description } : {}),
    ...(r.expiresAt !== undefined ? { expires_at: r.expiresAt } : {}),
    ...(r.actionWhenLeaked !== undefined ? { action_when_leaked: r.actionWhenLeaked } : {}),
  }, r.lock === true);
  await saveKeyOrRollBack(client, target, key);
  return key;
}

