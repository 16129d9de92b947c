// How a policy reads in the console: its service, its resource attributes other than the account and the
// service (or `All resources`), and its roles by display name. Every value is IAM's, shown as text.
import type { Policy, PolicyResource, PolicyRole } from '../wire/policies.js';
import { el, type Child } from './dom.js';
import { serviceLabel } from './services.js';
import { serviceIdHref } from './tables.js';

/** The resource attributes the Assign access dialog sets, with IBM console's labels. */
export const RESOURCE_FIELDS: readonly (readonly [attribute: string, label: string])[] = [
  ['serviceInstance', 'Service instance'],
  ['region', 'Region'],
  ['resourceType', 'Resource type'],
  ['resource', 'Resource ID'],
  ['resourceGroupId', 'Resource group ID'],
];

const SCOPE = new Set(['accountId', 'serviceName', 'serviceType']);

export const attributeOf = (resource: PolicyResource | undefined, name: string): string | undefined =>
  resource?.attributes.find((a) => a.name === name)?.value;

export function policyService(p: Policy): string {
  const r = p.resources[0];
  return serviceLabel(attributeOf(r, 'serviceName'), attributeOf(r, 'serviceType'));
}

/** The policy's resources, one line an attribute; a service ID named as the resource links to its page. */
export function policyResources(p: Policy): Child {
  const r = p.resources[0];
  const lines: Child[] = [];
  const isServiceId = attributeOf(r, 'resourceType') === 'serviceid';
  for (const a of r?.attributes ?? []) {
    if (SCOPE.has(a.name)) continue;
    const label = RESOURCE_FIELDS.find(([n]) => n === a.name)?.[1] ?? a.name;
    const value: Child = a.name === 'resource' && isServiceId && /^ServiceId-/.test(a.value)
      ? el('a', { href: serviceIdHref(a.value) }, a.value)
      : a.value;
    lines.push(el('div', {}, `${label}: `, value, a.operator === 'stringMatch' ? ' (wildcard)' : ''));
  }
  for (const t of r?.tags ?? []) lines.push(el('div', {}, `Access tag: ${t.name}:${t.value}`));
  return lines.length ? el('div', {}, ...lines) : 'All resources';
}

/** A role's name as IAM gave it, or the last part of its CRN when the answer had no display name. */
export const roleName = (r: PolicyRole): string => r.display_name ?? r.role_id.split(':').pop() ?? r.role_id;

export const policyRoles = (p: Policy): string => p.roles.map(roleName).join(', ');
