// The network transport, on undici: one keep-alive pool per endpoint, a deadline per request
// (IBMCLOUD_HTTP_TIMEOUT, retries included, so a hung server costs at most the timeout), retries with backoff
// on 429 and 5xx honouring Retry-After. A request that may have been applied (a create) is re-sent only when
// it cannot have been: the connection was never made, or IAM answered 429 (refused before doing anything).
import { Pool, errors as undiciErrors } from 'undici';
import { NetworkError } from './errors.js';
import { traceError, traceRequest, traceResponse, type TraceSink } from './trace.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

export interface HttpTransportOptions {
  timeoutMs: number;
  maxRetries?: number;
  trace?: TraceSink;
  userAgent?: string;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const MAX_RETRY_AFTER_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class HttpTransport implements Transport {
  private readonly pool: Pool;
  private readonly origin: URL;
  private readonly maxRetries: number;

  constructor(readonly endpoint: string, private readonly opts: HttpTransportOptions) {
    try {
      this.origin = new URL(endpoint);
    } catch {
      throw new NetworkError(`The IAM endpoint '${endpoint}' is not a URL.`);
    }
    if (this.origin.protocol !== 'https:' && this.origin.protocol !== 'http:') {
      throw new NetworkError(`The IAM endpoint '${endpoint}' is not an http(s) URL.`);
    }
    this.maxRetries = opts.maxRetries ?? 3;
    this.pool = new Pool(this.origin.origin, {
      connections: 8,
      keepAliveTimeout: 10_000,
      connectTimeout: Math.min(opts.timeoutMs, 10_000),
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const deadline = Date.now() + this.opts.timeoutMs;
    const base = this.origin.pathname.replace(/\/+$/, '');
    const url = new URL(`${base}${req.path}`, this.origin.origin);
    const headers = { ...req.headers, 'user-agent': this.opts.userAgent ?? 'iamkeys' };
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      if (this.opts.trace) traceRequest(this.opts.trace, req.method, url, headers, req.body);
      let res: HttpResponse;
      try {
        res = await this.once(req, url, headers, deadline);
      } catch (err) {
        const code = errorCode(err);
        if (this.opts.trace) traceError(this.opts.trace, code, Date.now() - started);
        const notSent = NOT_SENT_CODES.has(code);
        const retryable = (req.idempotent || notSent) && code !== 'TIMEOUT';
        const wait = backoff(attempt);
        if (retryable && attempt < this.maxRetries && Date.now() + wait < deadline) {
          await sleep(wait);
          continue;
        }
        throw networkError(code, this.endpoint, this.opts.timeoutMs, req, notSent);
      }
      if (this.opts.trace) traceResponse(this.opts.trace, res.status, res.headers, res.body, Date.now() - started);
      if (!RETRY_STATUS.has(res.status) || (!req.idempotent && res.status !== 429) || attempt >= this.maxRetries) return res;
      const wait = retryAfter(res.headers['retry-after']) ?? backoff(attempt);
      if (wait > MAX_RETRY_AFTER_MS || Date.now() + wait >= deadline) return res;
      await sleep(wait);
    }
  }

  private async once(req: HttpRequest, url: URL, headers: Record<string, string>, deadline: number): Promise<HttpResponse> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw Object.assign(new Error('timeout'), { code: 'TIMEOUT' });
    const signal = AbortSignal.timeout(remaining);
    try {
      const res = await this.pool.request({
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        signal,
      });
      const body = await res.body.text();
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      return { status: res.statusCode, headers: out, body };
    } catch (err) {
      if (signal.aborted) throw Object.assign(new Error('timeout'), { code: 'TIMEOUT' });
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function errorCode(err: unknown): string {
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) return 'TIMEOUT';
  const e = err as { code?: string; cause?: { code?: string } };
  return e.cause?.code ?? e.code ?? 'UNKNOWN';
}

function backoff(attempt: number): number {
  return Math.min(8_000, 250 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
}

function retryAfter(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const s = Number(v);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The system's network error codes in words; the code stays after them, for searching. */
const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'nothing answers at that address',
  ECONNRESET: 'the connection was cut',
  ENOTFOUND: 'the host name is not known',
  EAI_AGAIN: 'the host name could not be looked up',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  UND_ERR_CONNECT_TIMEOUT: 'the connection was not made in time',
  UND_ERR_SOCKET: 'the connection was cut',
};

function networkError(code: string, endpoint: string, timeoutMs: number, req: HttpRequest, notSent: boolean): NetworkError {
  const what = `${req.method} ${req.path.split('?')[0]}`;
  if (code === 'TIMEOUT') {
    return new NetworkError(`IAM at ${endpoint} did not answer ${what} within ${timeoutMs / 1000} s (IBMCLOUD_HTTP_TIMEOUT).${req.idempotent ? '' : ' The change may or may not have been made: check before trying again.'}`);
  }
  const tail = !req.idempotent && !notSent ? ' The change may or may not have been made: check before trying again.' : '';
  const words = NETWORK_WORDS[code];
  return new NetworkError(`IAM at ${endpoint} could not be reached for ${what}: ${words ? `${words} (${code})` : code}. Check the network and the endpoint ('iamkeys target').${tail}`);
}
