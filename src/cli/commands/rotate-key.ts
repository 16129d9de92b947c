// One rotation command for any API key: `service-api-key-rotate` (a service ID's key) and `api-key-rotate` (a
// user's own key) differ only in how the key is found and how messages name it and the commands that act on it.
// The rotation itself (marks, the versioned win, the loser's clean-up, a rerun finishing) is keys/rotation-run.ts;
// this file parses --retire/--grace, confirms, keeps the new secret (shown or --file) and renders.
import type { Entity, IamClient } from '../../client/iam-client.js';
import type { ApiKey } from '../../wire/types.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { parseDuration } from '../input/flags.js';
import {
  RETIRE_MODES, RotationIncomplete, checkRotatable, finishRetirement, oldKeyForJson, plainDescription, retireAt,
  type KeyCommands, type RetireMode, type RetireStep,
} from '../keys/rotate.js';
import { runRotation, type SecretKeeper } from '../keys/rotation-run.js';
import { isRotationCandidate, rotationStart } from '../keys/rotation-target.js';
import { safeText } from '../output/safe.js';
import { FORCE, type Given, type OptionSpec } from '../spec.js';
import { checkKeyFile, keyForJson, saveKeyOrRollBack } from '../state/key-file.js';
import { removeLeftoverTemps } from '../state/leftover-temps.js';
import { begin, quoted, showCreatedKey, shown } from './shared.js';

const DEFAULT_GRACE = '24h';

/** The options of a rotation, after its argument(s): a service ID's key and a user's alike. */
export const ROTATE_OPTIONS: OptionSpec[] = [
  { flags: '--file <FILE>', description: 'Save the new API key to FILE (0600, replaced atomically) instead of showing it' },
  { flags: '--retire <MODE>', description: 'What happens to the old key: expire (after --grace), disable, delete or keep', defaultValue: 'expire', choices: [...RETIRE_MODES] },
  { flags: '--grace <DURATION>', description: `With --retire expire, how long the old key keeps working (default ${DEFAULT_GRACE}; min, h, d, w)` },
  { ...FORCE, description: 'Disable or delete the old key, or overwrite --file, without confirmation' },
];

export interface RotateOptions {
  mode: RetireMode;
  graceMs: number;
  file: string | undefined;
  force: boolean;
}

/** --retire, --grace, --file and -f, checked (exit 2 on a bad value or a --grace that does not apply). */
export function rotateOptions(given: Given): RotateOptions {
  const mode = given.str('retire')?.toLowerCase() ?? 'expire';
  if (!(RETIRE_MODES as readonly string[]).includes(mode)) {
    throw usageError(`--retire must be expire, disable, delete or keep, not '${safeText(given.str('retire') ?? '')}'.`);
  }
  const grace = given.str('grace');
  if (grace !== undefined && mode !== 'expire') throw usageError(`--grace applies to --retire expire only, not --retire ${mode}.`);
  const graceMs = parseDuration(grace ?? DEFAULT_GRACE, '--grace', { zero: true });
  return { mode: mode as RetireMode, graceMs, file: given.str('file'), force: given.bool('force') };
}

/** What differs between a service ID's key and a user's key. */
export interface KeyToRotate {
  /** The key as typed, for questions. */
  arg: string;
  /** The progress line's words after "Rotating API key ARG", e.g. ` of service ID 'app'` (with shown()). */
  progress: (ctx: Context) => string;
  /** After "API key 'k'" in questions, e.g. ` of service ID 'app'` (quoted), or ''. */
  ofWhom: string;
  /** The sentence that says the successor was made, e.g. `Service ID API key 'k' is created as the successor of ID`. */
  created: (ctx: Context, name: string, oldId: string) => string;
  names: KeyCommands;
  /** Finds the key; among keys of one name, `prefer` picks the one meant. */
  find(client: IamClient, accountId: string, prefer: (k: ApiKey, sameName: readonly ApiKey[]) => boolean): Promise<Entity<ApiKey>>;
}

