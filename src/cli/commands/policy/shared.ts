// Pieces the policy commands share: the start (client, policy API, subject), the policy of a subject by id, the
// text of IAM's answers that the generic report would word less helpfully (a duplicate policy, a lock), the
// --file reading and the resource group of --resource-group-name.
import { readFileSync } from 'node:fs';
import { ApiError } from '../../../client/errors.js';
import type { Entity } from '../../../client/iam-client.js';
import { PolicyClient, type AnyPolicy, type PolicyApiVersion } from '../../../client/policy-client.js';
import type { Context } from '../../context.js';
import { CliError, notFoundError, usageError } from '../../errors.js';
import { Exit } from '../../exit-codes.js';
import { isIbmCloud } from '../../local-iam-api.js';
import { orNotFound } from '../../resolve.js';
import { describeApiError } from '../../output/api-error-text.js';
import { withConflictHints } from '../../output/conflicts.js';
import { quoted, safeText } from '../../output/safe.js';
import { viewOf, type Attr } from '../../policies/policy-body.js';
import { policyText } from '../../policies/policy-text.js';
import type { SubjectKind } from '../../policies/subject.js';
import { begin, shown, type Who } from '../shared.js';

export interface PolicyBegun {
  policies: PolicyClient;
  accountId: string;
  /** The subject's iam_id. */
  iamId: string;
  /** The subject is a locked service ID. */
  locked: boolean;
  endpoint: string;
}

/** The start of a policy command: the progress line, the client, and the subject's iam_id. */
export async function beginPolicy(ctx: Context, kind: SubjectKind, subjectArg: string, progress: (w: Who) => string): Promise<PolicyBegun> {
  const { client, accountId } = await begin(ctx, progress);
  const { iamId, locked } = await kind.subjectOf(client, accountId, subjectArg);
  return { policies: new PolicyClient(client), accountId, iamId, locked, endpoint: client.transport.endpoint };
}

/** `under current account for service ID X as U`, ibmcloud's words for where a policy command acts. */
export const forSubject = (ctx: Context, kind: SubjectKind, arg: string, w: Who): string =>
  `under current account for ${kind.noun} ${shown(ctx, arg)} as ${w.user}`;

export const policyNotFound = (kind: SubjectKind, id: string, subjectArg: string): CliError =>
  notFoundError(`Policy ${quoted(id)} was not found for ${kind.noun} ${quoted(subjectArg)}.`);

/** The policy by id, only if its subject is this one: another subject's policy is not found, never changed. */
export async function subjectPolicy<V extends PolicyApiVersion>(b: PolicyBegun, v: V, id: string, notFound: () => CliError): Promise<Entity<AnyPolicy<V>>> {
  const got = await orNotFound(() => b.policies.getPolicy(v, id), notFound);
  const view = viewOf(got.value, v);
  if (view.subjectIamId !== b.iamId || (got.value as { state?: string }).state === 'deleted') throw notFound();
  return got;
}

/** The text block of one policy, its version (ETag) shown when known. */
export function showPolicy(ctx: Context, p: AnyPolicy<PolicyApiVersion>, v: PolicyApiVersion, etag?: string): void {
  ctx.ui.data(policyText(viewOf(p, v), { ...(etag ? { version: etag } : {}), bold: (s) => ctx.ui.out.bold(s) }));
}

/** The id of the policy a 409 `policy_conflict_error` names: in its details, else in its words. */
export function conflictingPolicyId(err: ApiError): string | undefined {
  const details = (err.body as { errors?: { details?: { conflicts_with?: { policy?: { id?: unknown } } } }[] } | undefined)?.errors?.[0]?.details;
  const id = details?.conflicts_with?.policy?.id;
  if (typeof id === 'string') return id;
  return /\(([0-9a-fA-F-]{36})\)/.exec(err.message)?.[1];
}

/** `Service ID 'x'`, `User 'y'`: the start of a message about the subject. */
export const subjectText = (kind: SubjectKind, arg: string): string => `${kind.title}${kind.prefix === 'service' ? ' ID' : ''} ${quoted(arg)}`;

/**
 * A locked service ID's policies cannot be created, changed or deleted: told before the question (and by a dry
 * run), as for every locked entity. IAM stays the judge of what changes in between (its 409, below).
 */
export function refuseLockedSubject(b: PolicyBegun, kind: SubjectKind, subjectArg: string): void {
  if (!b.locked) return;
  throw new CliError(Exit.conflict, `${subjectText(kind, subjectArg)} is locked, so its policies cannot be created, changed or deleted. `
    + `Unlock it first with 'iamkeys service-id-unlock ${safeText(subjectArg)}'.`);
}

/** `Service ID 'x'` → `service ID 'x'`, inside a sentence. */
export const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * IAM's conflicts in the CLI's words: a duplicate policy names the one that exists and how to change it; a lock
 * (or a stale version) gets the usual hints. Exit 5 either way.
 */
export async function withPolicyConflicts<T>(kind: SubjectKind, subjectArg: string, policyId: string | undefined, fn: () => Promise<T>): Promise<T> {
  const arg = safeText(subjectArg);
  const hints = {
    subject: subjectText(kind, subjectArg),
    unlock: `iamkeys service-id-unlock ${arg}`,
    show: `iamkeys ${kind.prefix}-policy ${arg} ${policyId !== undefined ? safeText(policyId) : 'POLICY_ID'}`,
  };
  return withConflictHints(hints, async () => {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 409 || err.code !== 'policy_conflict_error') throw err;
      const existing = conflictingPolicyId(err);
      const change = existing
        ? ` (policy ${safeText(existing)}). Change its roles with 'iamkeys ${kind.prefix}-policy-update ${arg} ${safeText(existing)} --roles ...'`
        : '. Change the roles of that policy';
      throw new CliError(Exit.conflict, `${subjectText(kind, subjectArg)} already has a policy with these resource attributes${change}, or give other attributes.\nIAM: ${describeApiError(err)}`);
    }
  });
}

/** The JSON of a --file (`@FILE` or `FILE`), read when the command runs. */
export function readPolicyFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError(`The policy file ${quoted(file)} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw usageError(`The policy file ${quoted(file)} is not JSON.`);
  }
}

/**
 * `--resource-group-name`: IBM resolves a name through its Resource Manager, another service than IAM. The local
 * IAM has no resource groups, so a name stands for itself there (`default` is `default`); on IBM Cloud the
 * group's ID is needed. `*` (all groups) is the same everywhere.
 */
export function resourceGroupAttr(name: string | undefined, endpoint: string): Attr[] {
  if (name === undefined) return [];
  if (name !== '*' && endpoint !== 'local' && isIbmCloud(endpoint)) {
    throw usageError(`On IBM Cloud, give the resource group by ID: --resource-group-id ID (find it with 'ibmcloud resource group ${safeText(name)} --id').`);
  }
  return [{ name: 'resourceGroupId', value: name, operator: 'stringEquals' }];
}
