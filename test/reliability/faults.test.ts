// Issue 5, part 5: faults between the client and the server. Spawned iamkeys processes talk to a served IAM
// that injects faults (src/emulator/faults.ts, the hook behind `iamkeys serve --faults`): latency, 429 with
// Retry-After, 500/503, reset connections, truncated bodies, and answers lost after a create was applied.
// Reads and listings complete through faults within the retry budget; a create is never made twice (keys
// counted afterwards ≤ successes + "may or may not have been made"); permanent faults end in exit 7 after a
// bounded number of attempts, within the time bound, never a hang.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultHook } from '../../src/emulator/server.js';
import type { ApiKey, ServiceId } from '../../src/wire/types.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestIam, type TestIam } from '../remote/iam-server.js';
import { STACK_RE, figure, jsonOf, requireBuild, spawnCli, startServe, tempDir, type Spawned } from './helpers.js';

const MAYBE = /may or may not have been made/;
/** Bound of every spawned command here: a hang is a failure, not a stuck suite. */
const SPAWN_BOUND_MS = 30_000;

beforeAll(requireBuild);

const totals = { commands: 0, faults: 0 };

interface Iam { iam: TestIam; sid: ServiceId; keys: ApiKey[] }

/** A served IAM (started in the test process, so its faults and requests can be counted) with a service ID and keys. */
async function iamWithData(keys = 3): Promise<Iam> {
  const iam = await startTestIam();
  const sid = iam.engine.createServiceId(iam.account.owner, { account_id: iam.account.accountId, name: 'faulty-sid' }, { locked: false });
  const made: ApiKey[] = [];
  for (let i = 0; i < keys; i++) made.push(iam.engine.createApiKey(iam.account.owner, { name: `key-${i}`, iam_id: sid.iam_id }, { locked: false, disabled: false }));
  return { iam, sid, keys: made };
}

/** Runs iamkeys against the served IAM as its owner, with a fresh home (so the token request meets the faults too). */
async function cli(iam: TestIam, argv: string[], o: { home?: string; timeoutS?: number } = {}): Promise<Spawned> {
  const r = await spawnCli(argv, {
    home: o.home ?? tempDir(),
    env: { IAMKEYS_IAM_ENDPOINT: iam.url, IBMCLOUD_API_KEY: iam.apikey, IBMCLOUD_HTTP_TIMEOUT: String(o.timeoutS ?? 10) },
    timeoutMs: SPAWN_BOUND_MS,
  });
  totals.commands++;
  expect(r.timedOut, `${argv.join(' ')} hung: ${r.stderr}`).toBe(false);
  expect(r.stderr).not.toMatch(STACK_RE);
  return r;
}

const keysNamed = (x: Iam, name: string): number =>
  x.iam.store.apiKeyIdsOf(x.sid.iam_id).filter((id) => x.iam.store.apiKey(id)?.name === name).length;

afterAll(() => {
  figure('faults: totals', totals);
});

