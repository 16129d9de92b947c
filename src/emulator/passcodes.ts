// One-time codes (IAM's passcodes): the console shows one to a signed-in person, who types it into
// `login --sso`; the token endpoint's passcode grant trades it for a token of the same identity. Kept in memory
// only: a code is single use and lives five minutes, and `serve` is one process (a restart forgets them, which
// costs a new code). Bounded: past MAX_OUTSTANDING, the oldest codes go first.
import { randomBytes } from 'node:crypto';

export const PASSCODE_TTL_SECONDS = 300;
const MAX_OUTSTANDING = 1000;
// No 0/O or 1/I/l: the code is read off a page and typed by hand.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const LENGTH = 12;

/** Who a code logs in as: the identity that made it, and the API key its token came from (if any). */
export interface PasscodeHolder {
  iamId: string;
  apikeyId?: string;
}

export class Passcodes {
  private readonly codes = new Map<string, PasscodeHolder & { expires: number }>();

  constructor(private readonly nowMs: () => number) {}

  issue(holder: PasscodeHolder): { passcode: string; expires_in: number } {
    this.sweep();
    while (this.codes.size >= MAX_OUTSTANDING) this.codes.delete(this.codes.keys().next().value!);
    let code = '';
    // 57^12 codes: one taken already is a 1-in-10^18 event, but a clash must never hand out a code twice.
    do code = randomCode(); while (this.codes.has(code));
    this.codes.set(code, { ...holder, expires: this.nowMs() + PASSCODE_TTL_SECONDS * 1000 });
    return { passcode: code, expires_in: PASSCODE_TTL_SECONDS };
  }

  /** The holder of a valid code, which is spent by this call; undefined for an unknown, spent or expired one. */
  redeem(code: string): PasscodeHolder | undefined {
    const found = this.codes.get(code);
    if (!found) return undefined;
    this.codes.delete(code);
    if (found.expires <= this.nowMs()) return undefined;
    return { iamId: found.iamId, ...(found.apikeyId ? { apikeyId: found.apikeyId } : {}) };
  }

  private sweep(): void {
    const now = this.nowMs();
    for (const [code, h] of this.codes) if (h.expires <= now) this.codes.delete(code);
  }
}

/** LENGTH characters of ALPHABET, each equally likely (bytes past the last whole multiple are drawn again). */
function randomCode(): string {
  const limit = 256 - (256 % ALPHABET.length);
  let code = '';
  while (code.length < LENGTH) {
    for (const b of randomBytes(LENGTH * 2)) if (b < limit && code.length < LENGTH) code += ALPHABET[b % ALPHABET.length];
  }
  return code;
}
