// Conformance: IBM's own Node SDK (@ibm-cloud/platform-services IamPolicyManagementV1 with sdk-core's
// IamAuthenticator) drives the served local IAM's Policy Management API as it drives IBM's. The calls, their
// order and their assertions are those of IBM's integration suite (test/integration/iam-policy-management.v1
// .test.js: access policies, v2 access policies, custom roles, role listing) and of its examples
// (examples/iam-policy-management.v1.test.js, where any caught error fails the test), reproduced here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import IamPolicyManagementV1 from '@ibm-cloud/platform-services/iam-policy-management/v1.js';
import { IamAuthenticator } from 'ibm-cloud-sdk-core';
import { startTestIam, type TestIam } from '../remote/iam-server.js';

let iam: TestIam;
let service: IamPolicyManagementV1;
let testAccountId: string;

beforeAll(async () => {
  iam = await startTestIam();
  service = new IamPolicyManagementV1({ authenticator: new IamAuthenticator({ apikey: iam.apikey, url: iam.url }), serviceUrl: iam.url });
  testAccountId = iam.account.accountId;
});

afterAll(async () => {
  await iam?.close();
});

/** The SDK's error of a call that must succeed, shown in full (IBM's examples fail on any caught error). */
async function ok<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    const e = err as { status?: number; message?: string; body?: unknown };
    throw new Error(`the SDK call failed: ${e.status} ${e.message} ${JSON.stringify(e.body)}`);
  }
}

const testViewerRoleCrn = 'crn:v1:bluemix:public:iam::::role:Viewer';
const testEditorRoleCrn = 'crn:v1:bluemix:public:iam::::role:Editor';
const testServiceRoleCrn = 'crn:v1:bluemix:public:iam-identity::::serviceRole:ServiceIdCreator';
const rule = {
  operator: 'and',
  conditions: [
    { key: '{{environment.attributes.day_of_week}}', operator: 'dayOfWeekAnyOf', value: ['1+00:00', '2+00:00', '3+00:00', '4+00:00', '5+00:00'] },
    { key: '{{environment.attributes.current_time}}', operator: 'timeGreaterThanOrEquals', value: '09:00:00+00:00' },
    { key: '{{environment.attributes.current_time}}', operator: 'timeLessThanOrEquals', value: '17:00:00+00:00' },
  ],
};
const pattern = 'time-based-conditions:weekly:custom-hours';