describe('reads through faults within the retry budget', { timeout: 120_000 }, () => {
  // Each kind of fault three times in a row (the retry budget), then a healthy server.
  const KINDS = ['status=429:1,retry-after=1,max=3', 'status=500:1,max=3', 'status=503:1,retry-after=0,max=3', 'reset=1,max=3', 'truncate=1,max=3', 'latency=200,status=503:1,max=3'];

  // Concurrent: each has its own server, and most of the time goes to back-off sleeps.
  it.concurrent.each(KINDS)('%s: reads and listings complete with the right data', async (spec) => {
    const x = await iamWithData();
    try {
      x.iam.setFaults(spec);
      const home = tempDir();
      const ids = await cli(x.iam, ['service-ids', '-o', 'json'], { home });
      expect(ids.code, ids.stderr).toBe(0);
      expect(jsonOf<ServiceId[]>(ids.stdout)!.map((s) => s.id)).toEqual([x.sid.id]);
      const keys = await cli(x.iam, ['service-api-keys', 'faulty-sid', '-o', 'json'], { home });
      expect(keys.code, keys.stderr).toBe(0);
      expect(jsonOf<ApiKey[]>(keys.stdout)!.map((k) => k.id)).toEqual(x.keys.map((k) => k.id));
      const one = await cli(x.iam, ['service-api-key', 'key-1', x.sid.id, '-o', 'json'], { home });
      expect(one.code, one.stderr).toBe(0);
      expect(jsonOf<ApiKey>(one.stdout)!.id).toBe(x.keys[1]!.id);
      expect(x.iam.faults.injected).toBe(3);
      totals.faults += x.iam.faults.injected;
    } finally {
      await x.iam.close();
    }
  });

  it('random faults of every kind: reads complete or end in a clean exit 7, creates are never doubled', async () => {
    const x = await iamWithData();
    const SEED = Date.now() % 100_000;
    try {
      x.iam.setFaults(`latency=5,status=503:0.15,reset=0.1,truncate=0.1,seed=${SEED}`);
      const LANES = 4;
      const PER_LANE = 10;
      const reads: Spawned[] = [];
      const creates: { name: string; r: Spawned }[] = [];
      await Promise.all(Array.from({ length: LANES }, async (_, lane) => {
        const home = tempDir();
        for (let i = 0; i < PER_LANE; i++) {
          if (i % 2 === 0) {
            reads.push(await cli(x.iam, i % 4 === 0 ? ['service-api-keys', 'faulty-sid', '-o', 'json'] : ['service-api-key', 'key-0', 'faulty-sid', '-o', 'json'], { home }));
          } else {
            const name = `rnd-${lane}-${i}`;
            creates.push({ name, r: await cli(x.iam, ['service-api-key-create', name, x.sid.id, '-o', 'json'], { home }) });
          }
        }
      }));
      const completed = reads.filter((r) => r.code === 0).length;
      const failedReads = reads.filter((r) => r.code !== 0).map((r) => r.stderr.trim().split('\n').slice(-1)[0]);
      for (const r of reads) {
        expect([0, 7], r.stderr).toContain(r.code);
        if (r.code === 7) expect(r.stderr).toMatch(/FAILED/);
      }
      // Exhausting four attempts takes four faults in a row (about 1 in 100 requests here): nearly every read completes.
      expect(completed).toBeGreaterThanOrEqual(reads.length - 3);
      let succeeded = 0;
      let maybe = 0;
      for (const { name, r } of creates) {
        const n = keysNamed(x, name);
        expect(n, `${name} made more than once`).toBeLessThanOrEqual(1);
        expect([0, 7], r.stderr).toContain(r.code);
        if (r.code === 0) {
          succeeded++;
          expect(n).toBe(1);
          expect(x.iam.store.apiKey(jsonOf<ApiKey>(r.stdout)!.id)?.name).toBe(name);
        } else if (MAYBE.test(r.stderr)) {
          maybe++;
        } else {
          // Failed before the create could have been sent or applied: nothing was made.
          expect(n, `${name}: ${r.stderr}`).toBe(0);
        }
      }
      const made = creates.reduce((s, c) => s + keysNamed(x, c.name), 0);
      expect(made).toBeLessThanOrEqual(succeeded + maybe);
      totals.faults += x.iam.faults.injected;
      figure('faults: random', {
        seed: SEED, faults_injected: x.iam.faults.injected, requests_seen: x.iam.requests.length,
        reads: reads.length, reads_completed: completed, read_failures: failedReads, creates: creates.length, creates_succeeded: succeeded, creates_maybe: maybe, keys_made: made, duplicates: 0,
      });
    } finally {
      await x.iam.close();
    }
  });

  it('`iamkeys serve --faults` end to end: a spawned serve, a spawned client, faults then success', async () => {
    const home = tempDir();
    // A store with a service ID, served with faults on every request: the first two fail, then it behaves.
    expect((await runCli(['service-id-create', 'served-sid'], { home })).code).toBe(0);
    const served = await startServe(['--store', join(home, 'store.db'), '--faults', 'status=503:1,retry-after=0,max=2'], home);
    try {
      const r = await spawnCli(['service-ids', '-o', 'json'], {
        home: tempDir(), env: { IAMKEYS_IAM_ENDPOINT: served.url, IBMCLOUD_API_KEY: served.apikey, IBMCLOUD_HTTP_TIMEOUT: '10' }, timeoutMs: SPAWN_BOUND_MS,
      });
      totals.commands++;
      totals.faults += 2;
      expect(r.code, r.stderr).toBe(0);
      expect(jsonOf<ServiceId[]>(r.stdout)!.map((s) => s.name)).toEqual(['served-sid']);
      expect(served.stderr()).toMatch(/WITH FAULTS/);
    } finally {
      await served.stop();
    }
  });
});

