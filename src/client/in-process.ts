// The in-process transport: requests go to the emulator's handler over the embedded store, with no socket.
// Local mode runs as the account owner; its token is minted here, because holding the store is owning it.
import { userInfo } from 'node:os';
import { Engine } from '../emulator/engine.js';
import { IamHandler } from '../emulator/handler.js';
import { ensureLocalAccount } from '../emulator/local-account.js';
import { Store, StoreError } from '../emulator/store.js';
import type { Authenticator, Identity } from './auth.js';
import { LocalStoreError } from './errors.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

export const LOCAL_ENDPOINT = 'local';

export class InProcessTransport implements Transport {
  readonly endpoint = LOCAL_ENDPOINT;
  constructor(readonly handler: IamHandler, private readonly onClose: () => void = () => {}) {}

  async request(req: HttpRequest): Promise<HttpResponse> {
    try {
      return this.handler.handle({ method: req.method, url: req.path, headers: req.headers, body: req.body ?? '' });
    } catch (err) {
      // The handler answers every IAM error itself; what it throws is the store failing under it.
      if (err instanceof StoreError) throw new LocalStoreError(err.message);
      throw err;
    }
  }

  async close(): Promise<void> {
    this.onClose();
  }
}

/** Acts as the local account's owner, with a token minted in-process. */
export class LocalOwnerAuthenticator implements Authenticator {
  private token: string | undefined;
  constructor(private readonly handler: IamHandler, private readonly owner: { iam_id: string; account_id: string; name: string; email?: string }) {}

  async authorization(): Promise<string> {
    this.token ??= this.handler.mintToken({ ...this.owner, kind: 'user' });
    return `Bearer ${this.token}`;
  }

  async identity(): Promise<Identity> {
    return { iamId: this.owner.iam_id, accountId: this.owner.account_id, display: this.owner.email ?? this.owner.name };
  }

  invalidate(): void {
    this.token = undefined;
  }
}

export interface LocalIam {
  store: Store;
  handler: IamHandler;
  transport: InProcessTransport;
  owner: LocalOwnerAuthenticator;
}

/** Opens the embedded IAM on a store file, making its account and owner on first use. */
export function openLocalIam(storePath: string): LocalIam {
  const store = new Store(storePath);
  const account = ensureLocalAccount(store, localUserName());
  const engine = new Engine(store);
  engine.purgeExpiredKeys();
  const handler = new IamHandler(engine, account.secret, { baseUrl: 'http://local.iamkeys' });
  return {
    store,
    handler,
    transport: new InProcessTransport(handler, () => store.close()),
    owner: new LocalOwnerAuthenticator(handler, account.owner),
  };
}

function localUserName(): string {
  try {
    return userInfo().username || 'owner';
  } catch {
    return 'owner';
  }
}

