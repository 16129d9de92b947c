import { checkDescription, checkName } from '../../input/flags.js';
import { serviceIdRows } from '../../output/entities.js';
import { defineCommand } from '../../spec.js';
import { begin, shown } from '../shared.js';

export const serviceIdCreate = defineCommand({
  name: 'service-id-create',
  summary: 'Create a service ID',
  changes: true,
  args: [{ syntax: '<NAME>', description: 'Name of the service ID' }],
  options: [
    { flags: '-d, --description <DESCRIPTION>', description: 'Description of the service ID' },
    { flags: '--lock', description: 'Lock the service ID when it is created' },
  ],
  examples: ["iamkeys service-id-create sample-test -d 'hello, world!'", 'iamkeys service-id-create sample-test --lock'],
  parse: (given) => ({
    name: checkName(given.arg(0), 'service ID'),
    description: checkDescription(given.str('description'), 'service ID'),
    lock: given.bool('lock'),
  }),
  async run(ctx, { name, description, lock }) {
    const { client, accountId } = await begin(ctx, (w) => `Creating service ID ${shown(ctx, name)} bound to current account as ${w.user}...`);
    const sid = await client.createServiceId(
      { account_id: accountId, name, ...(description !== undefined ? { description } : {}) }, lock);
    if (ctx.json) return ctx.ui.json(sid);
    ctx.ui.ok(`Service ID ${shown(ctx, sid.name)} is created successfully\n`);
    ctx.ui.details(serviceIdRows(sid));
  },
});