describe('creates whose answer is lost', { timeout: 120_000 }, () => {
  /** Applies every create, then loses the answer of every other one: a reset, or a 503 in its place. */
  function losesAnswers(): { hook: FaultHook; lost: () => number } {
    let n = 0;
    let lost = 0;
    const hook: FaultHook = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
      if (req.method !== 'POST' || !(req.url ?? '').startsWith('/v1/apikeys') || n++ % 2 === 1) return next();
      lost++;
      const mode = lost % 2 === 0 ? 'reset' : 503;
      const writeHead = res.writeHead.bind(res);
      const end = res.end.bind(res);
      res.writeHead = ((..._a: unknown[]) => res) as typeof res.writeHead;
      res.end = ((..._a: unknown[]) => {
        if (mode === 'reset') {
          req.socket.destroy();
          return res;
        }
        const body = JSON.stringify({ errors: [{ code: 'internal_error', message_code: 'BXNIM0500E', message: 'The answer was lost' }], trace: 'lost', status_code: 503 });
        writeHead(503, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'retry-after': '0' });
        return end(body);
      }) as typeof res.end;
      next();
    };
    return { hook, lost: () => lost };
  }

  it.concurrent('a create applied but not answered is reported as "may or may not", never re-sent, never doubled', async () => {
    const x = await iamWithData(0);
    try {
      const { hook, lost } = losesAnswers();
      x.iam.setFaults(hook);
      const home = tempDir();
      const N = 12;
      let succeeded = 0;
      let maybe = 0;
      for (let i = 0; i < N; i++) {
        const before = x.iam.count('POST', '/v1/apikeys');
        const r = await cli(x.iam, ['service-api-key-create', `lost-${i}`, 'faulty-sid', '-o', 'json'], { home });
        expect(x.iam.count('POST', '/v1/apikeys') - before, 'a create was re-sent').toBe(1);
        expect(keysNamed(x, `lost-${i}`)).toBe(1); // applied either way: the server did it
        if (r.code === 0) {
          succeeded++;
        } else {
          expect(r.code).toBe(7);
          expect(r.stderr).toMatch(MAYBE);
          maybe++;
        }
      }
      expect(succeeded).toBe(N - lost());
      expect(maybe).toBe(lost());
      const made = x.iam.store.apiKeyIdsOf(x.sid.iam_id).length;
      expect(made).toBe(N);
      expect(made).toBeLessThanOrEqual(succeeded + maybe);
      totals.faults += lost();
      figure('faults: answers lost after the create', { creates: N, succeeded, maybe, keys_made: made, resent: 0 });
    } finally {
      await x.iam.close();
    }
  });

  it.concurrent('a create that outlasts IBMCLOUD_HTTP_TIMEOUT: exit 7 "may or may not" in time, and the key exists once', async () => {
    const x = await iamWithData(0);
    try {
      x.iam.setFaults('latency=2500,paths=/v1/apikeys');
      const home = tempDir();
      // token first, so that only the create meets the latency (a UUID: no listing needed)
      const t = await cli(x.iam, ['service-id', x.sid.id, '-o', 'json'], { home, timeoutS: 10 });
      expect(t.code, t.stderr).toBe(0);
      const r = await cli(x.iam, ['service-api-key-create', 'slow', x.sid.id, '-o', 'json'], { home, timeoutS: 1 });
      expect(r.code, r.stderr).toBe(7);
      expect(r.stderr).toMatch(/did not answer .* within 1 s/);
      expect(r.stderr).toMatch(MAYBE);
      expect(r.ms).toBeLessThan(1_000 + 2_000); // the deadline and a start-up, not the server's 2.5 s
      await new Promise((res) => setTimeout(res, 2_500));
      expect(keysNamed(x, 'slow')).toBeLessThanOrEqual(1);
      expect(x.iam.count('POST', '/v1/apikeys')).toBe(1);
      figure('faults: slow create', { exit: r.code, ms: r.ms, keys_made_later: keysNamed(x, 'slow') });
    } finally {
      await x.iam.close();
    }
  });
});

