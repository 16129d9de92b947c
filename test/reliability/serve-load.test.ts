// Issue 5, part 4: `iamkeys serve` under load. A child process serves an in-memory IAM; the test process
// drives 200 concurrent connections for a fixed time with a mix of reads, listings, creates, updates with
// If-Match, lock/unlock and deletes. Every request gets an answer, none is a 5xx, the server's memory stops
// growing round over round (a leak grows it every round; V8 sizing its heap for the load is a one-off jump), and
// the store holds exactly what the answers said.
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figure, requireBuild, rssKiB, sleep, startServe, tempDir, type Served } from './helpers.js';

const CONNECTIONS = Number(process.env['IAMKEYS_LOAD_CONNECTIONS'] ?? 200);
const DURATION_MS = Number(process.env['IAMKEYS_LOAD_MS'] ?? 5_000);
const SHARED_KEYS = 20;
/** Rounds after the first, each half as long; their settled RSS is compared round over round. */
const LATER_ROUNDS = 3;
/**
 * What a round may add to the settled RSS per request answered, at the median of the later rounds (each round
 * deletes the keys it created, so the store does not grow). A leak of 4 KB a request adds 4 KiB a request in
 * every round; V8 growing (or shrinking) its heap once for the load moves one round only, which the median ignores.
 */
const LEAK_KIB_PER_REQUEST = 1;
/** Runaway guard only (far above any heap sized for this load): settled RSS above its start by this much. */
const RUNAWAY_KIB = 256 * 1024;

let served: Served;
let pool: Pool;
let token: string;
let sidIamId: string;

