// The services the console's `Assign access` offers, by IBM's service names (the `serviceName` attribute) with
// their catalogue display names. Data, not rules: the roles of each come from IAM (/v2/roles), and a policy on a
// service missing here is still listed, by its service name. IAM Identity comes first: it is what a service ID's
// access to other service IDs and their keys is granted on.
export const SERVICES: readonly (readonly [name: string, label: string])[] = [
  ['iam-identity', 'IAM Identity Service'],
  ['cloud-object-storage', 'Cloud Object Storage'],
  ['container-registry', 'Container Registry'],
  ['containers-kubernetes', 'Kubernetes Service'],
  ['codeengine', 'Code Engine'],
  ['kms', 'Key Protect'],
  ['secrets-manager', 'Secrets Manager'],
  ['cloudantnosqldb', 'Cloudant'],
  ['databases-for-postgresql', 'Databases for PostgreSQL'],
  ['logs', 'Cloud Logs'],
];

/** `serviceType` values: every IAM-enabled service, or every account management service. */
const SERVICE_TYPES: Record<string, string> = {
  service: 'All Identity and Access enabled services',
  platform_service: 'All Account Management services',
};

export function serviceLabel(serviceName: string | undefined, serviceType: string | undefined): string {
  if (serviceName) return SERVICES.find(([n]) => n === serviceName)?.[1] ?? serviceName;
  if (serviceType) return SERVICE_TYPES[serviceType] ?? serviceType;
  return 'All resources in the account';
}
