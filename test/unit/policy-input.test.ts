// The pure parts of the policy commands: flags → input (bad input is exit 2 before anything is touched), input →
// IBM's request body in IBM's attribute order, the merge of an update, a --file completed, and ibmcloud's text
// layout of a policy. No store, no request.
import { describe, expect, it } from 'vitest';
import { usage } from '../helpers/usage-error.js';
import { Given, type Command } from '../../src/cli/spec.js';
import { servicePolicies, servicePolicyCreate, servicePolicyDelete, servicePolicyUpdate } from '../../src/cli/commands/service-policy/index.js';
import { roles } from '../../src/cli/commands/roles.js';
import { parseAttributePairs, parseRoleList } from '../../src/cli/policies/policy-input.js';
import {
  equalsAttrs, fileVersion, filledFileBody, finishAttributes, mergedAttributes, newPolicyBody, replacedBody, viewOf,
} from '../../src/cli/policies/policy-body.js';
import { isRoleCrn, roleServiceOf } from '../../src/cli/policies/role-crns.js';
import { policyText } from '../../src/cli/policies/policy-text.js';
import type { Policy, V2Policy } from '../../src/wire/policies.js';

const parse = <O>(c: Command<O>, args: string[], opts: Record<string, unknown> = {}): O => c.parse(new Given(args, opts));
const ACCOUNT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const SID_IAM = 'iam-ServiceId-11111111-2222-4333-8444-555555555555';

describe('policy flags', () => {
  it('create: resource flags become attributes in IBM order; -r names are split and trimmed', () => {
    const o = parse(servicePolicyCreate, ['app'], {
      roles: 'Reader, Object Writer,', resource: 'ns', resourceType: 'namespace', region: 'us-south', serviceName: 'container-registry',
    });
    expect(o.subject).toBe('app');
    expect(o.version).toBe('v1');
    expect(o.input).toEqual({
      kind: 'flags', roles: ['Reader', 'Object Writer'], accountManagement: false,
      attributes: [
        { name: 'serviceName', value: 'container-registry' }, { name: 'region', value: 'us-south' },
        { name: 'resourceType', value: 'namespace' }, { name: 'resource', value: 'ns' },
      ],
    });
  });

  it('--account-management is serviceType=platform_service; --attributes adds name=value pairs after the rest', () => {
    const o = parse(servicePolicyCreate, ['app'], { roles: 'Viewer', accountManagement: true, attributes: 'geography=global,a=b=c' });
    expect(o.input.kind === 'flags' && o.input.attributes).toEqual([
      { name: 'serviceType', value: 'platform_service' }, { name: 'geography', value: 'global' }, { name: 'a', value: 'b=c' },
    ]);
  });

  it('--file (with or without @) excludes every policy flag; --api-version is v1 or v2 in any case', () => {
    expect(parse(servicePolicyCreate, ['app'], { file: '@p.json' }).input).toEqual({ kind: 'file', file: 'p.json' });
    expect(parse(servicePolicyCreate, ['app'], { file: 'p.json', apiVersion: 'V2' })).toMatchObject({ input: { kind: 'file', file: 'p.json' }, version: 'v2', explicit: true });
    expect(usage(() => parse(servicePolicyCreate, ['app'], { file: 'p.json', roles: 'Viewer', region: 'x' }))).toBe('--file cannot be combined with --roles, --region: the file holds the whole policy.');
    expect(usage(() => parse(servicePolicyCreate, ['app'], { file: '@' }))).toMatch(/needs a file name/);
    expect(usage(() => parse(servicePolicyCreate, ['app'], { roles: 'Viewer', apiVersion: 'v3' }))).toBe("--api-version must be v1 or v2, not 'v3'.");
  });

  it('refuses what cannot make a policy, before any request', () => {
    expect(usage(() => parse(servicePolicyCreate, ['app'], {}))).toMatch(/Give the roles with -r, --roles/);
    expect(usage(() => parse(servicePolicyCreate, ['app'], { roles: ' , ' }))).toMatch(/at least one role/);
    expect(usage(() => parse(servicePolicyCreate, ['app'], { roles: 'Viewer', resourceGroupName: 'a', resourceGroupId: 'b' }))).toBe('Give --resource-group-name or --resource-group-id, not both.');
    expect(usage(() => parse(servicePolicyCreate, ['app'], { roles: 'Viewer', region: ' ' }))).toBe('--region needs a value.');
    expect(usage(() => parse(servicePolicyCreate, ['app'], { roles: 'Viewer', attributes: 'novalue' }))).toMatch(/not one/);
    expect(usage(() => parse(servicePolicyCreate, ['app'], { roles: 'Viewer', attributes: 'accountId=x' }))).toMatch(/current account/);
    expect(usage(() => parse(servicePolicyCreate, ['app'], { roles: 'Viewer', region: 'x', attributes: 'region=y' }))).toMatch(/given twice/);
    expect(usage(() => parse(servicePolicyUpdate, ['app', 'p'], {}))).toMatch(/^Nothing to update/);
    expect(usage(() => parse(servicePolicyDelete, ['app', 'a/b'], {}))).toBe("'a/b' is not a policy ID.");
    expect(usage(() => parse(roles, [], { resourceType: 'x' }))).toBe('--resource-type goes with --service.');
  });

  it('update takes any subset; reads accept -f and --api-version', () => {
    expect(parse(servicePolicyUpdate, ['app', 'p1'], { roles: 'Editor', force: true })).toMatchObject({ id: 'p1', force: true, input: { kind: 'flags', roles: ['Editor'], attributes: [] } });
    expect(parse(servicePolicies, ['app'], { force: true, apiVersion: 'v2' })).toMatchObject({ subject: 'app', version: 'v2' });
  });

  it('role lists and attribute pairs', () => {
    expect(parseRoleList('Service ID creator,Viewer')).toEqual(['Service ID creator', 'Viewer']);
    expect(parseAttributePairs('instanceId=*')).toEqual([{ name: 'instanceId', value: '*' }]);
  });
});

