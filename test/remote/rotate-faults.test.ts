// service-api-key-rotate when IAM fails after the new key is created: serve's fault injection (`--faults` with a
// `paths=` prefix on the old key) makes the retire step fail. The new secret must already be out, the message
// must say what each key is now, and the command it gives must finish the rotation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailed, parseJson, type ApiKey } from '../helpers/cli.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import type { FaultHook } from '../../src/emulator/server.js';
import { remoteEnv, startTestIam, type TestIam } from './iam-server.js';

let iam: TestIam;
let home: string;
let sid: string;
const run = (argv: string[]) => runCli(argv, { home, env: remoteEnv(iam) });

async function token(apikey: string): Promise<number> {
  const r = await fetch(`${iam.url}/identity/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey }).toString(),
  });
  await r.text();
  return r.status;
}

async function createKey(name: string): Promise<ApiKey> {
  const r = await run(['service-api-key-create', name, sid, '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return parseJson<ApiKey>(r.stdout);
}

beforeAll(async () => {
  iam = await startTestIam();
  home = tempHome('iamkeys-rotate-faults-');
  const r = await run(['service-id-create', 'faulty', '-o', 'json']);
  sid = parseJson<{ id: string }>(r.stdout).id;
});

afterAll(async () => {
  await iam?.close();
});

/** A hook that answers the nth request with this method and path with IAM's 400, and lets every other one through. */
function failNth(method: string, path: string, nth: number): FaultHook {
  let seen = 0;
  return (req, res, next) => {
    if (req.method === method && (req.url ?? '').split('?')[0] === path && ++seen === nth) {
      iam.faults.injected++;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'bad_request', message_code: 'BXNIM0507E', message: 'Injected fault: HTTP 400' }], trace: 't', status_code: 400 }));
      return;
    }
    next();
  };
}

describe('a fault after the create', () => {
  it('expire: the new key is shown, the old one is as told, and running the same command again finishes the rotation', async () => {
    const old = await createKey('ci');
    // The second change of the old key is the retire step itself (the first one won the rotation).
    iam.setFaults(failNth('PUT', `/v1/apikeys/${old.id}`, 2));
    const r = await run(['service-api-key-rotate', 'ci', 'faulty']);
    expect(iam.faults.injected).toBe(1);
    const newValue = /^API Key\s+(\S+)$/m.exec(r.stdout)?.[1];
    expect(newValue, 'the new secret is on stdout before the failure').toBeDefined();
    expect(r.code).toBe(1);
    const at = r.stderr.indexOf('FAILED\n');
    expect(at).toBeGreaterThan(0);
    const message = r.stderr.slice(at + 'FAILED\n'.length).trim();
    const m = /^The new API key (ApiKey-\S+) was created and works; its secret is shown above\. The old API key (ApiKey-\S+) could not be set to expire \((.+)\)\. The old key is enabled, no expiry, being rotated to (ApiKey-\S+)\. Finish by running the same rotate command again: it makes a fresh successor and deletes (ApiKey-\S+)\.$/.exec(message);
    expect(m, message).not.toBeNull();
    const [, newId, oldId, reason, named, deleted] = m!;
    expect([oldId, named, deleted]).toEqual([old.id, newId, newId]);
    expect(reason).toMatch(/Injected fault: HTTP 400/);

    // The state is as told: two keys, both get tokens, the old one has no expiry.
    const keys = parseJson<ApiKey[]>((await run(['service-api-keys', sid, '-o', 'json'])).stdout);
    expect(keys.map((k) => k.id).sort()).toEqual([old.id, newId].sort());
    expect(keys.find((k) => k.id === old.id)?.expires_at).toBeUndefined();
    expect(await token(old.apikey)).toBe(200);
    expect(await token(newValue!)).toBe(200);

    // The same command again finishes the job: a fresh successor, the first one deleted, the old key expiring.
    iam.setFaults(undefined);
    const done = await run(['service-api-key-rotate', 'ci', 'faulty', '-o', 'json']);
    expect(done.code, done.stderr).toBe(0);
    const doc = parseJson<{ new: ApiKey; old: ApiKey }>(done.stdout);
    expect(doc.old.id).toBe(old.id);
    expect(doc.old.expires_at).toBeDefined();
    const after = parseJson<ApiKey[]>((await run(['service-api-keys', sid, '-o', 'json'])).stdout).filter((k) => k.name === 'ci');
    expect(after.map((k) => k.id).sort()).toEqual([old.id, doc.new.id].sort());
    expect(await token(newValue!)).not.toBe(200);
  });

  it('delete, --output json: the one JSON document still carries the new secret, the message says both keys exist', async () => {
    const old = await createKey('job');
    iam.setFaults(failNth('DELETE', `/v1/apikeys/${old.id}`, 1));
    const r = await run(['service-api-key-rotate', 'job', 'faulty', '--retire', 'delete', '-f', '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = parseJson<{ new: ApiKey; old: ApiKey }>(r.stdout);
    expect(doc.old.id).toBe(old.id);
    expect(await token(doc.new.apikey)).toBe(200);
    expect(await token(old.apikey)).toBe(200);
    const message = expectFailedAfterJson(r.stderr);
    expect(message).toBe(`The new API key ${doc.new.id} was created and works; its secret is in the JSON on stdout. The old API key ${old.id} could not be deleted (${/\((Injected fault: HTTP 400[^)]*)\)/.exec(message)![1]}). The old key is enabled, no expiry, retiring (delete), rotated to ${doc.new.id}. Finish with 'iamkeys service-api-key-delete ${old.id} faulty -f', or run the same rotate command again.`);
    // Running it again only deletes the old key: no other key is made.
    iam.setFaults(undefined);
    const again = await run(['service-api-key-rotate', 'job', 'faulty', '--retire', 'delete', '-f']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`The rotation of ${old.id} to ${doc.new.id} had not finished: the old API key is now deleted.`);
    const left = parseJson<ApiKey[]>((await run(['service-api-keys', sid, '-o', 'json'])).stdout).filter((k) => k.name === 'job');
    expect(left.map((k) => k.id)).toEqual([doc.new.id]);
  });

  it('a refused rotation (locked key) sends no create at all', async () => {
    const locked = await createKey('held');
    expect((await run(['service-api-key-lock', locked.id, sid, '-f'])).code).toBe(0);
    iam.setFaults(undefined);
    const creates = iam.count('POST', '/v1/apikeys');
    expectFailed(await run(['service-api-key-rotate', 'held', 'faulty', '-f']), 5, /is locked/);
    expect(iam.count('POST', '/v1/apikeys')).toBe(creates);
  });
});

/** The FAILED message of a run whose stdout holds a JSON document. */
function expectFailedAfterJson(stderr: string): string {
  const at = stderr.indexOf('FAILED\n');
  expect(at, stderr).toBeGreaterThanOrEqual(0);
  return stderr.slice(at + 'FAILED\n'.length).trim();
}
