import type { UpdateApiKeyBody } from '../../../wire/types.js';
import { refuseLocked, withConflictHints } from '../../output/conflicts.js';
import { usageError } from '../../errors.js';
import { checkDescription, checkName, parseActionIfLeaked, parseExpiry } from '../../input/flags.js';
import { apiKeyRows } from '../../output/entities.js';
import { apiKeyNotFound, findApiKey, orNotFound } from '../../resolve.js';
import { FORCE, defineCommand, type Given, type OptionSpec } from '../../spec.js';
import { begin, quoted, shown } from '../shared.js';
import { KEY_ARGS, keyArgs } from './action.js';
import { safeText } from '../../output/safe.js';

/** The change an update of a key asks for (user keys' and service ID keys' alike); none given is a usage error. */
export function keyUpdateBody(given: Given): UpdateApiKeyBody {
  const body: UpdateApiKeyBody = {};
  const name = given.str('name');
  if (name !== undefined) body.name = checkName(name, 'API key');
  const description = checkDescription(given.str('description'), 'API key');
  if (description !== undefined) body.description = description;
  const action = parseActionIfLeaked(given.str('actionIfLeaked'));
  if (action !== undefined) body.action_when_leaked = action;
  const expires = parseExpiry(given.str('expiresAt'), given.str('expiresIn'), given.now);
  if (expires !== undefined) body.expires_at = expires;
  if (Object.keys(body).length === 0) {
    throw usageError('Nothing to update: give -n, -d, --action-if-leaked, --expires-at or --expires-in.');
  }
  return body;
}

/** The options of an update of a key, after its argument(s). */
export const KEY_UPDATE_OPTIONS: OptionSpec[] = [
  { flags: '-n, --name <NEW_NAME>', description: 'New name of the API key' },
  { flags: '-d, --description <DESCRIPTION>', description: 'New description of the API key' },
  { flags: '-v, --version <VERSION>', description: 'Version (entity tag) the change applies to; sent as If-Match' },
  { flags: '--action-if-leaked <ACTION>', description: 'What IAM does if the key leaks: NONE, DISABLE or DELETE', choices: ['NONE', 'DISABLE', 'DELETE'] },
  { flags: '--expires-at <TIME>', description: 'When the key stops working, e.g. 2027-01-31T18:30+0000' },
  { flags: '--expires-in <DURATION>', description: 'How long from now the key works: a number and min, h, d or w' },
  FORCE,
];

export const apiKeyUpdate = defineCommand({
  name: 'service-api-key-update',
  summary: 'Update an API key of a service ID',
  changes: true,
  args: KEY_ARGS,
  options: KEY_UPDATE_OPTIONS,
  examples: ['iamkeys service-api-key-update sample-key sample-service -n new-sample-key', 'iamkeys service-api-key-update sample-key sample-service --action-if-leaked DELETE -f'],
  parse(given) {
    const { key, sid } = keyArgs(given);
    return { key, sid, body: keyUpdateBody(given), version: given.str('version'), force: given.bool('force') };
  },
  async run(ctx, { key: keyArg, sid: sidArg, body, version, force }) {
    const { client, accountId } = await begin(ctx, (w) => `Updating API key ${shown(ctx, keyArg)} of service ID ${shown(ctx, sidArg)} ${w.where}...`);
    // The key is read even with -v, so that a key of another service ID is not found rather than changed;
    // without -v its version guards the change.
    const target = await findApiKey(client, accountId, keyArg, sidArg)
      .then((k) => ({ id: k.value.id, etag: version ?? k.etag, locked: k.value.locked }));
    const hints = {
      subject: `API key ${quoted(keyArg)} of service ID ${quoted(sidArg)}`,
      unlock: `iamkeys service-api-key-unlock ${safeText(target.id)} ${safeText(sidArg)}`, show: `iamkeys service-api-key ${safeText(target.id)} ${safeText(sidArg)}`,
    };
    refuseLocked(target.locked, hints);
    await ctx.confirm(`Are you sure you want to update API key ${quoted(keyArg)} of service ID ${quoted(sidArg)}?`, force);
    const key = await withConflictHints(hints, () => orNotFound(() => client.updateApiKey(target.id, target.etag, body), () => apiKeyNotFound(keyArg, sidArg)));
    if (ctx.json) return ctx.ui.json(key);
    ctx.ui.ok(`Service ID API key ${shown(ctx, key.name)} is updated successfully\n`);
    ctx.ui.details(apiKeyRows(key));
  },
});
