// How a rotation that could not finish is told: it lost to another change of the old key (its own successor is
// deleted again), or the old key's retirement failed after the secret was kept. Each message says what each key
// is now, read again, and what finishes the rotation.
import { ApiError } from '../../client/errors.js';
import type { Entity, IamClient } from '../../client/iam-client.js';
import type { ApiKey } from '../../wire/types.js';
import { CliError } from '../errors.js';
import { Exit } from '../exit-codes.js';
import { safeText } from '../output/safe.js';
import { markOf, markWords } from './rotation-mark.js';
import type { RetireStep } from './rotate.js';

export const is404 = (err: unknown): boolean => err instanceof ApiError && err.status === 404;

/** How messages name the key's owner and the commands that act on a key (service ID keys, user keys). */
export interface KeyCommands {
  /** "of service ID 'app'", already escaped; '' for a user's own key. */
  owner: string;
  /** The command line that does `verb` to key `id`, escaped, e.g. `iamkeys service-api-key-disable ID app -f`. */
  command(verb: 'rotate' | 'disable' | 'delete' | 'show' | 'unlock', id: string): string;
  /** The command line that creates a new key in its place, escaped, e.g. `iamkeys service-api-key-create NAME app`. */
  create: string;
}

/** The new key exists and its secret is kept, but the old key's retirement failed. */
export class RotationIncomplete extends CliError {
  constructor(message: string, readonly newKey: ApiKey, readonly oldKey: ApiKey) {
    super(Exit.failure, message);
  }
}

/** Another change to the old key won; this run's successor was deleted again. */
export class RotationLost extends CliError {
  constructor(message: string) {
    super(Exit.conflict, message);
  }
}

/** A key's state in words: whether it gets tokens, its expiry and its part in a rotation. */
function describeKey(k: ApiKey): string {
  const mark = markWords(k);
  return `${k.locked ? 'locked, ' : ''}${k.disabled ? 'disabled' : 'enabled'}, ${k.expires_at !== undefined ? `expires at ${safeText(k.expires_at)}` : 'no expiry'}${mark ? `, ${safeText(mark)}` : ''}`;
}

/**
 * This run lost: another change to the old key won. Its own successor is deleted again (whether or not the
 * winner already did), and the message says what won and the state of each key, read again.
 */
export async function lost(client: IamClient, old: ApiKey, created: ApiKey, names: KeyCommands, now: ApiKey | undefined, afterClaim: boolean): Promise<RotationLost> {
  let ownGone: string;
  try {
    await client.deleteApiKey(created.id);
    ownGone = `This run deleted its own successor ${safeText(created.id)} again`;
  } catch (err) {
    ownGone = is404(err) ? `Its own successor ${safeText(created.id)} was already deleted by the run that won`
      : `Its own successor ${safeText(created.id)} could not be deleted (${safeText(err instanceof Error ? err.message : String(err))}); delete it with '${names.command('delete', created.id)}'`;
  }
  const secret = afterClaim ? ', so the secret this run gave out is of no use' : '';
  const m = now ? markOf(now) : undefined;
  const winner = m && m.kind !== 'successor' && m.to !== created.id ? m.to : undefined;
  const what = !now ? `the old API key ${safeText(old.id)} was deleted (or can no longer be read)`
    : winner ? `another rotation of API key ${safeText(old.id)} won: its successor is ${safeText(winner)}`
      : `API key ${safeText(old.id)} was changed by someone else after this rotation read it (its version is now ${safeText(now.entity_tag)})`;
  let winnerState = '';
  if (winner) {
    const w = await client.getApiKey(winner).then((e) => e.value, () => undefined);
    winnerState = w ? ` The successor ${safeText(winner)} is ${describeKey(w)}.` : ` The successor ${safeText(winner)} no longer exists.`;
  }
  const oldState = now ? ` The old key is ${describeKey(now)}.` : '';
  const next = winner ? '' : ` Nothing else was changed; run the rotation again if it is still wanted: '${names.command('rotate', old.id)}'.`;
  return new RotationLost(`This rotation lost: ${what}. ${ownGone}${secret}.${oldState}${winnerState}${next}`);
}

/**
 * The message for a retirement that failed for another reason (IAM unreachable, an error): what the new key is,
 * what the old key is now (read again, so the words are the state, not a guess), and the command that finishes.
 */
export async function incomplete(client: IamClient, old: Entity<ApiKey>, created: ApiKey, step: RetireStep, names: KeyCommands,
  secretWhere: string, err: unknown): Promise<RotationIncomplete> {
  const reason = err instanceof Error ? err.message : String(err);
  const verb = { expire: 'set to expire', disable: 'disabled', delete: 'deleted', keep: 'marked as rotated' }[step.mode];
  let now: ApiKey = old.value;
  let oldState: string;
  try {
    now = (await client.getApiKey(old.value.id)).value;
    const m = markOf(now);
    const marked = m?.kind === 'rotated' && m.to === created.id;
    const done = marked && (step.mode === 'expire' || step.mode === 'keep' || (step.mode === 'disable' && now.disabled));
    oldState = done
      ? `was ${verb} after all (IAM's answer was lost): ${describeKey(now)}; nothing is left to do`
      : marked
        ? `is ${describeKey(now)}. Finish with '${names.command(step.mode as 'disable' | 'delete', old.value.id)}', or run the same rotate command again`
        : `is ${describeKey(now)}. Finish by running the same rotate command again: it makes a fresh successor and deletes ${safeText(created.id)}`;
  } catch (readErr) {
    oldState = is404(readErr)
      ? (step.mode === 'delete' ? 'was deleted after all (IAM\'s answer was lost); nothing is left to do' : 'no longer exists')
      : `could not be read again, so its state is not known. Check it with '${names.command('show', old.value.id)}', then run the same rotate command again`;
  }
  return new RotationIncomplete(
    `The new API key ${safeText(created.id)} was created and works; its secret ${secretWhere}. The old API key ${safeText(old.value.id)} could not be ${verb} (${safeText(reason)}). The old key ${oldState}.`,
    created, now);
}

