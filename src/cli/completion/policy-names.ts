// What the policy commands complete: a subject's policy IDs (after SERVICE_ID / USER_ID), role names (the value
// of --roles: the roles of the --service-name typed before, else of every IAM-enabled service and the platform)
// and service names (the value of --service-name / --service: IBM Cloud's common services, those that have roles
// of their own, and those of the account's custom roles). All come from IBM's Policy Management API: on the local IAM asked at once
// through the in-process client (no network); on a remote IAM read from the names cache, which the background
// refresh fills with one listing of the account's access policies and one of its roles.
import type { IamClient } from '../../client/iam-client.js';
import { PolicyClient } from '../../client/policy-client.js';
import type { RoleCollection } from '../../wire/policies.js';
import { pooledRoles } from '../policies/role-crns.js';
import { SERVICE_SUBJECT, USER_SUBJECT } from '../policies/subject.js';

export type PolicyNameKind = 'policy' | 'role' | 'service';

export interface PolicyNames {
  /** Each access policy's id and its subject: the service ID's name, else the subject's iam_id. */
  policies: { subject: string; id: string }[];
  roles: string[];
  services: string[];
}

/** Enough for any prompt. */
const MAX = 10_000;

/**
 * IBM Cloud services that policies commonly name (IAM's API has no list of services to ask for): those of
 * IBM's docs and of the public scripts that create service policies.
 */
export const KNOWN_SERVICES = [
  'appid', 'atracker', 'billing', 'cloud-object-storage', 'cloudantnosqldb', 'codeengine', 'container-registry',
  'containers-kubernetes', 'continuous-delivery', 'databases-for-postgresql', 'enterprise', 'event-notifications',
  'functions', 'globalcatalog', 'hs-crypto', 'iam-access-management', 'iam-groups', 'iam-identity', 'is', 'kms', 'logs',
  'messagehub', 'resource-controller', 'satellite', 'schematics', 'secrets-manager', 'support', 'sysdig-monitor',
  'toolchain', 'user-management',
];

/** The known services, those named in role CRNs (`crn:v1:bluemix:public:<service>::::serviceRole:X`) and those of custom roles. */
export function servicesOf(c: RoleCollection): string[] {
  const fromCrns = pooledRoles(c).map((r) => r.crn.split(':')[4] ?? '').filter((s) => s !== '' && s !== 'iam');
  return [...new Set([...KNOWN_SERVICES, ...fromCrns, ...c.custom_roles.map((r) => r.service_name)])].sort();
}

const roleNames = (c: RoleCollection): string[] => [...new Set(pooledRoles(c).map((r) => r.display_name))];

/** The value typed after one of these flags, if any. */
function flagValue(words: string[], flags: string[]): string | undefined {
  for (let i = words.length - 2; i >= 0; i--) if (flags.includes(words[i]!)) return words[i + 1];
  return undefined;
}

/** On the local IAM: asked for now. `words` are the typed words after the command, `before` its positionals. */
export async function livePolicyNames(kind: PolicyNameKind, client: IamClient, command: string, words: string[], before: string[]): Promise<string[]> {
  const policies = new PolicyClient(client);
  const account = (await client.auth.identity()).accountId;
  if (kind === 'policy') {
    const subject = before[0];
    if (subject === undefined) return [];
    const subjectKind = command.startsWith('user-') ? USER_SUBJECT : SERVICE_SUBJECT;
    const { iamId } = await subjectKind.subjectOf(client, account, subject);
    const ids: string[] = [];
    for await (const page of policies.policies('v1', { account_id: account, iam_id: iamId, type: 'access' })) {
      ids.push(...page.map((p) => p.id));
      if (ids.length >= MAX) break;
    }
    return ids;
  }
  if (kind === 'role') {
    const service = flagValue(words, ['--service-name', '--service']);
    return roleNames(await policies.roles({ account_id: account, service_name: service ?? 'alliamserviceroles' }));
  }
  return servicesOf(await policies.roles({ account_id: account }));
}

/** For the names cache of a remote IAM: one listing of the account's access policies and one of its roles. */
export async function fetchPolicyNames(client: IamClient, account: string, serviceIdNames: Map<string, string>): Promise<PolicyNames> {
  const policies = new PolicyClient(client);
  const found: PolicyNames['policies'] = [];
  for await (const page of policies.policies('v1', { account_id: account, type: 'access' })) {
    for (const p of page) {
      const iamId = p.subjects?.[0]?.attributes?.find((a) => a.name === 'iam_id')?.value;
      if (iamId !== undefined) found.push({ subject: serviceIdNames.get(iamId) ?? iamId, id: p.id });
    }
    if (found.length >= MAX) break;
  }
  const roles = await policies.roles({ account_id: account, service_name: 'alliamserviceroles' });
  const custom = await policies.roles({ account_id: account });
  return { policies: found, roles: roleNames(roles), services: servicesOf(custom) };
}

/** From the cache of a remote IAM. */
export function cachedPolicyNames(kind: PolicyNameKind, names: PolicyNames | undefined, before: string[]): string[] {
  if (!names) return [];
  if (kind === 'policy') return names.policies.filter((p) => p.subject === before[0]).map((p) => p.id);
  return kind === 'role' ? names.roles : names.services;
}
