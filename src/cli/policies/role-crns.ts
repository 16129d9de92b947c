// Role names → role CRNs, as ibmcloud does it: the roles of the policy's service are listed (`/v2/roles`), custom,
// service and system roles pooled, and each name matched to a display name exactly. Which roles are listed
// follows the policy: its service; `resource-controller` for a resource-group policy; only platform and custom
// roles for account management; else every IAM-enabled service's roles (`alliamserviceroles`). A role CRN is
// taken as it is (scripts pass them: `--roles "crn:v1:bluemix:public:iam::::serviceRole:Writer"`).
import type { PolicyClient } from '../../client/policy-client.js';
import type { PolicyRole, Role, RoleCollection } from '../../wire/policies.js';
import { usageError } from '../errors.js';
import { safeText } from '../output/safe.js';

export const isRoleCrn = (s: string): boolean => /^crn:v1:[^:]+:[^:]+:[^:]+:/.test(s) && /:(role|serviceRole|customRole):[^:]+$/.test(s);

/** What `/v2/roles` is asked for, from the policy's attributes. */
export function roleServiceOf(attributes: { name: string; value: string }[]): string | undefined {
  const get = (n: string): string | undefined => attributes.find((a) => a.name === n)?.value;
  const service = get('serviceName');
  if (service !== undefined) return service;
  if (get('resourceType') === 'resource-group') return 'resource-controller';
  if (get('serviceType') === 'platform_service' || get('service_group_id') !== undefined) return undefined;
  return 'alliamserviceroles';
}

export const pooledRoles = (c: RoleCollection): Role[] => [...c.custom_roles, ...c.service_roles, ...c.system_roles];

/** The roles named, in the order given, as a policy carries them (`role_id` only). */
export async function roleCrns(policies: PolicyClient, accountId: string, names: string[],
  attributes: { name: string; value: string }[]): Promise<PolicyRole[]> {
  const byName = names.filter((n) => !isRoleCrn(n));
  let pool: Role[] = [];
  if (byName.length > 0) {
    const service = roleServiceOf(attributes);
    pool = pooledRoles(await policies.roles({ account_id: accountId, ...(service !== undefined ? { service_name: service } : {}) }));
  }
  const seen = new Set<string>();
  const roles: PolicyRole[] = [];
  for (const n of names) {
    const crn = isRoleCrn(n) ? n : pool.find((r) => r.display_name === n)?.crn;
    if (crn === undefined) throw roleNotFound(n, pool);
    if (!seen.has(crn)) roles.push({ role_id: crn });
    seen.add(crn);
  }
  return roles;
}

/** ibmcloud's words: `Role X was not found. Valid roles are A, B, C.` */
export function roleNotFound(name: string, pool: Role[]): Error {
  const valid = [...new Set(pool.map((r) => r.display_name))];
  return usageError(`Role ${safeText(name)} was not found. Valid roles are ${valid.length ? valid.map(safeText).join(', ') : 'NONE'}.`);
}