interface Answer { status: number; body: string; etag?: string }

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await pool.request({
    method, path,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.body.text();
  const etag = res.headers['etag'];
  return { status: res.statusCode, body: text, ...(typeof etag === 'string' ? { etag } : {}) };
}

async function listAll(): Promise<{ id: string }[]> {
  const out: { id: string }[] = [];
  let path: string | undefined = `/v1/apikeys?iam_id=${encodeURIComponent(sidIamId)}&pagesize=100`;
  while (path) {
    const r = await call('GET', path);
    expect(r.status).toBe(200);
    const page = JSON.parse(r.body) as { apikeys: { id: string }[]; next?: string };
    out.push(...page.apikeys);
    path = page.next ? new URL(page.next).pathname + new URL(page.next).search : undefined;
  }
  return out;
}

beforeAll(async () => {
  requireBuild();
  served = await startServe(['--memory'], tempDir());
  pool = new Pool(served.url, { connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 4_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const res = await pool.request({
    method: 'POST', path: '/identity/token', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: served.apikey }).toString(),
  });
  token = ((await res.body.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await pool?.close();
  const code = await served?.stop();
  // serve stops cleanly on SIGTERM, after the load too
  expect(code, `serve's exit code after SIGTERM; its stderr: ${served?.stderr()}`).toBe(0);
});

describe('iamkeys serve under load', () => {
  it(`${CONNECTIONS} concurrent connections for ${DURATION_MS / 1000} s: no 5xx, no dropped request, memory settles, the store adds up`, async () => {
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { account: { bss: string } };
    const sid = await call('POST', '/v1/serviceids', { account_id: claims.account.bss, name: 'load-sid' });
    expect(sid.status).toBe(201);
    sidIamId = (JSON.parse(sid.body) as { iam_id: string }).iam_id;
    const shared: string[] = [];
    for (let i = 0; i < SHARED_KEYS; i++) {
      const k = await call('POST', '/v1/apikeys', { name: `shared-${i}`, iam_id: sidIamId });
      expect(k.status).toBe(201);
      shared.push((JSON.parse(k.body) as { id: string }).id);
    }
    const rssCold = rssKiB(served.pid);
    // Warm up at full concurrency for a second (JIT, 200 sockets, the heap sized for them, SQLite's cache),
    // let it settle, then take the starting memory: what follows must not grow it by more than the margin.
    const warmUntil = Date.now() + 1_000;
    await Promise.all(Array.from({ length: CONNECTIONS }, async (_, u) => {
      while (Date.now() < warmUntil) {
        const r = await call('GET', `/v1/apikeys/${shared[u % SHARED_KEYS]}`);
        expect(r.status).toBe(200);
      }
    }));
    await sleep(1_500);
    const rssStart = rssKiB(served.pid);

    const statuses = new Map<string, number>();
    const tally = (op: string, status: number): void => { const k = `${op} ${status}`; statuses.set(k, (statuses.get(k) ?? 0) + 1); };
    let sent = 0;
    let answered = 0;
    let dropped = 0;
    let created = 0;
    let deleted = 0;
    let rssPeak = rssStart;
    const errors: string[] = [];
    const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, rssKiB(served.pid)); }, 200);

    /** One round of load: CONNECTIONS users, each a loop of the mix, for `ms`. */
    const round = async (ms: number, tag: string): Promise<number> => {
      const deadline = Date.now() + ms;
      const go = async (op: string, fn: () => Promise<Answer>): Promise<Answer | undefined> => {
        sent++;
        try {
          const r = await fn();
          answered++;
          tally(op, r.status);
          return r;
        } catch (err) {
          dropped++;
          if (errors.length < 5) errors.push(`${op}: ${(err as Error).message}`);
          return undefined;
        }
      };
      const user = async (u: number): Promise<void> => {
        const mine: string[] = [];
        let n = 0;
        while (Date.now() < deadline) {
          n++;
          const shot = (u * 7 + n) % 20;
          const key = shared[(u + n) % SHARED_KEYS]!;
          if (shot < 6) {
            await go('get', () => call('GET', `/v1/apikeys/${key}`));
          } else if (shot < 9) {
            await go('list', () => call('GET', `/v1/apikeys?iam_id=${encodeURIComponent(sidIamId)}&pagesize=${1 + (n % 20)}`));
          } else if (shot < 13) {
            const r = await go('create', () => call('POST', '/v1/apikeys', { name: `${tag}u${u}-${n}`, iam_id: sidIamId, description: 'load' }));
            if (r?.status === 201) { created++; mine.push((JSON.parse(r.body) as { id: string }).id); }
          } else if (shot < 17) {
            // read, then update with the entity tag read: 409 when another user changed it in between
            const g = await go('get', () => call('GET', `/v1/apikeys/${key}`));
            if (g?.etag) await go('update', () => call('PUT', `/v1/apikeys/${key}`, { description: `u${u} n${n}` }, { 'if-match': g.etag! }));
          } else if (shot < 19) {
            await go('lock', () => call('POST', `/v1/apikeys/${key}/lock`));
            await go('unlock', () => call('DELETE', `/v1/apikeys/${key}/lock`));
          } else if (mine.length > 0) {
            const id = mine.shift()!;
            const r = await go('delete', () => call('DELETE', `/v1/apikeys/${id}`));
            if (r?.status === 204) deleted++;
          }
        }
        // Each user deletes what it still holds, so the store is the same size after every round: what memory a
        // round leaves behind is then the server's, not the rows it was asked to keep.
        for (const id of mine) {
          const r = await go('delete', () => call('DELETE', `/v1/apikeys/${id}`));
          if (r?.status === 204) deleted++;
        }
      };
      const started = Date.now();
      await Promise.all(Array.from({ length: CONNECTIONS }, (_, u) => user(u)));
      return Date.now() - started;
    };
    /** Idle connections closed and the heap given time to shrink, then RSS. */
    const settle = async (): Promise<number> => {
      await pool.close();
      pool = new Pool(served.url, { connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 4_000 });
      await sleep(3_000);
      return rssKiB(served.pid);
    };

    const elapsed = await round(DURATION_MS, 'a');
    const answeredFirst = answered;
    const settled = [await settle()];
    // Later, shorter rounds: a leak grows the settled memory round after round, a heap sized for the load does not.
    const growth: { kib: number; requests: number }[] = [];
    for (let i = 0; i < LATER_ROUNDS; i++) {
      const before = answered;
      await round(Math.round(DURATION_MS / 2), `r${i}`);
      settled.push(await settle());
      growth.push({ kib: settled.at(-1)! - settled.at(-2)!, requests: answered - before });
    }
    clearInterval(sampler);
    const perRequest = growth.map((g) => g.kib / Math.max(1, g.requests)).sort((x, y) => x - y);
    const medianPerRequest = perRequest[Math.floor(perRequest.length / 2)]!;

    const listed = await listAll();
    const fivexx = [...statuses].filter(([k]) => Number(k.split(' ')[1]) >= 500);
    figure('serve load', {
      connections: CONNECTIONS, seconds: (elapsed + LATER_ROUNDS * Math.round(DURATION_MS / 2)) / 1000, requests: sent, answered, dropped, rps: Math.round(answeredFirst / (elapsed / 1000)),
      created, deleted, listed: listed.length, statuses: Object.fromEntries([...statuses].sort()),
      rss_mib: { cold: +(rssCold / 1024).toFixed(1), start_after_warm_up: +(rssStart / 1024).toFixed(1), peak: +(rssPeak / 1024).toFixed(1), settled_after_each_round: settled.map((k) => +(k / 1024).toFixed(1)) },
      growth_kib_per_request: { rounds: growth.map((g) => +(g.kib / Math.max(1, g.requests)).toFixed(3)), median: +medianPerRequest.toFixed(3) },
    });

    expect(errors, 'requests without an answer').toEqual([]);
    expect(dropped).toBe(0);
    expect(answered).toBe(sent);
    expect(fivexx, 'no 5xx').toEqual([]);
    // Only the answers the mix can give: 200/201/204, and 409 for an update or lock that met another's change.
    for (const [k] of statuses) expect(k, 'an unexpected status').toMatch(/^(get 200|list 200|create 201|update (200|409)|lock (204|409)|unlock 204|delete 204)$/);
    expect(served.child.exitCode).toBeNull();
    expect(served.stderr()).not.toMatch(/^\s{4}at /m);
    // The store adds up: the shared keys, plus what was created, minus what was deleted.
    expect(listed.length).toBe(SHARED_KEYS + created - deleted);
    expect(new Set(listed.map((k) => k.id)).size).toBe(listed.length);
    // Memory: no growth per request round over round (no leak). Absolute levels depend on how busy the machine
    // is (how many requests are in flight, so how large V8 sizes its heap; seen: settled at 83 MiB, then 104 MiB
    // after the next round, with no leak), so they bound nothing but a runaway.
    const rss = `RSS cold ${rssCold} KiB, start ${rssStart} KiB, peak ${rssPeak} KiB, settled after each round ${settled.join(', ')} KiB; `
      + `growth per round ${growth.map((g) => `${g.kib} KiB over ${g.requests} requests`).join(', ')}`;
    expect(medianPerRequest, rss).toBeLessThan(LEAK_KIB_PER_REQUEST);
    expect(Math.max(...settled), rss).toBeLessThan(rssStart + RUNAWAY_KIB);
  }, 120_000);
});
