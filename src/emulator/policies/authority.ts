// What policies grant: the actions a policy's roles give on a resource it covers. Two readers: IAM Identity's
// decisions (identityGrants: only the caller's rows that reach IAM Identity, one indexed read) and the policy
// API's own checks (actionsOn: the caller's policies against a policy's target).
import { ATTR } from '../../wire/policies.js';
import { roleActions, serviceType } from './catalogue.js';
import type { PolicyStore, PolicyRow } from './policy-store.js';
import { attrValue, type Attr } from './shapes.js';

export const IDENTITY = 'iam-identity';
export const WHOLE_SERVICE = '*';

/** The actions of one role CRN on a service: the catalogue's, or a custom role's of that service. */
export function actionsOfRole(ps: PolicyStore, crn: string, service: string | undefined): string[] {
  if (crn.includes('::customRole:')) {
    const custom = ps.customRoleByCrn(crn);
    return custom && custom.service_name === service ? (JSON.parse(custom.actions) as string[]) : [];
  }
  return roleActions(crn, service);
}

/** The caller's actions on IAM Identity: on the whole service, and on single service IDs. */
export interface IdentityGrants {
  account: Set<string>;
  byServiceId: Map<string, Set<string>>;
}

export function identityGrants(ps: PolicyStore, iamId: string): IdentityGrants {
  const out: IdentityGrants = { account: new Set(), byServiceId: new Map() };
  for (const row of ps.identityGrantsOf(iamId)) {
    let into = out.account;
    if (row.identity_scope !== WHOLE_SERVICE) {
      into = out.byServiceId.get(row.identity_scope) ?? new Set();
      out.byServiceId.set(row.identity_scope, into);
    }
    for (const crn of JSON.parse(row.roles) as string[]) for (const a of actionsOfRole(ps, crn, IDENTITY)) into.add(a);
  }
  return out;
}

/**
 * How far a policy with these resource attributes reaches into IAM Identity: the whole service ('*'), one
 * service ID (its id), or not at all (undefined). A policy on every account management service
 * (serviceType=platform_service) reaches all of it; one on every IAM-enabled service (serviceType=service) does
 * not, as IBM splits them. Narrower attributes the local IAM does not model (a resource group, a region) reach
 * nothing, as a resource group policy on IAM Identity grants nothing for keys at IBM.
 */
export function identityScope(resource: Attr[]): string | undefined {
  const rest = resource.filter((a) => a.name !== ATTR.accountId);
  const plain = rest.every((a) => a.operator === undefined || a.operator === 'stringEquals');
  if (!plain) return undefined;
  const service = attrValue(rest, ATTR.serviceName);
  const type = attrValue(rest, ATTR.serviceType);
  if (rest.length === 1 && type === 'platform_service') return WHOLE_SERVICE;
  if (service !== IDENTITY) return undefined;
  if (rest.length === 1) return WHOLE_SERVICE;
  const rtype = attrValue(rest, ATTR.resourceType);
  const res = attrValue(rest, ATTR.resource);
  if (rest.length === 3 && rtype === 'serviceid' && res) return res;
  return undefined;
}

const globMatch = (pattern: string, value: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(value);

/** Whether a policy's resource attributes cover a target's (every attribute of the policy holds for it). */
export function covers(policy: Attr[], target: Attr[]): boolean {
  const service = attrValue(target, ATTR.serviceName);
  return policy.every((a) => {
    if (a.name === ATTR.serviceType) return service ? serviceType(service) === a.value : attrValue(target, ATTR.serviceType) === a.value;
    const t = target.find((x) => x.name === a.name);
    if (!t) return false;
    return a.operator === 'stringMatch' ? globMatch(a.value, t.value) : a.value === t.value;
  });
}

/** The resource attributes of a stored policy, in one form for v1 and v2 rows. */
export function resourceOf(row: Pick<PolicyRow, 'api' | 'doc'>): Attr[] {
  const doc = JSON.parse(row.doc) as Record<string, unknown>;
  if (row.api === 1) {
    return ((doc.resources as { attributes: Attr[] }[])[0]?.attributes ?? []).map((a) => ({ name: a.name, value: a.value, ...(a.operator ? { operator: a.operator } : {}) }));
  }
  return ((doc.resource as { attributes: { key: string; value: unknown; operator: string }[] })?.attributes ?? [])
    .map((a) => ({ name: a.key, value: String(a.value), operator: a.operator }));
}

/** The actions the given policies grant on a target resource. */
export function actionsOn(ps: PolicyStore, policies: PolicyRow[], target: Attr[]): Set<string> {
  const out = new Set<string>();
  const service = attrValue(target, ATTR.serviceName);
  for (const row of policies) {
    if (!covers(resourceOf(row), target)) continue;
    for (const crn of JSON.parse(row.roles) as string[]) for (const a of actionsOfRole(ps, crn, service)) out.add(a);
  }
  return out;
}