describe('IBM integration suite (in scope: access policies, v2, custom roles, roles)', () => {
  const testUniqueId = Math.floor(Math.random() * 100000);
  const testUserId = `IBMid-SDKNode${testUniqueId}`;
  const testServiceName = 'iam-groups';
  const policySubjects = [{ attributes: [{ name: 'iam_id', value: testUserId }] }];
  const policyRoles = [{ role_id: testViewerRoleCrn }];
  const policyResourceAccountAttribute = { name: 'accountId', value: '', operator: 'stringEquals' };
  const policyResources = [{
    attributes: [policyResourceAccountAttribute, { name: 'serviceType', value: 'service', operator: 'stringEquals' }],
    tags: [{ name: 'project', operator: 'stringEquals', value: 'prototype' }],
  }];
  const v2PolicySubject = { attributes: [{ key: 'iam_id', operator: 'stringEquals', value: testUserId }] };
  const v2PolicyResource = {
    attributes: [{ key: 'accountId', value: '', operator: 'stringEquals' }, { key: 'serviceType', operator: 'stringEquals', value: 'service' }],
  };
  const control = { grant: { roles: policyRoles } };
  const testCustomRoleName = `TestNodeRole${testUniqueId}`;
  const testCustomRoleDisplayName = `SDK ${testCustomRoleName}`;
  const testCustomRoleActions = ['iam-groups.groups.read'];
  let testPolicyId: string;
  let testPolicyETag: string;
  let testV2PolicyId: string;
  let testV2PolicyETag: string;
  let testCustomRoleId: string;
  let testCustomRoleEtag: string;

  it('should successfully complete initialization', () => {
    expect(service).not.toBeNull();
    expect(testAccountId).toBeTruthy();
    policyResourceAccountAttribute.value = testAccountId;
  });

  it('Create an access policy', async () => {
    const response = await ok(service.createPolicy({ type: 'access', subjects: policySubjects, roles: policyRoles, resources: policyResources }));
    expect(response.status).toEqual(201);
    const { result } = response;
    expect(result.type).toEqual('access');
    expect(result.subjects).toEqual(policySubjects);
    expect(result.roles![0]!.role_id).toEqual(policyRoles[0]!.role_id);
    expect(result.resources).toEqual(policyResources);
    testPolicyId = result.id!;
  });

  it('Get an access policy', async () => {
    const response = await ok(service.getPolicy({ policyId: testPolicyId }));
    expect(response.status).toEqual(200);
    const { result } = response;
    expect(result.id).toEqual(testPolicyId);
    expect(result.type).toEqual('access');
    expect(result.subjects).toEqual(policySubjects);
    expect(result.roles![0]!.role_id).toEqual(policyRoles[0]!.role_id);
    expect(result.resources).toEqual(policyResources);
    testPolicyETag = response.headers.etag as string;
    expect(testPolicyETag).toMatch(/^1-[0-9a-f]{32}$/);
  });

  it('Update an access policy', async () => {
    const updPolicyRoles = [{ role_id: testEditorRoleCrn }];
    const response = await ok(service.replacePolicy({
      policyId: testPolicyId, ifMatch: testPolicyETag, type: 'access', subjects: policySubjects, roles: updPolicyRoles, resources: policyResources,
    }));
    expect(response.status).toEqual(200);
    const { result } = response;
    expect(result.id).toEqual(testPolicyId);
    expect(result.type).toEqual('access');
    expect(result.subjects).toEqual(policySubjects);
    expect(result.roles![0]!.role_id).toEqual(updPolicyRoles[0]!.role_id);
    expect(result.resources).toEqual(policyResources);
    expect(response.headers.etag).not.toEqual(testPolicyETag);
    testPolicyETag = response.headers.etag as string;
  });

  it('Patch an access policy', async () => {
    const response = await ok(service.updatePolicyState({ policyId: testPolicyId, ifMatch: testPolicyETag, state: 'active' }));
    expect(response.status).toEqual(200);
    const { result } = response;
    expect(result.id).toEqual(testPolicyId);
    expect(result.type).toEqual('access');
    expect(result.subjects).toEqual(policySubjects);
    expect(result.state).toEqual('active');
    expect(result.resources).toEqual(policyResources);
  });

  it('List access policies', async () => {
    const response = await ok(service.listPolicies({ accountId: testAccountId, iamId: testUserId }));
    expect(response.status).toEqual(200);
    expect(response.result.policies!.some((p) => p.id === testPolicyId)).toBeTruthy();
  });

  it('Clean up all test policies', async () => {
    const response = await ok(service.listPolicies({ accountId: testAccountId, iamId: testUserId }));
    expect(response.status).toEqual(200);
    const fiveMinutesAgo = Date.now() - 5 * 60 * 1000;
    let deleted = 0;
    for (const policy of response.result.policies!) {
      if (policy.id === testPolicyId || Date.parse(policy.created_at!) < fiveMinutesAgo) {
        const del = await ok(service.deletePolicy({ policyId: policy.id! }));
        expect(del.status).toEqual(204);
        deleted++;
      }
    }
    expect(deleted).toBe(1);
  });

  it('Create a v2 access policy', async () => {
    v2PolicyResource.attributes[0]!.value = testAccountId;
    const response = await ok(service.createV2Policy({ type: 'access', subject: v2PolicySubject, control, resource: v2PolicyResource, rule, pattern }));
    expect(response.status).toEqual(201);
    const { result } = response;
    expect(result.type).toEqual('access');
    expect(result.subject).toEqual(v2PolicySubject);
    expect(result.control).toEqual(control);
    expect(result.resource).toEqual(v2PolicyResource);
    testV2PolicyId = result.id!;
  });

  it('Get a v2 access policy', async () => {
    const response = await ok(service.getV2Policy({ id: testV2PolicyId }));
    expect(response.status).toEqual(200);
    const { result } = response;
    expect(result.id).toEqual(testV2PolicyId);
    expect(result.type).toEqual('access');
    expect(result.subject).toEqual(v2PolicySubject);
    expect(result.control).toEqual(control);
    expect(result.resource).toEqual(v2PolicyResource);
    testV2PolicyETag = response.headers.etag as string;
  });

  it('Update a v2 access policy', async () => {
    const updatedControl = { grant: { roles: [{ role_id: testEditorRoleCrn }] } };
    const response = await ok(service.replaceV2Policy({
      id: testV2PolicyId, ifMatch: testV2PolicyETag, type: 'access', subject: v2PolicySubject, control: updatedControl, resource: v2PolicyResource, rule, pattern,
    }));
    expect(response.status).toEqual(200);
    const { result } = response;
    expect(result.id).toEqual(testV2PolicyId);
    expect(result.type).toEqual('access');
    expect(result.subject).toEqual(v2PolicySubject);
    expect(result.control).toEqual(updatedControl);
    expect(result.resource).toEqual(v2PolicyResource);
  });

  it('List v2 access policies', async () => {
    const response = await ok(service.listV2Policies({ accountId: testAccountId, iamId: testUserId }));
    expect(response.status).toEqual(200);
    expect(response.result.policies!.some((p) => p.id === testV2PolicyId)).toBeTruthy();
  });

  it('Clean up all v2 test policies', async () => {
    const response = await ok(service.listV2Policies({ accountId: testAccountId, iamId: testUserId }));
    expect(response.status).toEqual(200);
    const fiveMinutesAgo = Date.now() - 5 * 60 * 1000;
    let deleted = 0;
    for (const policy of response.result.policies!) {
      if (policy.id === testV2PolicyId || Date.parse(policy.created_at!) < fiveMinutesAgo) {
        const del = await ok(service.deleteV2Policy({ id: policy.id! }));
        expect(del.status).toEqual(204);
        deleted++;
      }
    }
    expect(deleted).toBe(1);
  });

  it('Create a custom role', async () => {
    const response = await ok(service.createRole({
      displayName: testCustomRoleDisplayName, description: testCustomRoleDisplayName, name: testCustomRoleName, accountId: testAccountId,
      serviceName: testServiceName, actions: testCustomRoleActions,
    }));
    expect(response.status).toEqual(201);
    const { result } = response;
    expect(result.name).toEqual(testCustomRoleName);
    expect(result.display_name).toEqual(testCustomRoleDisplayName);
    expect(result.description).toEqual(testCustomRoleDisplayName);
    expect(result.account_id).toEqual(testAccountId);
    expect(result.service_name).toEqual(testServiceName);
    expect(result.actions).toEqual(testCustomRoleActions);
    testCustomRoleId = result.id!;
  });

  it('Get a custom role', async () => {
    const response = await ok(service.getRole({ roleId: testCustomRoleId }));
    expect(response.status).toEqual(200);
    const { result } = response;
    expect(result.id).toEqual(testCustomRoleId);
    expect(result.name).toEqual(testCustomRoleName);
    expect(result.display_name).toEqual(testCustomRoleDisplayName);
    expect(result.description).toEqual(testCustomRoleDisplayName);
    expect(result.account_id).toEqual(testAccountId);
    expect(result.service_name).toEqual(testServiceName);
    expect(result.actions).toEqual(testCustomRoleActions);
    testCustomRoleEtag = response.headers.etag as string;
  });

  it('Update a custom role', async () => {
    const response = await ok(service.replaceRole({
      roleId: testCustomRoleId, ifMatch: testCustomRoleEtag, description: 'Udated description', displayName: testCustomRoleDisplayName,
      actions: testCustomRoleActions, headers: { 'transaction-Id': `SDKNode-${testUniqueId}` },
    }));
    expect(response.status).toEqual(200);
    const { result } = response;
    expect(result.id).toEqual(testCustomRoleId);
    expect(result.name).toEqual(testCustomRoleName);
    expect(result.display_name).toEqual(testCustomRoleDisplayName);
    expect(result.description).toEqual('Udated description');
    expect(result.account_id).toEqual(testAccountId);
    expect(result.service_name).toEqual(testServiceName);
    expect(result.actions).toEqual(testCustomRoleActions);
  });

  it('List custom roles', async () => {
    const response = await ok(service.listRoles({ accountId: testAccountId, serviceName: testServiceName }));
    expect(response.status).toEqual(200);
    expect(response.result.custom_roles!.some((r) => r.id === testCustomRoleId)).toBeTruthy();
  });

  it('Clean up all test custom roles', async () => {
    const response = await ok(service.listRoles({ accountId: testAccountId, serviceName: testServiceName }));
    expect(response.status).toEqual(200);
    let deleted = 0;
    for (const role of response.result.custom_roles!) {
      if (role.id === testCustomRoleId || Date.parse(role.created_at!) < Date.now() - 5 * 60 * 1000) {
        const del = await ok(service.deleteRole({ roleId: role.id! }));
        expect(del.status).toEqual(204);
        deleted++;
      }
    }
    expect(deleted).toBe(1);
  });

  it('List V2 roles with accountId and serviceGroupId', async () => {
    const response = await ok(service.listRoles({ accountId: testAccountId, serviceGroupId: 'IAM' }));
    expect(response.status).toEqual(200);
    expect(response.result.service_roles!.some((r) => r.crn === testServiceRoleCrn)).toBeTruthy();
    expect(response.result.system_roles!.some((r) => r.crn === testViewerRoleCrn)).toBeTruthy();
  });
});

