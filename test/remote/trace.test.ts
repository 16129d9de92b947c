// IBMCLOUD_TRACE over a whole session (login, create, read, list, update, delete, logout): the trace shows each
// request and response, and hides every secret — the API key logged in with, every access token, and the value
// of every key created — whether it goes to stderr (=true) or to a file (=PATH, mode 0600).
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, constants, existsSync, openSync, readFileSync, readSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome, type CliResult } from '../helpers/run-cli.js';
import { remoteEnv, startTestIam, type TestIam } from './iam-server.js';

let iam: TestIam;

beforeAll(async () => {
  iam = await startTestIam();
});

afterAll(async () => {
  await iam?.close();
});

interface Session {
  results: CliResult[];
  /** Values of the keys created in the session. */
  created: string[];
  home: string;
}

async function session(trace: (home: string) => string): Promise<Session> {
  const home = tempHome('iamkeys-trace-');
  const env = { IBMCLOUD_TRACE: trace(home) };
  const results: CliResult[] = [];
  const created: string[] = [];
  const run = async (argv: string[]): Promise<CliResult> => {
    const r = await runCli(argv, { home, env });
    expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
    results.push(r);
    return r;
  };
  await run(['login', '--apikey', iam.apikey, '-a', iam.url]);
  await run(['service-id-create', 'traced', '-d', 'traced session']);
  const text = await run(['service-api-key-create', 'k-text', 'traced']);
  created.push(/^API Key\s+(\S+)$/m.exec(text.stdout)![1]!);
  const json = await run(['service-api-key-create', 'k-json', 'traced', '--output', 'json']);
  created.push((JSON.parse(json.stdout) as { apikey: string }).apikey);
  await run(['service-api-key', 'k-text', 'traced', '--output', 'json']);
  await run(['service-api-keys', 'traced']);
  await run(['service-api-key-update', 'k-json', 'traced', '-d', 'changed', '-f']);
  await run(['service-api-key-lock', 'k-json', 'traced', '-f']);
  await run(['service-api-key-unlock', 'k-json', 'traced', '-f']);
  await run(['service-id-delete', 'traced', '-f']);
  await run(['logout']);
  return { results, created, home };
}

/** Every bearer token the server saw, and every token it issued, so far. */
const tokensSeen = (): string[] =>
  [...new Set(iam.requests.map((r) => r.authorization).filter((a): a is string => a !== undefined).map((a) => a.replace(/^Bearer\s+/i, '')))];

const JWT = /[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;

function expectNoSecrets(trace: string, s: Session): void {
  expect(trace).toContain('REQUEST:');
  expect(trace).toContain('RESPONSE:');
  expect(trace).toContain('POST /identity/token');
  expect(trace).toContain('POST /v1/apikeys');
  expect(trace).toContain('[PRIVATE DATA HIDDEN]');
  expect(trace).not.toContain(iam.apikey);
  for (const v of s.created) {
    expect(v).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(trace).not.toContain(v);
  }
  const tokens = tokensSeen();
  expect(tokens.length).toBeGreaterThan(0);
  for (const t of tokens) expect(trace).not.toContain(t);
  // Nor anything shaped like a JWT: no token, not even one the server never saw back.
  expect(trace).not.toMatch(JWT);
  // Nor the signature half of one alone.
  for (const t of tokens) expect(trace).not.toContain(t.split('.')[2]!);
}

describe('IBMCLOUD_TRACE hides every secret', () => {
  it('=true: requests and responses on stderr, stdout untouched, no key, token or created value', async () => {
    const s = await session(() => 'true');
    const stderr = s.results.map((r) => r.stderr).join('\n');
    expectNoSecrets(stderr, s);
    // The trace shows what is not secret: the endpoint's host, paths, statuses and the created key's id.
    expect(stderr).toContain(`Host: ${new URL(iam.url).host}`);
    expect(stderr).toMatch(/HTTP\/1\.1 201/);
    expect(stderr).toMatch(/HTTP\/1\.1 204/);
    expect(stderr).toMatch(/"id":"ApiKey-[0-9a-f-]{36}"/);
    // Stdout holds only the commands' data: the created values where the user asked to see them, no trace.
    const stdout = s.results.map((r) => r.stdout).join('\n');
    expect(stdout).not.toContain('REQUEST:');
    expect(stdout).toContain(s.created[0]);
  });

  it('=PATH: the trace goes to a new file of mode 0600 with the same redaction, and not to stderr', async () => {
    let file = '';
    const s = await session((home) => (file = join(home, 'trace.log')));
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expectNoSecrets(text, s);
    // Appended across commands: one token request at login, then the cached token; every command traced.
    expect(text.match(/^REQUEST: /gm)!.length).toBeGreaterThanOrEqual(12);
    expect(text.match(/^POST \/identity\/token /gm)!.length).toBe(1);
    for (const r of s.results) expect(r.stderr).not.toContain('REQUEST:');
    // The token cache and the settings never hold a created value either.
    for (const name of ['tokens.json', 'settings.json']) {
      const p = join(s.home, name);
      if (!existsSync(p)) continue;
      const body = readFileSync(p, 'utf8');
      for (const v of s.created) expect(body).not.toContain(v);
    }
  });

  it('hides the API key and token of a failing login too', async () => {
    const home = tempHome();
    const wrong = 'Z'.repeat(44);
    const r = await runCli(['login', '--apikey', wrong, '-a', iam.url], { home, env: { IBMCLOUD_TRACE: 'true' } });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('REQUEST:');
    expect(r.stderr).toContain('BXNIM0415E');
    expect(r.stderr).not.toContain(wrong);
  });
});

describe('=PATH is opened without following a link, and changes the mode of its own regular file only', () => {
  it('a symbolic link is refused (exit 1, nothing sent), its target keeps its content and mode', async () => {
    const home = tempHome('iamkeys-trace-');
    const victim = join(home, 'victim');
    writeFileSync(victim, 'keep\n', { mode: 0o644 });
    chmodSync(victim, 0o644);
    const link = join(home, 'trace.log');
    symlinkSync(victim, link);
    const before = iam.requests.length;
    const r = await runCli(['service-ids'], { home, env: remoteEnv(iam, { IBMCLOUD_TRACE: link }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`IBMCLOUD_TRACE file ${link} is a symbolic link`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(iam.requests.length).toBe(before);
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
    expect(statSync(victim).mode & 0o777).toBe(0o644);
  });

  it('a file that is not a regular one (a named pipe) gets the trace and keeps its mode', async () => {
    const home = tempHome('iamkeys-trace-');
    const fifo = join(home, 'trace.fifo');
    const made = spawnSync('mkfifo', ['-m', '644', fifo]);
    expect(made.status).toBe(0);
    // A reader first, so that the command's open for writing does not wait.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const r = await runCli(['service-ids'], { home, env: remoteEnv(iam, { IBMCLOUD_TRACE: fifo }) });
      expect(r.code, r.stderr).toBe(0);
      expect(statSync(fifo).mode & 0o777).toBe(0o644);
      const buf = Buffer.alloc(65536);
      const n = readSync(reader, buf);
      expect(buf.subarray(0, n).toString('utf8')).toContain('REQUEST:');
    } finally {
      closeSync(reader);
    }
  });

  it('an existing regular file of wider mode is tightened to 0600', async () => {
    const home = tempHome('iamkeys-trace-');
    const file = join(home, 'trace.log');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const r = await runCli(['service-ids'], { home, env: remoteEnv(iam, { IBMCLOUD_TRACE: file }) });
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('REQUEST:');
  });
});
