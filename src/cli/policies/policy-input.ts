// What the user gives to the policy commands, as ibmcloud's flags take it, checked before anything is touched
// (pure: a file named by --file is read later, in the command's run). A string flag given twice keeps its last
// value, as spf13/pflag (the IBM Cloud CLI SDK's flag parser) and commander both do.
import { usageError } from '../errors.js';
import { quoted } from '../output/safe.js';
import type { Given, OptionSpec } from '../spec.js';
import type { PolicyApiVersion } from '../../client/policy-client.js';

/** The resource flags, each the v1 attribute it becomes, in the order IBM builds a policy's attributes. */
export const RESOURCE_FLAGS = [
  { key: 'serviceName', flag: '--service-name', attribute: 'serviceName' },
  { key: 'serviceInstance', flag: '--service-instance', attribute: 'serviceInstance' },
  { key: 'region', flag: '--region', attribute: 'region' },
  { key: 'resourceType', flag: '--resource-type', attribute: 'resourceType' },
  { key: 'resource', flag: '--resource', attribute: 'resource' },
] as const;

export const API_VERSION_OPTION: OptionSpec = {
  flags: '--api-version <VERSION>', description: 'Version of the access policy API: v1 (the default) or v2', choices: ['v1', 'v2'],
};

export const COMPAT_FORCE: OptionSpec = { flags: '-f, --force', description: 'Accepted for compatibility with ibmcloud; nothing is asked' };

/** The options of service-policy-create / -update (and the user twins), as ibmcloud lists them. */
export const POLICY_OPTIONS: OptionSpec[] = [
  { flags: '--file <FILE>', description: 'The policy as JSON, from FILE or @FILE; excludes every other policy flag' },
  { flags: '-r, --roles <ROLE_NAMES>', description: 'Role names, comma-separated ("Reader,Object Writer"), or role CRNs', complete: 'role' },
  { flags: '--service-name <SERVICE_NAME>', description: 'Service of the policy (e.g. iam-identity, kms)', complete: 'service' },
  { flags: '--service-instance <SERVICE_INSTANCE_GUID>', description: 'GUID of the service instance' },
  { flags: '--region <REGION>', description: 'Region of the policy' },
  { flags: '--resource-type <RESOURCE_TYPE>', description: 'Resource type (e.g. serviceid, namespace, resource-group)' },
  { flags: '--resource <RESOURCE>', description: 'Resource (e.g. a ServiceId-... for --resource-type serviceid)' },
  { flags: '--resource-group-name <RESOURCE_GROUP_NAME>', description: 'Resource group by name; * for all' },
  { flags: '--resource-group-id <RESOURCE_GROUP_ID>', description: 'Resource group by ID; * for all' },
  { flags: '--account-management', description: 'All account management services (IAM Identity among them)' },
  { flags: '--attributes <NAME=VALUE,...>', description: 'Other resource attributes, comma-separated name=value pairs' },
  API_VERSION_OPTION,
];

export interface PolicyFlags {
  /** Role names or CRNs, as typed; undefined when --roles was not given. */
  roles?: string[];
  /** Resource attributes from the resource flags and --attributes, in IBM's order (no accountId yet). */
  attributes: { name: string; value: string }[];
  /** `--resource-group-name`: resolved in the run (it needs to know where the command goes). */
  resourceGroupName?: string;
  accountManagement: boolean;
}

export type PolicyInput =
  | { kind: 'file'; file: string }
  | ({ kind: 'flags' } & PolicyFlags);

export function parseApiVersion(given: Given): { version: PolicyApiVersion; explicit: boolean } {
  const v = given.str('apiVersion');
  if (v === undefined) return { version: 'v1', explicit: false };
  const low = v.toLowerCase();
  if (low !== 'v1' && low !== 'v2') throw usageError(`--api-version must be v1 or v2, not ${quoted(v)}.`);
  return { version: low, explicit: true };
}

/** `A,B , C` → the names; empty parts are dropped, and none at all is an error. */
export function parseRoleList(raw: string): string[] {
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw usageError('--roles needs at least one role name, e.g. --roles Viewer or --roles "Reader,Writer".');
  return names;
}

