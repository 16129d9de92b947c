import { SERVICE_ID_COLUMNS, serviceIdCells } from '../../output/entities.js';
import { defineCommand } from '../../spec.js';
import { begin } from '../shared.js';
import { streamList } from '../list-output.js';
import type { ServiceId } from '../../../wire/types.js';

export const serviceIdList = defineCommand({
  name: 'service-ids',
  summary: 'List all service IDs of the account',
  args: [],
  options: [
    { flags: '--uuid', description: 'Display the UUIDs of the service IDs only' },
    { flags: '-n, --name <STRING>', description: 'Keep only service IDs whose name contains STRING' },
    { flags: '-d, --description <STRING>', description: 'Keep only service IDs whose description contains STRING' },
  ],
  examples: ['iamkeys service-ids', 'iamkeys service-ids --uuid', 'iamkeys service-ids -n prod --output json'],
  parse: (given) => ({ uuid: given.bool('uuid'), name: given.str('name'), description: given.str('description') }),
  async run(ctx, { uuid, name, description }) {
    // ibmcloud's own wording, typo included: scripts match it.
    const { client, accountId } = await begin(ctx, (w) => (uuid ? undefined : `Getting all services IDs bound to current account as ${w.user}...`));
    const keep = (s: ServiceId): boolean =>
      (name === undefined || s.name.includes(name)) && (description === undefined || (s.description ?? '').includes(description));
    await streamList(ctx, client.serviceIds(accountId), {
      keep,
      uuidOnly: uuid,
      columns: SERVICE_ID_COLUMNS,
      cells: serviceIdCells,
      none: 'No service ID was found.',
    });
  },
});
