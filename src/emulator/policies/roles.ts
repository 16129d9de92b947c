// /v2/roles: the catalogue's system and service roles, and the account's custom roles (create, get, replace with
// If-Match, delete). A custom role is named like IBM's (a capital letter, then letters and digits), grants
// actions of its one service, and is unique in its account by name and by its set of actions. Writing one is
// the owner's, or needs Administrator on IAM Access Management (iam.policy.create there), as IBM's rule.
import { randomBytes } from 'node:crypto';
import type { CustomRole, CustomRoleBody, CustomRoleUpdateBody, RoleCollection } from '../../wire/policies.js';
import { POLICY_LIMITS } from '../../wire/policies.js';
import type { Principal } from '../access.js';
import { actionsOn } from './authority.js';
import { genericServiceRoles, serviceRoles, servicesOfGroup, systemRoles } from './catalogue.js';
import { PolicyError, accessDenied, ifMatchFailed, invalidBody, roleConflict, roleNotFound } from './errors.js';
import { entityTag } from '../entities.js';
import type { PolicyEngine } from './engine.js';
import type { CustomRoleRow } from './policy-store.js';

const NAME_RE = /^[A-Z][A-Za-z0-9]{0,29}$/;
const DISPLAY_NAME_MAX = 50;
const DESCRIPTION_MAX = 250;

export const roleEtag = (r: CustomRoleRow): string => entityTag(r.id, r.revision);

export function toCustomRole(r: CustomRoleRow, origin: string): CustomRole {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: r.id, display_name: r.display_name, ...(r.description !== null ? { description: r.description } : {}),
    actions: JSON.parse(r.actions) as string[], crn: r.crn, name: r.name, account_id: r.account_id, service_name: r.service_name,
    created_at: iso(r.created_at), created_by_id: r.created_by, last_modified_at: iso(r.modified_at), last_modified_by_id: r.modified_by,
    href: `${origin}/v2/roles/${r.id}`,
  };
}

export function listRoles(pe: PolicyEngine, p: Principal, q: URLSearchParams, origin: string): RoleCollection {
  const account = q.get('account_id');
  const service = q.get('service_name');
  const group = q.get('service_group_id');
  if (service && group) throw invalidBody("The query parameters 'service_name' and 'service_group_id' cannot be used together.");
  if (account !== null && account !== p.account_id) throw accessDenied('iam.role.read', p.iam_id, `a/${account}`);
  const services = service ? [service] : group ? servicesOfGroup(group) : undefined;
  const custom = account === null ? [] : pe.store.read(() => pe.ps.customRolesOf(account))
    .filter((r) => services === undefined || services.includes(r.service_name)).map((r) => toCustomRole(r, origin));
  return {
    custom_roles: custom,
    service_roles: services ? services.flatMap((s) => serviceRoles(s)) : genericServiceRoles(),
    system_roles: systemRoles(service ?? undefined),
  };
}

export function createRole(pe: PolicyEngine, p: Principal, body: Partial<CustomRoleBody>): CustomRoleRow {
  if (typeof body.name !== 'string' || !NAME_RE.test(body.name)) {
    throw invalidBody("The role's name must start with a capital letter and hold only letters and digits (at most 30).");
  }
  const displayName = checkDisplayName(body.display_name);
  if (typeof body.account_id !== 'string' || body.account_id === '') throw invalidBody("The role must have an 'account_id'.");
  if (typeof body.service_name !== 'string' || body.service_name === '') throw invalidBody("The role must have a 'service_name'.");
  const actions = checkActions(body.actions, body.service_name);
  const description = checkDescription(body.description);
  return pe.store.write(() => {
    authorize(pe, p, 'create', body.account_id!, actions);
    const same = pe.ps.customRoleByName(p.account_id, body.name!);
    if (same) throw roleConflict(toCustomRole(same, 'https://iam.cloud.ibm.com'));
    sameActions(pe, p.account_id, body.service_name!, actions);
    if (pe.ps.customRolesOf(p.account_id).length >= POLICY_LIMITS.customRolesPerAccount) {
      throw new PolicyError(422, 'unable_to_process', 'Exceeded maximum custom roles quota error', { reason: `An account has at most ${POLICY_LIMITS.customRolesPerAccount} custom roles.` });
    }
    const t = pe.engine.now();
    const row: Omit<CustomRoleRow, 'seq'> = {
      id: randomBytes(16).toString('hex'), account_id: p.account_id, name: body.name!, display_name: displayName, description,
      service_name: body.service_name!, actions: JSON.stringify(actions),
      crn: `crn:v1:ibmcloud:public:iam-access-management::a/${p.account_id}::customRole:${body.name!}`,
      revision: 1, created_at: t, created_by: p.iam_id, modified_at: t, modified_by: p.iam_id,
    };
    pe.ps.insertCustomRole(row);
    return pe.ps.customRole(row.id)!;
  });
}

