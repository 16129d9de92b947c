// Rotation of an API key (a service ID's or a user's: only the key's own fields are used), on IamClient calls
// only, so it works on both transports. The steps, each safe to be killed after (rotation-mark.ts has the marks):
//   1. create the successor, marked `successor of OLD at VERSION` (the version read at the start);
//   2. win the rotation: mark the old key `rotating to NEW` with If-Match of the version read at the start. Of two
//      concurrent rotations only one wins; the loser deletes its own successor and says which change won;
//   3. delete the successors of this name that can no longer win (killed or losing runs: marked with an older
//      version) and the one a rotation this run takes over had made, and the leftover temp files of --file;
//   4. keep the new secret (shown, or written to --file; rotation-run.ts runs the steps with the caller's keeper);
//   5. hand the successor over: its description loses the mark (a key still marked is unfinished);
//   6. mark the old key `rotated to NEW` (versioned again: a run that took over meanwhile makes this one lose),
//      with its new expires_at under `expire`; then disable or delete it under those modes.
// Once the new key exists, a failure never hides it: the caller gets an error that says what each key is now.
import { DryRunStop } from '../../client/dry-run.js';
import { ApiError } from '../../client/errors.js';
import type { Entity, IamClient } from '../../client/iam-client.js';
import type { ApiKey, CreateApiKeyBody, UpdateApiKeyBody } from '../../wire/types.js';
import { iamTime, parseIamTime } from '../../wire/time.js';
import { CliError } from '../errors.js';
import { Exit } from '../exit-codes.js';
import { safeText } from '../output/safe.js';
import { DESCRIPTION_MAX } from '../../wire/limits.js';
import { MARK_ROOM, baseDescription, markOf, roomForMark, withMark, type RetireMode } from './rotation-mark.js';
import { unfinishedSuccessors, type RotationStart } from './rotation-target.js';
import { is404, lost, type KeyCommands } from './rotation-failures.js';

export { RETIRE_MODES, type RetireMode } from './rotation-mark.js';
export { RotationIncomplete, RotationLost, type KeyCommands } from './rotation-failures.js';

const is409 = (err: unknown): boolean => err instanceof ApiError && err.status === 409;

/** Refuses an old key that cannot be rotated, before anything is created. */
export function checkRotatable(old: ApiKey, start: RotationStart, names: KeyCommands, now: number): void {
  const which = `API key '${safeText(old.name)}' (${safeText(old.id)})${names.owner ? ` ${names.owner}` : ''}`;
  if (old.locked) {
    throw new CliError(Exit.conflict, `${which} is locked, so it cannot be retired. Unlock it first with '${names.command('unlock', old.id)}'. Nothing was created.`);
  }
  if (start.kind === 'unfinished-successor') {
    throw new CliError(Exit.conflict, `${which} is a successor whose rotation did not finish (it was interrupted, or lost to another rotation). Run the rotation of its predecessor again: '${names.command('rotate', start.of)}'. Nothing was created.`);
  }
  const successor = start.kind === 'fresh' ? '' : ` Its successor is ${safeText(start.to)}: rotate that one with '${names.command('rotate', start.to)}'.`;
  if (old.disabled) {
    throw new CliError(Exit.conflict, `${which} is disabled, so it gets no token and is not rotated.${successor} Nothing was created.`);
  }
  const expires = old.expires_at !== undefined ? parseIamTime(old.expires_at) : undefined;
  if (expires !== undefined && expires <= now) {
    throw new CliError(Exit.conflict, `${which} expired at ${safeText(old.expires_at!)}; there is nothing to rotate. Create a new key with '${names.create}'. Nothing was created.`);
  }
  if (start.kind === 'rotated') {
    const until = start.retire === 'expire' ? `it keeps working until ${safeText(old.expires_at ?? '?')}` : 'it is kept as it was';
    throw new CliError(Exit.conflict, `${which} was already rotated (${until}).${successor} Nothing was created.`);
  }
  if (start.kind !== 'finish' && !roomForMark(old.description)) {
    throw new CliError(Exit.conflict, `${which} has a description too long to hold the rotation's mark; shorten it to ${DESCRIPTION_MAX - MARK_ROOM} characters first. Nothing was created.`);
  }
}

/**
 * The successor's body: the old key's name, description (marked as its successor of that version), leaked-key action and
 * length of validity from now. A key already being retired is never rotated again (checkRotatable), so the old
 * key's expiry is still the one it was made with.
 */
