// A policy's bodies, v1 and v2: checked and brought to one form (subject, resource attributes, roles), kept as
// sent (IBM echoes subjects, resources, control and rule exactly; its SDK tests deep-compare them), and
// rendered back in either version.
import type {
  Policy, PolicyBody, PolicyResource, PolicyRole, PolicySubject, PolicyType, V2Attribute, V2Policy, V2PolicyBody, V2Rule,
} from '../../wire/policies.js';
import { ATTR, SERVICE_TYPE, V1_PLACEHOLDER } from '../../wire/policies.js';
import { invalidBody } from './errors.js';

/** An attribute in one form for both versions; the operator is absent where the v1 body had none. */
export interface Attr { name: string; value: string; operator?: string }

/** A checked policy: what the rules read (subject, resource, roles) and what the answers echo (doc). */
export interface PolicyDraft {
  api: 1 | 2;
  type: PolicyType;
  subject: Attr[];
  resource: Attr[];
  tags: Attr[];
  roles: string[];
  rule?: V2Rule;
  pattern?: string;
  /** What was sent, minus roles/control: echoed back as it came. */
  doc: Record<string, unknown>;
}

const ATTR_VALUE_MAX = 1000;
const RULE_CONDITIONS_MAX = 10;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkType(type: unknown, api: 1 | 2): PolicyType {
  if (type === 'access' || (type === 'authorization' && api === 1)) return type;
  throw invalidBody(`Invalid value for type: '${String(type).slice(0, 40)}'. Valid values are: access${api === 1 ? ', authorization' : ''}.`);
}

function checkValue(where: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > ATTR_VALUE_MAX) {
    throw invalidBody(`The value of ${where} attribute '${name.slice(0, 60)}' must be a string of 1 to ${ATTR_VALUE_MAX} characters.`);
  }
  return value;
}

function noDuplicates(where: string, attrs: Attr[]): void {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const a of attrs) (seen.has(a.name) ? dup : seen).add(a.name);
  if (dup.size) throw invalidBody(`The following ${where} attribute(s) had multiple entries: ${[...dup].join(', ')}`);
}

function checkAccessResource(resource: Attr[]): void {
  if (!resource.some((a) => a.name === ATTR.accountId)) throw invalidBody("The resource must have an 'accountId' attribute.");
  const anchors: string[] = [ATTR.serviceType, ATTR.serviceName, ATTR.resourceGroupId, 'service_group_id'];
  if (!resource.some((a) => anchors.includes(a.name))) {
    throw invalidBody("The resource must have one of the attributes 'serviceType', 'serviceName', 'resourceGroupId' or 'service_group_id'.");
  }
  const type = resource.find((a) => a.name === ATTR.serviceType);
  if (type && type.value !== SERVICE_TYPE.all && type.value !== SERVICE_TYPE.accountManagement) {
    throw invalidBody(`Invalid value for serviceType: '${type.value.slice(0, 40)}'. Valid values are: service, platform_service.`);
  }
}

function checkSubject(subject: Attr[], type: PolicyType): void {
  if (subject.length === 0) throw invalidBody('The policy must have one subject with attributes.');
  if (type === 'access') {
    const ids = subject.filter((a) => a.name === ATTR.iamId || a.name === ATTR.accessGroupId);
    if (ids.length !== 1) throw invalidBody("The subject must have exactly one of the attributes 'iam_id' or 'access_group_id'.");
  }
}

function checkRoles(roles: unknown): string[] {
  if (!Array.isArray(roles) || roles.length === 0) throw invalidBody('The policy must have at least one role.');
  return roles.map((r) => {
    if (!isObject(r) || typeof r.role_id !== 'string' || r.role_id === '') throw invalidBody("Each role must have a 'role_id'.");
    return r.role_id;
  });
}

function v1Attrs(where: string, list: unknown, withOperator: boolean): Attr[] {
  if (!Array.isArray(list)) throw invalidBody(`The ${where} must have an 'attributes' array.`);
  return list.map((a) => {
    if (!isObject(a) || typeof a.name !== 'string' || a.name === '') throw invalidBody(`Each ${where} attribute must have a 'name'.`);
    const out: Attr = { name: a.name, value: checkValue(where, a.name, a.value) };
    if (withOperator && a.operator !== undefined) {
      if (a.operator !== 'stringEquals' && a.operator !== 'stringMatch') {
        throw invalidBody(`Invalid operator '${String(a.operator).slice(0, 40)}' for attribute '${a.name}'. Valid operators are: stringEquals, stringMatch.`);
      }
      out.operator = a.operator;
    }
    return out;
  });
}

