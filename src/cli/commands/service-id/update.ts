import { findServiceId, orNotFound, serviceIdNotFound } from '../../resolve.js';
import { checkDescription, checkName } from '../../input/flags.js';
import { usageError } from '../../errors.js';
import { serviceIdRows } from '../../output/entities.js';
import { refuseLocked, withConflictHints } from '../../output/conflicts.js';
import { FORCE, defineCommand } from '../../spec.js';
import { isServiceIdId } from '../../../wire/ids.js';
import { begin, quoted, shown } from '../shared.js';
import type { UpdateServiceIdBody } from '../../../wire/types.js';
import { safeText } from '../../output/safe.js';

export const serviceIdUpdate = defineCommand({
  name: 'service-id-update',
  summary: 'Update the name or description of a service ID',
  changes: true,
  args: [{ syntax: '<SERVICE_ID>', description: 'Name or UUID of the service ID' }],
  options: [
    { flags: '-n, --name <NEW_NAME>', description: 'New name of the service ID' },
    { flags: '-d, --description <DESCRIPTION>', description: 'New description of the service ID' },
    { flags: '-v, --version <VERSION>', description: 'Version (entity tag) the change applies to; sent as If-Match' },
    FORCE,
  ],
  examples: ['iamkeys service-id-update sample-test -n sample-test-2 -f', "iamkeys service-id-update sample-test -d 'hello, friend!'"],
  parse(given) {
    const arg = given.arg(0);
    const body: UpdateServiceIdBody = {};
    const name = given.str('name');
    if (name !== undefined) body.name = checkName(name, 'service ID');
    const description = checkDescription(given.str('description'), 'service ID');
    if (description !== undefined) body.description = description;
    if (Object.keys(body).length === 0) throw usageError('Nothing to update: give -n NEW_NAME and/or -d DESCRIPTION.');
    return { arg, body, version: given.str('version'), force: given.bool('force') };
  },
  async run(ctx, { arg, body, version, force }) {
    const { client, accountId: account } = await begin(ctx, (w) => `Updating service ID ${shown(ctx, arg)} as ${w.user}...`);
    // With -v and a UUID no read is needed (a lock is then reported by IAM, after the question); otherwise the
    // version read now guards against a concurrent change, and a lock is reported before the question.
    const target = version !== undefined && isServiceIdId(arg)
      ? { id: arg, etag: version, locked: false }
      : await findServiceId(client, account, arg).then((s) => ({ id: s.value.id, etag: version ?? s.etag, locked: s.value.locked }));
    const hints = { subject: `Service ID ${quoted(arg)}`, unlock: `iamkeys service-id-unlock ${safeText(target.id)}`, show: `iamkeys service-id ${safeText(target.id)}` };
    refuseLocked(target.locked, hints);
    await ctx.confirm(`Are you sure you want to update service ID ${quoted(arg)}?`, force);
    const sid = await withConflictHints(hints, () => orNotFound(() => client.updateServiceId(target.id, target.etag, body), () => serviceIdNotFound(arg)));
    if (ctx.json) return ctx.ui.json(sid);
    ctx.ui.ok(`Service ID ${shown(ctx, sid.name)} is updated successfully\n`);
    ctx.ui.details(serviceIdRows(sid));
  },
});
