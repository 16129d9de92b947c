// A real local IAM served over HTTP on 127.0.0.1:0, started inside the test process: the local IAM opened on an
// in-memory store as `iamkeys serve --memory` opens it (emulator/index.ts), and node:http,
// plus an owner API key and a log of every request the server saw (before any injected fault).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../../src/emulator/engine.js';
import { faultHook, type FaultCounter } from '../../src/emulator/faults.js';
import type { IamHandler } from '../../src/emulator/handler.js';
import { openLocalIam } from '../../src/emulator/index.js';
import type { LocalAccount } from '../../src/emulator/local-account.js';
import { ownerKey } from '../../src/emulator/owner-key.js';
import { startServer, type FaultHook, type RunningServer } from '../../src/emulator/server.js';
import type { Store } from '../../src/emulator/store.js';

export interface SeenRequest {
  method: string;
  path: string;
  /** The Authorization header as sent, if any. */
  authorization?: string;
  /** The status answered, once the answer is sent (none when the connection was broken instead). */
  status?: number;
}

export interface TestIam {
  url: string;
  /** The value of an API key of the account owner. */
  apikey: string;
  account: LocalAccount;
  store: Store;
  engine: Engine;
  handler: IamHandler;
  running: RunningServer;
  /** Every request that reached the server, in order. */
  requests: SeenRequest[];
  /** Faults injected so far (when started with `faults`). */
  faults: FaultCounter;
  /** Replaces the faults — a `--faults` spec, a hook of the test's own, or none — and resets the fault counter. */
  setFaults(spec: string | FaultHook | undefined): void;
  /** Requests seen so far with this method and path (query and a trailing slash ignored). */
  count(method: string, path: string): number;
  close(): Promise<void>;
}

export interface TestIamOptions {
  tokenTtlSeconds?: number;
  faults?: string;
}

export async function startTestIam(o: TestIamOptions = {}): Promise<TestIam> {
  const { store, account, engine, handler } = openLocalIam({
    path: ':memory:', ownerName: 'owner', ...(o.tokenTtlSeconds !== undefined ? { tokenTtl: o.tokenTtlSeconds } : {}),
  });
  const key = ownerKey(engine, account, undefined);
  if (!key) throw new Error('ownerKey made no key');
  const requests: SeenRequest[] = [];
  const faults: FaultCounter = { injected: 0 };
  let inner: FaultHook | undefined = o.faults !== undefined ? faultHook(o.faults, faults) : undefined;
  const hook: FaultHook = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const authorization = req.headers['authorization'];
    const seen: SeenRequest = {
      method: req.method ?? '', path: (req.url ?? '').split('?')[0]!.replace(/(.)\/+$/, '$1'),
      ...(authorization !== undefined ? { authorization } : {}),
    };
    requests.push(seen);
    res.on('finish', () => { seen.status = res.statusCode; });
    if (inner) inner(req, res, next);
    else next();
  };
  const running = await startServer(handler, '127.0.0.1', 0, hook);
  return {
    url: running.url,
    apikey: key.apikey,
    account, store, engine, handler, running, requests, faults,
    setFaults(spec) {
      faults.injected = 0;
      inner = typeof spec === 'string' ? faultHook(spec, faults) : spec;
    },
    count: (method, path) => requests.filter((r) => r.method === method && r.path === path).length,
    async close() {
      await running.close();
      store.close();
    },
  };
}

/** The environment that points runCli at a served IAM, acting as the holder of `apikey`. */
export function remoteEnv(iam: { url: string; apikey: string }, extra: Record<string, string> = {}): Record<string, string> {
  return { IAMKEYS_IAM_ENDPOINT: iam.url, IBMCLOUD_API_KEY: iam.apikey, ...extra };
}