/** POST /v1/policies, PUT /v1/policies/{id}. */
export function draftV1(body: Partial<PolicyBody>): PolicyDraft {
  const type = checkType(body.type, 1);
  if (!Array.isArray(body.subjects) || body.subjects.length !== 1 || !isObject(body.subjects[0])) {
    throw invalidBody('The policy must have exactly one subject.');
  }
  if (!Array.isArray(body.resources) || body.resources.length !== 1 || !isObject(body.resources[0])) {
    throw invalidBody('Only one resource is allowed in a policy.');
  }
  const subject = v1Attrs('subject', body.subjects[0].attributes, false);
  const res = body.resources[0];
  const resource = v1Attrs('resource', res.attributes, true);
  const tags = res.tags === undefined ? [] : v1Attrs('tag', res.tags, true);
  noDuplicates('subject', subject);
  noDuplicates('resource', resource);
  checkSubject(subject, type);
  if (type === 'access') checkAccessResource(resource);
  const roles = checkRoles(body.roles);
  if (body.description !== undefined && typeof body.description !== 'string') throw invalidBody('The description must be a string.');
  const doc: Record<string, unknown> = { subjects: body.subjects, resources: body.resources };
  if (body.description !== undefined) doc.description = body.description;
  return { api: 1, type, subject, resource, tags, roles, doc };
}

function v2Attrs(where: string, holder: unknown, operators: string[]): Attr[] {
  if (!isObject(holder) || !Array.isArray(holder.attributes)) throw invalidBody(`The ${where} must have an 'attributes' array.`);
  return holder.attributes.map((a: unknown) => {
    if (!isObject(a) || typeof a.key !== 'string' || a.key === '') throw invalidBody(`Each ${where} attribute must have a 'key'.`);
    if (typeof a.operator !== 'string' || !operators.includes(a.operator)) {
      throw invalidBody(`Invalid operator '${String(a.operator).slice(0, 40)}' for ${where} attribute '${a.key}'. Valid operators are: ${operators.join(', ')}.`);
    }
    const value = a.operator === 'stringExists' ? String(a.value) : Array.isArray(a.value) ? a.value.map(String).join(',') : checkValue(where, a.key, a.value);
    return { name: a.key, value, operator: a.operator };
  });
}

function countConditions(rule: unknown, depth: number): number {
  if (!isObject(rule)) throw invalidBody('A rule must be an object.');
  if (Array.isArray(rule.conditions)) {
    if (depth >= 2) throw invalidBody('Rule conditions can be nested at most two levels.');
    if (rule.operator !== 'and' && rule.operator !== 'or') throw invalidBody("A rule with conditions must have the operator 'and' or 'or'.");
    return rule.conditions.reduce((n: number, c: unknown) => n + countConditions(c, depth + 1), 0);
  }
  if (typeof rule.key !== 'string' || typeof rule.operator !== 'string' || rule.value === undefined) {
    throw invalidBody("A rule condition must have 'key', 'operator' and 'value'.");
  }
  return 1;
}

const PATTERNS = ['time-based-conditions:once', 'time-based-conditions:weekly:all-day', 'time-based-conditions:weekly:custom-hours', 'attribute-based-condition:resource:literal-and-wildcard'];

/** POST /v2/policies, PUT /v2/policies/{id}. */
export function draftV2(body: Partial<V2PolicyBody>): PolicyDraft {
  const type = checkType(body.type, 2);
  if (!isObject(body.control) || !isObject(body.control.grant)) throw invalidBody("The policy must have 'control.grant.roles'.");
  const roles = checkRoles(body.control.grant.roles);
  const subject = v2Attrs('subject', body.subject, ['stringEquals', 'stringExists']);
  const resource = v2Attrs('resource', body.resource, ['stringEquals', 'stringExists', 'stringMatch', 'stringEqualsAnyOf', 'stringMatchAnyOf']);
  const tags = isObject(body.resource) && Array.isArray(body.resource.tags)
    ? body.resource.tags.map((t) => ({ name: String(t?.key), value: String(t?.value), operator: String(t?.operator) }))
    : [];
  noDuplicates('subject', subject);
  noDuplicates('resource', resource);
  checkSubject(subject, type);
  checkAccessResource(resource);
  if (body.rule !== undefined) {
    if (countConditions(body.rule, 0) > RULE_CONDITIONS_MAX) throw invalidBody(`A rule has at most ${RULE_CONDITIONS_MAX} conditions.`);
    if (typeof body.pattern !== 'string') throw invalidBody("A policy with a rule must have a 'pattern'.");
  }
  if (body.pattern !== undefined && !PATTERNS.includes(body.pattern as string)) {
    throw invalidBody(`Invalid pattern '${String(body.pattern).slice(0, 80)}'. Valid patterns are: ${PATTERNS.join(', ')}.`);
  }
  const doc: Record<string, unknown> = { subject: body.subject, resource: body.resource };
  if (body.description !== undefined) doc.description = body.description;
  if (body.rule !== undefined) doc.rule = body.rule;
  if (body.pattern !== undefined) doc.pattern = body.pattern;
  return { api: 2, type, subject, resource, tags, roles, ...(body.rule ? { rule: body.rule } : {}), ...(body.pattern ? { pattern: body.pattern } : {}), doc };
}

