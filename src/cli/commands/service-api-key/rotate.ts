import { usageError } from '../../errors.js';
import { safeText } from '../../output/safe.js';
import { parseDuration } from '../../input/flags.js';
import { checkKeyFile, keyForJson, saveKeyOrRollBack } from '../../state/key-file.js';
import { isRetired } from '../../keys/key-state.js';
import { findApiKey } from '../../resolve.js';
import { RETIRE_MODES, checkRotatable, incomplete, planRetirement, retire, retireAt, successorBody, type RetireMode, type RetireStep } from '../../keys/rotate.js';
import { DryRunStop } from '../../../client/dry-run.js';
import { FORCE, defineCommand, type Given, type OptionSpec } from '../../spec.js';
import { begin, quoted, showCreatedKey, shown } from '../shared.js';
import { KEY_ARGS, keyArgs } from './action.js';

const DEFAULT_GRACE = '24h';

/** The options of a rotation, after its argument(s): a service ID's key and a user's alike. */
export const ROTATE_OPTIONS: OptionSpec[] = [
  { flags: '--file <FILE>', description: 'Save the new API key to FILE (0600, replaced atomically) instead of showing it' },
  { flags: '--retire <MODE>', description: 'What happens to the old key: expire (after --grace), disable, delete or keep', defaultValue: 'expire', choices: [...RETIRE_MODES] },
  { flags: '--grace <DURATION>', description: `With --retire expire, how long the old key keeps working (default ${DEFAULT_GRACE}; min, h, d, w)` },
  { ...FORCE, description: 'Disable or delete the old key, or overwrite --file, without confirmation' },
];

/** --retire and --grace, checked (exit 2 on a bad value or a --grace that does not apply). */
export function retirementFlags(given: Given): { mode: RetireMode; graceMs: number } {
  const mode = given.str('retire')?.toLowerCase() ?? 'expire';
  if (!(RETIRE_MODES as readonly string[]).includes(mode)) {
    throw usageError(`--retire must be expire, disable, delete or keep, not '${safeText(given.str('retire') ?? '')}'.`);
  }
  const grace = given.str('grace');
  if (grace !== undefined && mode !== 'expire') throw usageError(`--grace applies to --retire expire only, not --retire ${mode}.`);
  return { mode: mode as RetireMode, graceMs: parseDuration(grace ?? DEFAULT_GRACE, '--grace', { zero: true }) };
}

/** What became of the old key, once a rotation is done. */
export function retiredSentence(oldId: string, step: RetireStep): string {
  return {
    expire: `The old API key ${oldId} expires at ${step.at}: both keys work until then.`,
    disable: `The old API key ${oldId} is disabled.`,
    delete: `The old API key ${oldId} is deleted.`,
    keep: `The old API key ${oldId} is kept as it was: both keys work.`,
  }[step.mode];
}

export const apiKeyRotate = defineCommand({
  name: 'service-api-key-rotate',
  changes: true,
  summary: 'Replace an API key of a service ID with a new one, then retire the old one',
  args: KEY_ARGS,
  options: ROTATE_OPTIONS,
  examples: [
    'iamkeys service-api-key-rotate ci-key ci-deployer --file ci-key.json',
    'iamkeys service-api-key-rotate ci-key ci-deployer --retire delete -f --output json',
  ],
  parse(given) {
    const { key, sid } = keyArgs(given);
    return { key, sid, ...retirementFlags(given), file: given.str('file'), force: given.bool('force') };
  },
  async run(ctx, { key: keyArg, sid: sidArg, mode, graceMs, file, force }) {
    const target = file !== undefined ? checkKeyFile(file) : undefined;
    const { client, accountId } = await begin(ctx, (w) => `Rotating API key ${shown(ctx, keyArg)} of service ID ${shown(ctx, sidArg)} ${w.where}...`);
    const now = Date.now();
    // The successor has the old key's name: among keys of one name, the one that still works is the one to
    // rotate, so a monthly rotation by name is not stopped by last month's expired or disabled key.
    const old = await findApiKey(client, accountId, keyArg, sidArg, (k) => !isRetired(k, now));
    checkRotatable(old.value, sidArg, now);
    const step: RetireStep = { mode, ...(mode === 'expire' ? { at: retireAt(old.value, now, graceMs) } : {}) };
    if (target?.exists && file !== undefined) await ctx.confirm(`File ${quoted(file)} exists. Overwrite it with the new API key?`, force);
    if (mode === 'disable' || mode === 'delete') {
      await ctx.confirm(`Are you sure you want to create a new API key and then ${mode} API key ${quoted(keyArg)} of service ID ${quoted(sidArg)}?`, force);
    }
    const created = await client.createApiKey(successorBody(old.value, now), false).catch(async (err: unknown) => {
      throw err instanceof DryRunStop ? await planRetirement(err, client, old, step) : err;
    });
    await saveKeyOrRollBack(client, target, created);
    // The new secret is out (shown, or in the file) before the old key is touched: a failure from here on
    // leaves two working keys, never a lost secret.
    if (!ctx.json) showCreatedKey(ctx, created, target, `Service ID API key ${shown(ctx, created.name)} is created as the successor of ${old.value.id}`, { secretRow: target === undefined });
    if (!ctx.json && step.mode !== 'keep') {
      const doing = { expire: `Setting the old API key ${old.value.id} to expire at ${step.at}`, disable: `Disabling the old API key ${old.value.id}`, delete: `Deleting the old API key ${old.value.id}` }[step.mode];
      ctx.ui.progress(`${doing}...`);
    }
    let retired;
    try {
      retired = await retire(client, old, step);
    } catch (err) {
      const where = target ? `is saved in ${target.path}` : ctx.json ? 'is in the JSON on stdout' : 'is shown above';
      const e = await incomplete(client, old, created, step, sidArg, where, err);
      if (ctx.json) ctx.ui.json({ new: keyForJson(created, target !== undefined), old: e.oldKey });
      throw e;
    }
    if (ctx.json) return ctx.ui.json({ new: keyForJson(created, target !== undefined), old: retired });
    ctx.ui.ok(retiredSentence(old.value.id, step));
  },
});
