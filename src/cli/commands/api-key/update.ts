import { refuseLocked, withConflictHints } from '../../output/conflicts.js';
import { apiKeyRows } from '../../output/entities.js';
import { orNotFound } from '../../resolve.js';
import { defineCommand } from '../../spec.js';
import { KEY_UPDATE_OPTIONS, keyUpdateBody } from '../service-api-key/update.js';
import { begin, quoted, shown } from '../shared.js';
import { USER_KEY_ARG, findUserKey, userKeyNotFound } from './keys.js';

export const userKeyUpdate = defineCommand({
  name: 'api-key-update',
  summary: 'Update an API key of your own (or, by UUID, of a user you administer)',
  changes: true,
  args: [USER_KEY_ARG],
  options: KEY_UPDATE_OPTIONS,
  examples: ['iamkeys api-key-update my-key -n new-name', 'iamkeys api-key-update my-key --action-if-leaked DELETE -f'],
  parse: (given) => ({ key: given.arg(0), body: keyUpdateBody(given), version: given.str('version'), force: given.bool('force') }),
  async run(ctx, { key: keyArg, body, version, force }) {
    const { client, accountId } = await begin(ctx, (w) => `Updating API key ${shown(ctx, keyArg)} ${w.where}...`);
    // Read even with -v, so that a service ID's key is not changed through this command; without -v its
    // version guards the change.
    const found = await findUserKey(client, accountId, keyArg);
    const target = { id: found.value.id, etag: version ?? found.etag };
    const hints = { subject: `API key ${quoted(keyArg)}`, unlock: `iamkeys api-key-unlock ${target.id}`, show: `iamkeys api-key ${target.id}` };
    refuseLocked(found.value.locked, hints);
    await ctx.confirm(`Are you sure you want to update API key ${quoted(keyArg)}?`, force);
    const key = await withConflictHints(hints, () => orNotFound(() => client.updateApiKey(target.id, target.etag, body), () => userKeyNotFound(keyArg)));
    if (ctx.json) return ctx.ui.json(key);
    ctx.ui.ok(`API key ${shown(ctx, key.name)} is updated successfully\n`);
    ctx.ui.details(apiKeyRows(key));
  },
});