export function successorBody(old: ApiKey, now: number, version: string): CreateApiKeyBody {
  const body: CreateApiKeyBody = {
    name: old.name, iam_id: old.iam_id, action_when_leaked: old.action_when_leaked,
    description: withMark(old.description, { kind: 'successor', of: old.id, at: version }),
  };
  const created = parseIamTime(old.created_at);
  const expires = old.expires_at !== undefined ? parseIamTime(old.expires_at) : undefined;
  if (created !== undefined && expires !== undefined) body.expires_at = iamTime(now + Math.max(expires - created, 60_000));
  return body;
}

/** When the old key stops working under `expire`: now + grace, never later than it would have expired anyway. */
export function retireAt(old: ApiKey, now: number, graceMs: number): string {
  const current = old.expires_at !== undefined ? parseIamTime(old.expires_at) : undefined;
  const at = now + graceMs;
  return iamTime(current !== undefined && current < at ? current : at);
}

export interface RetireStep {
  mode: RetireMode;
  /** For `expire`: the old key's new expires_at. */
  at?: string;
}

/** Step 2: the versioned mark that makes this run the rotation's winner. Returns the old key as marked. */
export async function claim(client: IamClient, old: Entity<ApiKey>, created: ApiKey, names: KeyCommands): Promise<Entity<ApiKey>> {
  const body: UpdateApiKeyBody = { description: withMark(old.value.description, { kind: 'rotating', to: created.id }) };
  try {
    const marked = await client.updateApiKey(old.value.id, old.etag, body);
    return { value: marked, etag: marked.entity_tag };
  } catch (err) {
    if (err instanceof DryRunStop) throw err;
    // An answer lost on the way: the mark may be there. It is, if the key now names this run's successor.
    const now = await client.getApiKey(old.value.id).catch(() => undefined);
    const m = now ? markOf(now.value) : undefined;
    if (now && m?.kind === 'rotating' && m.to === created.id) return now;
    if (is409(err) || is404(err) || (now && now.value.entity_tag !== old.value.entity_tag)) throw await lost(client, old.value, created, names, now?.value, false);
    // The old key is as it was: nothing was won, so the successor goes again and the error is IAM's.
    await client.deleteApiKey(created.id).catch(() => undefined);
    throw err;
  }
}

/** Step 3: deletes the successors of the old key's name that can no longer win; returns their ids. */
export async function removeUnfinished(client: IamClient, accountId: string, old: ApiKey, keep: string, takenOver?: string): Promise<string[]> {
  const keys: ApiKey[] = [];
  for await (const page of client.apiKeysOf(accountId, old.iam_id)) keys.push(...page);
  const removed: string[] = [];
  for (const k of unfinishedSuccessors(old, keys, keep, takenOver)) {
    try {
      await client.deleteApiKey(k.id);
      removed.push(k.id);
    } catch (err) {
      if (is404(err)) removed.push(k.id);
      // Otherwise it stays, still marked: the next rotation of this key removes it.
    }
  }
  return removed;
}

/** Steps 5 and 6: hands the successor over, marks the old key rotated, then disables or deletes it. */
export async function retire(client: IamClient, claimed: Entity<ApiKey>, created: ApiKey, step: RetireStep,
  names: KeyCommands): Promise<{ old: ApiKey; created: ApiKey }> {
  const handed = await handOver(client, claimed.value, created, names);
  const old = await applyRetirement(client, await markRotated(client, claimed, created, step, names), step.mode);
  return { old, created: handed };
}

/** Step 5: the successor's description becomes the old key's own again; gone means another run took over. */
async function handOver(client: IamClient, old: ApiKey, created: ApiKey, names: KeyCommands): Promise<ApiKey> {
  const body: UpdateApiKeyBody = { description: baseDescription(created.description) };
  const withSecret = (k: ApiKey): ApiKey => ({ ...k, apikey: created.apikey });
  try {
    return withSecret(await client.updateApiKey(created.id, created.entity_tag, body));
  } catch (err) {
    if (is404(err)) {
      const now = await client.getApiKey(old.id).then((e) => e.value, () => undefined);
      throw await lost(client, old, created, names, now, true);
    }
    if (!is409(err)) throw err;
    // Changed by something else since its creation (or IAM's answer was lost): once more, on its version now.
    const now = await client.getApiKey(created.id);
    if (baseDescription(now.value.description) === now.value.description) return withSecret(now.value);
    return withSecret(await client.updateApiKey(created.id, now.etag, body));
  }
}

