// How a policy command's input becomes IBM's request body, v1 or v2, as ibmcloud builds it: resource attributes
// in IBM's order, each `stringEquals`; `serviceType=service` (every IAM-enabled service) when no resource was
// named; the account's `accountId` last; the subject the service ID's or the user's iam_id. An update keeps what
// was not given (IAM's PUT replaces the whole policy), and a --file policy gets what it leaves out filled in.
import type { PolicyApiVersion } from '../../client/policy-client.js';
import type { Policy, PolicyBody, PolicyRole, V2Policy, V2PolicyBody, V2Rule } from '../../wire/policies.js';
import { usageError } from '../errors.js';
import { quoted } from '../output/safe.js';

/** A resource attribute whatever the API version: v1 `name`, v2 `key`; v2 values need not be strings. */
export interface Attr {
  name: string;
  value: unknown;
  operator?: string;
}

const ORDER = ['serviceName', 'service_group_id', 'serviceInstance', 'region', 'resourceType', 'resource', 'resourceGroupId', 'serviceType'];
const rank = (name: string): number => {
  const i = ORDER.indexOf(name);
  return i < 0 ? ORDER.length : i;
};

/** IBM's order (known attributes first, others as given), `serviceType=service` when empty, `accountId` last. */
export function finishAttributes(attrs: Attr[], accountId: string): Attr[] {
  const rest = attrs.filter((a) => a.name !== 'accountId')
    .map((a, i) => ({ a, i })).sort((x, y) => rank(x.a.name) - rank(y.a.name) || x.i - y.i).map((x) => x.a);
  if (rest.length === 0) rest.push({ name: 'serviceType', value: 'service', operator: 'stringEquals' });
  const account = attrs.find((a) => a.name === 'accountId') ?? { name: 'accountId', value: accountId, operator: 'stringEquals' };
  return [...rest, account];
}

export const equalsAttrs = (pairs: { name: string; value: string }[]): Attr[] =>
  pairs.map((p) => ({ name: p.name, value: p.value, operator: 'stringEquals' }));

/** What a policy holds, in one shape for both versions: what update merges and what the text shows. */
export interface PolicyView {
  id: string;
  subjectIamId: string | undefined;
  roles: PolicyRole[];
  attributes: Attr[];
  pattern?: string;
}

export function viewOf(p: Policy | V2Policy, v: PolicyApiVersion): PolicyView {
  if (v === 'v1' || 'subjects' in p) {
    const v1 = p as Policy;
    return {
      id: v1.id,
      subjectIamId: v1.subjects?.[0]?.attributes?.find((a) => a.name === 'iam_id')?.value,
      roles: v1.roles ?? [],
      attributes: (v1.resources?.[0]?.attributes ?? []).map((a) => ({ ...a })),
    };
  }
  const v2 = p as V2Policy;
  const iamId = v2.subject?.attributes?.find((a) => a.key === 'iam_id')?.value;
  return {
    id: v2.id,
    subjectIamId: typeof iamId === 'string' ? iamId : undefined,
    roles: v2.control?.grant?.roles ?? [],
    attributes: (v2.resource?.attributes ?? []).map((a) => ({ name: a.key, value: a.value, operator: a.operator })),
    ...(v2.pattern !== undefined ? { pattern: v2.pattern } : {}),
  };
}

const v1Attrs = (attrs: Attr[]): { name: string; value: string; operator?: string }[] =>
  attrs.map((a) => ({ name: a.name, value: String(a.value), ...(a.operator !== undefined ? { operator: a.operator } : {}) }));
const v2Attrs = (attrs: Attr[]): { key: string; operator: string; value: unknown }[] =>
  attrs.map((a) => ({ key: a.name, operator: a.operator ?? 'stringEquals', value: a.value }));

/** A new access policy from flags. */
export function newPolicyBody(v: PolicyApiVersion, iamId: string, roles: PolicyRole[], attrs: Attr[]): PolicyBody | V2PolicyBody {
  if (v === 'v1') {
    return { type: 'access', subjects: [{ attributes: [{ name: 'iam_id', value: iamId }] }], roles, resources: [{ attributes: v1Attrs(attrs) }] };
  }
  return {
    type: 'access', subject: { attributes: [{ key: 'iam_id', operator: 'stringEquals', value: iamId }] },
    control: { grant: { roles } }, resource: { attributes: v2Attrs(attrs) },
  };
}

