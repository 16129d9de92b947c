// The role catalogue (roles.json, data a maintainer extends without code): the system roles, the generic
// service roles and each known service's own roles, with the CRNs IBM gives them, and the IAM actions each
// role grants on a service. Custom roles of an account come from the store and are added by the caller.
import type { Role } from '../../wire/policies.js';
import data from './roles.json' with { type: 'json' };

interface RoleEntry { name: string; display_name: string; description: string; actions?: string[] }
interface ServiceEntry {
  display_name: string;
  /** `service`: an IAM-enabled service; `platform_service`: an account management service. */
  type: 'service' | 'platform_service';
  service_group?: string;
  generic_service_roles: boolean;
  service_roles: RoleEntry[];
  system_role_actions?: Record<string, string[]>;
}
interface CatalogueData {
  system_roles: RoleEntry[];
  generic_service_roles: RoleEntry[];
  services: Record<string, ServiceEntry>;
}

const CATALOGUE = data as unknown as CatalogueData;

export const systemRoleCrn = (name: string): string => `crn:v1:bluemix:public:iam::::role:${name}`;
export const genericRoleCrn = (name: string): string => `crn:v1:bluemix:public:iam::::serviceRole:${name}`;
export const serviceRoleCrn = (service: string, name: string): string => `crn:v1:bluemix:public:${service}::::serviceRole:${name}`;

/** What a role CRN names: its kind, its name, and for a service's own role the service. */
export interface KnownRole { kind: 'system' | 'generic' | 'service'; name: string; service?: string; display_name: string; description: string }

const BY_CRN = new Map<string, KnownRole>();
for (const r of CATALOGUE.system_roles) BY_CRN.set(systemRoleCrn(r.name), { kind: 'system', name: r.name, display_name: r.display_name, description: r.description });
for (const r of CATALOGUE.generic_service_roles) BY_CRN.set(genericRoleCrn(r.name), { kind: 'generic', name: r.name, display_name: r.display_name, description: r.description });
for (const [service, s] of Object.entries(CATALOGUE.services)) {
  for (const r of s.service_roles) {
    BY_CRN.set(serviceRoleCrn(service, r.name), { kind: 'service', name: r.name, service, display_name: r.display_name, description: r.description });
  }
}

export const knownRole = (crn: string): KnownRole | undefined => BY_CRN.get(crn);

export const serviceEntry = (service: string): ServiceEntry | undefined =>
  Object.prototype.hasOwnProperty.call(CATALOGUE.services, service) ? CATALOGUE.services[service] : undefined;

/** Services of a service group (`IAM`: IAM Identity, Access Management, Users Management, Access Groups). */
export const servicesOfGroup = (group: string): string[] =>
  Object.entries(CATALOGUE.services).filter(([, s]) => s.service_group === group).map(([name]) => name);

/** The actions a catalogue role grants on a service (none for a role the service does not have). */
export function roleActions(crn: string, service: string | undefined): string[] {
  const role = BY_CRN.get(crn);
  if (!role) return [];
  const entry = service ? serviceEntry(service) : undefined;
  if (role.kind === 'service') {
    return role.service === service ? entry!.service_roles.find((r) => r.name === role.name)?.actions ?? [] : [];
  }
  if (role.kind === 'system' && entry?.system_role_actions) return entry.system_role_actions[role.name] ?? [];
  // Services whose actions the catalogue does not list: one action per role, and Administrator's right to
  // assign access, which is the same on every service.
  const admin = role.name === 'Administrator' ? ['iam.policy.read', 'iam.policy.create', 'iam.policy.update', 'iam.policy.delete', 'iam.role.assign'] : [];
  return [`${service ?? 'service'}.${role.name.toLowerCase()}`, ...admin];
}

/** The system roles; with a service, each with the actions it grants there. */
export function systemRoles(service?: string): Role[] {
  return CATALOGUE.system_roles.map((r) => ({
    display_name: r.display_name, description: r.description, actions: service ? roleActions(systemRoleCrn(r.name), service) : [], crn: systemRoleCrn(r.name),
  }));
}

/** The service roles of a service: the generic ones if it has them, then its own. */
export function serviceRoles(service: string): Role[] {
  const entry = serviceEntry(service);
  const generic = !entry || entry.generic_service_roles
    ? CATALOGUE.generic_service_roles.map((r) => ({ display_name: r.display_name, description: r.description, actions: [`${service}.${r.name.toLowerCase()}`], crn: genericRoleCrn(r.name) }))
    : [];
  const own = (entry?.service_roles ?? []).map((r) => ({ display_name: r.display_name, description: r.description, actions: r.actions ?? [], crn: serviceRoleCrn(service, r.name) }));
  return [...generic, ...own];
}

/** The generic service roles alone (a policy on all IAM-enabled services may give them). */
export const genericServiceRoles = (): Role[] =>
  CATALOGUE.generic_service_roles.map((r) => ({ display_name: r.display_name, description: r.description, actions: [], crn: genericRoleCrn(r.name) }));

/** Whether a role CRN of the catalogue may be given on a service (undefined: a policy with no serviceName). */
export function roleFitsService(crn: string, service: string | undefined): boolean {
  const role = BY_CRN.get(crn);
  if (!role) return false;
  if (role.kind === 'system') return true;
  if (role.kind === 'service') return role.service === service;
  return service === undefined || (serviceEntry(service)?.generic_service_roles ?? true);
}

/** The type of a service: known ones from the catalogue, unknown ones are taken as IAM-enabled services. */
export const serviceType = (service: string): 'service' | 'platform_service' => serviceEntry(service)?.type ?? 'service';
