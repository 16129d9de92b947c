// IAM access tokens of the local IAM: three-part JWTs with the claims IBM's tokens carry,
// signed HS256 with a secret that only the store holds. IBM signs RS256; clients (sdk-core, iamkeys) only
// decode, so the algorithm is ours to choose and a shared secret keeps the store the one trust root.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { TokenClaims } from '../wire/types.js';

export const TOKEN_TTL_SECONDS = 3600;
const ISSUER = 'https://iam.cloud.ibm.com/identity';
const KID = 'iamkeys-local-1';

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/**
 * Whom a token is minted for, as the local IAM knows it (snake_case, as in its claims). Not the client's
 * Identity (client/auth.ts), which is what a CLI reads back from any IAM's token: who it acts as.
 */
export interface TokenSubject {
  iam_id: string;
  account_id: string;
  kind: 'user' | 'serviceid';
  name: string;
  email?: string;
}

/** A token for `who`; one got for an API key names that key (apikey_id, see IamHandler.tokenPrincipal). */
export function signToken(secret: Buffer, who: TokenSubject, nowSeconds: number, ttl = TOKEN_TTL_SECONDS, apikeyId?: string): { token: string; claims: TokenClaims } {
  const bareId = who.kind === 'serviceid' ? who.iam_id.replace(/^iam-/, '') : who.iam_id;
  const claims: TokenClaims & Record<string, unknown> = {
    iam_id: who.iam_id,
    id: who.iam_id,
    realmid: who.kind === 'serviceid' ? 'iam' : 'IBMid',
    jti: randomUUID(),
    identifier: who.kind === 'serviceid' ? bareId : who.iam_id.replace(/^IBMid-/, ''),
    name: who.name,
    sub: who.kind === 'serviceid' ? bareId : (who.email ?? who.iam_id),
    sub_type: who.kind === 'serviceid' ? 'ServiceId' : 'user',
    ...(who.email ? { email: who.email } : {}),
    authn: { sub: bareId, iam_id: who.iam_id, name: who.name },
    account: { valid: true, bss: who.account_id },
    iat: nowSeconds,
    exp: nowSeconds + ttl,
    iss: ISSUER,
    grant_type: 'urn:ibm:params:oauth:grant-type:apikey',
    scope: 'ibm openid',
    client_id: 'default',
    acr: 1,
    amr: ['pwd'],
    ...(apikeyId ? { apikey_id: apikeyId } : {}),
  };
  const head = b64({ kid: KID, alg: 'HS256', typ: 'JWT' });
  const body = b64(claims);
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return { token: `${head}.${body}.${sig}`, claims };
}

export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

export function verifyToken(secret: Buffer, token: string, nowSeconds: number): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return { ok: false, reason: 'malformed' };
  const [head, body, sig] = parts as [string, string, string];
  // Compared as text: Node decodes base64url leniently (the spare low bits of the last character are ignored),
  // so comparing decoded bytes would accept several spellings of one signature.
  const want = Buffer.from(createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url'));
  const got = Buffer.from(sig);
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, reason: 'signature' };
  let claims: TokenClaims;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
    if (header.alg !== 'HS256') return { ok: false, reason: 'malformed' };
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.exp !== 'number' || typeof claims.iam_id !== 'string' || typeof claims.account?.bss !== 'string') {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
