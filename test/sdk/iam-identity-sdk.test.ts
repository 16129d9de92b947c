// Conformance: IBM's own Node SDK (@ibm-cloud/platform-services IamIdentityV1 with sdk-core's IamAuthenticator)
// drives the served local IAM the way it drives https://iam.cloud.ibm.com. Every call goes over a
// real socket through the SDK's own request and token code; the assertions are the status codes and fields the
// SDK's integration tests expect of the real service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import IamIdentityV1 from '@ibm-cloud/platform-services/iam-identity/v1.js';
import { IamAuthenticator } from 'ibm-cloud-sdk-core';
import { startTestIam, type TestIam } from '../remote/iam-server.js';

const ENTITY_TAG = /^\d+-[0-9a-f]{32}$/;
const IAM_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\+0000$/;

let iam: TestIam;
let sdk: IamIdentityV1;

/** The SDK's error for a failed call: sdk-core puts the status and the parsed body on it. */
async function sdkError(p: Promise<unknown>): Promise<{ status: number; result: unknown; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { status: number; result: unknown; message: string };
  }
  throw new Error('the call succeeded, an error was expected');
}

beforeAll(async () => {
  iam = await startTestIam();
  sdk = new IamIdentityV1({
    authenticator: new IamAuthenticator({ apikey: iam.apikey, url: iam.url }),
    serviceUrl: iam.url,
  });
});

afterAll(async () => {
  await iam?.close();
});

