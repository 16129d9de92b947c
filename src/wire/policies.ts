// The IAM Policy Management API's wire shapes (/v1/policies, /v2/policies, /v2/roles), as IBM's SDKs model
// them, shared by the client, the CLI, the console and the local IAM. snake_case as on the wire: `--output json`
// prints these objects unchanged. Attribute names inside policies are IBM's camelCase (`accountId`,
// `serviceName`, `resourceType`...), as on the wire.

export type PolicyType = 'access' | 'authorization';
export type PolicyState = 'active' | 'deleted';

// ---- v1 ----

/** A subject attribute: `iam_id` or `access_group_id`; IBM's subjects carry no operator. */
export interface SubjectAttribute {
  name: string;
  value: string;
}

export interface PolicySubject {
  attributes: SubjectAttribute[];
}

/** A resource attribute or tag: `stringEquals` (the default when absent) or `stringMatch` (wildcards). */
export interface ResourceAttribute {
  name: string;
  value: string;
  operator?: string;
}

export interface ResourceTag {
  name: string;
  value: string;
  operator?: string;
}

export interface PolicyResource {
  attributes: ResourceAttribute[];
  tags?: ResourceTag[];
}

/** A role in a policy: the request carries only `role_id` (a CRN); answers add the display name and description. */
export interface PolicyRole {
  role_id: string;
  display_name?: string;
  description?: string;
}

/** Body of POST /v1/policies and PUT /v1/policies/{id}. */
export interface PolicyBody {
  type: PolicyType;
  subjects: PolicySubject[];
  roles: PolicyRole[];
  /** Exactly one element. */
  resources: PolicyResource[];
  description?: string;
}

/** What IAM adds to a policy it keeps, v1 and v2 alike. */
export interface PolicyMetadata {
  id: string;
  href: string;
  created_at: string;
  created_by_id: string;
  last_modified_at: string;
  last_modified_by_id: string;
  state: PolicyState;
}

/** IBM's v1 policy object. Its ETag is a response header, `<revision>-<32 hex>`. */
export interface Policy extends PolicyMetadata {
  type: PolicyType;
  description?: string;
  subjects: PolicySubject[];
  roles: PolicyRole[];
  resources: PolicyResource[];
}

/** Body of PATCH /v1/policies/{id} (and /v2): restores a deleted policy. */
export interface PolicyStateBody {
  state: PolicyState;
}

/** A paging link: `next`/`previous` also carry the `start` token the SDK's pager feeds back. */
export interface PageLink {
  href: string;
  start?: string;
}

export interface PolicyCollection {
  limit?: number;
  first?: PageLink;
  next?: PageLink;
  previous?: PageLink;
  policies: Policy[];
}

// ---- v2 ----

/** A v2 attribute: `key`, `operator` (`stringEquals`, `stringExists`, `stringMatch`, ...) and a value. */
export interface V2Attribute {
  key: string;
  operator: string;
  value: unknown;
}

export interface V2PolicySubject {
  attributes: V2Attribute[];
}

export interface V2PolicyResource {
  attributes: V2Attribute[];
  tags?: { key: string; value: string; operator: string }[];
}

export interface V2Control {
  grant: { roles: PolicyRole[] };
}

/** One rule condition, or `and`/`or` of conditions (at most 10, nested two levels). */
export type V2Rule = V2Attribute | { operator: 'and' | 'or'; conditions: V2Rule[] };

/** Body of POST /v2/policies and PUT /v2/policies/{id}. */
export interface V2PolicyBody {
  type: PolicyType;
  control: V2Control;
  subject?: V2PolicySubject;
  resource?: V2PolicyResource;
  pattern?: string;
  rule?: V2Rule;
  description?: string;
}

/** IBM's v2 policy object. */
export interface V2Policy extends V2PolicyBody, PolicyMetadata {
  last_permit_at?: string;
  last_permit_frequency?: number;
}

export interface V2PolicyCollection {
  limit?: number;
  first?: PageLink;
  next?: PageLink;
  previous?: PageLink;
  policies: V2Policy[];
}

// ---- roles ----

/** A system or service role as `GET /v2/roles` lists it. */
export interface Role {
  display_name: string;
  description?: string;
  actions: string[];
  crn: string;
}

/** Body of POST /v2/roles (a custom role) and, without name/account_id/service_name, of PUT /v2/roles/{id}. */
export interface CustomRoleBody {
  /** Alphanumeric, starting with a capital letter: the last part of the role's CRN. */
  name: string;
  display_name: string;
  description?: string;
  actions: string[];
  account_id: string;
  service_name: string;
}

export interface CustomRoleUpdateBody {
  display_name?: string;
  description?: string;
  actions?: string[];
}

/** A custom role; its ETag is a response header as a policy's. */
export interface CustomRole extends Role {
  id: string;
  name: string;
  account_id: string;
  service_name: string;
  href: string;
  created_at: string;
  created_by_id: string;
  last_modified_at: string;
  last_modified_by_id: string;
}

export interface RoleCollection {
  custom_roles: CustomRole[];
  service_roles: Role[];
  system_roles: Role[];
}

// ---- errors ----

/** The Policy Management error body: `{trace, errors:[{code, message, details?, more_info?}], status_code}`. */
export interface PolicyErrorBody {
  trace: string;
  errors: { code: PolicyErrorCode | string; message: string; details?: Record<string, unknown>; more_info?: string }[];
  status_code: number;
}

/** The codes of IBM's SDK enum that the local IAM answers with (403's spelling is IBM's). */
export type PolicyErrorCode =
  | 'invalid_body'
  | 'missing_required_query_parameter'
  | 'invalid_token'
  | 'insufficent_permissions'
  | 'policy_not_found'
  | 'role_not_found'
  | 'not_found'
  | 'policy_conflict_error'
  | 'role_conflict_error'
  | 'request_not_processed'
  | 'unable_to_process';

// ---- names and paths ----

export const POLICY_PATHS = { v1: '/v1/policies', v2: '/v2/policies', roles: '/v2/roles' } as const;

/** IBM's attribute names (v1 `name`, v2 `key`). */
export const ATTR = {
  accountId: 'accountId',
  serviceName: 'serviceName',
  serviceType: 'serviceType',
  serviceInstance: 'serviceInstance',
  region: 'region',
  resourceType: 'resourceType',
  resource: 'resource',
  resourceGroupId: 'resourceGroupId',
  iamId: 'iam_id',
  accessGroupId: 'access_group_id',
} as const;

/** `serviceType` values: every IAM-enabled service, or every account management service. */
export const SERVICE_TYPE = { all: 'service', accountManagement: 'platform_service' } as const;

/** The placeholder `GET /v1/policies` lists for each v2 policy (IBM's words). */
export const V1_PLACEHOLDER = {
  // IBM's text is known up to the comma; its end is ours.
  description: 'This is a unsupported policy version placeholder, to view the full policy use the v2 API.',
  subjectIamId: 'unsupported version',
  roleCrn: 'crn:v1:bluemix:public:iam::::role:UnsupportedVersion',
} as const;

/** The limits over which IAM answers 422 (per account, per subject in an account, custom roles per account). */
export const POLICY_LIMITS = { perAccount: 4020, perSubject: 1000, customRolesPerAccount: 40 } as const;

/**
 * A PUT or PATCH whose If-Match is missing or not the current ETag. IBM's answer is not documented anywhere
 * (no 412 example, no precondition code in the SDK's enum); the local IAM answers HTTP's own 412 for both.
 */
export const POLICY_IF_MATCH_REFUSAL = { status: 412, code: 'precondition_failed' } as const;