/** The value of an attribute given with stringEquals (or no operator). */
export const attrValue = (attrs: Attr[], name: string): string | undefined =>
  attrs.find((a) => a.name === name && (a.operator === undefined || a.operator === 'stringEquals'))?.value;

/**
 * What two policies must share to be the same access: type, subject, resource attributes and tags, rule.
 * Roles are not part of it (IBM asks to update the roles of the existing policy instead).
 */
export function targetKey(d: Pick<PolicyDraft, 'type' | 'subject' | 'resource' | 'tags' | 'rule'>): string {
  const norm = (attrs: Attr[]) => attrs.map((a) => [a.name, a.operator ?? 'stringEquals', a.value]).sort((x, y) => (x.join('\0') < y.join('\0') ? -1 : 1));
  return JSON.stringify([d.type, norm(d.subject), norm(d.resource), norm(d.tags), d.rule ?? null]);
}

/** A stored policy as the renderers need it. */
export interface PolicyRecord {
  id: string; api: number; type: PolicyType; state: 'active' | 'deleted'; roles: string[]; doc: Record<string, unknown>;
  created_at: number; created_by: string; modified_at: number; modified_by: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The v1 object: v1 policies as stored, v2 ones as IBM's placeholder. */
export function toV1(r: PolicyRecord, origin: string, role: (crn: string) => PolicyRole): Policy {
  const common = {
    created_at: iso(r.created_at), created_by_id: r.created_by, last_modified_at: iso(r.modified_at), last_modified_by_id: r.modified_by, state: r.state,
  };
  if (r.api === 1) {
    return {
      id: r.id, type: r.type, ...(r.doc.description !== undefined ? { description: r.doc.description as string } : {}),
      subjects: r.doc.subjects as PolicySubject[], roles: r.roles.map(role), resources: r.doc.resources as PolicyResource[],
      href: `${origin}/v1/policies/${r.id}`, ...common,
    };
  }
  const account = ((r.doc.resource as { attributes: V2Attribute[] }).attributes.find((a) => a.key === ATTR.accountId)?.value as string) ?? '';
  return {
    id: r.id, type: r.type, description: V1_PLACEHOLDER.description,
    subjects: [{ attributes: [{ name: ATTR.iamId, value: V1_PLACEHOLDER.subjectIamId }] }],
    roles: [{ role_id: V1_PLACEHOLDER.roleCrn, display_name: 'UnsupportedVersion' }],
    resources: [{ attributes: [{ name: ATTR.accountId, value: account, operator: 'stringEquals' }] }],
    href: `${origin}/v2/policies/${r.id}`, ...common,
  };
}

/** The v2 object: v2 policies as stored, v1 ones converted (their href stays /v1/, as IBM's). */
export function toV2(r: PolicyRecord, origin: string): V2Policy {
  const common = {
    id: r.id, type: r.type, control: { grant: { roles: r.roles.map((role_id) => ({ role_id })) } },
    href: `${origin}/v${r.api}/policies/${r.id}`, created_at: iso(r.created_at), created_by_id: r.created_by,
    last_modified_at: iso(r.modified_at), last_modified_by_id: r.modified_by, state: r.state,
  };
  if (r.api === 2) {
    const { description, subject, resource, rule, pattern } = r.doc as Record<string, never>;
    return { ...common, ...(description !== undefined ? { description } : {}), subject, resource, ...(pattern !== undefined ? { pattern } : {}), ...(rule !== undefined ? { rule } : {}) };
  }
  const subjects = r.doc.subjects as PolicySubject[];
  const resources = r.doc.resources as PolicyResource[];
  const res = resources[0]!;
  return {
    ...common,
    ...(r.doc.description !== undefined ? { description: r.doc.description as string } : {}),
    subject: { attributes: subjects[0]!.attributes.map((a) => ({ key: a.name, operator: 'stringEquals', value: a.value })) },
    resource: {
      attributes: res.attributes.map((a) => ({ key: a.name, operator: a.operator ?? 'stringEquals', value: a.value })),
      ...(res.tags ? { tags: res.tags.map((t) => ({ key: t.name, value: t.value, operator: t.operator ?? 'stringEquals' })) } : {}),
    },
  };
}