/** A Bearer token of the account owner, for requests the SDK cannot make. */
async function ownerToken(): Promise<string> {
  const r = await fetch(`${iam.url}/identity/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: iam.apikey }).toString(),
  });
  return `Bearer ${((await r.json()) as { access_token: string }).access_token}`;
}

describe('IamIdentityV1 against iamkeys serve', () => {
  it('runs the service ID and API key life cycle the SDK integration tests run against IBM', async () => {
    const accountId = iam.account.accountId;

    // createServiceId → 201, a ServiceId as the SDK models it.
    const sidRes = await sdk.createServiceId({ accountId, name: 'sdk-service', description: 'made by the IBM SDK' });
    expect(sidRes.status).toBe(201);
    const sid = sidRes.result;
    expect(sid.id).toMatch(/^ServiceId-[0-9a-f-]{36}$/);
    expect(sid.iam_id).toBe(`iam-${sid.id}`);
    expect(sid.account_id).toBe(accountId);
    expect(sid.entity_tag).toMatch(ENTITY_TAG);
    expect(sid.crn).toBe(`crn:v1:bluemix:public:iam-identity::a/${accountId}::serviceid:${sid.id}`);
    expect(sid.locked).toBe(false);
    expect(sid.created_at).toMatch(IAM_TIME);
    expect(sid.name).toBe('sdk-service');

    // createApiKey with the Entity-Lock header → 201, locked, with the value.
    const created = await sdk.createApiKey({ name: 'sdk-key', iamId: sid.iam_id, description: 'first', entityLock: 'true' });
    expect(created.status).toBe(201);
    const key = created.result;
    expect(key.id).toMatch(/^ApiKey-[0-9a-f-]{36}$/);
    expect(key.locked).toBe(true);
    expect(key.disabled).toBe(false);
    expect(key.iam_id).toBe(sid.iam_id);
    expect(key.account_id).toBe(accountId);
    expect(key.apikey).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(key.action_when_leaked).toBe('none');
    expect(key.support_sessions).toBe(false);
    expect(key.created_by).toBe(iam.account.owner.iam_id);
    expect(key.entity_tag).toMatch(ENTITY_TAG);

    // getApiKey → 200, the ETag header equals entity_tag, and the value is not shown again.
    const got = await sdk.getApiKey({ id: key.id, includeHistory: true });
    expect(got.status).toBe(200);
    const etag = got.headers['etag'] as string;
    expect(etag).toBe(got.result.entity_tag);
    expect(got.result.locked).toBe(true);
    expect(got.result.apikey).toBe('');
    expect(got.result.history?.length).toBeGreaterThan(0);

    // A locked key refuses an update (409), whatever the If-Match.
    const lockedErr = await sdkError(sdk.updateApiKey({ id: key.id, ifMatch: etag, name: 'renamed' }));
    expect(lockedErr.status).toBe(409);

    // unlockApiKey → 204; a later GET shows it, and the version moved on.
    const unlocked = await sdk.unlockApiKey({ id: key.id });
    expect(unlocked.status).toBe(204);
    const afterUnlock = await sdk.getApiKey({ id: key.id });
    expect(afterUnlock.result.locked).toBe(false);
    const etag2 = afterUnlock.headers['etag'] as string;
    expect(etag2).not.toBe(etag);

    // updateApiKey with ifMatch → 200 with the new fields; the old tag is now stale (409).
    const updated = await sdk.updateApiKey({ id: key.id, ifMatch: etag2, name: 'sdk-key-renamed', description: 'second' });
    expect(updated.status).toBe(200);
    expect(updated.result.name).toBe('sdk-key-renamed');
    expect(updated.result.description).toBe('second');
    expect(updated.result.entity_tag).not.toBe(etag2);
    const stale = await sdkError(sdk.updateApiKey({ id: key.id, ifMatch: etag2, description: 'third' }));
    expect(stale.status).toBe(409);
    expect((stale.result as { errors: { message_code: string }[] }).errors[0]!.message_code).toMatch(/^BXNIM\d{4}E$/);

    // lockApiKey → 204 and a GET shows it; delete of a locked key is refused; unlock again.
    expect((await sdk.lockApiKey({ id: key.id })).status).toBe(204);
    expect((await sdk.getApiKey({ id: key.id })).result.locked).toBe(true);
    expect((await sdkError(sdk.deleteApiKey({ id: key.id }))).status).toBe(409);
    expect((await sdk.unlockApiKey({ id: key.id })).status).toBe(204);

    // Two more keys (one with the same name: names are not unique), then list them one per page via `next`.
    expect((await sdk.createApiKey({ name: 'sdk-key-renamed', iamId: sid.iam_id })).status).toBe(201);
    expect((await sdk.createApiKey({ name: 'third', iamId: sid.iam_id })).status).toBe(201);
    const names: string[] = [];
    const ids: string[] = [];
    let pagetoken: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await sdk.listApiKeys({ accountId, iamId: sid.iam_id, pagesize: 1, ...(pagetoken ? { pagetoken } : {}) });
      expect(res.status).toBe(200);
      expect(res.result.limit).toBe(1);
      expect(typeof res.result.offset).toBe('number');
      expect(typeof res.result.first).toBe('string');
      expect(res.result.apikeys).toHaveLength(1);
      names.push(res.result.apikeys[0]!.name);
      ids.push(res.result.apikeys[0]!.id);
      expect(res.result.apikeys[0]!.apikey ?? '').toBe('');
      if (!res.result.next) break;
      // As the SDK's own integration test does: the page token is a query parameter of the absolute `next` URL.
      expect(res.result.next).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/apikeys\?pagetoken=/);
      pagetoken = new URL(res.result.next, 'https://fakehost.com').searchParams.get('pagetoken') ?? undefined;
      expect(pagetoken).toBeTruthy();
    }
    expect(names).toEqual(['sdk-key-renamed', 'sdk-key-renamed', 'third']);

    // deleteApiKey → 204, then 404 for a GET.
    expect((await sdk.deleteApiKey({ id: key.id })).status).toBe(204);
    const gone = await sdkError(sdk.getApiKey({ id: key.id }));
    expect(gone.status).toBe(404);
    expect((gone.result as { errors: { code: string; message_code: string }[] }).errors[0]).toMatchObject({ code: 'not_found', message_code: 'BXNIM0102E' });

    // deleteServiceId → 204: it takes its remaining keys with it.
    expect((await sdk.deleteServiceId({ id: sid.id })).status).toBe(204);
    expect((await sdkError(sdk.getServiceId({ id: sid.id }))).status).toBe(404);
    for (const id of ids.slice(1)) expect((await sdkError(sdk.getApiKey({ id }))).status).toBe(404);
  });

  it('lists service IDs through the trailing-slash path the SDK uses, and pages them', async () => {
    const accountId = iam.account.accountId;
    for (const name of ['list-a', 'list-b']) expect((await sdk.createServiceId({ accountId, name })).status).toBe(201);
    const first = await sdk.listServiceIds({ accountId, pagesize: 1 });
    expect(first.status).toBe(200);
    expect(first.result.serviceids).toHaveLength(1);
    expect(first.result.next).toBeTruthy();
    const token = new URL(first.result.next!).searchParams.get('pagetoken')!;
    const second = await sdk.listServiceIds({ pagetoken: token });
    expect(second.result.serviceids.map((s) => s.name)).toEqual(['list-b']);
    const byName = await sdk.listServiceIds({ accountId, name: 'list-a' });
    expect(byName.result.serviceids.map((s) => s.name)).toEqual(['list-a']);
  });

  it('authenticates once: the SDK reuses its token across calls', async () => {
    const before = iam.count('POST', '/identity/token');
    await sdk.listServiceIds({ accountId: iam.account.accountId });
    await sdk.listApiKeys({ accountId: iam.account.accountId });
    expect(iam.count('POST', '/identity/token')).toBe(before);
  });

  it('getApiKey and getServiceId with includeActivity: IAM\'s Activity, counted on every token exchange', async () => {
    const accountId = iam.account.accountId;
    const sid = (await sdk.createServiceId({ accountId, name: 'active' })).result;
    const key = (await sdk.createApiKey({ name: 'active-key', iamId: sid.iam_id })).result;
    expect((await sdk.getApiKey({ id: key.id! })).result).not.toHaveProperty('activity');
    expect((await sdk.getApiKey({ id: key.id!, includeActivity: true })).result.activity).toEqual({ authn_count: 0 });
    // The new key authenticates an SDK of its own three times (a fresh authenticator each time: no token reuse).
    for (let i = 0; i < 3; i++) {
      const client = new IamIdentityV1({ authenticator: new IamAuthenticator({ apikey: key.apikey!, url: iam.url }), serviceUrl: iam.url });
      expect((await client.getApiKeysDetails({ iamApiKey: key.apikey! })).status).toBe(200);
    }
    const activity = (await sdk.getApiKey({ id: key.id!, includeActivity: true })).result.activity!;
    expect(activity.authn_count).toBe(3);
    expect(activity.last_authn).toMatch(IAM_TIME);
    const sidActivity = (await sdk.getServiceId({ id: sid.id!, includeActivity: true })).result.activity!;
    expect(sidActivity).toEqual(activity);
    expect((await sdk.getServiceId({ id: sid.id! })).result).not.toHaveProperty('activity');

    // The SDK's listApiKeys has no includeActivity (it rejects the parameter before sending), so the list's
    // include_activity is checked on the wire, page after page.
    await expect(sdk.listApiKeys({ accountId, iamId: sid.iam_id, includeActivity: true } as never)).rejects.toThrow(/includeActivity/);
    await sdk.createApiKey({ name: 'second', iamId: sid.iam_id });
    const bearer = await ownerToken();
    const first = await (await fetch(`${iam.url}/v1/apikeys?iam_id=${sid.iam_id}&pagesize=1&include_activity=true`, { headers: { authorization: bearer } })).json() as { apikeys: { activity?: unknown }[]; next: string };
    expect(first.apikeys[0]!.activity).toEqual(activity);
    const second = await (await fetch(first.next, { headers: { authorization: bearer } })).json() as { apikeys: { activity?: unknown }[] };
    expect(second.apikeys[0]!.activity).toEqual({ authn_count: 0 });
    const plain = (await sdk.listApiKeys({ accountId, iamId: sid.iam_id })).result.apikeys!;
    expect(plain.every((k) => !('activity' in k))).toBe(true);
  });

  it('updateApiKey with an expires_at in the past answers 200, and the key then gets no token', async () => {
    const sid = (await sdk.createServiceId({ accountId: iam.account.accountId, name: 'expiring' })).result;
    const key = (await sdk.createApiKey({ name: 'short-lived', iamId: sid.iam_id, expiresAt: '2049-01-02T18:30:00+0000' })).result;
    const etag = (await sdk.getApiKey({ id: key.id! })).result.entity_tag!;
    const updated = await sdk.updateApiKey({ id: key.id!, ifMatch: etag, expiresAt: '2020-01-02T18:30:00+0000' });
    expect(updated.status).toBe(200);
    expect(updated.result.expires_at).toBe('2020-01-02T18:30+0000');
    const client = new IamIdentityV1({ authenticator: new IamAuthenticator({ apikey: key.apikey!, url: iam.url }), serviceUrl: iam.url });
    const err = await sdkError(client.getApiKeysDetails({ iamApiKey: key.apikey! }));
    expect(err.status).toBe(400);
    expect((err.result as { errorCode: string }).errorCode).toBe('BXNIM0441E');
  });

  it('reports a wrong API key as the SDK does for IBM: the token request fails with 400', async () => {
    const bad = new IamIdentityV1({
      authenticator: new IamAuthenticator({ apikey: 'x'.repeat(44), url: iam.url }),
      serviceUrl: iam.url,
    });
    const err = await sdkError(bad.listServiceIds({ accountId: iam.account.accountId }));
    expect(err.status).toBe(400);
    expect((err.result as { errorCode: string }).errorCode).toBe('BXNIM0415E');
  });
});
