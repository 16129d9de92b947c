// npm run bench: start-up, list sizes, round trips and serve throughput, each next to a baseline measured in
// the same run (node -e 0 for start-up, a bare node:http server for throughput). Writes bench/results.md.
// BENCH_QUICK=1 runs a short smoke version (fewer repetitions, 1,000 keys, 1 s loads).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'bin', 'iamkeys.js');
const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = QUICK ? 5 : 21;
const BIG = QUICK ? 1_000 : 10_000;
const LOAD_MS = QUICK ? 1_000 : 5_000;
const HAS_TIME = existsSync('/usr/bin/time');

const { openLocalIam } = await import(join(root, 'dist/emulator/index.js'));

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (n, d = 1) => n.toFixed(d);

function timeRun(args, env) {
  const t0 = performance.now();
  const r = spawnSync(args[0], args.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function peakKiB(args, env) {
  if (!HAS_TIME) return NaN;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines = r.stderr.toString().trim().split('\n');
  return Number(lines[lines.length - 1]);
}

/** Median wall time (ms) and median peak RSS (MiB), runs interleaved with the floor so noise hits both alike. */
function measure(list, env) {
  const times = list.map(() => []);
  for (let i = 0; i < RUNS; i++) list.forEach((c, j) => times[j].push(timeRun(c.args, c.env ?? env)));
  return list.map((c, j) => {
    const mem = [0, 1, 2].map(() => peakKiB(c.args, c.env ?? env));
    return { name: c.name, ms: median(times[j]), mib: median(mem) / 1024 };
  });
}

function seed(home, keysPerSid) {
  const { store, account, engine } = openLocalIam({ path: join(home, 'store.db'), ownerName: 'bench' });
  const sid = engine.createServiceId(account.owner, { account_id: account.accountId, name: 'bench-sid' }, { locked: false });
  store.write(() => {
    for (let i = 0; i < keysPerSid; i++) engine.createApiKey(account.owner, { name: `key-${i}`, iam_id: sid.iam_id, description: `bench key ${i}` }, { locked: false, disabled: false });
  });
  store.close();
  return sid;
}

const results = { startup: [], big: [], trips: [], serve: [] };
const node = process.execPath;

// --- 1. start-up on the local store (a service ID with 100 keys) ---------------------------------------
{
  const home = mkdtempSync(join(tmpdir(), 'iamkeys-bench-'));
  const env = { IAMKEYS_HOME: home, NO_COLOR: '1' };
  const sid = seed(home, 100);
  timeRun([node, BIN, 'service-ids'], env); // first use made the settings; not timed
  const rows = measure([
    { name: 'node -e 0 (floor)', args: [node, '-e', '0'] },
    { name: 'iamkeys --version', args: [node, BIN, '--version'] },
    { name: 'iamkeys --help', args: [node, BIN, '--help'] },
    { name: 'iamkeys service-ids', args: [node, BIN, 'service-ids'] },
    { name: 'iamkeys service-api-keys (100 keys)', args: [node, BIN, 'service-api-keys', sid.id] },
    { name: 'iamkeys service-api-key-create', args: [node, BIN, 'service-api-key-create', 'new', sid.id, '-q', '--output', 'json'] },
  ], env);
  const floor = rows[0].ms;
  results.startup = rows.map((r) => ({ ...r, ratio: r.ms / floor }));
  rmSync(home, { recursive: true, force: true });
}

// --- 2. 10,000 keys under one service ID ----------------------------------------------------------------
{
  const home = mkdtempSync(join(tmpdir(), 'iamkeys-bench-'));
  const env = { IAMKEYS_HOME: home, NO_COLOR: '1' };
  const sid = seed(home, BIG);
  timeRun([node, BIN, 'service-ids'], env);
  results.big = measure([
    { name: `service-api-keys, ${BIG} keys, text`, args: [node, BIN, 'service-api-keys', sid.id] },
    { name: `service-api-keys, ${BIG} keys, --output json`, args: [node, BIN, 'service-api-keys', sid.id, '--output', 'json'] },
    { name: `service-api-keys -a, ${BIG} keys, --output json`, args: [node, BIN, 'service-api-keys', '-a', '--output', 'json'] },
    { name: `service-api-keys-audit -a, ${BIG} keys, text`, args: [node, BIN, 'service-api-keys-audit', '-a'] },
  ], env);
  rmSync(home, { recursive: true, force: true });
}

// --- 3. HTTP requests per command against serve, counted in the client's trace ----------------------------
function startServe(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [BIN, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, url: line.trim() });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}
const stop = (child) => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); });

