import { findServiceId } from '../../resolve.js';
import { serviceIdRows } from '../../render/entities.js';
import { bool, type CommandSpec } from '../../spec.js';
import { shown, who } from '../shared.js';

export const serviceIdGet: CommandSpec = {
  name: 'service-id',
  summary: 'Display the details of a service ID',
  args: [{ syntax: '<NAME|UUID>', description: 'Name or UUID of the service ID' }],
  options: [{ flags: '--uuid', description: 'Display the UUID of the service ID only' }],
  examples: ['iamkeys service-id sample-test', 'iamkeys service-id ServiceId-cb258cb9-8de3-4ac0-9aec-b2b2d27ac976'],
  async run(ctx, [arg], opts) {
    const w = await who(ctx);
    ctx.ui.progress(`Getting service ID ${shown(ctx, arg!)} as ${w.user}...`);
    const id = await ctx.identity();
    const { value: sid } = await findServiceId((await ctx.client()), id.accountId, arg!);
    if (bool(opts['uuid'])) return ctx.json ? ctx.ui.json(sid.id) : ctx.ui.data(`${sid.id}\n`);
    if (ctx.json) return ctx.ui.json(sid);
    ctx.ui.ok();
    ctx.ui.say('');
    ctx.ui.details(serviceIdRows(sid));
  },
};
