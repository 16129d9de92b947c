import type { TokenClaims } from './types.js';

/** Reads a JWT's claims without checking its signature: all a client can do with IBM's tokens. */
export function decodeClaims(token: string): TokenClaims | undefined {
  const body = token.split('.')[1];
  if (!body) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    return typeof claims === 'object' && claims !== null ? claims : undefined;
  } catch {
    return undefined;
  }
}
