import { ACTIVITY_COLUMNS, ALL_API_KEY_COLUMNS, API_KEY_COLUMNS, activityCells, allApiKeyCells, apiKeyCells } from '../../render/entities.js';
import { orNotFound, serviceIdNotFound, serviceIdOf } from '../../resolve.js';
import { usageError } from '../../errors.js';
import { bool, str, type CommandSpec } from '../../spec.js';
import { serviceIdIamId } from '../../../wire/ids.js';
import type { ApiKey } from '../../../wire/types.js';
import { shown, who } from '../shared.js';
import { streamList } from '../list-output.js';

export const apiKeyList: CommandSpec = {
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
  async run(ctx, [sidArg], opts) {
    const all = bool(opts['all']);
    if (all && sidArg !== undefined) throw usageError('Give a service ID or --all, not both.');
    if (!all && sidArg === undefined) throw usageError('Give the service ID whose API keys to list, or --all.');
    const w = await who(ctx);
    if (!bool(opts['uuid'])) ctx.ui.progress(all
      ? `Getting all service ID API keys under account ${w.account} as ${w.user}...`
      : `Getting all API keys of service ID ${shown(ctx, sidArg!)} under account ${w.account} as ${w.user}...`);
    const client = (await ctx.client());
    const account = (await ctx.identity()).accountId;
    const name = str(opts['name']);
    const description = str(opts['description']);
    const keep = (k: ApiKey): boolean =>
      (name === undefined || k.name.includes(name)) && (description === undefined || (k.description ?? '').includes(description));
    const activity = bool(opts['activity']);
    const pages = all
      ? client.serviceIdKeysOfAccount(account, { activity })
      : client.apiKeysOf(account, serviceIdIamId(await serviceIdOf(client, account, sidArg!)), { activity });
    const cells = all ? allApiKeyCells : apiKeyCells;
    await orNotFound(() => streamList(ctx, pages, {
      keep,
      uuidOnly: bool(opts['uuid']),
      columns: [...(all ? ALL_API_KEY_COLUMNS : API_KEY_COLUMNS), ...(activity ? ACTIVITY_COLUMNS : [])],
      cells: activity ? (k) => [...cells(k), ...activityCells(k)] : cells,
      none: 'No API key was found.',
    }), () => serviceIdNotFound(sidArg ?? ''));
  },
};
