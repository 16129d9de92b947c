// The Policy Management API's errors: its own body, `{trace, errors:[{code, message, details?}], status_code}`,
// unlike IAM Identity's (no message_code). Wording is IBM's where a capture exists, ours where marked.
import { POLICY_IF_MATCH_REFUSAL } from '../../wire/policies.js';

export class PolicyError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'PolicyError';
  }
}

export const invalidBody = (message: string): PolicyError => new PolicyError(400, 'invalid_body', message);

export const missingQuery = (name: string): PolicyError =>
  new PolicyError(400, 'missing_required_query_parameter', `The query parameter '${name}' is required.`);

export const policyNotFound = (id: string): PolicyError => new PolicyError(404, 'policy_not_found', `Policy with Id ${id} not found.`);

export const roleNotFound = (id: string): PolicyError => new PolicyError(404, 'role_not_found', `Role with Id ${id} not found.`);

/**
 * IBM's refusal (the words of its 403s of IAM Identity), naming the action, the caller and the resource:
 * `Access check for action '…' for subject '…' for resource '…' was denied due to lack of access policy.`
 */
export const accessDenied = (action: string, subject: string, resource: string): PolicyError =>
  new PolicyError(403, 'insufficent_permissions', 'You are not authorized to use this API.', {
    reason: `Access check for action '${action}' for subject '${subject}' for resource '${resource}' was denied due to lack of access policy.`,
  });

export const policyConflict = (existingId: string, etag: string, policy: unknown): PolicyError =>
  new PolicyError(409, 'policy_conflict_error',
    `The policy wasn't created because an access policy with identical attributes already exists. Please update the roles in the existing policy (${existingId}), or update the one you're trying to assign to include a different attribute assignment.`,
    { conflicts_with: { etag, policy } });

export const roleConflict = (role: unknown): PolicyError =>
  new PolicyError(409, 'role_conflict_error', 'This role name has already been used, please update the existing one or change the role name.', { conflicts_with: { role } });

// [ours] IBM documents the refusal, not its body.
export const subjectLocked = (serviceId: string): PolicyError =>
  new PolicyError(409, 'unable_to_process', `The policies of service ID '${serviceId}' cannot be changed because it is locked. Unlock it first.`);

export const ifMatchFailed = (id: string, missing: boolean): PolicyError =>
  new PolicyError(POLICY_IF_MATCH_REFUSAL.status, POLICY_IF_MATCH_REFUSAL.code, missing
    ? `The If-Match header is required to change ${id}.`
    : `The If-Match header does not match the current ETag of ${id}. Read it again and retry.`);

export const quotaExceeded = (what: string): PolicyError =>
  new PolicyError(422, 'unable_to_process', 'Exceeded maximum policies quota error', { reason: what });