describe("IBM's examples (in scope: policies, v2 policies, custom roles)", () => {
  const exampleUserId = 'IBMid-user1';
  let examplePolicyId: string;
  let examplePolicyETag: string;
  let exampleCustomRoleId: string;
  let exampleCustomRoleEtag: string;
  const v1Resources = () => [{
    attributes: [{ name: 'accountId', value: testAccountId, operator: 'stringEquals' }, { name: 'serviceType', value: 'service', operator: 'stringEquals' }],
    tags: [{ name: 'project', operator: 'stringEquals', value: 'prototype' }],
  }];
  const v2Subject = { attributes: [{ key: 'iam_id', operator: 'stringEquals', value: exampleUserId }] };
  const v2Resource = () => ({
    attributes: [{ key: 'accountId', value: testAccountId, operator: 'stringEquals' }, { key: 'serviceType', operator: 'stringEquals', value: 'service' }],
  });

  it('createPolicy request example', async () => {
    const res = await ok(service.createPolicy({
      type: 'access', subjects: [{ attributes: [{ name: 'iam_id', value: exampleUserId }] }], roles: [{ role_id: testViewerRoleCrn }], resources: v1Resources(),
    }));
    examplePolicyId = res.result.id!;
    expect(examplePolicyId).toBeDefined();
  });

  it('getPolicy request example', async () => {
    const res = await ok(service.getPolicy({ policyId: examplePolicyId }));
    examplePolicyETag = res.headers.etag as string;
    expect(examplePolicyETag).toBeDefined();
  });

  it('replacePolicy request example', async () => {
    const res = await ok(service.replacePolicy({
      type: 'access', policyId: examplePolicyId, ifMatch: examplePolicyETag, subjects: [{ attributes: [{ name: 'iam_id', value: exampleUserId }] }],
      roles: [{ role_id: testEditorRoleCrn }], resources: v1Resources(),
    }));
    examplePolicyETag = res.headers.etag as string;
  });

  it('updatePolicyState request example', async () => {
    await ok(service.updatePolicyState({ policyId: examplePolicyId, ifMatch: examplePolicyETag, state: 'active' }));
  });

  it('listPolicies request example', async () => {
    await ok(service.listPolicies({ accountId: testAccountId, iamId: exampleUserId, format: 'include_last_permit' }));
  });

  it('deletePolicy request example', async () => {
    await ok(service.deletePolicy({ policyId: examplePolicyId }));
  });

  it('createV2Policy request example', async () => {
    const res = await ok(service.createV2Policy({
      type: 'access', subject: v2Subject, control: { grant: { roles: [{ role_id: testViewerRoleCrn }] } }, resource: v2Resource(), rule, pattern,
    }));
    examplePolicyId = res.result.id!;
  });

  it('getV2Policy request example', async () => {
    const res = await ok(service.getV2Policy({ id: examplePolicyId }));
    examplePolicyETag = res.headers.etag as string;
  });

  it('replaceV2Policy request example', async () => {
    await ok(service.replaceV2Policy({
      type: 'access', id: examplePolicyId, ifMatch: examplePolicyETag, subject: v2Subject,
      control: { grant: { roles: [{ role_id: testEditorRoleCrn }] } }, resource: v2Resource(), rule, pattern,
    }));
  });

  it('listV2Policies request example', async () => {
    await ok(service.listV2Policies({ accountId: testAccountId, iamId: exampleUserId, format: 'include_last_permit' }));
  });

  it('deleteV2Policy request example', async () => {
    await ok(service.deleteV2Policy({ id: examplePolicyId }));
  });

  it('createRole request example', async () => {
    const res = await ok(service.createRole({
      displayName: 'IAM Groups read access', actions: ['iam-groups.groups.read'], name: 'ExampleRoleIAMGroups', accountId: testAccountId, serviceName: 'iam-groups',
    }));
    exampleCustomRoleId = res.result.id!;
  });

  it('getRole request example', async () => {
    const res = await ok(service.getRole({ roleId: exampleCustomRoleId }));
    exampleCustomRoleEtag = res.headers.etag as string;
  });

  it('replaceRole request example', async () => {
    await ok(service.replaceRole({
      roleId: exampleCustomRoleId, ifMatch: exampleCustomRoleEtag, displayName: 'IAM Groups read access',
      actions: ['iam-groups.groups.read', 'iam-groups.groups.list'],
    }));
  });

  it('listRoles request example', async () => {
    await ok(service.listRoles({ accountId: testAccountId }));
  });

  it('deleteRole request example', async () => {
    await ok(service.deleteRole({ roleId: exampleCustomRoleId }));
  });
});