{
  const srvHome = mkdtempSync(join(tmpdir(), 'iamkeys-bench-srv-'));
  const sid = seed(srvHome, BIG);
  const keyFile = join(srvHome, 'owner.json');
  const { child, url } = await startServe(['--store', join(srvHome, 'store.db'), '--apikey-file', keyFile], { IAMKEYS_HOME: srvHome });
  const apikey = JSON.parse(readFileSync(keyFile, 'utf8')).apikey;
  const home = mkdtempSync(join(tmpdir(), 'iamkeys-bench-cli-'));
  const trace = join(home, 'trace.log');
  const env = { IAMKEYS_HOME: home, IAMKEYS_IAM_ENDPOINT: url, IBMCLOUD_API_KEY: apikey, IBMCLOUD_TRACE: trace, NO_COLOR: '1' };
  const count = (argsOrFn, cold) => {
    const args = typeof argsOrFn === 'function' ? argsOrFn() : argsOrFn;
    if (cold) rmSync(join(home, 'tokens.json'), { force: true });
    rmSync(trace, { force: true });
    const r = spawnSync(node, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    const t = readFileSync(trace, 'utf8');
    const requests = (t.match(/^REQUEST:/gm) ?? []).length;
    const tokens = (t.match(/^POST \/identity\/token/gm) ?? []).length;
    return { stdout: r.stdout.toString(), requests, tokens };
  };
  const currentTag = (id, sidId) => JSON.parse(spawnSync(node, [BIN, 'service-api-key', id, sidId, '--output', 'json'],
    { env: { ...process.env, ...env, IBMCLOUD_TRACE: '' } }).stdout.toString()).entity_tag;
  const freshKey = (sidId) => JSON.parse(spawnSync(node, [BIN, 'service-api-key-create', 'doomed', sidId, '--output', 'json'],
    { env: { ...process.env, ...env, IBMCLOUD_TRACE: '' } }).stdout.toString()).id;
  const freshSid = () => JSON.parse(spawnSync(node, [BIN, 'service-id-create', 'doomed', '--output', 'json'],
    { env: { ...process.env, ...env, IBMCLOUD_TRACE: '' } }).stdout.toString()).id;
  const made = JSON.parse(count(['service-api-key-create', 'trip', sid.id, '--output', 'json'], true).stdout);
  const cases = [
    ['service-ids', ['service-ids'], 'one list page'],
    ['service-id UUID', ['service-id', sid.id], '1'],
    ['service-id NAME', ['service-id', 'bench-sid'], '1 per page'],
    ['service-api-key KEY_UUID SID_UUID', ['service-api-key', made.id, sid.id], '1'],
    // A key UUID is read before it is changed, to check it belongs to the service ID given.
    ['service-api-key-update UUIDs -v', () => ['service-api-key-update', made.id, sid.id, '-d', 'x', '-v', currentTag(made.id, sid.id), '-f'], '2'],
    ['service-api-key-update UUIDs (no -v)', ['service-api-key-update', made.id, sid.id, '-d', 'y', '-f'], '2'],
    ['service-api-key-lock UUIDs', ['service-api-key-lock', made.id, sid.id, '-f'], '2'],
    ['service-api-key-unlock UUIDs', ['service-api-key-unlock', made.id, sid.id, '-f'], '2'],
    ['service-api-key-create SID_UUID', ['service-api-key-create', 'trip2', sid.id, '-q'], '1'],
    ['service-api-key-delete UUIDs', () => ['service-api-key-delete', freshKey(sid.id), sid.id, '-f'], '2'],
    ['service-id-delete UUID', () => ['service-id-delete', freshSid(), '-f'], '1'],
    ['service-id-lock UUID', ['service-id-lock', sid.id, '-f'], '1'],
    ['service-id-unlock UUID', ['service-id-unlock', sid.id, '-f'], '1'],
    [`service-api-keys SID_UUID (${BIG + 1} keys)`, ['service-api-keys', sid.id, '--output', 'json'], String(Math.ceil((BIG + 1) / 100))],
    [`service-api-keys-audit SID_UUID (${BIG + 1} keys)`, ['service-api-keys-audit', sid.id, '--output', 'json'], String(Math.ceil((BIG + 1) / 100))],
  ];
  for (const [name, args, want] of cases) {
    const cold = count(args, true);
    const warm = count(args, false);
    results.trips.push({ name, cold: cold.requests, coldTokens: cold.tokens, warm: warm.requests, warmTokens: warm.tokens, want });
  }
  await stop(child);
  rmSync(home, { recursive: true, force: true });
  rmSync(srvHome, { recursive: true, force: true });
}

// --- 4. serve throughput with keep-alive, next to a bare node:http server ---------------------------------
async function load(origin, make, ms, connections = 16) {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  let done = 0;
  let bad = 0;
  const until = Date.now() + ms;
  const worker = async () => {
    while (Date.now() < until) {
      const r = await pool.request(make());
      await r.body.text();
      if (r.statusCode >= 400) bad++;
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections * 2 }, worker));
  const secs = (performance.now() - t0) / 1000;
  await pool.close();
  return { rps: done / secs, bad };
}

