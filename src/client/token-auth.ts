// Acting as the holder of an API key: the key is exchanged at /identity/token (apikey grant) and the access
// token is cached (by the caller's TokenCache) and renewed before it expires, without the user acting.
import type { TokenClaims, TokenResponse } from '../wire/types.js';
import { decodeClaims } from '../wire/jwt.js';
import type { Authenticator, Identity } from './auth.js';
import { ApiError, AuthError, isRefusal, toApiError } from './errors.js';
import type { HttpResponse, Transport } from './transport.js';

export interface CachedToken {
  token: string;
  /** epoch seconds */
  exp: number;
  /** epoch seconds */
  iat: number;
}

export interface TokenCache {
  get(): CachedToken | undefined;
  set(token: CachedToken): void;
}

/**
 * A token is renewed once 80% of its life is gone (as IBM's sdk-core does), and never used in its last 60 s.
 * A token that lives a minute or less (`serve --token-ttl 5`) keeps the first half of its life: with the 60 s
 * margin alone it would be stale the moment it arrives, and every request would fetch a new one.
 */
export function isFresh(t: CachedToken, nowSeconds: number): boolean {
  const life = t.exp - t.iat;
  const renewAt = Math.min(t.exp - Math.min(60, life / 2), t.iat + 0.8 * life);
  return nowSeconds < renewAt;
}

/** IAM's answer to a token request: its body, whose access token carries an expiry (else a 502 ApiError). */
export function tokenAnswer(res: HttpResponse): { body: Partial<TokenResponse>; accessToken: string; claims: TokenClaims } {
  let body: Partial<TokenResponse>;
  try {
    body = JSON.parse(res.body) as Partial<TokenResponse>;
  } catch {
    throw new ApiError(502, 'bad_token_response', '', 'IAM answered the token request with a body that is not JSON', undefined, res.headers['transaction-id']);
  }
  const claims = typeof body.access_token === 'string' ? decodeClaims(body.access_token) : undefined;
  if (!body.access_token || !claims || typeof claims.exp !== 'number') {
    throw new ApiError(502, 'bad_token_response', '', 'IAM answered the token request without a valid access token', undefined, res.headers['transaction-id']);
  }
  return { body, accessToken: body.access_token, claims };
}

/** Who an access token acts as: its IAM ID, its account, and a name to show. */
export function identityOfToken(token: string): Identity {
  const claims = decodeClaims(token);
  if (!claims?.iam_id || !claims.account?.bss) throw new AuthError('The access token from IAM has no identity or account in it. Log in again with \'iamkeys login\'.');
  return { iamId: claims.iam_id, accountId: claims.account.bss, display: claims.email ?? claims.sub ?? claims.iam_id };
}

export class ApiKeyAuthenticator implements Authenticator {
  private current: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly apikey: string,
    private readonly cache: TokenCache,
    private readonly now: () => number = Date.now,
  ) {}

  async authorization(): Promise<string> {
    return `Bearer ${(await this.valid()).token}`;
  }

  async identity(): Promise<Identity> {
    return identityOfToken((await this.valid()).token);
  }

  invalidate(): void {
    this.current = undefined;
    this.skipCache = true;
  }

  private skipCache = false;

  private async valid(): Promise<CachedToken> {
    const nowS = Math.floor(this.now() / 1000);
    if (this.current && isFresh(this.current, nowS)) return this.current;
    if (!this.skipCache) {
      const cached = this.cache.get();
      if (cached && isFresh(cached, nowS)) return (this.current = cached);
    }
    this.pending ??= this.fetch().finally(() => { this.pending = undefined; });
    return (this.current = await this.pending);
  }

  private async fetch(): Promise<CachedToken> {
    const form = new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: this.apikey, response_type: 'cloud_iam' });
    const res = await this.transport.request({
      method: 'POST', path: '/identity/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(), idempotent: true,
    });
    if (res.status >= 400) {
      const err = toApiError(res);
      if (!isRefusal(err)) throw err;
      throw new AuthError(`IAM refused the API key: ${err.message}${err.messageCode ? ` (${err.messageCode}${err.transactionId ? `, transaction ID ${err.transactionId}` : ''})` : ''}. Check the key, or log in again with 'iamkeys login --apikey'.`);
    }
    const { accessToken, claims } = tokenAnswer(res);
    const token: CachedToken = { token: accessToken, exp: claims.exp, iat: typeof claims.iat === 'number' ? claims.iat : Math.floor(this.now() / 1000) };
    this.skipCache = false;
    this.cache.set(token);
    return token;
  }
}
