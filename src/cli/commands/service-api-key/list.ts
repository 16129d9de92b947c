import { markWords } from '../../keys/rotation-mark.js';
import { ACTIVITY_COLUMNS, ALL_API_KEY_COLUMNS, API_KEY_COLUMNS, activityCells, allApiKeyCells, apiKeyCells } from '../../output/entities.js';
import { orNotFound, serviceIdKeyPages, serviceIdNotFound } from '../../resolve.js';
import { defineCommand } from '../../spec.js';
import type { ApiKey } from '../../../wire/types.js';
import { begin, serviceIdOrAll, shown } from '../shared.js';
import { streamList } from '../list-output.js';

export const apiKeyList = defineCommand({
  name: 'service-api-keys',
  summary: 'List the API keys of a service ID, or of all service IDs with --all',
  args: [{ syntax: '[SERVICE_ID]', description: 'Name or UUID of the service ID' }],
  options: [
    { flags: '-a, --all', description: 'List the API keys of all service IDs' },
    { flags: '--uuid', description: 'Display the UUIDs of the API keys only' },
    { flags: '--activity', description: "Add each key's last use and number of uses (IAM's activity)" },
    { flags: '-n, --name <STRING>', description: 'Keep only API keys whose name contains STRING' },
    { flags: '-d, --description <STRING>', description: 'Keep only API keys whose description contains STRING' },
    { flags: '-f, --force', description: 'Accepted for compatibility with ibmcloud; nothing is asked' },
  ],
  examples: ['iamkeys service-api-keys sample-service', 'iamkeys service-api-keys --all --output json'],
  parse: (given) => ({
    sid: serviceIdOrAll(given, 'list'),
    uuid: given.bool('uuid'),
    activity: given.bool('activity'),
    name: given.str('name'),
    description: given.str('description'),
  }),
  async run(ctx, { sid: sidArg, uuid, activity, name, description }) {
    const all = sidArg === undefined;
    const { client, accountId: account } = await begin(ctx, (w) => (uuid ? undefined : all
      ? `Getting all service ID API keys ${w.where}...`
      : `Getting all API keys of service ID ${shown(ctx, sidArg)} ${w.where}...`));
    const keep = (k: ApiKey): boolean =>
      (name === undefined || k.name.includes(name)) && (description === undefined || (k.description ?? '').includes(description));
    const pages = await serviceIdKeyPages(client, account, sidArg, { activity });
    const cells = all ? allApiKeyCells : apiKeyCells;
    await orNotFound(() => streamList(ctx, pages, {
      keep,
      uuidOnly: uuid,
      // --activity (iamkeys' own) also tells a predecessor a rotation is retiring from its successor.
      columns: [...(all ? ALL_API_KEY_COLUMNS : API_KEY_COLUMNS), ...(activity ? [...ACTIVITY_COLUMNS, 'Expires At', 'Rotation'] : [])],
      cells: activity ? (k) => [...cells(k), ...activityCells(k), k.expires_at ?? '-', markWords(k) ?? '-'] : cells,
      none: 'No API key was found.',
    }), () => serviceIdNotFound(sidArg ?? ''));
  },
});