{
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({ id: 'ApiKey-00000000-0000-0000-0000-000000000000', name: 'bare' });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${bare.address().port}`;
  const baseline = await load(bareUrl, () => ({ path: '/', method: 'GET' }), LOAD_MS);
  bare.close();

  const srvHome = mkdtempSync(join(tmpdir(), 'iamkeys-bench-srv-'));
  const sid = seed(srvHome, 10);
  const keyFile = join(srvHome, 'owner.json');
  const { child, url } = await startServe(['--store', join(srvHome, 'store.db'), '--apikey-file', keyFile], { IAMKEYS_HOME: srvHome });
  const apikey = JSON.parse(readFileSync(keyFile, 'utf8')).apikey;
  const tokenRes = await fetch(`${url}/identity/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey }) });
  const token = (await tokenRes.json()).access_token;
  const list = await (await fetch(`${url}/v1/apikeys?iam_id=${sid.iam_id}&pagesize=1`, { headers: { authorization: `Bearer ${token}` } })).json();
  const keyId = list.apikeys[0].id;
  const get = await load(url, () => ({ path: `/v1/apikeys/${keyId}`, method: 'GET', headers: { authorization: `Bearer ${token}` } }), LOAD_MS);
  const form = new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey }).toString();
  const tok = await load(url, () => ({ path: '/identity/token', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form }), LOAD_MS);
  await stop(child);
  rmSync(srvHome, { recursive: true, force: true });
  // The token endpoint with IAM's activity recorded (every exchange a write) and without, on twin servers.
  const tokenLoad = async (args) => {
    const srv = spawn(node, [join(root, 'bench', 'token-server.mjs'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [srvUrl, key] = await new Promise((resolve) => {
      let out = '';
      srv.stdout.on('data', (d) => { out += d; const l = out.split('\n'); if (l.length > 2) resolve(l); });
    });
    const body = new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: key }).toString();
    const r = await load(srvUrl, () => ({ path: '/identity/token', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }), LOAD_MS);
    await stop(srv);
    return r;
  };
  const tokOff = await tokenLoad(['--no-activity']);
  const tokOn = await tokenLoad([]);
  results.serve = [
    { name: 'bare node:http, fixed JSON (baseline)', ...baseline, ratio: 1 },
    { name: 'serve: GET /v1/apikeys/{id}', ...get, ratio: get.rps / baseline.rps },
    { name: 'serve: POST /identity/token', ...tok, ratio: tok.rps / baseline.rps },
    { name: 'POST /identity/token, activity not recorded', ...tokOff, ratio: tokOff.rps / baseline.rps },
    { name: 'POST /identity/token, activity recorded', ...tokOn, ratio: tokOn.rps / baseline.rps },
  ];
}

