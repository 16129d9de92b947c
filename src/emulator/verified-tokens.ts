// Tokens whose signature was checked, kept until they expire: a client sends the same token with every request,
// and checking its HMAC and parsing its claims each time is most of what a small read costs `serve`. Only the
// signature and the claims are remembered; the identity behind a token is still looked up on every request, and
// expiry is checked against the time of each request.
import type { TokenClaims } from '../wire/types.js';
import { verifyToken, type VerifyResult } from './tokens.js';

/** Enough for every client of a local IAM; when full, it starts again empty rather than track which is oldest. */
const MAX_TOKENS = 1024;

export class VerifiedTokens {
  private readonly claims = new Map<string, TokenClaims>();

  constructor(private readonly secret: Buffer) {}

  check(token: string, nowSeconds: number): VerifyResult {
    const known = this.claims.get(token);
    if (known) {
      if (known.exp > nowSeconds) return { ok: true, claims: known };
      this.claims.delete(token);
    }
    const v = verifyToken(this.secret, token, nowSeconds);
    if (v.ok) {
      if (this.claims.size >= MAX_TOKENS) this.claims.clear();
      this.claims.set(token, v.claims);
    }
    return v;
  }
}
