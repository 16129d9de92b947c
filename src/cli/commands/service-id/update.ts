import { findServiceId, orNotFound, serviceIdNotFound } from '../../resolve.js';
import { checkDescription, checkName } from '../../flags.js';
import { usageError } from '../../errors.js';
import { serviceIdRows } from '../../render/entities.js';
import { refuseLocked, withConflictHints } from '../../conflicts.js';
import { FORCE, bool, str, type CommandSpec } from '../../spec.js';
import { isServiceIdId } from '../../../wire/ids.js';
import { quoted, shown, who } from '../shared.js';
import type { UpdateServiceIdBody } from '../../../wire/types.js';

export const serviceIdUpdate: CommandSpec = {
  name: 'service-id-update',
  summary: 'Update the name or description of a service ID',
  changes: true,
  args: [{ syntax: '<NAME|UUID>', description: 'Name or UUID of the service ID' }],
  options: [
    { flags: '-n, --name <NEW_NAME>', description: 'New name of the service ID' },
    { flags: '-d, --description <DESCRIPTION>', description: 'New description of the service ID' },
    { flags: '-v, --version <VERSION>', description: 'Version (entity tag) the change applies to; sent as If-Match' },
    FORCE,
  ],
  examples: ['iamkeys service-id-update sample-test -n sample-test-2 -f', "iamkeys service-id-update sample-test -d 'hello, friend!'"],
  async run(ctx, [arg], opts) {
    const body: UpdateServiceIdBody = {};
    const name = str(opts['name']);
    if (name !== undefined) body.name = checkName(name, 'service ID');
    const description = checkDescription(str(opts['description']), 'service ID');
    if (description !== undefined) body.description = description;
    if (Object.keys(body).length === 0) throw usageError('Nothing to update: give -n NEW_NAME and/or -d DESCRIPTION.');
    const version = str(opts['version']);
    const w = await who(ctx);
    ctx.ui.progress(`Updating service ID ${shown(ctx, arg!)} as ${w.user}...`);
    const account = (await ctx.identity()).accountId;
    const client = (await ctx.client());
    // With -v and a UUID no read is needed (a lock is then reported by IAM, after the question); otherwise the
    // version read now guards against a concurrent change, and a lock is reported before the question.
    const target = version !== undefined && isServiceIdId(arg!)
      ? { id: arg!, etag: version, locked: false }
      : await findServiceId(client, account, arg!).then((s) => ({ id: s.value.id, etag: version ?? s.etag, locked: s.value.locked }));
    const hints = { subject: `Service ID ${quoted(arg!)}`, unlock: `iamkeys service-id-unlock ${target.id}`, show: `iamkeys service-id ${target.id}` };
    refuseLocked(target.locked, hints);
    await ctx.confirm(`Are you sure you want to update service ID ${quoted(arg!)}?`, bool(opts['force']));
    const sid = await withConflictHints(hints, () => orNotFound(() => client.updateServiceId(target.id, target.etag, body), () => serviceIdNotFound(arg!)));
    if (ctx.json) return ctx.ui.json(sid);
    ctx.ui.ok(`Service ID ${shown(ctx, sid.name)} is updated successfully\n`);
    ctx.ui.details(serviceIdRows(sid));
  },
};