// --- report -------------------------------------------------------------------------------------------------
const s = results.startup;
const find = (rows, prefix) => rows.find((r) => r.name.startsWith(prefix));
const mark = (ok) => (ok ? 'met' : '**not met**');
const lines = [];
lines.push('# iamkeys benchmark', '');
lines.push(`Run: ${new Date().toISOString()}, Node ${process.version}, ${QUICK ? 'QUICK smoke run' : `${RUNS} runs a command (median)`}, ${(await import('node:os')).cpus().length} cores.`, '');
lines.push('## Start-up on the local store (a service ID with 100 keys)', '');
lines.push('| command | median ms | ratio to `node -e 0` | peak MiB |', '|---|---:|---:|---:|');
for (const r of s) lines.push(`| ${r.name} | ${fmt(r.ms)} | ${fmt(r.ratio, 2)} | ${fmt(r.mib)} |`);
lines.push('');
lines.push(`## ${BIG.toLocaleString('en')} keys under one service ID`, '');
lines.push('| command | median ms | peak MiB |', '|---|---:|---:|');
for (const r of results.big) lines.push(`| ${r.name} | ${fmt(r.ms)} | ${fmt(r.mib)} |`);
lines.push('');
lines.push('## HTTP requests per command against `iamkeys serve`', '');
lines.push('| command | requests, cold (token requests) | requests, cached token (token requests) | target |', '|---|---:|---:|---:|');
for (const r of results.trips) lines.push(`| ${r.name} | ${r.cold} (${r.coldTokens}) | ${r.warm} (${r.warmTokens}) | ${r.want} |`);
lines.push('');
lines.push(`## serve throughput, keep-alive, 16 connections, ${LOAD_MS / 1000} s each`, '');
lines.push('| load | requests/s | errors | ratio to baseline |', '|---|---:|---:|---:|');
for (const r of results.serve) lines.push(`| ${r.name} | ${fmt(r.rps, 0)} | ${r.bad} | ${fmt(r.ratio, 2)} |`);
lines.push('');
const version = find(s, 'iamkeys --version');
const sids = find(s, 'iamkeys service-ids');
const keys = find(s, 'iamkeys service-api-keys');
const warmTokens = results.trips.reduce((a, r) => a + r.warmTokens, 0);
const tripsOk = results.trips.every((r) => String(r.warm) === r.want || (r.want === '1 per page' && r.warm === 1) || (r.want === 'one list page' && r.warm === 1));
const bigOk = results.big.every((r) => r.ms < 1000 && r.mib < 150);
const getRps = results.serve[1].rps;
lines.push('## Targets', '');
lines.push('| target | measured | |', '|---|---|---|');
lines.push(`| \`--version\` ≤ 1.2× \`node -e 0\` | ${fmt(version.ratio, 2)}× | ${mark(version.ratio <= 1.2)} |`);
lines.push(`| \`service-ids\` ≤ 1.6× | ${fmt(sids.ratio, 2)}× | ${mark(sids.ratio <= 1.6)} |`);
lines.push(`| \`service-api-keys\` (100 keys) ≤ 1.6× | ${fmt(keys.ratio, 2)}× | ${mark(keys.ratio <= 1.6)} |`);
lines.push(`| ${BIG.toLocaleString('en')} keys listed < 1 s and < 150 MiB, both modes | ${results.big.map((r) => `${fmt(r.ms, 0)} ms / ${fmt(r.mib, 0)} MiB`).join('; ')} | ${mark(bigOk)} |`);
lines.push(`| round trips with a cached token as in the table's target column; no token request | ${tripsOk ? 'as targeted' : 'see table'}; ${warmTokens} token requests | ${mark(tripsOk && warmTokens === 0)} |`);
lines.push(`| serve ≥ 5,000 GET/s of an API key | ${fmt(getRps, 0)}/s | ${mark(getRps >= 5000)} |`);
const tokOff = find(results.serve, 'POST /identity/token, activity not');
const tokOn = find(results.serve, 'POST /identity/token, activity recorded');
const audit = find(results.big, 'service-api-keys-audit');
lines.push(`| audit of ${BIG.toLocaleString('en')} keys < 1 s locally | ${fmt(audit.ms, 0)} ms | ${mark(audit.ms < 1000)} |`);
lines.push(`| token exchanges with activity recorded ≥ 0.9× without | ${fmt(tokOn.rps, 0)}/s vs ${fmt(tokOff.rps, 0)}/s (${fmt(tokOn.rps / tokOff.rps, 2)}×) | ${mark(tokOn.rps >= 0.9 * tokOff.rps)} |`);
lines.push('');
const md = lines.join('\n');
if (!QUICK) writeFileSync(join(root, 'bench', 'results.md'), md);
process.stdout.write(`${md}\n`);
