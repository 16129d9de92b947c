// Rotation of a service ID's API key, on IamClient calls only (so it works on both transports): check the old
// key, create its successor, keep the new secret, then retire the old key. Once the new key exists, a failure
// never hides it: the caller gets a RotationIncomplete that says what each key is now and what to run.
import { DryRunStop } from '../../client/dry-run.js';
import { ApiError } from '../../client/errors.js';
import type { Entity, IamClient } from '../../client/iam-client.js';
import type { ApiKey, CreateApiKeyBody } from '../../wire/types.js';
import { iamTime, parseIamTime } from '../../wire/time.js';
import { CliError } from '../errors.js';
import { Exit } from '../exit-codes.js';
import { safeText } from '../output/safe.js';

export const RETIRE_MODES = ['expire', 'disable', 'delete', 'keep'] as const;
export type RetireMode = (typeof RETIRE_MODES)[number];

/** Refuses an old key that cannot be rotated, before anything is created. */
export function checkRotatable(old: ApiKey, sidArg: string, now: number): void {
  const which = `API key '${safeText(old.name)}' (${old.id}) of service ID '${safeText(sidArg)}'`;
  if (old.locked) {
    throw new CliError(Exit.conflict, `${which} is locked, so it cannot be retired. Unlock it first with 'iamkeys service-api-key-unlock ${old.id} ${safeText(sidArg)}'. Nothing was created.`);
  }
  const expires = old.expires_at !== undefined ? parseIamTime(old.expires_at) : undefined;
  if (expires !== undefined && expires <= now) {
    throw new CliError(Exit.conflict, `${which} expired at ${old.expires_at}; there is nothing to rotate. Create a new key with 'iamkeys service-api-key-create'. Nothing was created.`);
  }
}

/** The successor's body: the old key's name, description, leaked-key action and length of validity from now. */
export function successorBody(old: ApiKey, now: number): CreateApiKeyBody {
  const body: CreateApiKeyBody = { name: old.name, iam_id: old.iam_id, action_when_leaked: old.action_when_leaked };
  if (old.description !== undefined) body.description = old.description;
  const created = parseIamTime(old.created_at);
  const expires = old.expires_at !== undefined ? parseIamTime(old.expires_at) : undefined;
  if (created !== undefined && expires !== undefined) body.expires_at = iamTime(now + Math.max(expires - created, 60_000));
  return body;
}

/**
 * When the old key stops working under `expire`: now + grace, never later than it would have expired anyway
 * (a rotation does not lengthen the old key's life).
 */
export function retireAt(old: ApiKey, now: number, graceMs: number): string {
  const current = old.expires_at !== undefined ? parseIamTime(old.expires_at) : undefined;
  const at = now + graceMs;
  return iamTime(current !== undefined && current < at ? current : at);
}

/** The new key exists and its secret is kept, but the old key's retirement failed. */
export class RotationIncomplete extends CliError {
  constructor(message: string, readonly newKey: ApiKey, readonly oldKey: ApiKey) {
    super(Exit.failure, message);
  }
}

export interface RetireStep {
  mode: RetireMode;
  /** For `expire`: the old key's new expires_at. */
  at?: string;
}

/** Retires the old key as asked; returns it as it is afterwards (as it was, for `delete`). */
export async function retire(client: IamClient, old: Entity<ApiKey>, step: RetireStep): Promise<ApiKey> {
  switch (step.mode) {
    case 'keep':
      return old.value;
    case 'expire':
      // Already expiring by then: nothing to change.
      if (old.value.expires_at === step.at) return old.value;
      return client.updateApiKey(old.value.id, old.etag, { expires_at: step.at! });
    case 'disable':
      await client.setApiKeyFlag(old.value.id, 'disable', true);
      return (await client.getApiKey(old.value.id)).value;
    case 'delete':
      await client.deleteApiKey(old.value.id);
      return old.value;
  }
}

/**
 * Under --dry-run the run stops at the successor's creation; the old key's retirement, the change after it, is
 * added to the plan, found the same way (the dry-run transport stops it, after the checks it makes for a change).
 */
export async function planRetirement(stop: DryRunStop, client: IamClient, old: Entity<ApiKey>, step: RetireStep): Promise<DryRunStop> {
  try {
    await retire(client, old, step);
  } catch (err) {
    if (!(err instanceof DryRunStop)) throw err;
    stop.then.push(err.request, ...err.then);
  }
  return stop;
}

/**
 * The message for a retirement that failed: what the new key is, what the old key is now (read again, so the
 * words are the state, not a guess), and the one command that finishes the rotation.
 */
export async function incomplete(client: IamClient, old: Entity<ApiKey>, created: ApiKey, step: RetireStep, sidArg: string,
  secretWhere: string, err: unknown): Promise<RotationIncomplete> {
  const reason = err instanceof Error ? err.message : String(err);
  const sid = safeText(sidArg);
  const finish = {
    expire: `iamkeys service-api-key-update ${old.value.id} ${sid} --expires-at ${step.at} -f`,
    disable: `iamkeys service-api-key-disable ${old.value.id} ${sid} -f`,
    delete: `iamkeys service-api-key-delete ${old.value.id} ${sid} -f`,
    keep: '',
  }[step.mode];
  let now: ApiKey = old.value;
  let oldState: string;
  try {
    now = (await client.getApiKey(old.value.id)).value;
    const retired = step.mode === 'expire' ? now.expires_at === step.at : step.mode === 'disable' ? now.disabled : false;
    oldState = retired
      ? `was ${step.mode === 'expire' ? `set to expire at ${step.at}` : 'disabled'} after all (IAM's answer was lost); nothing is left to do`
      : `is unchanged: ${describe(now)}. Finish with '${finish}'`;
  } catch (readErr) {
    if (readErr instanceof ApiError && readErr.status === 404) {
      oldState = step.mode === 'delete' ? 'was deleted after all (IAM\'s answer was lost); nothing is left to do' : 'no longer exists';
    } else {
      oldState = `could not be read again, so its state is not known. Check it with 'iamkeys service-api-key ${old.value.id} ${sid}', then finish with '${finish}' if it still works`;
    }
  }
  const verb = { expire: 'set to expire', disable: 'disabled', delete: 'deleted', keep: 'kept' }[step.mode];
  return new RotationIncomplete(
    `The new API key ${created.id} was created and works; its secret ${secretWhere}. The old API key ${old.value.id} could not be ${verb} (${safeText(reason)}). The old key ${oldState}.`,
    created, now);
}

const describe = (k: ApiKey): string =>
  `${k.disabled ? 'disabled' : 'enabled'}, ${k.expires_at !== undefined ? `expires at ${k.expires_at}` : 'no expiry'}, so it still ${k.disabled ? 'gets no token' : 'gets tokens'}`;
