// Tier-1 (in-process) CLI tests with canned IAM answers put in front of the real local IAM through the client
// factory: how the CLI tells real IBM answers the local IAM never gives (IBM's own 409 bodies, a 412, a 429
// with Retry-After). Every other request goes to the real local IAM on a real store.
import { beforeEach, describe, expect, it } from 'vitest';
import { cannedIam, iamError } from '../helpers/canned-iam.js';
import { createKey, createServiceId, expectFailed, listKeys, listServiceIds } from '../helpers/cli.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

let home: string;
beforeEach(async () => {
  home = tempHome();
  await createServiceId(home, 'app');
  await createKey(home, 'k', 'app');
});

// The real answer of IBM Cloud IAM to deleting a service ID whose key cannot be deleted (captured in
// IBM-Cloud/terraform-provider-ibm issue 3529).
const DELETE_NOT_POSSIBLE = iamError(409, {
  code: 'delete_not_possible', message_code: 'BXNIM0105E', message: 'Unable to delete object',
  details: "Object type 'ApiKey' with ID 'ApiKey-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d' could not be deleted because it is locked.",
});

describe('IBM Cloud IAM conflicts, told with the command that fixes them', () => {
  it("IBM's delete_not_possible 409: exit 5, its keys are locked, IAM's code and transaction id kept", async () => {
    const iam = cannedIam([{ method: 'DELETE', path: /^\/v1\/serviceids\/[^/]+$/, response: DELETE_NOT_POSSIBLE }]);
    const r = await runCli(['service-id-delete', 'app', '-f'], { home, wrapTransport: iam.wrap });
    const text = expectFailed(r, 5, "Service ID 'app' has a locked API key, so it cannot be deleted. Unlock its keys first.");
    expect(text).toContain('BXNIM0105E');
    expect(text).toContain('transaction ID aWFtaWQtNy4x');
    expect(iam.seen.filter((s) => s.canned)).toHaveLength(1);
    expect(await listServiceIds(home)).toHaveLength(1);
  });

  it('a 409 whose words say locked (a code the local IAM never uses): the unlock hint', async () => {
    const iam = cannedIam([{
      method: 'PUT', path: /^\/v1\/apikeys\/[^/]+$/,
      response: iamError(409, { code: 'conflict', message_code: 'BXNIM0999E', message: 'The API key is locked and cannot be modified' }),
    }]);
    const r = await runCli(['service-api-key-update', 'k', 'app', '-n', 'other', '-f'], { home, wrapTransport: iam.wrap });
    const text = expectFailed(r, 5, "API key 'k' of service ID 'app' is locked, so it cannot be changed or deleted.");
    expect(text).toMatch(/Unlock it first with 'iamkeys service-api-key-unlock \S+ app'/);
    expect(text).toContain('BXNIM0999E');
  });

  it('a 412 for a stale If-Match: the stale-version hint', async () => {
    const iam = cannedIam([{
      method: 'PUT', path: /^\/v1\/serviceids\/[^/]+$/,
      response: iamError(412, { code: 'precondition_failed', message_code: 'BXNIM0998E', message: 'Precondition failed' }),
    }]);
    const r = await runCli(['service-id-update', 'app', '-n', 'other', '-f'], { home, wrapTransport: iam.wrap });
    expectFailed(r, 5, "Service ID 'app' was changed since the version you gave was read (stale version).");
  });

  it('a 409 that says neither: both hints, exit 5', async () => {
    const iam = cannedIam([{
      method: 'DELETE', path: /^\/v1\/apikeys\/[^/]+$/,
      response: iamError(409, { code: 'conflict', message_code: 'BXNIM0997E', message: 'Conflict' }),
    }]);
    const r = await runCli(['service-api-key-delete', 'k', 'app', '-f'], { home, wrapTransport: iam.wrap });
    const text = expectFailed(r, 5, 'it is locked, or it was changed since it was read');
    expect(text).toMatch(/Unlock it first with 'iamkeys service-api-key-unlock \S+ app', or see its current version with 'iamkeys service-api-key \S+ app'/);
    expect(await listKeys(home, 'app')).toHaveLength(1);
  });
});

describe('IAM refusing with 429 and Retry-After', () => {
  const TOO_MANY = iamError(429, { code: 'too_many_requests', message_code: 'BXNIM0429E', message: 'Too many requests' }, { 'retry-after': '3' });

  it('a list: exit 7 with IAM\'s words', async () => {
    const iam = cannedIam([{ method: 'GET', path: /^\/v1\/serviceids\/?$/, response: TOO_MANY }]);
    const r = await runCli(['service-ids'], { home, wrapTransport: iam.wrap });
    expectFailed(r, 7, 'Too many requests (BXNIM0429E');
    // The progress line alone: no OK, no table.
    expect(r.stdout).toMatch(/^Getting all services IDs bound to current account as \S+\.\.\.\n$/);
  });

  it('a create refused with 429 was not made, and is not told as "may or may not have been made"', async () => {
    const iam = cannedIam([{ method: 'POST', path: /^\/v1\/apikeys$/, response: TOO_MANY, times: 1 }]);
    const r = await runCli(['service-api-key-create', 'k2', 'app'], { home, wrapTransport: iam.wrap });
    const text = expectFailed(r, 7, 'Too many requests');
    expect(text).not.toMatch(/may or may not/);
    expect((await listKeys(home, 'app')).map((k) => k.name)).toEqual(['k']);
  });
});
