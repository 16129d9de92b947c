// The console's calls to IBM's IAM Policy Management API on this origin: a subject's access policies
// (/v1/policies, paged by IBM's `start` tokens), create, replace with If-Match (the policy's ETag, read when its
// Edit dialog opens, so a change made meanwhile is IAM's to report), delete, and the roles of a service
// (/v2/roles). Every rule stays IAM's.
//
// The v1 list shows a v2 policy only as IBM's placeholder (no roles, no resources); the console reads such a
// policy from /v2/policies/{id} to show what it grants, and deletes it there.
import type { Policy, PolicyBody, PolicyCollection, RoleCollection, V2Policy } from '../wire/policies.js';
import type { Api, Page } from './api.js';

export const POLICY_PAGE_SIZE = 50;

const path = (id: string, version: 1 | 2 = 1): string => `/v${version}/policies/${encodeURIComponent(id)}`;

/** A policy as the Access tab shows it: in v1's shape, v2 policies converted; `version` says where it lives. */
export interface ShownPolicy {
  policy: Policy;
  version: 1 | 2;
  /** A v2 policy with a rule (time-based or attribute conditions), which the v1 shape cannot hold. */
  conditions: boolean;
}

/** IBM's v1 placeholder for a v2 policy is told by its href, which names /v2/policies. */
const isPlaceholder = (p: Policy): boolean => /\/v2\/policies\//.test(p.href ?? '');

async function shown(api: Api, p: Policy): Promise<ShownPolicy> {
  if (!isPlaceholder(p)) return { policy: p, version: 1, conditions: false };
  let v2: V2Policy;
  try {
    v2 = (await api.send<V2Policy>('GET', path(p.id, 2))).body;
  } catch {
    return { policy: p, version: 2, conditions: false }; // shown as IAM's placeholder says it
  }
  const attrs = v2.resource?.attributes ?? [];
  const policy: Policy = {
    ...p,
    description: v2.description,
    roles: v2.control.grant.roles,
    resources: [{
      attributes: attrs.map((a) => ({ name: a.key, value: Array.isArray(a.value) ? a.value.join(', ') : String(a.value), operator: a.operator })),
      ...(v2.resource?.tags ? { tags: v2.resource.tags.map((t) => ({ name: t.key, value: t.value, operator: t.operator })) } : {}),
    }],
  };
  return { policy, version: 2, conditions: v2.rule !== undefined };
}

/** The page token IBM's links carry as `start`; the console asks its own origin, whatever host they name. */
const startOf = (link: { href?: string; start?: string } | undefined): string | undefined =>
  link?.start ?? (link?.href ? new URL(link.href, location.href).searchParams.get('start') ?? undefined : undefined);

/** The token that stands for the first page, which IBM's links name by leaving `start` out. */
const FIRST = 'first';

/**
 * One subject's access policies, a page at a time. IBM's collection has no offset, and its link to the first page
 * has no `start`, so the lister remembers where each page it has seen begins and which page came before it.
 */
export function policyLister(api: Api, iamId: string): (token?: string) => Promise<Page<ShownPolicy>> {
  const offsets = new Map<string, number>([[FIRST, 0]]);
  const before = new Map<string, string>();
  return async (given) => {
    const token = given ?? FIRST;
    const q = new URLSearchParams({ account_id: api.accountId, iam_id: iamId, type: 'access', limit: String(POLICY_PAGE_SIZE) });
    if (token !== FIRST) q.set('start', token);
    const { body } = await api.send<PolicyCollection>('GET', `/v1/policies?${q}`);
    const offset = offsets.get(token) ?? 0;
    const items = await Promise.all((body.policies ?? []).map((p) => shown(api, p)));
    const next = startOf(body.next);
    if (next) {
      offsets.set(next, offset + items.length);
      before.set(next, token);
    }
    const previous = token === FIRST ? undefined : startOf(body.previous) ?? before.get(token) ?? FIRST;
    return { items, offset, next, previous };
  };
}

export async function getPolicy(api: Api, id: string): Promise<{ policy: Policy; etag: string }> {
  const { body, etag } = await api.send<Policy>('GET', path(id));
  // Without its ETag a replace cannot say which version it changes; IAM would refuse it anyway.
  return { policy: body, etag: etag ?? '' };
}

export async function createPolicy(api: Api, body: PolicyBody): Promise<Policy> {
  return (await api.send<Policy>('POST', '/v1/policies', { body })).body;
}

export async function replacePolicy(api: Api, id: string, etag: string, body: PolicyBody): Promise<Policy> {
  return (await api.send<Policy>('PUT', path(id), { body, ifMatch: etag })).body;
}

export async function deletePolicy(api: Api, id: string, version: 1 | 2): Promise<void> {
  await api.send('DELETE', path(id, version));
}

/** The roles one may grant on a service: the system (platform) roles, its service roles, the account's custom roles. */
export async function rolesOf(api: Api, serviceName: string | undefined): Promise<RoleCollection> {
  const q = new URLSearchParams({ account_id: api.accountId });
  if (serviceName) q.set('service_name', serviceName);
  const { body } = await api.send<Partial<RoleCollection>>('GET', `/v2/roles?${q}`);
  return { system_roles: body.system_roles ?? [], service_roles: body.service_roles ?? [], custom_roles: body.custom_roles ?? [] };
}
