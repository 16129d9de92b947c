import { checkDescription, checkName } from '../../flags.js';
import { serviceIdRows } from '../../render/entities.js';
import { bool, str, type CommandSpec } from '../../spec.js';
import { shown, who } from '../shared.js';

export const serviceIdCreate: CommandSpec = {
  name: 'service-id-create',
  summary: 'Create a service ID',
  changes: true,
  args: [{ syntax: '<NAME>', description: 'Name of the service ID' }],
  options: [
    { flags: '-d, --description <DESCRIPTION>', description: 'Description of the service ID' },
    { flags: '--lock', description: 'Lock the service ID when it is created' },
  ],
  examples: ["iamkeys service-id-create sample-test -d 'hello, world!'", 'iamkeys service-id-create sample-test --lock'],
  async run(ctx, [name], opts) {
    checkName(name!, 'service ID');
    const description = checkDescription(str(opts['description']), 'service ID');
    const w = await who(ctx);
    ctx.ui.progress(`Creating service ID ${shown(ctx, name!)} bound to current account as ${w.user}...`);
    const id = await ctx.identity();
    const sid = await (await ctx.client()).createServiceId(
      { account_id: id.accountId, name: name!, ...(description !== undefined ? { description } : {}) }, bool(opts['lock']));
    if (ctx.json) return ctx.ui.json(sid);
    ctx.ui.ok(`Service ID ${shown(ctx, sid.name)} is created successfully\n`);
    ctx.ui.details(serviceIdRows(sid));
  },
};