/** `name=value,name=value`: each pair has a name and a value; a value keeps any further `=`. */
export function parseAttributePairs(raw: string): { name: string; value: string }[] {
  const pairs = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (pairs.length === 0) throw usageError('--attributes needs name=value pairs, e.g. --attributes "geography=global".');
  return pairs.map((p) => {
    const at = p.indexOf('=');
    const name = at > 0 ? p.slice(0, at).trim() : '';
    const value = at > 0 ? p.slice(at + 1).trim() : '';
    if (name === '' || value === '') throw usageError(`--attributes takes name=value pairs; ${quoted(p)} is not one.`);
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw usageError(`${quoted(name)} is not an attribute name (letters, digits, _ . -).`);
    if (name === 'accountId') throw usageError('accountId is set to the current account; leave it out of --attributes.');
    return { name, value };
  });
}

const FLAG_KEYS: Record<string, string> = {
  roles: '--roles', serviceName: '--service-name', serviceInstance: '--service-instance', region: '--region',
  resourceType: '--resource-type', resource: '--resource', resourceGroupName: '--resource-group-name',
  resourceGroupId: '--resource-group-id', accountManagement: '--account-management', attributes: '--attributes',
};

/** The policy flags as given; `requireRoles`: create needs --roles (or --file), update does not. */
export function parsePolicyInput(given: Given, o: { requireRoles: boolean }): PolicyInput {
  const file = given.str('file');
  const others = given.flagsGiven(FLAG_KEYS);
  if (file !== undefined) {
    if (others.length > 0) throw usageError(`--file cannot be combined with ${others.join(', ')}: the file holds the whole policy.`);
    if (file.replace(/^@/, '') === '') throw usageError('--file needs a file name, e.g. --file @policy.json.');
    return { kind: 'file', file: file.replace(/^@/, '') };
  }
  const rgName = given.str('resourceGroupName');
  const rgId = given.str('resourceGroupId');
  if (rgName !== undefined && rgId !== undefined) throw usageError('Give --resource-group-name or --resource-group-id, not both.');
  const rolesRaw = given.str('roles');
  if (rolesRaw === undefined && o.requireRoles) throw usageError('Give the roles with -r, --roles (e.g. --roles Viewer), or the whole policy with --file.');
  const attributes: { name: string; value: string }[] = [];
  for (const f of RESOURCE_FLAGS) {
    const v = given.str(f.key);
    if (v === undefined) continue;
    if (v.trim() === '') throw usageError(`${f.flag} needs a value.`);
    attributes.push({ name: f.attribute, value: v.trim() });
  }
  if (rgId !== undefined) {
    if (rgId.trim() === '') throw usageError('--resource-group-id needs a value.');
    attributes.push({ name: 'resourceGroupId', value: rgId.trim() });
  }
  if (rgName !== undefined && rgName.trim() === '') throw usageError('--resource-group-name needs a value.');
  const accountManagement = given.bool('accountManagement');
  if (accountManagement) attributes.push({ name: 'serviceType', value: 'platform_service' });
  const custom = given.str('attributes');
  if (custom !== undefined) {
    for (const p of parseAttributePairs(custom)) {
      if (attributes.some((a) => a.name === p.name)) throw usageError(`The attribute ${quoted(p.name)} is given twice.`);
      attributes.push(p);
    }
  }
  return {
    kind: 'flags',
    ...(rolesRaw !== undefined ? { roles: parseRoleList(rolesRaw) } : {}),
    attributes,
    ...(rgName !== undefined ? { resourceGroupName: rgName.trim() } : {}),
    accountManagement,
  };
}

/** POLICY_ID: IBM's policy ids are UUIDs; anything with a slash or a space is refused before a request. */
export function parsePolicyId(raw: string): string {
  const id = raw.trim();
  if (id === '' || /[\s/?#]/.test(id)) throw usageError(`${quoted(raw)} is not a policy ID.`);
  return id;
}