/** The replace body of an existing policy, with new roles and attributes and everything else kept. */
export function replacedBody(v: PolicyApiVersion, existing: Policy | V2Policy, roles: PolicyRole[], attrs: Attr[]): PolicyBody | V2PolicyBody {
  const bare = roles.map((r) => ({ role_id: r.role_id }));
  if (v === 'v1') {
    const p = existing as Policy;
    const tags = p.resources?.[0]?.tags;
    return {
      type: p.type, subjects: p.subjects, roles: bare,
      resources: [{ attributes: v1Attrs(attrs), ...(tags ? { tags } : {}) }],
      ...(p.description !== undefined ? { description: p.description } : {}),
    };
  }
  const p = existing as V2Policy;
  const body: V2PolicyBody = {
    type: p.type, control: { grant: { roles: bare } },
    resource: { attributes: v2Attrs(attrs), ...(p.resource?.tags ? { tags: p.resource.tags } : {}) },
  };
  if (p.subject) body.subject = p.subject;
  if (p.pattern !== undefined) body.pattern = p.pattern;
  if (p.rule !== undefined) body.rule = p.rule as V2Rule;
  if (p.description !== undefined) body.description = p.description;
  return body;
}

/**
 * The attributes after an update: what was given replaces the attribute of that name; what was not given stays.
 * Naming a service, a resource group or account management takes the place of `serviceType=service` (every
 * IAM-enabled service), and account management that of a single service.
 */
export function mergedAttributes(existing: Attr[], given: Attr[]): Attr[] {
  const named = new Set(given.map((a) => a.name));
  const narrows = named.has('serviceName') || named.has('resourceGroupId') || named.has('serviceType');
  const kept = existing.filter((a) => {
    if (named.has(a.name)) return false;
    if (narrows && a.name === 'serviceType' && a.value === 'service') return false;
    if (named.has('serviceType') && given.some((g) => g.name === 'serviceType' && g.value === 'platform_service') && a.name === 'serviceName') return false;
    return true;
  });
  return [...kept, ...given];
}

/** A v1 or v2 policy read from a --file, completed: type, subject and accountId filled in when left out. */
export function filledFileBody(v: PolicyApiVersion, parsed: unknown, iamId: string, accountId: string, file: string): PolicyBody | V2PolicyBody {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw usageError(`The policy file ${quoted(file)} does not hold a JSON object.`);
  const body = { ...(parsed as Record<string, unknown>) };
  body['type'] ??= 'access';
  const account: Attr = { name: 'accountId', value: accountId, operator: 'stringEquals' };
  if (v === 'v1') {
    const roles = body['roles'];
    if (!Array.isArray(roles) || roles.length === 0) throw usageError(`The policy file ${quoted(file)} has no "roles" (role CRNs as "role_id").`);
    const subjects = body['subjects'] as Policy['subjects'] | undefined;
    const fileIam = subjects?.[0]?.attributes?.find((a) => a.name === 'iam_id')?.value;
    if (fileIam !== undefined && fileIam !== iamId) throw usageError(`The policy file ${quoted(file)} is for ${quoted(fileIam)}, not for ${quoted(iamId)}.`);
    body['subjects'] ??= [{ attributes: [{ name: 'iam_id', value: iamId }] }];
    const resources = body['resources'] as Policy['resources'] | undefined;
    if (!Array.isArray(resources) || resources.length === 0 || !Array.isArray(resources[0]?.attributes)) {
      throw usageError(`The policy file ${quoted(file)} has no "resources" with "attributes".`);
    }
    const first = resources[0]!;
    if (!first.attributes.some((a) => a.name === 'accountId')) {
      body['resources'] = [{ ...first, attributes: [...first.attributes, ...v1Attrs([account])] }, ...resources.slice(1)];
    }
    return body as unknown as PolicyBody;
  }
  const control = body['control'] as V2PolicyBody['control'] | undefined;
  if (!Array.isArray(control?.grant?.roles) || control.grant.roles.length === 0) {
    throw usageError(`The policy file ${quoted(file)} has no "control": {"grant": {"roles": [...]}} (a v2 policy).`);
  }
  const subject = body['subject'] as V2PolicyBody['subject'];
  const fileIam = subject?.attributes?.find((a) => a.key === 'iam_id')?.value;
  if (fileIam !== undefined && fileIam !== iamId) throw usageError(`The policy file ${quoted(file)} is for ${quoted(String(fileIam))}, not for ${quoted(iamId)}.`);
  body['subject'] ??= { attributes: [{ key: 'iam_id', operator: 'stringEquals', value: iamId }] };
  const resource = (body['resource'] as V2PolicyBody['resource']) ?? { attributes: [] };
  if (!resource.attributes.some((a) => a.key === 'accountId')) body['resource'] = { ...resource, attributes: [...resource.attributes, ...v2Attrs([account])] };
  return body as unknown as V2PolicyBody;
}

/** A --file's API version: v2 when it is shaped as one (`control`) and no --api-version was given. */
export function fileVersion(parsed: unknown, v: PolicyApiVersion, explicit: boolean): PolicyApiVersion {
  if (explicit) return v;
  return typeof parsed === 'object' && parsed !== null && 'control' in parsed ? 'v2' : v;
}
