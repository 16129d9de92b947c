// User API keys through IBM's own Node SDK (IamIdentityV1 createApiKey / listApiKeys with a user's iam_id)
// against the served local IAM, and the same keys through the CLI's api-key-* commands: one object, as IBM's
// models have it, whichever side made it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import IamIdentityV1 from '@ibm-cloud/platform-services/iam-identity/v1.js';
import { IamAuthenticator } from 'ibm-cloud-sdk-core';
import type { ApiKey } from '../../src/wire/types.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { startTestIam, type TestIam } from '../remote/iam-server.js';

const ENTITY_TAG = /^\d+-[0-9a-f]{32}$/;
const IAM_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\+0000$/;

let iam: TestIam;
let sdk: IamIdentityV1;
let home: string;

beforeAll(async () => {
  iam = await startTestIam();
  sdk = new IamIdentityV1({ authenticator: new IamAuthenticator({ apikey: iam.apikey, url: iam.url }), serviceUrl: iam.url });
  home = tempHome('iamkeys-sdk-user-');
});

afterAll(async () => {
  await iam?.close();
});

const cli = (argv: string[]) => runCli(argv, { home, env: { IAMKEYS_IAM_ENDPOINT: iam.url, IBMCLOUD_API_KEY: iam.apikey } });

describe('user API keys: IamIdentityV1 and the CLI on one served IAM', () => {
  it('a key the SDK makes for the user is listed by api-keys; one api-key-create makes is listed by the SDK, alike', async () => {
    const accountId = iam.account.accountId;
    const me = iam.account.owner.iam_id;
    const made = await sdk.createApiKey({ name: 'sdk-user-key', iamId: me, accountId, description: 'by the SDK' });
    expect(made.status).toBe(201);
    expect(made.result).toMatchObject({ iam_id: me, account_id: accountId, name: 'sdk-user-key', locked: false, disabled: false });
    expect(made.result.apikey).toMatch(/^\S{40,}$/);

    const byCli = await cli(['api-key-create', 'cli-user-key', '-d', 'by the CLI', '-o', 'json']);
    expect(byCli.code, byCli.stderr).toBe(0);
    const cliKey = JSON.parse(byCli.stdout) as ApiKey;
    expect(cliKey).toMatchObject({ iam_id: me, account_id: accountId, created_by: me });
    expect(cliKey.entity_tag).toMatch(ENTITY_TAG);
    expect(cliKey.created_at).toMatch(IAM_TIME);
    expect(cliKey.crn).toBe(`crn:v1:bluemix:public:iam-identity::a/${accountId}::apikey:${cliKey.id}`);

    const listed = await sdk.listApiKeys({ accountId, iamId: me, pagesize: 100 });
    expect(listed.status).toBe(200);
    const fromSdk = listed.result.apikeys!.find((k) => k.id === cliKey.id)!;
    const { apikey: _secret, ...withoutSecret } = cliKey;
    expect({ ...fromSdk, apikey: undefined }).toEqual({ ...withoutSecret, apikey: undefined });
    expect(fromSdk.apikey ?? '').toBe('');

    const ours = await cli(['api-keys', '-o', 'json']);
    expect(ours.code, ours.stderr).toBe(0);
    const ids = (JSON.parse(ours.stdout) as ApiKey[]).map((k) => k.id);
    expect(ids).toEqual(expect.arrayContaining([made.result.id, cliKey.id]));
    // the SDK's key, found by its name and changed through the CLI, is the SDK's to read back
    expect((await cli(['api-key-update', 'sdk-user-key', '-d', 'changed by the CLI', '-f'])).code).toBe(0);
    const read = await sdk.getApiKey({ id: made.result.id });
    expect(read.result.description).toBe('changed by the CLI');
    expect(read.result.entity_tag).not.toBe(made.result.entity_tag);
  });
});
