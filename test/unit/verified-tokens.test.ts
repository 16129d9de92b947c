// The handler's cache of checked tokens must answer as verifyToken would: a token it has seen still expires on
// time, and a changed or foreign token is not taken for a cached one.
import { describe, expect, it } from 'vitest';
import { signToken } from '../../src/emulator/tokens.js';
import { VerifiedTokens } from '../../src/emulator/verified-tokens.js';

const secret = Buffer.alloc(32, 7);
const who = { iam_id: 'IBMid-x', account_id: 'acc', kind: 'user' as const, name: 'x' };

describe('VerifiedTokens', () => {
  it('a cached token expires at its exp, as an uncached one does', () => {
    const { token } = signToken(secret, who, 1_000, 60);
    const cache = new VerifiedTokens(secret);
    expect(cache.check(token, 1_000)).toMatchObject({ ok: true, claims: { iam_id: 'IBMid-x', exp: 1_060 } });
    expect(cache.check(token, 1_059).ok).toBe(true);
    expect(cache.check(token, 1_060)).toEqual({ ok: false, reason: 'expired' });
    expect(cache.check(token, 1_000).ok).toBe(true); // checked again from scratch, not remembered as expired
  });

  it('a token signed with another secret or changed in its signature is refused, also after a good one was cached', () => {
    const cache = new VerifiedTokens(secret);
    const { token } = signToken(secret, who, 1_000, 60);
    expect(cache.check(token, 1_000).ok).toBe(true);
    const foreign = signToken(Buffer.alloc(32, 8), who, 1_000, 60).token;
    expect(cache.check(foreign, 1_000)).toEqual({ ok: false, reason: 'signature' });
    const changed = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    expect(cache.check(changed, 1_000)).toEqual({ ok: false, reason: 'signature' });
  });

  it('keeps answering right when more tokens were seen than it holds', () => {
    const cache = new VerifiedTokens(secret);
    const tokens = Array.from({ length: 1_100 }, (_, i) => signToken(secret, { ...who, iam_id: `IBMid-${i}` }, 1_000, 60).token);
    for (const t of tokens) expect(cache.check(t, 1_000).ok).toBe(true);
    expect(cache.check(tokens[0]!, 1_000)).toMatchObject({ ok: true, claims: { iam_id: 'IBMid-0' } });
    expect(cache.check(tokens[0]!, 2_000)).toEqual({ ok: false, reason: 'expired' });
  });
});
