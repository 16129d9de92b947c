// Retries of the network transport against a served IAM with injected faults (src/emulator/faults.ts, the same
// hook as `iamkeys serve --faults`): reads are retried through 5xx, resets and truncated bodies; a create is
// never re-sent once it may have been applied (so at most one key exists afterwards); a 429 with Retry-After is
// retried, also for a create; a server that always fails gives exit 7 after a bounded number of attempts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultHook } from '../../src/emulator/server.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { remoteEnv, startTestIam, type TestIam } from './iam-server.js';

let iam: TestIam;
let home: string;
let sidIamId: string;

beforeAll(async () => {
  iam = await startTestIam();
  home = tempHome();
  // One command first, so the token is cached and the faults below meet the requests under test only.
  const r = await runCli(['service-id-create', 'retry-target', '--output', 'json'], { home, env: remoteEnv(iam) });
  expect(r.code).toBe(0);
  sidIamId = (JSON.parse(r.stdout) as { iam_id: string }).iam_id;
});

afterEach(() => {
  iam.setFaults(undefined);
});

afterAll(async () => {
  await iam?.close();
});

const cli = (argv: string[], extra: Record<string, string> = {}) => runCli(argv, { home, env: remoteEnv(iam, extra) });
/** Requests with this method and path made from here on. */
const counter = (method: string, path: string): (() => number) => {
  const start = iam.count(method, path);
  return () => iam.count(method, path) - start;
};
const keysNamed = (name: string): number => iam.store.apiKeyIdsOf(sidIamId).filter((id) => iam.store.apiKey(id)?.name === name).length;

/** Lets the handler apply the request, then throws its answer away (a reset, or a 5xx in its place). */
function afterApplying(mode: 'reset' | 503 | 500, path: string): FaultHook {
  let done = false;
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (done || req.method !== 'POST' || !(req.url ?? '').startsWith(path)) return next();
    done = true;
    const realWriteHead = res.writeHead.bind(res);
    const realEnd = res.end.bind(res);
    res.writeHead = ((..._args: unknown[]) => res) as typeof res.writeHead;
    res.end = ((..._args: unknown[]) => {
      if (mode === 'reset') {
        req.socket.destroy();
        return res;
      }
      const body = JSON.stringify({ errors: [{ code: 'internal_error', message_code: 'BXNIM0500E', message: 'Lost the answer' }], trace: 'test', status_code: mode });
      realWriteHead(mode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      return realEnd(body);
    }) as typeof res.end;
    next();
  };
}

