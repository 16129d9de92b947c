// Acting in a session a person opened (login --sso, -u/-p): there is no API key to get a new token with, so the
// access token is renewed with IAM's refresh token, as ibmcloud does, and the renewed pair is handed back to be
// kept. A session whose IAM gave no refresh token ends when its access token does.
import { decodeClaims } from '../wire/jwt.js';
import type { Authenticator, Identity } from './auth.js';
import { AuthError, isRefusal } from './errors.js';
import { refreshGrant, type SessionTokens } from './grants.js';
import { identityOfToken, isFresh, type CachedToken } from './token-auth.js';
import type { Transport } from './transport.js';

const ENDED = "The login session has ended (its token expired, and IAM gave no way to renew it). Log in again with 'iamkeys login --sso', or with an API key.";

export class SessionAuthenticator implements Authenticator {
  private pending: Promise<SessionTokens> | undefined;
  private stale = false;

  constructor(
    private readonly transport: Transport,
    private tokens: SessionTokens,
    /** Told of every renewed pair, so the next run starts from it (a refresh token may be single use). */
    private readonly keep: (t: SessionTokens) => void,
    private readonly now: () => number = Date.now,
  ) {}

  async authorization(): Promise<string> {
    return `Bearer ${(await this.valid()).accessToken}`;
  }

  async identity(): Promise<Identity> {
    return identityOfToken((await this.valid()).accessToken);
  }

  invalidate(): void {
    this.stale = true;
  }

  private async valid(): Promise<SessionTokens> {
    const claims = decodeClaims(this.tokens.accessToken);
    const t: CachedToken = { token: this.tokens.accessToken, exp: claims?.exp ?? 0, iat: claims?.iat ?? 0 };
    if (!this.stale && isFresh(t, Math.floor(this.now() / 1000))) return this.tokens;
    const refresh = this.tokens.refreshToken;
    if (refresh === undefined) throw new AuthError(ENDED);
    this.pending ??= refreshGrant(this.transport, refresh).then((next) => {
      this.tokens = next;
      this.stale = false;
      this.keep(next);
      return next;
    }, (err: unknown) => {
      if (isRefusal(err)) throw new AuthError(`${ENDED.split(' (')[0]}: IAM refused to renew it (${err.messageCode || err.message}). Log in again with 'iamkeys login --sso', or with an API key.`);
      throw err;
    }).finally(() => { this.pending = undefined; });
    return this.pending;
  }
}