describe('role CRNs', () => {
  it('a CRN of a platform, service or custom role is one; a display name is not', () => {
    expect(isRoleCrn('crn:v1:bluemix:public:iam::::serviceRole:Writer')).toBe(true);
    expect(isRoleCrn('crn:v1:bluemix:public:iam::::role:Viewer')).toBe(true);
    expect(isRoleCrn(`crn:v1:ibmcloud:public:iam-access-management::a/${ACCOUNT}::customRole:Responder`)).toBe(true);
    expect(isRoleCrn('Writer')).toBe(false);
    expect(isRoleCrn('crn:v1:bluemix:public:iam-identity::a/x::serviceid:ServiceId-1')).toBe(false);
  });

  it('which roles are listed: the service; resource-controller for resource groups; none for account management; else all IAM services', () => {
    expect(roleServiceOf([{ name: 'serviceName', value: 'kms' }])).toBe('kms');
    expect(roleServiceOf([{ name: 'resourceType', value: 'resource-group' }])).toBe('resource-controller');
    expect(roleServiceOf([{ name: 'serviceType', value: 'platform_service' }])).toBeUndefined();
    expect(roleServiceOf([{ name: 'serviceType', value: 'service' }])).toBe('alliamserviceroles');
    expect(roleServiceOf([])).toBe('alliamserviceroles');
  });
});

