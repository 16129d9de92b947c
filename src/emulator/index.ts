// The one way to open the local IAM: the store, its account and owner (made on first use), the engine of IAM's
// rules and the HTTP handler over them. The in-process transport, `iamkeys serve` and the tests' served IAM all
// open it here, so they run the same IAM. A failing store is thrown as a StoreError (facts only).
import { userInfo } from 'node:os';
import { Engine } from './engine.js';
import { IamHandler } from './handler.js';
import { ensureLocalAccount, type LocalAccount } from './local-account.js';
import { Store } from './store.js';

export interface LocalIamOptions {
  /** The store file, or `:memory:`. */
  path: string;
  /** Lifetime of the tokens it mints, in seconds (IAM's default when not given). */
  tokenTtl?: number;
  /** Absolute base of list links; by default the address serve is bound to (never the request's Host). */
  baseUrl?: string;
  /** Name of the account's owner when the store is new; by default the local user's. */
  ownerName?: string;
  /** Leave the store as it is (a dry run): no clean-up of long-expired keys, token exchanges not counted. */
  asIs?: boolean;
}

export interface LocalIam {
  store: Store;
  account: LocalAccount;
  engine: Engine;
  handler: IamHandler;
  close(): void;
}

export function openLocalIam(o: LocalIamOptions): LocalIam {
  const store = new Store(o.path);
  try {
    const account = ensureLocalAccount(store, o.ownerName ?? localUserName());
    const engine = new Engine(store, Date.now, { recordActivity: !o.asIs });
    // IAM deletes keys long expired; the local IAM does it whenever it is opened (a read when none is due).
    if (!o.asIs) engine.purgeExpiredKeys();
    const handler = new IamHandler(engine, account.secret, {
      ...(o.tokenTtl !== undefined ? { tokenTtlSeconds: o.tokenTtl } : {}),
      ...(o.baseUrl !== undefined ? { baseUrl: o.baseUrl } : {}),
    });
    return { store, account, engine, handler, close: () => store.close() };
  } catch (err) {
    store.close();
    throw err;
  }
}

function localUserName(): string {
  try {
    return userInfo().username || 'owner';
  } catch {
    return 'owner';
  }
}