describe('permanent faults', { timeout: 120_000 }, () => {
  // spec, the HTTP timeout (s), the attempts allowed per request, and the time bound of the command (ms)
  const CASES: [spec: string, timeoutS: number, attempts: number, boundMs: number][] = [
    ['status=503:1,retry-after=0', 10, 4, 8_000],
    ['status=500:1', 10, 4, 8_000],
    ['status=429:1,retry-after=1', 10, 4, 8_000],
    ['status=503:1,retry-after=3600', 10, 1, 4_000],
    ['reset=1', 10, 4, 8_000],
    ['truncate=1', 10, 4, 8_000],
    ['latency=60000', 2, 1, 5_000],
  ];

  it.concurrent.each(CASES)('%s: a read gives up with exit 7 after at most the bounded attempts, in time', async (spec, timeoutS, attempts, boundMs) => {
    const x = await iamWithData(0);
    try {
      x.iam.setFaults(spec);
      const r = await cli(x.iam, ['service-ids', '-o', 'json'], { timeoutS });
      expect(r.code, r.stderr).toBe(7);
      expect(r.stderr).toMatch(/FAILED/);
      expect(r.stdout).toBe('');
      expect(r.ms).toBeLessThan(boundMs);
      // The first request (the token) is the one that fails: tried exactly `attempts` times (1 + 3 retries when
      // retrying can help; once when the server asks for an hour's wait, or when the deadline has passed).
      expect(x.iam.requests.length).toBe(attempts);
      totals.faults += Math.max(x.iam.faults.injected, x.iam.requests.length);
    } finally {
      await x.iam.close();
    }
  });

  it.concurrent.each([
    ['reset=1,paths=/v1/apikeys', 1, true],
    ['status=503:1,retry-after=0,paths=/v1/apikeys', 1, true],
    ['truncate=1,paths=/v1/apikeys', 1, true],
    ['status=429:1,retry-after=0,paths=/v1/apikeys', 4, false],
  ] as [string, number, boolean][])('%s: a create is sent %i time(s), ends in exit 7, and nothing is made', async (spec, sends, maybe) => {
    const x = await iamWithData(0);
    try {
      const home = tempDir();
      const t = await cli(x.iam, ['service-id', x.sid.id, '-o', 'json'], { home });
      expect(t.code, t.stderr).toBe(0);
      x.iam.setFaults(spec);
      const r = await cli(x.iam, ['service-api-key-create', 'doomed', x.sid.id, '-o', 'json'], { home });
      expect(r.code, r.stderr).toBe(7);
      // 429 means IAM refused before doing anything, so it is retried; anything else may have been applied.
      if (maybe) expect(r.stderr).toMatch(MAYBE);
      else expect(r.stderr).not.toMatch(MAYBE);
      expect(x.iam.count('POST', '/v1/apikeys')).toBe(sends);
      expect(keysNamed(x, 'doomed')).toBe(0);
      totals.faults += x.iam.faults.injected;
    } finally {
      await x.iam.close();
    }
  });
});