export function getRole(pe: PolicyEngine, p: Principal, id: string): CustomRoleRow {
  return pe.store.read(() => existing(pe, p, id));
}

export function replaceRole(pe: PolicyEngine, p: Principal, id: string, ifMatch: string | undefined, body: CustomRoleUpdateBody): CustomRoleRow {
  return pe.store.write(() => {
    const row = existing(pe, p, id);
    authorize(pe, p, 'update', row.account_id, [...(JSON.parse(row.actions) as string[]), ...(Array.isArray(body.actions) ? body.actions as string[] : [])]);
    const given = ifMatch?.trim().replace(/^"(.*)"$/, '$1');
    if (!given) throw ifMatchFailed(id, true);
    if (given !== '*' && given !== roleEtag(row)) throw ifMatchFailed(id, false);
    const next: CustomRoleRow = {
      ...row,
      display_name: body.display_name !== undefined ? checkDisplayName(body.display_name) : row.display_name,
      description: body.description !== undefined ? checkDescription(body.description) : row.description,
      actions: body.actions !== undefined ? JSON.stringify(checkActions(body.actions, row.service_name)) : row.actions,
      revision: row.revision + 1, modified_at: pe.engine.now(), modified_by: p.iam_id,
    };
    if (body.actions !== undefined) sameActions(pe, p.account_id, row.service_name, JSON.parse(next.actions) as string[], row.id);
    pe.ps.updateCustomRole(next);
    return next;
  });
}

export function deleteRole(pe: PolicyEngine, p: Principal, id: string): void {
  pe.store.write(() => {
    const row = existing(pe, p, id);
    authorize(pe, p, 'delete', row.account_id);
    pe.ps.deleteCustomRole(id);
  });
}

function existing(pe: PolicyEngine, p: Principal, id: string): CustomRoleRow {
  const row = pe.ps.customRole(id);
  if (!row || row.account_id !== p.account_id) throw roleNotFound(id);
  return row;
}

function authorize(pe: PolicyEngine, p: Principal, op: 'create' | 'update' | 'delete', account: string, actions: string[] = []): void {
  if (account !== p.account_id) throw accessDenied(`iam.role.${op}`, p.iam_id, `a/${account}`);
  if (p.role === 'owner') return;
  // A custom role with apikey.manage would make administrators of whoever holds it, which is the owner's alone.
  if (actions.includes('iam-identity.apikey.manage')) throw accessDenied(`iam.role.${op}`, p.iam_id, `a/${account}::serviceName:iam-identity`);
  const target = [{ name: 'accountId', value: account }, { name: 'serviceName', value: 'iam-access-management' }];
  if (!actionsOn(pe.ps, pe.ps.activeOfSubject(p.iam_id), target).has('iam.policy.create')) {
    throw accessDenied(`iam.role.${op}`, p.iam_id, `a/${account}::serviceName:iam-access-management`);
  }
}

function checkDisplayName(v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > DISPLAY_NAME_MAX) throw invalidBody(`The role's display_name must be 1 to ${DISPLAY_NAME_MAX} characters.`);
  return v;
}

function checkDescription(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v.length > DESCRIPTION_MAX) throw invalidBody(`The role's description must be at most ${DESCRIPTION_MAX} characters.`);
  return v;
}

function checkActions(v: unknown, service: string): string[] {
  if (!Array.isArray(v) || v.length === 0) throw invalidBody('The role must have at least one action.');
  for (const a of v) {
    if (typeof a !== 'string' || !a.startsWith(`${service}.`) || a.length > 200) {
      throw invalidBody(`The action '${String(a).slice(0, 80)}' is not an action of the service '${service}'.`);
    }
  }
  return v as string[];
}

/** IBM refuses a second custom role of a service with the same actions as another. */
function sameActions(pe: PolicyEngine, account: string, service: string, actions: string[], except?: string): void {
  const key = [...new Set(actions)].sort().join('\n');
  const twin = pe.ps.customRolesOf(account).find((r) => r.id !== except && r.service_name === service
    && [...new Set(JSON.parse(r.actions) as string[])].sort().join('\n') === key);
  if (twin) throw new PolicyError(409, 'role_conflict_error', `A custom role with the same actions already exists: ${twin.name}. Update it instead.`);
}
