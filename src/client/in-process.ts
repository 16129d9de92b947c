// The in-process transport: requests go to the emulator's handler over the embedded store, with no socket.
// Local mode runs as the account owner; its token is minted here, because holding the store is owning it.
import { existsSync } from 'node:fs';
import type { IamHandler } from '../emulator/handler.js';
import type { TokenSubject } from '../emulator/tokens.js';
import { openLocalIam } from '../emulator/index.js';
import type { Authenticator, Identity } from './auth.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

export const LOCAL_ENDPOINT = 'local';

export class InProcessTransport implements Transport {
  readonly endpoint = LOCAL_ENDPOINT;
  constructor(readonly handler: IamHandler, private readonly onClose: () => void = () => {}) {}

  async request(req: HttpRequest): Promise<HttpResponse> {
    // The handler answers every IAM error itself; what it throws is the store failing under it (a StoreError),
    // which goes up as it is: the CLI tells it.
    return this.handler.handle({ method: req.method, url: req.path, headers: req.headers, body: req.body ?? '' });
  }

  async close(): Promise<void> {
    this.onClose();
  }
}

/** Acts as the local account's owner, with a token minted in-process. */
export class LocalOwnerAuthenticator implements Authenticator {
  private token: string | undefined;
  constructor(private readonly handler: IamHandler, private readonly owner: Omit<TokenSubject, 'kind'>) {}

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

export interface InProcessIam {
  transport: InProcessTransport;
  owner: LocalOwnerAuthenticator;
}

/** The embedded IAM on a store file, reached in-process, acting as its owner. `asIs` (a dry run) changes
 *  nothing in the store, and makes none where there is none: an empty IAM in memory stands for it. */
export function inProcessIam(storePath: string, o: { asIs?: boolean } = {}): InProcessIam {
  const path = o.asIs && !existsSync(storePath) ? ':memory:' : storePath;
  const iam = openLocalIam({ path, baseUrl: 'http://local.iamkeys', ...(o.asIs ? { asIs: true } : {}) });
  return {
    transport: new InProcessTransport(iam.handler, iam.close),
    owner: new LocalOwnerAuthenticator(iam.handler, iam.account.owner),
  };
}
