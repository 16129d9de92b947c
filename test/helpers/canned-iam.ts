// Canned IAM answers for in-process (tier-1) CLI tests: a transport wrapper that answers the requests matching a
// rule with a fixed response (a real IBM error body, a 429 with Retry-After) and passes every other request on
// to the real local IAM underneath. Each rule answers `times` requests (default: every one).
import type { TransportWrapper } from '../../src/cli/client-factory.js';
import type { HttpRequest, HttpResponse, Transport } from '../../src/client/transport.js';

export interface CannedRule {
  method: HttpRequest['method'];
  /** Matched against the path without its query. */
  path: RegExp;
  response: HttpResponse;
  times?: number;
}

export interface CannedIam {
  wrap: TransportWrapper;
  /** Every request the client sent, in order, and whether a rule answered it. */
  seen: { method: string; path: string; canned: boolean }[];
}

export function cannedIam(rules: CannedRule[]): CannedIam {
  const left = rules.map((r) => r.times ?? Number.POSITIVE_INFINITY);
  const seen: CannedIam['seen'] = [];
  const wrap = (real: Transport): Transport => ({
    endpoint: real.endpoint,
    async request(req: HttpRequest): Promise<HttpResponse> {
      const path = req.path.split('?')[0]!;
      const i = rules.findIndex((r, n) => r.method === req.method && r.path.test(path) && left[n]! > 0);
      seen.push({ method: req.method, path, canned: i >= 0 });
      if (i < 0) return real.request(req);
      left[i]!--;
      return rules[i]!.response;
    },
    close: () => real.close(),
  });
  return { wrap, seen };
}

/** An IAM `/v1` error response as real IAM sends it (headers and body shape of captured answers). */
export function iamError(status: number, error: { code: string; message_code: string; message: string; details?: string }, headers: Record<string, string> = {}): HttpResponse {
  const trace = 'aWFtaWQtNy4xLTEyNjY2LWUwY2Q2ZGUtNjZiZGI5YmNiOC1namxudA-d96f3b2a1c0e4f5a8b7c6d5e4f3a2b1c';
  return {
    status,
    headers: { 'content-type': 'application/json', 'content-language': 'en-US', 'transaction-id': trace, ...headers },
    body: JSON.stringify({ errors: [error], trace, status_code: status }),
  };
}