describe('reads are retried', () => {
  it('a list completes through two 503s (Retry-After: 0): three requests, exit 0', async () => {
    iam.setFaults('status=503:1,max=2,retry-after=0,paths=/v1/serviceids');
    const n = counter('GET', '/v1/serviceids');
    const r = await cli(['service-ids', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { name: string }[]).map((s) => s.name)).toContain('retry-target');
    expect(n()).toBe(3);
    expect(iam.faults.injected).toBe(2);
  });

  it('a get completes through a 500 and a reset connection', async () => {
    iam.setFaults('status=500:1,max=1,retry-after=0,paths=/v1/serviceids');
    expect((await cli(['service-id', 'retry-target'])).code).toBe(0);
    iam.setFaults('reset=1,max=1,paths=/v1/serviceids');
    const n = counter('GET', '/v1/serviceids');
    const r = await cli(['service-id', 'retry-target', '--uuid']);
    expect(r.code, r.stderr).toBe(0);
    expect(n()).toBe(2);
  });

  it('a list completes through a truncated body', async () => {
    iam.setFaults('truncate=1,max=1,paths=/v1/apikeys');
    const r = await cli(['service-api-keys', 'retry-target', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toBeInstanceOf(Array);
  });

  it('the token request is retried through a 503 too', async () => {
    iam.setFaults('status=503:1,max=1,retry-after=0,paths=/identity/token');
    const n = counter('POST', '/identity/token');
    const r = await runCli(['service-ids'], { home: tempHome(), env: remoteEnv(iam) });
    expect(r.code, r.stderr).toBe(0);
    expect(n()).toBe(2);
  });
});

describe('a create is never re-sent once it may have been applied', () => {
  for (const [label, spec] of [['503', 'status=503:1,max=1,paths=/v1/apikeys'], ['500', 'status=500:1,max=1,paths=/v1/apikeys'], ['a reset connection', 'reset=1,max=1,paths=/v1/apikeys']] as const) {
    it(`${label} before IAM saw it: one request, no key, exit 7`, async () => {
      iam.setFaults(spec);
      const n = counter('POST', '/v1/apikeys');
      const name = `k-before-${label.replace(/\W/g, '')}`;
      const r = await cli(['service-api-key-create', name, 'retry-target']);
      expect(r.code, r.stderr).toBe(7);
      expect(r.stderr).toMatch(/^FAILED$/m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(n()).toBe(1);
      expect(keysNamed(name)).toBe(0);
    });
  }

  for (const mode of ['reset', 503, 500] as const) {
    it(`the answer lost after IAM made the key (${mode}): one request, exactly one key, exit 7 saying to check`, async () => {
      iam.setFaults(afterApplying(mode, '/v1/apikeys'));
      const n = counter('POST', '/v1/apikeys');
      const name = `k-after-${mode}`;
      const r = await cli(['service-api-key-create', name, 'retry-target']);
      expect(r.code, r.stderr).toBe(7);
      expect(n()).toBe(1);
      expect(keysNamed(name)).toBe(1);
      if (mode === 'reset') expect(r.stderr).toContain('may or may not have been made');
    });
  }

  it('a service ID create under 503 is not re-sent either', async () => {
    iam.setFaults('status=503:1,max=1,paths=/v1/serviceids');
    const n = counter('POST', '/v1/serviceids');
    const r = await cli(['service-id-create', 'sid-under-503']);
    expect(r.code).toBe(7);
    expect(n()).toBe(1);
  });
});

describe('429 Too Many Requests', () => {
  it('a create refused with 429 and Retry-After: 1 is sent again after the wait, and makes exactly one key', async () => {
    iam.setFaults('status=429:1,max=1,retry-after=1,paths=/v1/apikeys');
    const n = counter('POST', '/v1/apikeys');
    const started = Date.now();
    const r = await cli(['service-api-key-create', 'k-429', 'retry-target']);
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(n()).toBe(2);
    expect(keysNamed('k-429')).toBe(1);
  });

  it('a 429 that never ends gives exit 7 after a bounded number of attempts', async () => {
    iam.setFaults('status=429:1,retry-after=0,paths=/v1/serviceids');
    const n = counter('GET', '/v1/serviceids');
    const r = await cli(['service-ids']);
    expect(r.code).toBe(7);
    expect(n()).toBeGreaterThan(1);
    expect(n()).toBeLessThanOrEqual(4);
  });
});

describe('a server that always fails', () => {
  it('status=503:1 everywhere: exit 7 after at most 4 attempts, promptly', async () => {
    iam.setFaults('status=503:1');
    const started = Date.now();
    const start = iam.requests.length;
    const r = await runCli(['service-ids'], { home: tempHome(), env: remoteEnv(iam) });
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^FAILED$/m);
    expect(r.stderr).toContain('HTTP 503');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const made = iam.requests.length - start;
    expect(made).toBeGreaterThan(1);
    expect(made).toBeLessThanOrEqual(4);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('paths=PREFIX limits latency too: a request outside PREFIX is answered at once', async () => {
    iam.setFaults('latency=120000,paths=/v1/apikeys');
    const r = await cli(['service-id', 'retry-target', '--uuid'], { IBMCLOUD_HTTP_TIMEOUT: '15' });
    expect(r.code, r.stderr).toBe(0);
    expect(`iam-${r.stdout.trim()}`).toBe(sidIamId);
  });

  it('status=503:1 on reads with a cached token: the GET is tried at most 4 times, exit 7', async () => {
    iam.setFaults('status=503:1,paths=/v1/');
    const n = counter('GET', '/v1/serviceids');
    const r = await cli(['service-id', 'retry-target']);
    expect(r.code).toBe(7);
    expect(n()).toBeGreaterThan(1);
    expect(n()).toBeLessThanOrEqual(4);
  });

  it('a Retry-After longer than the deadline is not waited for (IBMCLOUD_HTTP_TIMEOUT=2, Retry-After: 120)', async () => {
    iam.setFaults('status=503:1,retry-after=120,paths=/v1/');
    const started = Date.now();
    const r = await cli(['service-ids'], { IBMCLOUD_HTTP_TIMEOUT: '2' });
    expect(r.code).toBe(7);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
