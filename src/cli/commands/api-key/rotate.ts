// Rotation of a user's own API key: the rotation of keys/rotate.ts (successor, new secret kept, old key
// retired) on a key found as the api-key-* commands find it, in the words and commands of user keys.
import { DryRunStop } from '../../../client/dry-run.js';
import type { ApiKey } from '../../../wire/types.js';
import { parseIamTime } from '../../../wire/time.js';
import { CliError } from '../../errors.js';
import { Exit } from '../../exit-codes.js';
import { isRetired } from '../../keys/key-state.js';
import { planRetirement, retire, retireAt, successorBody, type RetireMode, type RetireStep } from '../../keys/rotate.js';
import { safeText } from '../../output/safe.js';
import { checkKeyFile, keyForJson, saveKeyOrRollBack } from '../../state/key-file.js';
import { defineCommand } from '../../spec.js';
import { ROTATE_OPTIONS, retiredSentence, retirementFlags } from '../service-api-key/rotate.js';
import { begin, quoted, showCreatedKey, shown } from '../shared.js';
import { USER_KEY_ARG, findUserKey } from './keys.js';

/** Refuses a key that cannot be rotated (locked, already expired), before anything is created. */
function checkRotatable(old: ApiKey, now: number): void {
  const which = `API key '${safeText(old.name)}' (${old.id})`;
  if (old.locked) throw new CliError(Exit.conflict, `${which} is locked, so it cannot be retired. Unlock it first with 'iamkeys api-key-unlock ${old.id}'. Nothing was created.`);
  const expires = old.expires_at !== undefined ? parseIamTime(old.expires_at) : undefined;
  if (expires !== undefined && expires <= now) {
    throw new CliError(Exit.conflict, `${which} expired at ${old.expires_at}; there is nothing to rotate. Create a new key with 'iamkeys api-key-create'. Nothing was created.`);
  }
}

const FINISH: Record<RetireMode, (id: string, at?: string) => string> = {
  expire: (id, at) => `iamkeys api-key-update ${id} --expires-at ${at} -f`,
  disable: (id) => `iamkeys api-key-disable ${id} -f`,
  delete: (id) => `iamkeys api-key-delete ${id} -f`,
  keep: () => '',
};

export const userKeyRotate = defineCommand({
  name: 'api-key-rotate',
  changes: true,
  summary: 'Replace an API key of your own with a new one, then retire the old one',
  args: [USER_KEY_ARG],
  options: ROTATE_OPTIONS,
  examples: ['iamkeys api-key-rotate my-key --file my-key.json', 'iamkeys api-key-rotate my-key --retire delete -f --output json'],
  parse: (given) => ({ key: given.arg(0), ...retirementFlags(given), file: given.str('file'), force: given.bool('force') }),
  async run(ctx, { key: keyArg, mode, graceMs, file, force }) {
    const target = file !== undefined ? checkKeyFile(file) : undefined;
    const { client, accountId } = await begin(ctx, (w) => `Rotating API key ${shown(ctx, keyArg)} ${w.where}...`);
    const now = Date.now();
    // Among keys of one name, the one that still works is the one to rotate (last month's successor's name).
    const old = await findUserKey(client, accountId, keyArg, (k) => !isRetired(k, now));
    checkRotatable(old.value, now);
    const step: RetireStep = { mode, ...(mode === 'expire' ? { at: retireAt(old.value, now, graceMs) } : {}) };
    if (target?.exists && file !== undefined) await ctx.confirm(`File ${quoted(file)} exists. Overwrite it with the new API key?`, force);
    if (mode === 'disable' || mode === 'delete') await ctx.confirm(`Are you sure you want to create a new API key and then ${mode} API key ${quoted(keyArg)}?`, force);
    const created = await client.createApiKey(successorBody(old.value, now), false).catch(async (err: unknown) => {
      throw err instanceof DryRunStop ? await planRetirement(err, client, old, step) : err;
    });
    await saveKeyOrRollBack(client, target, created);
    // The new secret is out (shown, or in the file) before the old key is touched.
    if (!ctx.json) showCreatedKey(ctx, created, target, `API key ${shown(ctx, created.name)} was created as the successor of ${old.value.id}`, { secretRow: target === undefined });
    let retired: ApiKey;
    try {
      retired = await retire(client, old, step);
    } catch (err) {
      const where = target ? `is saved in ${target.path}` : ctx.json ? 'is in the JSON on stdout' : 'is shown above';
      if (ctx.json) ctx.ui.json({ new: keyForJson(created, target !== undefined), old: old.value });
      throw new CliError(Exit.failure, `The new API key ${created.id} was created and works; its secret ${where}. The old API key ${old.value.id} could not be retired (${safeText(err instanceof Error ? err.message : String(err))}). Check it with 'iamkeys api-key ${old.value.id}', then finish with '${FINISH[step.mode](old.value.id, step.at)}' if it still works.`);
    }
    if (ctx.json) return ctx.ui.json({ new: keyForJson(created, target !== undefined), old: retired });
    ctx.ui.ok(retiredSentence(old.value.id, step));
  },
});
