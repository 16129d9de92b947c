// Fault injection for `iamkeys serve --faults SPEC`, off unless asked for. It lets tests see how clients cope
// with a slow or failing IAM. SPEC is comma-separated:
//   latency=MS          delay every request by MS milliseconds
//   status=CODE:P       answer CODE (429, 500, 503...) with IAM's error body, with probability P
//   retry-after=S       add Retry-After: S to those answers
//   reset=P             destroy the connection without an answer, with probability P
//   truncate=P          send headers and half a body, then close, with probability P
//   max=N               inject at most N faults in all (latency aside), then behave
//   seed=N              seed of the pseudo-random choice, for repeatable runs
//   paths=PREFIX        only requests whose path starts with PREFIX (all of the above, latency included)
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultHook } from './server.js';

export interface FaultSpec {
  latencyMs: number;
  status?: { code: number; p: number };
  retryAfter?: number;
  reset: number;
  truncate: number;
  max: number;
  seed: number;
  paths?: string;
}

export class FaultSpecError extends Error {}

export function parseFaults(spec: string): FaultSpec {
  const out: FaultSpec = { latencyMs: 0, reset: 0, truncate: 0, max: Number.POSITIVE_INFINITY, seed: 1 };
  const prob = (v: string, k: string): number => {
    const p = Number(v);
    if (!(p >= 0 && p <= 1)) throw new FaultSpecError(`--faults ${k} takes a probability from 0 to 1, not '${v}'.`);
    return p;
  };
  const int = (v: string, k: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new FaultSpecError(`--faults ${k} takes a whole number, not '${v}'.`);
    return n;
  };
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [k, v = ''] = part.split('=', 2) as [string, string | undefined];
    switch (k) {
      case 'latency': out.latencyMs = int(v, k); break;
      case 'status': {
        const [code, p = '1'] = v.split(':');
        const c = int(code ?? '', k);
        if (c < 400 || c > 599) throw new FaultSpecError(`--faults status takes an HTTP error code, not '${code}'.`);
        out.status = { code: c, p: prob(p, k) };
        break;
      }
      case 'retry-after': out.retryAfter = int(v, k); break;
      case 'reset': out.reset = prob(v, k); break;
      case 'truncate': out.truncate = prob(v, k); break;
      case 'max': out.max = int(v, k); break;
      case 'seed': out.seed = int(v, k); break;
      case 'paths': out.paths = v; break;
      default: throw new FaultSpecError(`--faults does not know '${k}'. Known: latency, status, retry-after, reset, truncate, max, seed, paths.`);
    }
  }
  return out;
}

/** mulberry32: a small seeded generator, so a faulty run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultCounter {
  injected: number;
}

export function faultHook(specText: string, counter: FaultCounter = { injected: 0 }): FaultHook {
  const spec = parseFaults(specText);
  const rnd = seededRandom(spec.seed);
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    // paths= limits every fault, latency included: other requests pass at once.
    if (spec.paths && !(req.url ?? '').startsWith(spec.paths)) return next();
    const act = (): void => {
      if (counter.injected >= spec.max) return next();
      if (spec.reset > 0 && rnd() < spec.reset) {
        counter.injected++;
        req.socket.destroy();
        return;
      }
      if (spec.truncate > 0 && rnd() < spec.truncate) {
        counter.injected++;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 200 });
        res.write('{"id":"ApiKey-');
        setImmediate(() => req.socket.destroy());
        return;
      }
      if (spec.status && rnd() < spec.status.p) {
        counter.injected++;
        const body = JSON.stringify({
          errors: [{ code: 'injected_fault', message_code: 'BXNIM0500E', message: `Injected fault: HTTP ${spec.status.code}` }],
          trace: 'faults', status_code: spec.status.code,
        });
        res.writeHead(spec.status.code, {
          'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
          ...(spec.retryAfter !== undefined ? { 'retry-after': String(spec.retryAfter) } : {}),
        });
        res.end(body);
        // Drain the request so keep-alive stays usable.
        req.resume();
        return;
      }
      next();
    };
    if (spec.latencyMs > 0) setTimeout(act, spec.latencyMs);
    else act();
  };
}
