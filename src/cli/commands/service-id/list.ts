import { SERVICE_ID_COLUMNS, serviceIdCells } from '../../render/entities.js';
import { bool, str, type CommandSpec } from '../../spec.js';
import { who } from '../shared.js';
import { streamList } from '../list-output.js';
import type { ServiceId } from '../../../wire/types.js';

export const serviceIdList: CommandSpec = {
  name: 'service-ids',
  summary: 'List all service IDs of the account',
  args: [],
  options: [
    { flags: '--uuid', description: 'Display the UUIDs of the service IDs only' },
    { flags: '-n, --name <STRING>', description: 'Keep only service IDs whose name contains STRING' },
    { flags: '-d, --description <STRING>', description: 'Keep only service IDs whose description contains STRING' },
  ],
  examples: ['iamkeys service-ids', 'iamkeys service-ids --uuid', 'iamkeys service-ids -n prod --output json'],
  async run(ctx, _args, opts) {
    const w = await who(ctx);
    // ibmcloud's own wording, typo included: scripts match it.
    if (!bool(opts['uuid'])) ctx.ui.progress(`Getting all services IDs bound to current account as ${w.user}...`);
    const id = await ctx.identity();
    const name = str(opts['name']);
    const description = str(opts['description']);
    const keep = (s: ServiceId): boolean =>
      (name === undefined || s.name.includes(name)) && (description === undefined || (s.description ?? '').includes(description));
    await streamList(ctx, (await ctx.client()).serviceIds(id.accountId), {
      keep,
      uuidOnly: bool(opts['uuid']),
      columns: SERVICE_ID_COLUMNS,
      cells: serviceIdCells,
      none: 'No service ID was found.',
    });
  },
};