describe('policy bodies', () => {
  it('nothing named: serviceType=service; accountId is last; every attribute stringEquals', () => {
    const attrs = finishAttributes([], ACCOUNT);
    expect(newPolicyBody('v1', SID_IAM, [{ role_id: 'crn:v1:bluemix:public:iam::::role:Viewer' }], attrs)).toEqual({
      type: 'access',
      subjects: [{ attributes: [{ name: 'iam_id', value: SID_IAM }] }],
      roles: [{ role_id: 'crn:v1:bluemix:public:iam::::role:Viewer' }],
      resources: [{ attributes: [
        { name: 'serviceType', value: 'service', operator: 'stringEquals' },
        { name: 'accountId', value: ACCOUNT, operator: 'stringEquals' },
      ] }],
    });
  });

  it('IBM order whatever the order given: service, instance, region, type, resource, group, service type, then others', () => {
    const attrs = finishAttributes(equalsAttrs([
      { name: 'geo', value: 'g' }, { name: 'resourceGroupId', value: 'rg' }, { name: 'resource', value: 'r' },
      { name: 'serviceInstance', value: 'i' }, { name: 'serviceName', value: 's' },
    ]), ACCOUNT);
    expect(attrs.map((a) => a.name)).toEqual(['serviceName', 'serviceInstance', 'resource', 'resourceGroupId', 'geo', 'accountId']);
  });

  it('v2: subject, control.grant.roles and resource attributes with key and operator', () => {
    const body = newPolicyBody('v2', SID_IAM, [{ role_id: 'r' }], finishAttributes(equalsAttrs([{ name: 'serviceName', value: 'kms' }]), ACCOUNT));
    expect(body).toEqual({
      type: 'access',
      subject: { attributes: [{ key: 'iam_id', operator: 'stringEquals', value: SID_IAM }] },
      control: { grant: { roles: [{ role_id: 'r' }] } },
      resource: { attributes: [{ key: 'serviceName', operator: 'stringEquals', value: 'kms' }, { key: 'accountId', operator: 'stringEquals', value: ACCOUNT }] },
    });
  });

  it('update: a given attribute replaces its namesake, the rest stays; a service replaces "all IAM services"', () => {
    const existing = equalsAttrs([{ name: 'serviceType', value: 'service' }, { name: 'accountId', value: ACCOUNT }]);
    expect(finishAttributes(mergedAttributes(existing, equalsAttrs([{ name: 'serviceName', value: 'kms' }])), ACCOUNT).map((a) => `${a.name}=${String(a.value)}`))
      .toEqual(['serviceName=kms', `accountId=${ACCOUNT}`]);
    const scoped = equalsAttrs([{ name: 'serviceName', value: 'kms' }, { name: 'serviceInstance', value: 'i1' }, { name: 'accountId', value: ACCOUNT }]);
    expect(finishAttributes(mergedAttributes(scoped, equalsAttrs([{ name: 'serviceInstance', value: 'i2' }])), ACCOUNT).map((a) => `${a.name}=${String(a.value)}`))
      .toEqual(['serviceName=kms', 'serviceInstance=i2', `accountId=${ACCOUNT}`]);
    expect(finishAttributes(mergedAttributes(scoped, equalsAttrs([{ name: 'serviceType', value: 'platform_service' }])), ACCOUNT).map((a) => a.name))
      .toEqual(['serviceInstance', 'serviceType', 'accountId']);
  });

  it('a replace keeps the subject, description, tags and operators, with the roles as role_id only', () => {
    const existing: Policy = {
      id: 'p1', type: 'access', description: 'd', subjects: [{ attributes: [{ name: 'iam_id', value: SID_IAM }] }],
      roles: [{ role_id: 'crn:r', display_name: 'R' }],
      resources: [{ attributes: [{ name: 'serviceName', value: 'kms', operator: 'stringMatch' }], tags: [{ name: 't', value: 'v', operator: 'stringEquals' }] }],
      href: 'h', created_at: 'c', created_by_id: 'x', last_modified_at: 'm', last_modified_by_id: 'y', state: 'active',
    };
    const view = viewOf(existing, 'v1');
    expect(view.subjectIamId).toBe(SID_IAM);
    expect(replacedBody('v1', existing, view.roles, finishAttributes(view.attributes, ACCOUNT))).toEqual({
      type: 'access', description: 'd', subjects: existing.subjects, roles: [{ role_id: 'crn:r' }],
      resources: [{ attributes: [{ name: 'serviceName', value: 'kms', operator: 'stringMatch' }, { name: 'accountId', value: ACCOUNT, operator: 'stringEquals' }], tags: [{ name: 't', value: 'v', operator: 'stringEquals' }] }],
    });
  });

  it('a --file policy gets its type, subject and accountId filled in; a file for another subject is refused', () => {
    const file = { roles: [{ role_id: 'crn:v1:bluemix:public:iam::::serviceRole:Reader' }], resources: [{ attributes: [{ name: 'serviceName', value: 'container-registry' }] }] };
    expect(filledFileBody('v1', file, SID_IAM, ACCOUNT, 'p.json')).toEqual({
      type: 'access', roles: file.roles, subjects: [{ attributes: [{ name: 'iam_id', value: SID_IAM }] }],
      resources: [{ attributes: [{ name: 'serviceName', value: 'container-registry' }, { name: 'accountId', value: ACCOUNT, operator: 'stringEquals' }] }],
    });
    expect(usage(() => filledFileBody('v1', { ...file, subjects: [{ attributes: [{ name: 'iam_id', value: 'IBMid-other' }] }] }, SID_IAM, ACCOUNT, 'p.json'))).toMatch(/is for 'IBMid-other'/);
    expect(usage(() => filledFileBody('v1', [], SID_IAM, ACCOUNT, 'p.json'))).toMatch(/does not hold a JSON object/);
    expect(usage(() => filledFileBody('v1', { resources: file.resources }, SID_IAM, ACCOUNT, 'p.json'))).toMatch(/has no "roles"/);
    expect(usage(() => filledFileBody('v2', file, SID_IAM, ACCOUNT, 'p.json'))).toMatch(/has no "control"/);
    expect(fileVersion({ control: {} }, 'v1', false)).toBe('v2');
    expect(fileVersion({ control: {} }, 'v1', true)).toBe('v1');
  });
});