export async function rotateKey(ctx: Context, key: KeyToRotate, { mode, graceMs, file, force }: RotateOptions): Promise<void> {
  const target = file !== undefined ? checkKeyFile(file) : undefined;
  const { names } = key;
  const { client, accountId } = await begin(ctx, (w) => `Rotating API key ${shown(ctx, key.arg)}${key.progress(ctx)} ${w.where}...`);
  const now = Date.now();
  // The successor has the old key's name: among keys of one name, the one meant is the one still in use, not a
  // predecessor being retired nor a successor whose rotation has not finished (rotation-target.ts).
  const old = await key.find(client, accountId, (k, sameName) => isRotationCandidate(k, sameName, now));
  const start = rotationStart(old.value);
  checkRotatable(old.value, start, names, now);
  const oldId = safeText(old.value.id);

  if (start.kind === 'finish') {
    // Killed after the successor's secret was out and the old key marked: only the disabling or deletion is left.
    if (start.retire !== mode) {
      throw usageError(`API key ${oldId} was rotated to ${safeText(start.to)} with --retire ${start.retire}, which did not finish. Finish with '${names.command(start.retire, old.value.id)}'. Nothing was changed.`);
    }
    await ctx.confirm(`Are you sure you want to ${mode} API key ${quoted(key.arg)}${key.ofWhom}, rotated to ${safeText(start.to)}?`, force);
    const retired = await finishRetirement(client, old, start.to, start.retire);
    if (ctx.json) return ctx.ui.json({ new: null, old: oldKeyForJson(retired) });
    return ctx.ui.ok(`The rotation of ${oldId} to ${safeText(start.to)} had not finished: the old API key is now ${start.retire === 'disable' ? 'disabled' : 'deleted'}.`);
  }

  const step: RetireStep = { mode, ...(mode === 'expire' ? { at: retireAt(old.value, now, graceMs) } : {}) };
  if (target?.exists && file !== undefined) await ctx.confirm(`File ${quoted(file)} exists. Overwrite it with the new API key?`, force);
  if (mode === 'disable' || mode === 'delete') {
    await ctx.confirm(`Are you sure you want to create a new API key and then ${mode} API key ${quoted(key.arg)}${key.ofWhom}?`, force);
  }
  // The secret is kept only by a run that won, and before the old key is retired: a failure from then on leaves
  // two working keys, never a lost secret.
  const keeper: SecretKeeper = {
    where: target ? `is saved in ${safeText(target.path)}` : ctx.json ? 'is in the JSON on stdout' : 'is shown above',
    async keep(created, removed) {
      const temps = target ? removeLeftoverTemps(target.path) : { removed: [], kept: [] };
      await saveKeyOrRollBack(client, target, plainDescription(created));
      if (!ctx.json) {
        if (start.kind === 'take-over') ctx.ui.progress(`A rotation of ${oldId} to ${safeText(start.to)} had not finished; this one takes its place.`);
        if (removed.length > 0) ctx.ui.progress(`Deleted ${removed.length === 1 ? 'the unfinished successor' : 'unfinished successors'} ${removed.map(safeText).join(', ')} that an interrupted or losing rotation left.`);
        if (temps.removed.length > 0) ctx.ui.progress(`Removed leftover temporary ${temps.removed.length === 1 ? 'file' : 'files'} ${temps.removed.map(safeText).join(', ')}.`);
        showCreatedKey(ctx, plainDescription(created), target, key.created(ctx, created.name, oldId), { secretRow: target === undefined });
      }
      if (temps.kept.length > 0) ctx.ui.warn(`Leftover temporary files of an interrupted write could not be removed: ${temps.kept.map(safeText).join(', ')}.`);
      if (!ctx.json && step.mode !== 'keep') {
        const doing = { expire: `Setting the old API key ${oldId} to expire at ${step.at}`, disable: `Disabling the old API key ${oldId}`, delete: `Deleting the old API key ${oldId}` }[step.mode];
        ctx.ui.progress(`${doing}...`);
      }
    },
  };
  let handed;
  let retired;
  try {
    ({ created: handed, old: retired } = await runRotation({ client, accountId, old, start, step, names, now }, keeper));
  } catch (err) {
    if (err instanceof RotationIncomplete && ctx.json) ctx.ui.json({ new: keyForJson(err.newKey, target !== undefined), old: oldKeyForJson(err.oldKey) });
    throw err;
  }
  if (ctx.json) return ctx.ui.json({ new: keyForJson(handed, target !== undefined), old: oldKeyForJson(retired) });
  ctx.ui.ok({
    expire: `The old API key ${oldId} expires at ${step.at}: both keys work until then.`,
    disable: `The old API key ${oldId} is disabled.`,
    delete: `The old API key ${oldId} is deleted.`,
    keep: `The old API key ${oldId} is kept, marked as rotated: both keys work.`,
  }[step.mode]);
}
