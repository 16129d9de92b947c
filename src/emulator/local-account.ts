// The embedded local IAM's first-use set-up: one account whose owner is the local user, and the secret that
// signs tokens. Safe when several processes start at once: all of it happens in one IMMEDIATE transaction,
// and whoever comes second finds it done.
import { randomBytes } from 'node:crypto';
import type { Principal } from './access.js';
import { newIbmId } from './identities.js';
import type { Store, UserRow } from './store.js';

const SECRET_KEY = 'token_signing_secret';

export interface LocalAccount {
  accountId: string;
  owner: Principal;
  secret: Buffer;
}

export function ensureLocalAccount(store: Store, ownerName: string, now: number = Date.now()): LocalAccount {
  // Every command comes here: after the first, a plain read suffices and takes no write lock.
  const made = store.guard(() => existing(store));
  if (made) return made;
  return store.write(() => {
    if (!store.getMeta(SECRET_KEY)) store.setMeta(SECRET_KEY, randomBytes(32).toString('hex'));
    if (!store.firstAccount()) {
      const id = randomBytes(16).toString('hex');
      const ownerIamId = newIbmId();
      store.insertAccount({ id, owner_iam_id: ownerIamId, created_at: now });
      store.insertUser({ iam_id: ownerIamId, account_id: id, name: ownerName, email: `${ownerName}@localhost`, role: 'owner', created_at: now });
    }
    return existing(store)!;
  });
}

function existing(store: Store): LocalAccount | undefined {
  const secret = store.getMeta(SECRET_KEY);
  const account = store.firstAccount();
  const owner = account && store.user(account.owner_iam_id);
  return secret && account && owner ? { accountId: account.id, owner: userPrincipal(owner), secret: Buffer.from(secret, 'hex') } : undefined;
}

export function userPrincipal(u: UserRow): Principal {
  return {
    iam_id: u.iam_id, account_id: u.account_id, kind: 'user', name: u.name, email: u.email,
    role: u.role === 'owner' ? 'owner' : 'user',
  };
}
