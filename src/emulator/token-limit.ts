// A limit on failed API key guesses at the token endpoint, per client address: after FAILURE_LIMIT failed
// exchanges (unknown, disabled or expired key, no key) within FAILURE_WINDOW_MS of the first, every further
// failed exchange from that address is answered 429 with Retry-After until the window ends, in place of its 400.
// A right key is always let through, before the limit and after it: the keys IAM makes are 44 random characters,
// which no rate of guessing finds, so a 200 among the 429s tells a guesser nothing it did not hold already; while
// refusing right keys would let one client (or one test trying wrong keys) lock out every other client sharing
// its address (on a local IAM, every client is 127.0.0.1). Other addresses are not affected.
import { TokenError } from './errors.js';

export const FAILURE_LIMIT = 20;
export const FAILURE_WINDOW_MS = 60_000;
/** Addresses remembered at most: past it, windows that have ended are dropped, then the oldest ones. */
const MAX_CLIENTS = 10_000;

interface Window { start: number; failures: number }

export class TokenLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number) {}

  /** Runs one token exchange for the client at `address`; a failure (TokenError 400) is counted, and past the
   *  limit answered 429. */
  guard<T>(address: string, exchange: () => T): T {
    const t = this.now();
    let w = this.windows.get(address);
    if (w && t - w.start >= FAILURE_WINDOW_MS) {
      this.windows.delete(address);
      w = undefined;
    }
    try {
      return exchange();
    } catch (err) {
      if (!(err instanceof TokenError && err.status === 400)) throw err;
      if (w && w.failures >= FAILURE_LIMIT) {
        w.failures++;
        const seconds = Math.max(1, Math.ceil((w.start + FAILURE_WINDOW_MS - t) / 1000));
        throw new TokenError(429, 'BXNIM0429E', `Too many failed API key attempts from this client. Try again in ${seconds} seconds.`, { 'retry-after': String(seconds) });
      }
      this.fail(address, w, t);
      throw err;
    }
  }

  private fail(address: string, w: Window | undefined, t: number): void {
    if (w) {
      w.failures++;
      return;
    }
    if (this.windows.size >= MAX_CLIENTS) this.prune(t);
    this.windows.set(address, { start: t, failures: 1 });
  }

  private prune(t: number): void {
    for (const [a, w] of this.windows) if (t - w.start >= FAILURE_WINDOW_MS) this.windows.delete(a);
    // Still full: the oldest windows go (a Map iterates in insertion order).
    for (const a of this.windows.keys()) {
      if (this.windows.size < MAX_CLIENTS) break;
      this.windows.delete(a);
    }
  }
}