/** The versioned mark `rotated to NEW`: a run that took over since this one won makes it lose here. */
async function markRotated(client: IamClient, claimed: Entity<ApiKey>, created: ApiKey, step: RetireStep, names: KeyCommands): Promise<Entity<ApiKey>> {
  const body: UpdateApiKeyBody = { description: withMark(claimed.value.description, { kind: 'rotated', to: created.id, retire: step.mode }) };
  if (step.mode === 'expire' && claimed.value.expires_at !== step.at) body.expires_at = step.at!;
  try {
    const v = await client.updateApiKey(claimed.value.id, claimed.etag, body);
    return { value: v, etag: v.entity_tag };
  } catch (err) {
    if (!(is409(err) || is404(err))) throw err;
    const now = await client.getApiKey(claimed.value.id).catch(() => undefined);
    const m = now ? markOf(now.value) : undefined;
    if (!now || m === undefined || m.kind === 'successor' || m.to !== created.id) throw await lost(client, claimed.value, created, names, now?.value, true);
    if (m.kind === 'rotated') return now;
    // Still this run's rotation, changed by something else (or IAM's answer was lost): once more, on that version.
    const v = await client.updateApiKey(claimed.value.id, now.etag, body);
    return { value: v, etag: v.entity_tag };
  }
}

/**
 * The rerun of a rotation killed after the old key was marked rotated: the successor is handed over if it was
 * not yet, then the old key is disabled or deleted.
 */
export async function finishRetirement(client: IamClient, old: Entity<ApiKey>, to: string, mode: 'disable' | 'delete'): Promise<ApiKey> {
  const successor = await client.getApiKey(to).catch((err: unknown) => {
    if (is404(err)) return undefined;
    throw err;
  });
  if (successor && markOf(successor.value)?.kind === 'successor') {
    await client.updateApiKey(to, successor.etag, { description: baseDescription(successor.value.description) });
  }
  return applyRetirement(client, old, mode);
}

/** Disables or deletes the marked old key (nothing for expire and keep). */
async function applyRetirement(client: IamClient, old: Entity<ApiKey>, mode: RetireMode): Promise<ApiKey> {
  switch (mode) {
    case 'expire':
    case 'keep':
      return old.value;
    case 'disable':
      await client.setApiKeyFlag(old.value.id, 'disable', true);
      return (await client.getApiKey(old.value.id)).value;
    case 'delete':
      await client.deleteApiKey(old.value.id).catch((err: unknown) => {
        if (!is404(err)) throw err;
      });
      return old.value;
  }
}

/**
 * Under --dry-run the run stops at the successor's creation; the changes after it (the versioned marks on the
 * old key, its disabling or deletion) are added to the plan, found the same way: each is sent to the dry-run
 * transport, which stops it after the checks it makes for a change.
 */
export async function planRetirement(stop: DryRunStop, client: IamClient, old: Entity<ApiKey>, step: RetireStep): Promise<DryRunStop> {
  const planned = { ...old.value, id: 'ApiKey-(new)' };
  const steps: (() => Promise<unknown>)[] = [
    () => client.updateApiKey(old.value.id, old.etag, { description: withMark(old.value.description, { kind: 'rotating', to: planned.id }) }),
    // The successor does not exist in a dry run, so its hand-over is planned as the real run would send it.
    async () => {
      stop.then.push({
        method: 'PUT', path: `/v1/apikeys/${planned.id}`, idempotent: true,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'if-match': '(the new key\'s version)' },
        body: JSON.stringify({ description: baseDescription(old.value.description) }),
      });
    },
    () => client.updateApiKey(old.value.id, old.etag, {
      description: withMark(old.value.description, { kind: 'rotated', to: planned.id, retire: step.mode }),
      ...(step.mode === 'expire' && old.value.expires_at !== step.at ? { expires_at: step.at! } : {}),
    }),
  ];
  if (step.mode === 'disable') steps.push(() => client.setApiKeyFlag(old.value.id, 'disable', true));
  if (step.mode === 'delete') steps.push(() => client.deleteApiKey(old.value.id));
  for (const s of steps) {
    try {
      await s();
    } catch (err) {
      if (!(err instanceof DryRunStop)) throw err;
      stop.then.push(err.request, ...err.then);
    }
  }
  return stop;
}

/** The old key as `--output json` prints it: never with its secret (a store_value key's value). */
export const oldKeyForJson = (k: ApiKey): ApiKey => ({ ...k, apikey: '' });

/** What a key file holds as the description: the user's own, without the rotation's mark. */
export const plainDescription = (k: ApiKey): ApiKey => ({ ...k, description: baseDescription(k.description) });
