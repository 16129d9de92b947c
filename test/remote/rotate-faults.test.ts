// service-api-key-rotate when IAM fails after the new key is created: serve's fault injection (`--faults` with a
// `paths=` prefix on the old key) makes the retire step fail. The new secret must already be out, the message
// must say what each key is now, and the command it gives must finish the rotation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailed, parseJson, type ApiKey } from '../helpers/cli.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
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

describe('a fault after the create', () => {
  it('expire: the new key is shown, the old one is unchanged, and the given command finishes the rotation', async () => {
    const old = await createKey('ci');
    // The key is named, so the first request to /v1/apikeys/<old id> is the retire step itself.
    iam.setFaults(`status=409:1,max=1,paths=/v1/apikeys/${old.id}`);
    const r = await run(['service-api-key-rotate', 'ci', 'faulty']);
    expect(iam.faults.injected).toBe(1);
    const newValue = /^API Key\s+(\S+)$/m.exec(r.stdout)?.[1];
    expect(newValue, 'the new secret is on stdout before the failure').toBeDefined();
    expect(r.code).toBe(1);
    const at = r.stderr.indexOf('FAILED\n');
    expect(at).toBeGreaterThan(0);
    const message = r.stderr.slice(at + 'FAILED\n'.length).trim();
    const m = /^The new API key (ApiKey-\S+) was created and works; its secret is shown above\. The old API key (ApiKey-\S+) could not be set to expire \((.+)\)\. The old key is unchanged: enabled, no expiry, so it still gets tokens\. Finish with '(iamkeys service-api-key-update \S+ faulty --expires-at (\S+) -f)'\.$/.exec(message);
    expect(m, message).not.toBeNull();
    const [, newId, oldId, reason, finish, expiresAt] = m!;
    expect(oldId).toBe(old.id);
    expect(reason).toMatch(/Injected fault: HTTP 409/);

    // The state is as told: two keys, both get tokens, the old one has no expiry.
    const keys = parseJson<ApiKey[]>((await run(['service-api-keys', sid, '-o', 'json'])).stdout);
    expect(keys.map((k) => k.id).sort()).toEqual([old.id, newId].sort());
    expect(keys.find((k) => k.id === old.id)?.expires_at).toBeUndefined();
    expect(await token(old.apikey)).toBe(200);
    expect(await token(newValue!)).toBe(200);

    // The command given finishes the job.
    const done = await run(finish!.split(' ').slice(1));
    expect(done.code, done.stderr).toBe(0);
    const after = parseJson<ApiKey>((await run(['service-api-key', old.id, sid, '-o', 'json'])).stdout);
    expect(after.expires_at).toBe(expiresAt);
  });

  it('delete, --output json: the one JSON document still carries the new secret, the message says both keys exist', async () => {
    const old = await createKey('job');
    iam.setFaults(`status=409:1,max=1,paths=/v1/apikeys/${old.id}`);
    const r = await run(['service-api-key-rotate', 'job', 'faulty', '--retire', 'delete', '-f', '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = parseJson<{ new: ApiKey; old: ApiKey }>(r.stdout);
    expect(doc.old.id).toBe(old.id);
    expect(await token(doc.new.apikey)).toBe(200);
    expect(await token(old.apikey)).toBe(200);
    const message = expectFailedAfterJson(r.stderr);
    expect(message).toBe(`The new API key ${doc.new.id} was created and works; its secret is in the JSON on stdout. The old API key ${old.id} could not be deleted (${/\((Injected fault: HTTP 409[^)]*)\)/.exec(message)![1]}). The old key is unchanged: enabled, no expiry, so it still gets tokens. Finish with 'iamkeys service-api-key-delete ${old.id} faulty -f'.`);
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
