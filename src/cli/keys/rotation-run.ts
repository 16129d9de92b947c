// One rotation of an API key from its successor's creation to the old key's retirement (the steps are told in
// rotate.ts), for any API key: a service ID's or a user's. The caller checks and confirms first, and keeps the
// new secret (shows it, or writes it) when asked to, between winning the rotation and retiring the old key.
import { DryRunStop } from '../../client/dry-run.js';
import type { Entity, IamClient } from '../../client/iam-client.js';
import type { ApiKey } from '../../wire/types.js';
import { claim, planRetirement, removeUnfinished, retire, successorBody, type RetireStep } from './rotate.js';
import { incomplete, RotationLost, type KeyCommands } from './rotation-failures.js';
import type { RotationStart } from './rotation-target.js';

export interface RotationPlan {
  client: IamClient;
  accountId: string;
  old: Entity<ApiKey>;
  start: RotationStart;
  step: RetireStep;
  names: KeyCommands;
  now: number;
}

export interface SecretKeeper {
  /**
   * Keeps the new secret, once the rotation is won (`removed`: the unfinished successors it deleted). Throwing
   * undoes the rotation: the caller deletes the successor it could not keep (saveKeyOrRollBack), and the old key
   * loses its mark again.
   */
  keep(created: ApiKey, removed: string[]): Promise<void>;
  /** Where the secret is, for the message of a rotation that could not finish: "is saved in FILE". */
  where: string;
}

export interface Rotated {
  /** The successor as handed over, with its secret. */
  created: ApiKey;
  /** The old key as retired (as it was, when deleted). */
  old: ApiKey;
}

/**
 * Runs the rotation. Throws RotationLost (exit 5) when another change of the old key won, RotationIncomplete
 * (exit 1, with both keys) when the old key's retirement failed after the secret was kept, DryRunStop under
 * --dry-run with every change of the run in its plan.
 */
export async function runRotation(p: RotationPlan, keeper: SecretKeeper): Promise<Rotated> {
  const { client, old, step, names } = p;
  const created = await client.createApiKey(successorBody(old.value, p.now, old.value.entity_tag), false).catch(async (err: unknown) => {
    throw err instanceof DryRunStop ? await planRetirement(err, client, old, step) : err;
  });
  const claimed = await claim(client, old, created, names);
  const removed = await removeUnfinished(client, p.accountId, old.value, created.id, p.start.kind === 'take-over' ? p.start.to : undefined)
    .catch(() => []);
  await keeper.keep(created, removed).catch(async (err: unknown) => {
    await client.updateApiKey(old.value.id, claimed.etag, { description: old.value.description ?? '' }).catch(() => undefined);
    throw err;
  });
  try {
    const { old: retired, created: handed } = await retire(client, claimed, created, step, names);
    return { created: handed, old: retired };
  } catch (err) {
    if (err instanceof RotationLost) throw err;
    throw await incomplete(client, claimed, created, step, names, keeper.where, err);
  }
}
