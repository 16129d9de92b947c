// `iamkeys serve`: the local IAM over HTTP (node:http), through the same request handler local mode uses
// in-process. Bodies are capped; every request is answered, also when the handler fails.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmuResponse, IamHandler } from './handler.js';
import { serveConsoleAsset } from './console-assets.js';
import { StoreError } from './store-error.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Hook for tests of the client's fault handling: may answer or break a request before the handler sees it. */
export type FaultHook = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Told of what the handler threw (a request answered 500), e.g. the store failing, for serve's own log. */
export type ErrorSink = (err: unknown) => void;

export function startServer(handler: IamHandler, host: string, port: number, fault?: FaultHook, onError?: ErrorSink): Promise<RunningServer> {
  let origin = '';
  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    const go = (): void => {
      if (!serveConsoleAsset(req, res)) serve(handler, req, res, origin, onError);
    };
    if (fault) fault(req, res, go);
    else go();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      const url = `http://${h}:${addr.port}`;
      origin = url;
      resolve({
        server,
        url,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 2_000).unref();
        }),
      });
    });
  });
}

function serve(handler: IamHandler, req: IncomingMessage, res: ServerResponse, origin: string, onError: ErrorSink | undefined): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_BODY_BYTES) {
      tooLarge = true;
      return;
    }
    chunks.push(c);
  });
  req.on('error', () => res.destroy());
  req.on('end', () => {
    if (tooLarge) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ errors: [{ code: 'payload_too_large', message_code: 'BXNIM0106E', message: `The request body is larger than ${MAX_BODY_BYTES} bytes` }], trace: '', status_code: 413 }));
      return;
    }
    // The connection is already gone: the client left, or sent bytes after this request that are not HTTP, and
    // Node answered those 400 and closed it. Nobody can be told the outcome any more, so nothing is applied
    // (else a client would read 400 for a change that was made).
    if (req.socket.destroyed) return;
    const headers: Record<string, string | undefined> = {};
    for (const k in req.headers) {
      const v = req.headers[k];
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    let out: EmuResponse;
    try {
      out = handler.handle({
        method: req.method ?? 'GET', url: req.url ?? '/', headers, body: chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8'),
        remote: req.socket.remoteAddress ?? 'unknown', origin,
      });
    } catch (err) {
      // The handler answers its own errors; what it throws is the store failing under it (its transaction
      // rolled back), said as such. This is also the last guard, so that no request can stop serve.
      out = { status: 500, headers: { 'content-type': 'application/json' }, body: err instanceof StoreError ? storeFailureBody(err) : INTERNAL_ERROR };
      try {
        onError?.(err);
      } catch {
        // a log that fails cannot change the answer
      }
    }
    // The handler's headers are made for this response alone, so they take the length in place of a copy.
    const sent: Record<string, string | number> = out.headers;
    sent['content-length'] = Buffer.byteLength(out.body);
    res.writeHead(out.status, sent);
    res.end(out.body);
  });
}

const INTERNAL_ERROR = JSON.stringify({
  errors: [{ code: 'internal_error', message_code: 'BXNIM0500E', message: 'Internal error in the local IAM' }], trace: '', status_code: 500,
});

function storeFailureBody(err: StoreError): string {
  return JSON.stringify({
    errors: [{ code: 'store_failure', message_code: 'BXNIM0500E', message: 'The local IAM\'s store failed; nothing was changed', details: err.message.slice(0, 300) }],
    trace: '', status_code: 500,
  });
}