describe("ibmcloud's text of a policy", () => {
  it('Policy ID, Version, Roles, Resources, then the attributes nested at the value column (accountId left out)', () => {
    const p: Policy = {
      id: '4364da1a-5bde-4c76-9f12-9022b7baa258', type: 'access', subjects: [],
      roles: [{ role_id: 'crn:v1:bluemix:public:iam::::serviceRole:Reader', display_name: 'Reader' }, { role_id: 'crn:v1:bluemix:public:iam::::serviceRole:Writer' }],
      resources: [{ attributes: [
        { name: 'serviceName', value: 'container-registry' }, { name: 'region', value: 'us-south' },
        { name: 'resourceType', value: 'namespace' }, { name: 'resource', value: 'pydemo' }, { name: 'accountId', value: ACCOUNT },
      ] }],
      href: '', created_at: '', created_by_id: '', last_modified_at: '', last_modified_by_id: '', state: 'active',
    };
    expect(policyText(viewOf(p, 'v1'), { version: '1-a87c6b7290bb93dbac52c73f04848456' })).toBe([
      'Policy ID:   4364da1a-5bde-4c76-9f12-9022b7baa258',
      'Version:     1-a87c6b7290bb93dbac52c73f04848456',
      'Roles:       Reader, Writer',
      'Resources:',
      '             Service Name    container-registry',
      '             Region          us-south',
      '             Resource Type   namespace',
      '             Resource        pydemo',
      '',
    ].join('\n'));
  });

  it('a v2 policy: its pattern shown, values that are not text as JSON, names from IAM escaped', () => {
    const p = {
      id: 'p2', type: 'access', control: { grant: { roles: [{ role_id: 'crn:v1:bluemix:public:iam::::role:Viewer' }] } },
      subject: { attributes: [{ key: 'iam_id', operator: 'stringEquals', value: SID_IAM }] },
      resource: { attributes: [{ key: 'serviceName', operator: 'stringEquals', value: 'evil\x1b[2J' }, { key: 'tags', operator: 'stringEqualsAnyOf', value: ['a', 'b'] }] },
      pattern: 'time-based-conditions:weekly:custom-hours',
      href: '', created_at: '', created_by_id: '', last_modified_at: '', last_modified_by_id: '', state: 'active',
    } as unknown as V2Policy;
    const text = policyText(viewOf(p, 'v2'));
    expect(text).toContain('Roles:       Viewer\nPattern:     time-based-conditions:weekly:custom-hours\nResources:\n');
    expect(text).toContain('Service Name   evil\\x1b[2J\n');
    expect(text).toContain('tags           ["a","b"]\n');
    expect(text).not.toContain('\x1b');
  });
});
